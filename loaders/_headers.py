"""Header names and cell values of uploaded tables.

Maps the header names people really use (Dutch, French, English, German, any
case, spacing or accents) to canonical column keys, cleans text cells and
parses numbers written with decimal commas or thousands separators. All
cell-level work is vectorised over pandas string Series.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# Words that qualify a header without changing what it holds ("x (RD)",
# "Breite WGS84", "capaciteit 2024"), and small words ("nom de la commune").
_QUALIFIERS = frozenset(
    {
        "wgs84", "wgs", "84", "etrs89", "epsg", "4326", "28992", "31370", "3812", "rd", "rdnew", "new",
        "lambert", "lambert72", "lambert2008", "72", "2008", "in", "graden", "degrees", "degree", "deg", "dd",
        "decimal", "decimaal", "decimale", "coord", "coords", "coordinaat", "coordinaten", "coordinate",
        "coordinates", "coordonnee", "coordonnees", "koordinate", "koordinaten",
    }
)  # fmt: skip
_STOPWORDS = frozenset(
    {"de", "la", "le", "les", "du", "des", "d", "l", "der", "die", "das", "van", "het", "of", "the"}
)
_YEAR = re.compile(r"(19|20)\d\d")

# Canonical key -> aliases. Aliases are written readably and compacted with
# header_key() at import, so "naam gemeente", "Naam_Gemeente" and
# "NAAM-GEMEENTE" are one alias.
# fmt: off

_MUNICIPALITY_NAME = (
    "municipality", "municipality name", "host municipality", "gemeente", "gemeentenaam", "naam gemeente",
    "gemeente naam", "stad gemeente", "gemeente commune", "commune", "nom commune", "commune nom",
    "municipalite", "gemeinde", "gemeindename", "area name", "regios", "regio", "region name", "tx descr nl",
    "tx descr fr", "tx descr de", "tx munty descr nl", "tx munty descr fr", "tx munty descr de",
    "nom de la commune", "naam van de gemeente",
)

_MUNICIPALITY_CODE = (
    "municipality code", "gemeentecode", "code gemeente", "gemeente code", "gm code", "gmcode", "cbs code",
    "cbscode", "statcode", "code ins", "ins code", "ins", "nis", "nis code", "niscode", "code nis",
    "refnis", "cd refnis", "code refnis", "code commune", "commune code", "gemeindeschlussel",
    "gemeindeschluessel", "gemeindekennziffer", "area code", "gemeentecode gm", "gm", "nis5", "nis 5",
    "cd munty refnis", "code refnis commune", "refnis code", "ins code commune", "nis code commune",
)

_COUNTRY = ("country", "country code", "land", "landcode", "pays", "staat")

LOCATION_ALIASES: dict[str, tuple[str, ...]] = {
    "id": (
        "id", "identifier", "identificatie", "identifiant", "location id", "locatie id", "locatiecode",
        "site id", "kennung", "uid",
    ),
    "country": _COUNTRY,
    "name": (
        "name", "naam", "nom", "bezeichnung", "locatie", "locatienaam", "naam locatie", "opvanglocatie",
        "location", "location name", "nom centre", "centre", "centrum", "site", "nom site", "einrichtung",
        "unterkunft",
    ),
    "operator": (
        "operator", "exploitant", "beheerder", "exploitant beheerder", "uitbater", "operateur",
        "gestionnaire", "betreiber", "trager", "traeger", "organisatie", "organisation", "organization",
        "organisme", "partner", "beheer",
    ),
    "type": (
        "type", "soort", "soort opvang", "type opvang", "type locatie", "type centre", "type accueil",
        "typ", "art", "art unterkunft", "categorie", "category", "kategorie", "opvangvorm", "vorm",
    ),
    "place": (
        "place", "plaats", "plaatsnaam", "woonplaats", "lieu", "localite", "ort", "ortschaft", "city",
        "town", "stad", "ville", "kern", "deelgemeente", "dorp", "village",
    ),
    "municipality": _MUNICIPALITY_NAME,
    "municipality_code": _MUNICIPALITY_CODE,
    "lat": (
        "lat", "latitude", "breedtegraad", "breedte", "breite", "breitengrad", "latitud",
    ),
    "lon": (
        "lon", "lng", "long", "longitude", "lengtegraad", "lengte", "lange", "laenge", "langengrad",
        "laengengrad", "longitud",
    ),
    "x": (
        "x", "easting", "oostwaarde", "x waarde",
    ),
    "y": (
        "y", "northing", "noordwaarde", "y waarde",
    ),
    "_gx": (
        "geometry x",
    ),
    "_gy": (
        "geometry y",
    ),
    "coord_precision": (
        "precision", "coord precision", "nauwkeurigheid", "genauigkeit",
    ),
    "capacity": (
        "capacity", "capaciteit", "capacite", "kapazitat", "kapazitaet", "plaatsen", "aantal plaatsen",
        "opvangplaatsen", "opvangcapaciteit", "max capaciteit", "maximale capaciteit", "places",
        "nombre places", "places accueil", "capacite accueil", "platze", "plaetze", "bedden",
        "aantal bedden", "lits", "betten", "beds",
    ),
    "capacity_as_of": (
        "capacity as of", "as of", "peildatum", "peildatum capaciteit", "datum capaciteit", "capacity date",
        "date capacite", "stichtag", "reference date",
    ),
    "status": (
        "status", "statut", "toestand", "zustand",
    ),
    "source_url": (
        "source url", "source", "bron", "bronvermelding", "url", "link", "lien", "quelle", "website",
        "webseite", "site web",
    ),
    "in_use_from": (
        "in use from", "open from", "in gebruik vanaf", "ouvert depuis",
    ),
    "in_use_to": (
        "in use to", "in use until", "in gebruik tot", "ouvert jusqu'au",
    ),
    "confirmed_2023": (
        "confirmed 2023", "bevestigd 2023", "confirme 2023",
    ),
    "last_evidence": (
        "last evidence", "laatste bewijs", "derniere preuve",
    ),
    "notes": (
        "notes", "note", "opmerking", "opmerkingen", "toelichting", "remarque", "remarques", "commentaire",
        "commentaires", "comment", "comments", "commentaar", "bemerkung", "bemerkungen", "anmerkung",
        "anmerkungen", "kommentar", "omschrijving", "beschrijving", "description",
    ),
}

INDICATOR_ALIASES: dict[str, tuple[str, ...]] = {
    # Row numbers, list numbers and a geo file's point: read, never melted as figures.
    "_id": (
        "id", "lijstnummer", "lijstnr", "volgnummer", "rangnummer", "row", "rij",
    ),
    "_gx": (
        "geometry x",
    ),
    "_gy": (
        "geometry y",
    ),
    "country": _COUNTRY,
    "level": (
        "level", "niveau", "ebene",
    ),
    "municipality_code": _MUNICIPALITY_CODE,
    "municipality": _MUNICIPALITY_NAME,
    "indicator": (
        "indicator", "indicator name", "indicatornaam", "indicateur", "indikator", "variabele", "variable",
        "kenmerk", "onderwerp", "measure", "maatstaf",
    ),
    "value": (
        "value", "waarde", "valeur", "wert", "cijfer",
    ),
    "unit": (
        "unit", "unit of measure", "eenheid", "unite", "einheit",
    ),
    "reference_date": (
        "reference date", "referentiedatum", "peildatum", "datum", "date", "date reference", "ref date",
        "jaar", "year", "annee", "jahr", "periode", "period", "stichtag", "perioden", "periods",
    ),
    "province": (
        "province", "provincie", "provincienaam", "provinz", "tx prov descr nl", "tx prov descr fr",
        "tx prov descr de",
    ),
    "category": (
        "category", "categorie", "kategorie", "partij", "party", "parti", "partei", "lijst", "lijstnaam",
        "leeftijd", "leeftijdsgroep", "age", "age group", "nationaliteit", "nationality", "nationalite",
        "geslacht", "sex", "sexe", "groep",
    ),
    "source": (
        "source", "source url", "bron", "quelle", "url", "link", "lien",
    ),
    "method": (
        "method", "methode", "methodologie", "model",
    ),
}

# Used only when no column matched the key: an indicators file whose only
# municipality column is called "naam" or "name".
INDICATOR_WEAK_ALIASES: dict[str, tuple[str, ...]] = {
    "municipality": (
        "name", "naam", "nom",
    ),
    "municipality_code": (
        "code", "cbs",
    ),
}

# fmt: on


def _fold(text: str) -> str:
    """Lower case, accents removed (Länge -> lange, capacité -> capacite)."""
    text = unicodedata.normalize("NFKD", str(text).replace("ß", "ss"))
    return text.encode("ascii", "ignore").decode("ascii").lower()


def header_key(name: str) -> str:
    """Compact key of a header: folded, qualifiers and years dropped, no spaces.

    >>> header_key("Breedtegraad (WGS84)"), header_key("code INS"), header_key("Kapazität")
    ('breedtegraad', 'codeins', 'kapazitat')
    """
    folded = _fold(name)
    bare = re.sub(r"\(.*?\)|\[.*?\]", " ", folded)
    tokens = re.findall(r"[a-z0-9]+", bare) or re.findall(r"[a-z0-9]+", folded)
    kept = [t for t in tokens if t not in _QUALIFIERS and t not in _STOPWORDS and not _YEAR.fullmatch(t)]
    return "".join(kept or tokens)


def _compile(aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for key, names in aliases.items():
        for alias in (key, *names):
            table.setdefault(header_key(alias), key)
    return table


_LOCATION_TABLE = _compile(LOCATION_ALIASES)
_INDICATOR_TABLE = _compile(INDICATOR_ALIASES)
_INDICATOR_WEAK_TABLE = _compile(INDICATOR_WEAK_ALIASES)


def map_headers(columns: list[str], dataset: str) -> tuple[dict[str, str], list[str]]:
    """Canonical key per file column, first column wins; returns (mapping, notes).

    ``mapping`` maps canonical key -> original column name. ``notes`` lists
    columns that looked like a key already taken (they are ignored).
    """
    table = _LOCATION_TABLE if dataset == "locations" else _INDICATOR_TABLE
    mapping: dict[str, str] = {}
    notes: list[str] = []
    for col in columns:
        key = table.get(header_key(col))
        if key is None:
            continue
        if key in mapping:
            notes.append(
                f"column '{col}' also looks like '{key}' (already read from '{mapping[key]}'); ignored"
            )
            continue
        mapping[key] = col
    if dataset == "indicators":
        for col in columns:
            key = _INDICATOR_WEAK_TABLE.get(header_key(col))
            if key and key not in mapping and col not in mapping.values():
                mapping[key] = col
    return mapping, notes


# --- text cells -------------------------------------------------------------
# Cell work runs in pyarrow compute (C++, RE2 regular expressions): pandas
# falls back to a Python loop per cell for some string methods.

# C0/C1 control characters, zero-width and bidirectional controls, BOM. The
# part above U+00FF is written as literal characters so that Python's re and
# RE2 read the same class.
_CONTROL = r"[\x00-\x1f\x7f-\x9f" + "\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff" + "]"


def to_arrow(values: pd.Series | np.ndarray | pa.Array) -> pa.Array:
    """A text column as a pyarrow string array without nulls (zero-copy for pyarrow-backed columns)."""
    if isinstance(values, pa.Array) and (
        pa.types.is_string(values.type) or pa.types.is_large_string(values.type)
    ):
        return values if values.null_count == 0 else pc.fill_null(values, "")
    if len(values) == 0:
        return pa.array([], type=pa.large_string())
    try:
        array = pa.array(values, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        array = pa.array([None if v is None else str(v) for v in values], type=pa.large_string())
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        array = (
            pc.cast(array, pa.large_string())
            if pa.types.is_null(array.type)
            else pa.array([None if v is None else str(v) for v in array.to_pylist()], type=pa.large_string())
        )
    return pc.fill_null(array, "")


def _cast(text: pa.Array, empty: np.ndarray) -> np.ndarray | None:
    """Floats when every non-empty value is a plain number ("12", "-5.25", "1e3"), else None.

    NaN for empty cells and for "nan"/"inf", which are not numbers here.
    """
    try:
        cast = pc.cast(pc.if_else(pa.array(empty), pa.scalar(None, type=text.type), text), pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    numbers = cast.to_numpy(zero_copy_only=False).astype(float)
    numbers[~np.isfinite(numbers)] = np.nan
    return numbers


def _any(mask: pa.Array) -> bool:
    return bool(len(mask)) and bool(pc.any(mask).as_py())


def _mask(array: pa.Array) -> np.ndarray:
    return np.asarray(array.to_numpy(zero_copy_only=False), dtype=bool)


def clean_arrow(values: pd.Series | np.ndarray | pa.Array, *, controls: bool = True) -> pa.Array:
    """Text kept as text: control characters become spaces, ends are stripped.

    ``controls=False`` skips the control-character pass (when the whole file
    is known to hold none).
    """
    array = to_arrow(values)
    if controls and len(array) and pc.any(pc.match_substring_regex(array, _CONTROL)).as_py():
        array = pc.replace_substring_regex(array, _CONTROL, " ")
    return pc.utf8_trim_whitespace(array)


def clean_cells(values: pd.Series | np.ndarray | pa.Array) -> np.ndarray:
    """:func:`clean_arrow` as a numpy array of ``str`` (cheap to index row by row)."""
    return objects(clean_arrow(values))


def objects(array: pa.Array) -> np.ndarray:
    """A pyarrow string array as a numpy array of ``str``."""
    return np.asarray(array.to_numpy(zero_copy_only=False), dtype=object)


def cells_at(array: pa.Array | np.ndarray, mask: np.ndarray) -> list[str]:
    """The cells of ``array`` where ``mask`` is true, as a list of str."""
    if isinstance(array, pa.Array):
        return array.filter(pa.array(mask)).to_pylist() if mask.any() else []
    return list(np.asarray(array, dtype=object)[mask])


def encode(values: pa.Array | np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Distinct values and, per row, the index of its value (like ``pd.factorize``)."""
    if isinstance(values, pa.Array):
        encoded = pc.dictionary_encode(values)
        return encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64), encoded.dictionary.to_pylist()
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    return codes, [str(u) for u in uniques]


def quote(values, width: int = 60) -> list[str]:
    """Cell values for messages: single-quoted, long values shortened."""
    if isinstance(values, pa.Array):
        values = values.to_pylist()
    return [f"'{v}'" if len(v) <= width else f"'{v[: width - 1]}…'" for v in map(str, values)]


class Problems:
    """Errors and warnings per record, collected before anything is reported.

    Messages read ``"<unit> <line>, column '<name>': <text>"`` (unit is line,
    row or feature). ``text`` is ``template.format(*fields)`` with one value
    per record in each field; user text only ever goes in the fields, never
    in the template.
    """

    def __init__(self, lines: np.ndarray, unit: str):
        self.lines = np.asarray(lines, dtype=np.int64)
        self.unit = unit
        self.errors: list[tuple[np.ndarray, str, np.ndarray, list[str]]] = []
        self.warnings: list[tuple[np.ndarray, str, np.ndarray, list[str]]] = []
        self.file_warnings: list[tuple[str, str]] = []

    def _add(self, store: list, records, column: str | tuple[str, ...], template: str, fields) -> None:
        records = np.asarray(records)
        if records.dtype == bool:
            records = np.flatnonzero(records)
        records = records.astype(np.int64, copy=False).ravel()
        if len(records) == 0:
            return
        names = tuple(c for c in ((column,) if isinstance(column, str) else column) if c)
        if len(names) == 1:
            where = f", column '{names[0]}'"
        elif names:
            where = ", columns " + " and ".join(f"'{c}'" for c in names)
        else:
            where = ""
        texts = (
            [template.format(*values) for values in zip(*fields, strict=True)]
            if fields
            else [template] * len(records)
        )
        lines = self.lines[records]
        messages = [
            f"{self.unit} {line}{where}: {text}" for line, text in zip(lines.tolist(), texts, strict=True)
        ]
        store.append((records, ", ".join(names), lines, messages))

    def error(self, records, column: str | tuple[str, ...], template: str, *fields) -> None:
        """Reject ``records`` (indices or mask); the message names line and column."""
        self._add(self.errors, records, column, template, fields)

    def warn(self, records, column: str | tuple[str, ...], template: str, *fields) -> None:
        """Warn about ``records`` without rejecting them."""
        self._add(self.warnings, records, column, template, fields)

    def warn_file(self, text: str, column: str | tuple[str, ...] = "") -> None:
        """A remark about the whole file (no line)."""
        self.file_warnings.append(
            (column if isinstance(column, str) else ", ".join(c for c in column if c), text)
        )

    def rejected_mask(self, n: int) -> np.ndarray:
        mask = np.zeros(n, dtype=bool)
        for records, *_ in self.errors:
            mask[records] = True
        return mask

    def rejected_frame(self, cells: pd.DataFrame) -> pd.DataFrame:
        """``line``, ``column``, ``reason`` then the record's original cells, by line."""
        fixed = ["line", "column", "reason"]
        if not self.errors:
            empty = {c: pd.Series(dtype="Int64" if c == "line" else "str") for c in fixed}
            empty.update({c: pd.Series(dtype="str") for c in cells.columns if c not in fixed})
            return pd.DataFrame(empty)
        records = np.concatenate([e[0] for e in self.errors])
        lines = np.concatenate([e[2] for e in self.errors])
        columns = [c for e in self.errors for c in [e[1]] * len(e[0])]
        reasons = [m for e in self.errors for m in e[3]]
        order = np.lexsort((records, lines))
        out = pd.DataFrame(
            {
                "line": pd.array(lines[order], dtype="Int64"),
                "column": pd.array(np.asarray(columns, dtype=object)[order], dtype="str"),
                "reason": pd.array(np.asarray(reasons, dtype=object)[order], dtype="str"),
            }
        )
        original = cells.iloc[records[order]].reset_index(drop=True)
        original.columns = [f"{c} (file)" if c in fixed else c for c in original.columns]
        return pd.concat([out, original], axis=1)

    def warnings_frame(self) -> pd.DataFrame:
        """``line`` (empty for file-wide remarks), ``column``, ``message``; file remarks first."""
        lines = [pd.NA] * len(self.file_warnings)
        columns = [c for c, _ in self.file_warnings]
        messages = [t for _, t in self.file_warnings]
        if self.warnings:
            row_lines = np.concatenate([w[2] for w in self.warnings])
            order = np.argsort(row_lines, kind="stable")
            lines += row_lines[order].tolist()
            columns += np.asarray([c for w in self.warnings for c in [w[1]] * len(w[0])], dtype=object)[
                order
            ].tolist()
            messages += np.asarray([m for w in self.warnings for m in w[3]], dtype=object)[order].tolist()
        return pd.DataFrame(
            {
                "line": pd.array(lines, dtype="Int64"),
                "column": pd.array(columns, dtype="str"),
                "message": pd.array(messages, dtype="str"),
            }
        )


# --- numbers ----------------------------------------------------------------

_SPACES = r"[\s'" + "\u00a0\u2007\u202f" + "]"
_THOUSANDS = {",": r"^[-+]?\d{1,3}(,\d{3})+$", ".": r"^[-+]?\d{1,3}(\.\d{3})+$"}
_NUMBER = r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$"


def _last(array: pa.Array, mark: str) -> np.ndarray:
    """Position of the last ``mark`` in each string (-1 when absent)."""
    found = pc.find_substring(pc.utf8_reverse(array), mark).to_numpy(zero_copy_only=False)
    length = pc.utf8_length(array).to_numpy(zero_copy_only=False)
    return np.where(found >= 0, length - 1 - found, -1)


def column_decimal(values: pd.Series | pa.Array, default: str) -> str:
    """Decimal mark of a column of numbers written as text ("," or ".").

    A value with both marks tells by the last one ("1.234,5"); otherwise a
    single mark not followed by exactly three digits ("52,1", "0.25") is a
    decimal mark. When nothing tells, ``default`` (from the file's delimiter).
    """
    array = values if isinstance(values, pa.Array) else to_arrow(values)
    has_comma = _mask(pc.match_substring(array, ","))
    has_dot = _mask(pc.match_substring(array, "."))
    both = has_comma & has_dot
    if both.any():
        comma_last = _last(array, ",") > _last(array, ".")
        return "," if comma_last[both].mean() >= 0.5 else "."
    comma_decimal = int((has_comma & ~_mask(pc.match_substring_regex(array, _THOUSANDS[","]))).sum())
    dot_decimal = int((has_dot & ~_mask(pc.match_substring_regex(array, _THOUSANDS["."]))).sum())
    if comma_decimal > dot_decimal:
        return ","
    if dot_decimal > comma_decimal:
        return "."
    return default


def parse_numbers(  # noqa: C901 - one branch per number convention (decimal comma or point, thousands marks, per role)
    values: pd.Series | np.ndarray, *, role: str, default_decimal: str = "."
) -> tuple[np.ndarray, np.ndarray]:
    """Parse text into floats; returns (numbers, bad): float array (NaN when empty or bad), bool array.

    ``role`` is ``"coord"`` (a single mark is always decimal: "52,1" and
    "52.1" are 52.1), ``"count"`` (places: "1.500" and "1,500" are 1500) or
    ``"value"`` (the column's decimal mark decides, see :func:`column_decimal`).
    Spaces, non-breaking spaces and apostrophes as thousands separators are
    removed; the Unicode minus is read as a minus; ``inf``/``nan`` are not numbers.
    """
    text = pc.utf8_trim_whitespace(to_arrow(values))
    empty = _mask(pc.equal(text, ""))
    plain = not _any(pc.match_substring(text, ",")) and (
        role == "coord" or not _any(pc.match_substring(text, "."))
    )
    if plain:
        # No mark to interpret ("12", "-5", or coordinates with a decimal point).
        numbers = _cast(text, empty)
        if numbers is not None:
            # Plain numbers (the common case): one pass.
            return numbers, ~empty & np.isnan(numbers)
    elif role == "coord":
        # "52,1": any value with two marks ("1.234,5") fails the cast and takes the long way.
        numbers = _cast(pc.replace_substring(text, ",", "."), empty)
        if numbers is not None:
            return numbers, ~empty & np.isnan(numbers)
    # Each rewrite runs only when some value needs it: most columns are plain numbers.
    if _any(pc.match_substring_regex(text, _SPACES)):
        text = pc.replace_substring_regex(text, _SPACES, "")
    if _any(pc.match_substring(text, "\u2212")):
        text = pc.replace_substring(text, "\u2212", "-")
    has_comma = _mask(pc.match_substring(text, ","))
    has_dot = _mask(pc.match_substring(text, "."))
    simple_comma = (
        role == "coord"
        and has_comma.any()
        and not (has_comma & has_dot).any()
        and int(pc.max(pc.count_substring(text, ",")).as_py() or 0) <= 1
    )
    if simple_comma:
        # "52,1": the comma is the decimal mark.
        text = pc.replace_substring(text, ",", ".")
    elif has_comma.any():
        many_comma = pc.count_substring(text, ",").to_numpy(zero_copy_only=False) > 1
        many_dot = pc.count_substring(text, ".").to_numpy(zero_copy_only=False) > 1
        both = has_comma & has_dot
        comma_last = (_last(text, ",") > _last(text, ".")) if both.any() else np.zeros(len(text), dtype=bool)
        # Which mark is the decimal one, value by value.
        comma_is_decimal = (both & comma_last) | (has_comma & ~has_dot & ~many_comma)
        dot_is_decimal = (both & ~comma_last) | (has_dot & ~has_comma & ~many_dot)
        thousands_comma = _mask(pc.match_substring_regex(text, _THOUSANDS[","]))
        thousands_dot = _mask(pc.match_substring_regex(text, _THOUSANDS["."]))
        if role == "count":
            comma_is_decimal &= ~thousands_comma
            dot_is_decimal &= ~thousands_dot
        elif role == "value":
            if column_decimal(pc.filter(text, pa.array(~empty)), default_decimal) == ",":
                dot_is_decimal &= ~thousands_dot
            else:
                comma_is_decimal &= ~thousands_comma
        # Thousands marks go, the decimal mark becomes ".".
        text = pc.if_else(pa.array(has_dot & ~dot_is_decimal), pc.replace_substring(text, ".", ""), text)
        text = pc.if_else(pa.array(has_comma & ~comma_is_decimal), pc.replace_substring(text, ",", ""), text)
        text = pc.if_else(pa.array(comma_is_decimal), pc.replace_substring(text, ",", "."), text)
    elif has_dot.any() and role in ("count", "value"):
        many_dot = pc.count_substring(text, ".").to_numpy(zero_copy_only=False) > 1
        thousands = many_dot.copy()
        if role == "count" or column_decimal(pc.filter(text, pa.array(~empty)), default_decimal) == ",":
            thousands |= _mask(pc.match_substring_regex(text, _THOUSANDS["."]))
        if thousands.any():
            text = pc.if_else(pa.array(thousands & has_dot), pc.replace_substring(text, ".", ""), text)
    numbers = _cast(text, empty)
    if numbers is not None:
        return numbers, ~empty & np.isnan(numbers)
    valid = pc.match_substring_regex(text, _NUMBER)
    if _any(pc.starts_with(text, "+")):
        text = pc.replace_substring_regex(text, r"^\+", "")
    numbers = pc.cast(pc.if_else(valid, text, pa.scalar(None, type=text.type)), pa.float64())
    numbers = numbers.to_numpy(zero_copy_only=False).astype(float)
    finite = np.isfinite(numbers)
    numbers[~finite] = np.nan
    return numbers, ~empty & ~finite


# --- vocabularies -------------------------------------------------------------

# First rule that matches wins, so the specific ones come first
# ("crisisnoodopvang" is crisis_emergency, "noodopvang amv" is for minors).
TYPE_RULES: tuple[tuple[str, str], ...] = (
    ("crisis_emergency", r"crisis"),
    (
        "restricted",
        r"vrijheidsbeperk|\bvbl\b|\bhtl\b|\bebtl\b|restrict|gesloten centrum|centre ferme|closed centre"
        r"|geschlossen|detention|detentie|vreemdelingenbewaring",
    ),
    ("medical", r"medisch|medical|medic|medizin"),
    (
        "unaccompanied_minors",
        r"\bamv\b|\bmena\b|\bnbmv\b|\bbmv\b|unaccompanied|minderjarig|mineur|unbegleitet",
    ),
    (
        "arrival",
        r"aanmeld|arrival|arrivee|aankomst|ankunft|petit chateau|klein kasteeltje|\bcol\b"
        r"|centrale ontvangst|centre d arrivee",
    ),
    ("emergency", r"nood|emergency|urgence|\bnotunterkunft|\bnotaufnahme|tijdelijke opvang|temporaire"),
    (
        "small_scale",
        r"kleinschalig|small scale|\bloi\b|\bila\b|individu|lokaal opvanginitiatief|initiative locale",
    ),
    (
        "regular",
        r"\bazc\b|\bacz\b|\bpol\b|procesopvang|asielzoekerscentrum|regul|opvangcentrum|collectie"
        r"|collectif|collective|centre accueil"
        r"|centre d accueil|aufnahmeeinrichtung|gemeinschaftsunterkunft|gezinslocatie|reception centre",
    ),
    ("other", r"^(other|overig|overige|anders|andere|autre|autres|sonstige|divers)$"),
)

STATUS_RULES: tuple[tuple[str, str], ...] = (
    ("closed", r"gesloten|closed|ferme|geschlossen|dicht|beeindigd|beendet"),
    ("planned", r"gepland|planned|prevu|geplant|voorbereiding|projet"),
    ("open", r"open|ouvert|actief|active|in gebruik|operational|operationeel|in betrieb"),
)


def words(text: str) -> str:
    """Folded text, every run of non-letters one space: ``Centre d'arrivée`` -> ``centre d arrivee``."""
    return " ".join(re.findall(r"[a-z0-9]+", _fold(text)))


def vocabulary(value: str, canonical: tuple[str, ...], rules: tuple[tuple[str, str], ...]) -> str | None:
    """Canonical word for a cell (``"azc"`` -> ``"regular"``), None when unknown."""
    plain = words(value)
    direct = plain.replace(" ", "_")
    if direct in canonical:
        return direct
    for target, pattern in rules:
        if re.search(pattern, plain):
            return target
    return None
