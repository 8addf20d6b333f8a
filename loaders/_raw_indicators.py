"""Turn the raw indicator files into long-form rows (build time only).

Each raw file has its own columns; each reader below maps it to
``INDICATOR_COLUMNS``. Rows without a numeric value, or that cannot be tied
to a country, region, province or municipality, are left out; nothing is
estimated. See ``../shared/data/raw/INDICATORS.md`` for the files.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from core.schema import INDICATOR_COLUMNS

LEVELS = {"national": "country", "country": "country"}

# Official counts that no raw row carries as a value yet (raw SOURCES.md and
# row notes state them): a small committed, sourced file, checked against the
# raw text at every build (see _official_counts).
OFFICIAL_COUNTS = Path(__file__).resolve().parent / "official_counts.csv"
# A compiled sum in OFFICIAL_COUNTS and the rows it adds up.
COMPILED_SUMS = {
    "coa_persons_on_coa_sites": (
        "coa_persons_in_regular_locations",
        "coa_persons_in_coa_emergency_reception",
    ),
}
COUNTRY_CODES = {"NL": "NL00", "BE": "01000"}
BE_REGION_CODES = {"Flanders": "02000", "Wallonia": "03000", "Brussels-Capital": "04000"}


def _read(raw: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(raw / name, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _frame(**columns) -> pd.DataFrame:
    """Indicator rows; ``method`` and ``qualifier`` come from the raw file's own columns."""
    df = pd.DataFrame(columns)
    for col in INDICATOR_COLUMNS:
        if col not in df:
            df[col] = ""
    return df[INDICATOR_COLUMNS]


def _join_notes(*parts: pd.Series) -> pd.Series:
    joined = parts[0].fillna("")
    for part in parts[1:]:
        part = part.fillna("")
        joined = joined.where(part == "", joined.where(joined == "", joined + "; ") + part)
    return joined


def _taakstelling(raw: Path) -> pd.DataFrame:
    df = _read(raw, "nl_taakstelling_2023.csv")
    note = _join_notes(
        "includes backlog: " + df["includes_backlog"].replace("", "not stated"),
        df["note"],
    )
    base = dict(
        country="NL",
        level=df["level"].replace(LEVELS),
        area_code=df["code"],
        area_name=df["name"],
        unit="persons",
        source=df["source_url"],
    )
    target = _frame(
        **base,
        indicator="housing_target_permit_holders",
        value=df["taakstelling"],
        reference_date=df["period"],
        method=df["method"],
        qualifier=df["qualifier"],
        note=note,
    )
    realised = _frame(
        **base,
        indicator="housing_realised_permit_holders",
        value=df["realised"],
        reference_date=df["realised_reference"],
        # INDICATORS.md: `method` describes the target; `realised` is always observed.
        method="observed",
        qualifier="exact",
        note="realised against the target of " + df["period"],
    )
    municipal = _read(raw, "nl_taakstelling_2023_municipal.csv")
    per_municipality = _frame(
        country="NL",
        level="municipality",
        area_code=municipal["code"],
        area_name=municipal["name"],
        indicator="housing_target_permit_holders",
        value=municipal["taakstelling"],
        unit="persons",
        reference_date=municipal["period"],
        source=municipal["source_url"],
        method=municipal["method"],
        qualifier=municipal["qualifier"],
        note=_join_notes("includes backlog: " + municipal["includes_backlog"], municipal["note"]),
    )
    return pd.concat([target, realised, per_municipality])


def _spreidingswet(raw: Path) -> pd.DataFrame:
    prov = _read(raw, "nl_spreidingswet_provinces.csv")
    provinces = _frame(
        country="NL",
        level="province",
        area_code=prov["code"],
        area_name=prov["province"],
        indicator=prov["indicator"],
        value=prov["value"],
        unit=prov["unit"],
        reference_date=prov["reference_date"],
        source=prov["source_url"],
        method=prov["method"],
        qualifier=prov["qualifier"],
        note=prov["note"],
    )
    mun = _read(raw, "nl_spreidingswet_municipal_indicative.csv")
    base = dict(
        country="NL",
        level="municipality",
        area_code=mun["code"],
        area_name=mun["name"],
        unit="places",
        reference_date=mun["reference_date"],
        source=mun["source_url"],
        method=mun["method"],
        qualifier=mun["qualifier"],
        note=mun["note"],
    )
    indicative = _frame(**base, indicator="spreidingswet_indicative_places", value=mun["indicative_places"])
    amv = _frame(**base, indicator="spreidingswet_indicative_places_amv", value=mun["amv_places"])
    return pd.concat([provinces, indicative, amv])


def _coa_occupancy(raw: Path) -> pd.DataFrame:
    df = _read(raw, "nl_coa_occupancy_2023.csv")
    return _frame(
        country="NL",
        level="municipality",
        area_code=df["code"],
        area_name=df["name"],
        indicator="coa_" + df["indicator"],
        value=df["value"],
        unit="persons",
        reference_date=df["reference_date"],
        source=df["source_url"],
        method=df["method"],
        qualifier=df["qualifier"],
        note=_join_notes("location: " + df["location"], "capacity " + df["capacity"], df["note"]),
    )


def _vwn(raw: Path) -> pd.DataFrame:
    df = _read(raw, "nl_vwn_presence.csv")
    return _frame(
        country="NL",
        level=df["level"].replace(LEVELS),
        area_code=df["code"],
        area_name=df["area"],
        indicator="vwn_" + df["indicator"],
        value=df["value"],
        unit=df["unit"],
        reference_date=df["reference_date"],
        source=df["source_url"],
        method=df["method"],
        qualifier=df["qualifier"],
        note=df["note"],
    )


def _loi(raw: Path) -> pd.DataFrame:
    places = _read(raw, "be_loi_places.csv")
    first = _frame(
        country="BE",
        level=places["level"].replace(LEVELS),
        area_code=places["nis_code"],
        area_name=places["area"],
        indicator=places["indicator"],
        value=places["value"],
        unit=places["unit"],
        reference_date=places["reference_date"],
        source=places["source_url"],
        method=places["method"],
        qualifier=places["qualifier"],
        note=places["note"],
    )
    loi = _read(raw, "loi_be_2023.csv")
    code = loi["municipality_code"].where(loi["scope"] != "country", COUNTRY_CODES["BE"])
    code = code.where(loi["scope"] != "region", loi["area"].map(BE_REGION_CODES).fillna(""))
    base = dict(
        country="BE",
        level=loi["scope"],
        area_code=code,
        area_name=loi["area"],
        reference_date=loi["as_of"],
        source=loi["source_url"],
        method=loi["method"],
        qualifier=loi["qualifier"],
        note=loi["notes"],
    )
    loi_places = _frame(**base, indicator="loi_places", value=loi["loi_places"], unit="places")
    hosting = _frame(
        **base,
        indicator="municipalities_with_loi",
        value=loi["municipalities_with_loi"],
        unit="municipalities",
    )
    return pd.concat([first, loi_places, hosting])


def _solidarity(raw: Path) -> pd.DataFrame:
    df = _read(raw, "be_solidarity_municipalities.csv")
    adopted = df[(df["status"] == "motion_adopted") & (df["nis_code"] != "")]
    return _frame(
        country="BE",
        level="municipality",
        area_code=adopted["nis_code"],
        area_name=adopted["name"],
        indicator="hospitable_municipality_motion_adopted",
        value="1",
        unit="yes=1",
        reference_date=adopted["date"],
        source=adopted["source_url"],
        method=adopted["method"],
        qualifier=adopted["qualifier"],
        note=_join_notes(adopted["network"], adopted["note"]),
    )


def collect_indicators(raw: Path) -> pd.DataFrame:
    """All raw indicator rows with a numeric value and an area, long form."""
    rows = pd.concat(
        [
            _taakstelling(raw),
            _spreidingswet(raw),
            _coa_occupancy(raw),
            _vwn(raw),
            _loi(raw),
            _solidarity(raw),
        ],
        ignore_index=True,
    )
    rows["value"] = pd.to_numeric(rows["value"].str.replace(",", "", regex=False), errors="coerce")
    keep = (
        rows["value"].notna()
        & (rows["area_code"] != "")
        & rows["level"].isin(["country", "region", "province", "municipality"])
    )
    rows = rows[keep].copy()
    rows["value"] = rows["value"].map(_format_number)
    return rows.reset_index(drop=True)


def _format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def collect_facts(raw: Path) -> pd.DataFrame:
    """National facts: symposium slides (June 2023) and national figures."""
    sym = _read(raw, "symposium_2023_facts.csv")
    symposium = pd.DataFrame(
        {
            "country": sym["country"],
            "organisation": sym["organisation"],
            "indicator": sym["indicator"],
            "value": sym["value"],
            "unit": sym["unit"],
            "reference_date": sym["reference_date"],
            # The raw rows carry the full reference (slides, symposium, report URL).
            "source": sym["source"],
            "method": sym["method"],
            "qualifier": sym["qualifier"],
            "note": "",
        }
    )
    nat = _read(raw, "national_figures.csv")
    national = pd.DataFrame(
        {
            "country": nat["country"],
            "organisation": "",
            "indicator": nat["indicator"],
            "value": nat["value"],
            "unit": nat["unit"],
            "reference_date": nat["reference_date"],
            "source": nat["source_url"],
            "method": nat["method"],
            "qualifier": nat["qualifier"],
            "note": nat["note"],
        }
    )
    facts = pd.concat([symposium, national, _official_counts(raw, national)], ignore_index=True)
    facts["value"] = pd.to_numeric(facts["value"], errors="coerce")
    facts = facts[facts["value"].notna()].copy()
    facts["value"] = facts["value"].map(_format_number)
    return facts.reset_index(drop=True)


def _official_counts(raw: Path, national: pd.DataFrame) -> pd.DataFrame:
    """The official counts of ``loaders/official_counts.csv``, checked before use.

    Each row names the raw file whose text states the same figure
    (``raw_file``, ``raw_text``); the build fails when that text is gone, when
    a compiled sum no longer adds up, or when a raw row now carries the same
    figure (then the row here must be removed: the raw data owns it).
    """
    rows = pd.read_csv(OFFICIAL_COUNTS, dtype=str, keep_default_na=False, encoding="utf-8")
    problems = []
    for _, row in rows.iterrows():
        text = (raw / row["raw_file"]).read_text(encoding="utf-8-sig")
        if row["raw_text"] not in text:
            problems.append(f"{row['indicator']}: {row['raw_text']!r} not found in {row['raw_file']}")
    values = dict(zip(rows["indicator"], pd.to_numeric(rows["value"]), strict=True))
    for total, parts in COMPILED_SUMS.items():
        if values.get(total) != sum(values.get(p, float("nan")) for p in parts):
            problems.append(f"{total} is not the sum of {', '.join(parts)}")
    keys = set(zip(national["country"], national["indicator"], national["reference_date"], strict=True))
    for _, row in rows.iterrows():
        if (row["country"], row["indicator"], row["reference_date"]) in keys:
            problems.append(f"{row['indicator']} {row['reference_date']} is now in national_figures.csv")
    if problems:
        msg = f"{OFFICIAL_COUNTS.name}: " + "; ".join(problems)
        raise ValueError(msg)
    return rows.drop(columns=["raw_file", "raw_text"])
