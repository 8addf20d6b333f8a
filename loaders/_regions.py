"""What publishers put in a municipality column besides municipalities, and how they write figures.

- Aggregates: the country (``Nederland``, ``NL01``, ``België``, ``01000``),
  regions, provinces (``Groningen (PV)``, ``PV20``, ``10000``),
  arrondissements (``11000``, ``Arrondissement Gent``), StatLine's other
  regions (``LD01``, ``CR01``), ``NA`` (Sciensano: municipality unknown) and
  Kiesraad's postal-vote pseudo-municipalities. They are counted and listed
  apart, never matched and never an unexplained rejection.
- Former municipalities: the committed table ``data/former_municipalities.csv``
  (Dutch changes 2019-2023 and the Belgian changes of 1 January 2019), one
  cited source per row; see ``data/SOURCES.md``.
- Periods as StatLine writes them (``2020JJ00``, ``2023KW02``,
  ``2023MM06``, ``2024*`` provisional) into ISO reference dates.
- Missing-value markers (``<5``, ``.``, ``x``, ``-``, ``?``) and StatLine header
  paths (``Bevolking/.../Totale bevolking (aantal)``: name and unit).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from loaders._match import name_key

FORMER_TABLE = Path(__file__).resolve().parent / "data" / "former_municipalities.csv"

# Cells that say "no figure here": suppressed small numbers, not available, not
# applicable. Never read as zero.
MISSING_MARKERS = frozenset({".", "..", "...", "x", "X", "-", "–", "?"})
SUPPRESSED_PATTERN = r"^<\s*\d+$"
_SUPPRESSED = re.compile(SUPPRESSED_PATTERN)

_COUNTRY_NAMES = {
    "nederland", "netherlands", "thenetherlands", "paysbas", "niederlande", "totaalnederland",
    "belgie", "belgique", "belgium", "belgien", "royaume", "hetrijk", "koninkrijk", "totaalbelgie",
    "totaal", "total", "totaux", "gesamt", "insgesamt",
}  # fmt: skip
_REGION_NAMES = {
    "vlaamsgewest", "vlaanderen", "flandre", "flanders", "regionflamande", "waalsgewest", "wallonie",
    "wallonia", "regionwallonne", "brusselshoofdstedelijkgewest", "regiondebruxellescapitale",
    "bruxellescapitale", "brusselhoofdstad", "brussels", "brusselscapitalregion", "noordnederland",
    "oostnederland", "westnederland", "zuidnederland",
}  # fmt: skip
_UNKNOWN_NAMES = {
    "na",
    "nan",
    "onbekend",
    "unknown",
    "inconnu",
    "unbekannt",
    "buitenland",
    "abroad",
    "etranger",
}
_POSTAL = re.compile(
    r"brief\s*stem|per\s+brief|stemmen\s+per\s+brief|postal\s+vote|vote\s+par\s+correspondance"
)
# StatLine's own region codes: NL01 (Nederland), PV20 (province), LD01 (landsdeel), CR01 (COROP) ...
_STATLINE_AGGREGATE = re.compile(
    r"^(NL\d{2}|PV\d{2}|LD\d{2}|CR\d{2}|GG\d{4}|VR\d{2}|JZ\d{2}|RE\d{2}|WK\d+|BU\d+)$"
)
_STATLINE_SUFFIX = re.compile(r"\((PV|LD|CR|GGD|VR|COROP)\)\s*$", re.IGNORECASE)


def is_missing(text: str) -> bool:
    """Whether a cell is a missing-value marker (``<5``, ``.``, ``x``, ``-``, ``?``)."""
    return text in MISSING_MARKERS or bool(_SUPPRESSED.match(text.strip()))


def aggregate_kind(code: str, name: str, provinces: frozenset[str] = frozenset()) -> str:  # noqa: C901 - one test per kind of aggregate row (codes, then names) in StatLine/Statbel/Kiesraad exports
    """``country``, ``region``, ``province``, ``arrondissement``, ``unknown``, ``postal vote`` or ``""``.

    ``provinces`` are the name keys of province names that are not also a
    municipality's name (``Groningen`` is both; only ``Groningen (PV)`` is the province).
    """
    compact = re.sub(r"\s", "", code).upper()
    if compact:
        if _STATLINE_AGGREGATE.match(compact):
            return {"NL": "country", "PV": "province"}.get(compact[:2], "region")
        if re.fullmatch(r"0?[0-9]{2}000|0?2000[12]", compact):
            digits = compact.lstrip("0") if len(compact) == 6 else compact
            if digits in ("01000", "1000"):
                return "country"
            if digits in ("02000", "03000", "04000", "2000", "3000", "4000"):
                return "region"
            if digits in ("20001", "20002") or digits.endswith("0000"):
                return "province"
            return "arrondissement"
        if compact in ("1000", "2000", "3000", "4000"):
            # NIS codes of Belgium and its regions that lost their leading zero in a spreadsheet
            # (no Dutch municipality has these codes).
            return "country" if compact == "1000" else "region"
        if compact in ("NA", "NAN", "BE", "NL", "BEL", "NLD"):
            return "unknown" if compact.startswith("NA") else "country"
    text = name.strip()
    if not text and not compact:
        return ""
    if _STATLINE_SUFFIX.search(text):
        return "province" if re.search(r"\(PV\)", text, re.IGNORECASE) else "region"
    key = name_key(text)
    folded = re.sub(r"[^a-z ]", " ", text.lower())
    if key in _COUNTRY_NAMES:
        return "country"
    if key in _REGION_NAMES or re.match(r"^(region|gewest|landsdeel)\b", folded):
        return "region"
    if re.match(r"^(arrondissement|arr|bezirk|district)\b", folded):
        return "arrondissement"
    if re.match(r"^(provincie|province|provinz)\b", folded) or key in provinces:
        return "province"
    if key in _UNKNOWN_NAMES:
        return "unknown"
    if _POSTAL.search(text.lower()):
        return "postal vote"
    return ""


@dataclass(frozen=True)
class Former:
    """A former municipality and what became of it."""

    country: str
    old_code: str
    old_name: str
    successor_code: str
    successor_name: str
    date: str
    change: str
    source: str

    def describe(self) -> str:
        """``merged into Eemsdelta (GM1979) on 2021-01-01`` (or recoded, or split)."""
        if self.change == "split":
            return f"split over {self.successor_name} on {self.date}"
        verb = "recoded as" if self.change == "recoded" else "merged into"
        return f"{verb} {self.successor_name} ({self.successor_code}) on {self.date}"


@lru_cache(maxsize=1)
def former_municipalities() -> tuple[dict[str, Former], dict[str, Former]]:
    """The committed table, by old code (``GM0003``, ``54007``) and by name key."""
    by_code: dict[str, Former] = {}
    by_name: dict[str, Former] = {}
    with FORMER_TABLE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            former = Former(**row)
            if former.old_code:
                by_code[former.old_code] = former
            # A renumbered Belgian municipality keeps its name: only its old code is "former".
            if former.change != "recoded" and former.old_name != former.successor_name:
                by_name.setdefault(name_key(former.old_name), former)
    return by_code, by_name


def former_by_code(value: str) -> Former | None:
    """The former municipality a code names (``GM0003``, ``G0003``, ``3``, ``54007``), else None."""
    text = re.sub(r"\.0+$", "", re.sub(r"\s", "", str(value)).upper())
    by_code, _ = former_municipalities()
    nl = re.fullmatch(r"(?:GM|G)?(\d{1,4})", text)
    if nl:
        return by_code.get(f"GM{int(nl.group(1)):04d}")
    be = re.fullmatch(r"(?:BE|NIS|INS)?0?(\d{5})", text)
    return by_code.get(be.group(1)) if be else None


def former_by_name(value: str) -> Former | None:
    """The former municipality a name names, else None."""
    _, by_name = former_municipalities()
    return by_name.get(name_key(re.sub(r"\(.*?\)", "", value)))


_STATLINE_PERIOD = re.compile(r"^(\d{4})(JJ00|KW0([1-4])|MM(0[1-9]|1[0-2])|HJ0([12]))$")


def parse_period(text: str) -> tuple[str, bool]:
    """ISO reference date and whether the period is provisional (``*``).

    >>> parse_period("2020JJ00"), parse_period("2023KW02"), parse_period("2023MM06"), parse_period("2024*")
    (('2020', False), ('2023-Q2', False), ('2023-06', False), ('2024', True))
    """
    value = text.strip()
    provisional = value.endswith("*")
    value = value.rstrip("*").strip()
    match = _STATLINE_PERIOD.match(value.upper())
    if match:
        year, rest = match.group(1), match.group(2)
        if rest == "JJ00":
            value = year
        elif rest.startswith("KW"):
            value = f"{year}-Q{match.group(3)}"
        elif rest.startswith("MM"):
            value = f"{year}-{match.group(4)}"
        else:
            value = f"{year}-H{match.group(5)}"
    return value, provisional


def header_path(header: str) -> tuple[str, str]:
    """Indicator name and unit of a StatLine header path.

    >>> header_path("Bevolking/Bevolkingssamenstelling op 1 januari/Totale bevolking (aantal)")
    ('Totale bevolking', 'aantal')
    """
    last = header.rsplit("/", 1)[-1].strip()
    unit = re.search(r"\(([^()]*)\)\s*$", last)
    if unit:
        return last[: unit.start()].strip() or last, unit.group(1).strip()
    return last, ""
