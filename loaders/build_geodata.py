"""Build the committed files under ``geodata/`` from the raw source files.

Run from the repository root::

    python -m loaders.build_geodata            # reads ../shared/data/raw
    python -m loaders.build_geodata --raw DIR --out DIR

The build is deterministic: running it twice gives byte-identical files.
The app never reads the raw folder; it only reads ``geodata/``.

Steps (each is documented again in ``geodata/SOURCES.md``):

* municipalities: repair invalid rings (``make_valid``, polygon parts only),
  compute ``area_km2`` in EPSG:3035 on the repaired geometry, simplify each
  country as a coverage (``shapely.coverage_simplify``, 150 m in EPSG:3035) so
  that neighbours keep sharing their borders, round to 5 decimals (~1 m).
* reception locations: merge both lists, derive ``municipality_code`` by
  point-in-polygon on the shipped polygons and resolve every disagreement
  with the hand-written code (see ``_resolve_location_municipalities``).
* stations, places, indicators (long form) and national facts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from core.schema import (
    EQUAL_AREA,
    FACT_COLUMNS,
    INDICATOR_COLUMNS,
    LOCATION_COLUMNS,
    MUNICIPALITY_COLUMNS,
    PLACE_COLUMNS,
    STATION_COLUMNS,
    WGS84,
)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_RAW = REPO.parent / "shared" / "data" / "raw"
DEFAULT_OUT = REPO / "geodata"

SIMPLIFY_TOLERANCE_M = 150.0
COORD_DECIMALS = 5
# A stated municipality this close to the point (metres, EPSG:3035) is taken as
# right: settlement-level coordinates near a generalised border land on the
# wrong side of it. Farther away, the polygon decides and a note says so.
STATED_MUNICIPALITY_SNAP_M = 500.0
SNAP_INSET_M = 150.0

NL_POPULATION_DATE = "2024-01-01"
BE_POPULATION_DATE = "2020-01-01"

BE_REGIONS = {
    "02000": "Vlaams Gewest",
    "03000": "Région wallonne",
    "04000": "Brussels Hoofdstedelijk Gewest / Région de Bruxelles-Capitale",
}


def _polygon_parts(geoms: np.ndarray) -> np.ndarray:
    """Repair geometries and keep only their polygonal parts (EPSG-agnostic)."""
    fixed = shapely.make_valid(geoms, method="structure", keep_collapsed=False)
    out = []
    for g in fixed:
        if g.geom_type in ("Polygon", "MultiPolygon"):
            out.append(g)
            continue
        parts = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")]
        out.append(shapely.union_all(parts))
    return np.asarray(out, dtype=object)


def _simplify_coverage(gdf: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """Coverage-preserving simplification in EPSG:3035, returned in EPSG:4326."""
    projected = gdf.geometry.to_crs(EQUAL_AREA)
    simple = shapely.coverage_simplify(projected.values, SIMPLIFY_TOLERANCE_M)
    back = gpd.GeoSeries(simple, crs=EQUAL_AREA, index=gdf.index).to_crs(WGS84)
    rounded = shapely.set_precision(back.values, 10**-COORD_DECIMALS)
    return gpd.GeoSeries(_polygon_parts(rounded), crs=WGS84, index=gdf.index)


def _area_km2(geoms: gpd.GeoSeries) -> pd.Series:
    return (geoms.to_crs(EQUAL_AREA).area / 1e6).round(2)


def build_nl_municipalities(raw: Path) -> gpd.GeoDataFrame:
    """Dutch municipalities of 2023 with province and 1 Jan 2024 population."""
    gm = gpd.read_file(raw / "nl_gemeenten_2023.geojson")
    gm["geometry"] = _polygon_parts(gm.geometry.values)
    pv = gpd.read_file(raw / "nl_provincies_2023.geojson")
    pv["geometry"] = _polygon_parts(pv.geometry.values)
    points = gpd.GeoDataFrame(gm[["statcode"]], geometry=gm.geometry.representative_point(), crs=gm.crs)
    prov = gpd.sjoin(points, pv[["statcode", "statnaam", "geometry"]], predicate="within")
    prov = prov.rename(columns={"statcode_left": "code", "statcode_right": "province_code"})
    prov = prov.set_index("code")
    pop = pd.read_csv(raw / "nl_population_2023.csv", dtype={"code": str})
    pop = pop.set_index("code")["population"]
    out = gpd.GeoDataFrame(
        {
            "country": "NL",
            "code": gm["statcode"],
            "name": gm["statnaam"],
            "name_nl": gm["statnaam"],
            "name_fr": "",
            "province": gm["statcode"].map(prov["statnaam"]),
            "province_code": gm["statcode"].map(prov["province_code"]),
            "region": "",
            "population": gm["statcode"].map(pop),
            "population_date": NL_POPULATION_DATE,
        },
        geometry=gm.geometry.values,
        crs=WGS84,
    )
    _check_complete(out, "NL", 342)
    return out


def build_be_municipalities(raw: Path) -> gpd.GeoDataFrame:
    """Belgian municipalities (2019-2024 borders) with 1 Jan 2020 population."""
    be = gpd.read_file(raw / "be_gemeenten.geojson")
    be["geometry"] = _polygon_parts(be.geometry.values)
    pop = pd.read_csv(raw / "be_population.csv", dtype={"NIS code": str}, encoding="utf-8-sig")
    pop = pop.set_index("NIS code")["Totaal"]
    brussels = be["reg_nis"] == "04000"
    wallonia = be["reg_nis"] == "03000"
    # Local official name: Dutch in Flanders, French in Wallonia, both in Brussels.
    name = be["name_nl"].where(~wallonia, be["name_fr"])
    bilingual = brussels & (be["name_fr"] != be["name_nl"])
    name = name.where(~bilingual, be["name_fr"] + " / " + be["name_nl"])
    province = be["prov_nl"].where(~wallonia, be["prov_fr"])
    province = province.where(~brussels, "Brussel-Hoofdstad / Bruxelles-Capitale")
    out = gpd.GeoDataFrame(
        {
            "country": "BE",
            "code": be["nis"],
            "name": name,
            "name_nl": be["name_nl"],
            "name_fr": be["name_fr"],
            "province": province,
            "province_code": be["prov_nis"].where(~brussels, "04000"),
            "region": be["reg_nis"].map(BE_REGIONS),
            "population": be["nis"].map(pop),
            "population_date": BE_POPULATION_DATE,
        },
        geometry=be.geometry.values,
        crs=WGS84,
    )
    _check_complete(out, "BE", 581)
    return out


def _check_complete(gdf: gpd.GeoDataFrame, country: str, expected: int) -> None:
    problems = []
    if len(gdf) != expected:
        problems.append(f"{len(gdf)} municipalities, expected {expected}")
    if not gdf["code"].is_unique:
        problems.append("duplicate codes")
    for col in ("population", "province"):
        missing = gdf.loc[gdf[col].isna(), "code"].tolist()
        if missing:
            problems.append(f"no {col} for {missing}")
    if problems:
        msg = f"{country} municipalities: " + "; ".join(problems)
        raise ValueError(msg)


def build_municipalities(raw: Path) -> gpd.GeoDataFrame:
    """Both countries in the canonical schema, simplified, EPSG:4326."""
    parts = []
    for country_frame in (build_nl_municipalities(raw), build_be_municipalities(raw)):
        frame = country_frame.copy()
        frame["area_km2"] = _area_km2(frame.geometry)
        frame["geometry"] = _simplify_coverage(frame)
        parts.append(frame)
    out = pd.concat(parts, ignore_index=True)
    out["population"] = out["population"].astype("int64")
    out = out.sort_values(["country", "code"], ascending=[False, True], ignore_index=True)
    return gpd.GeoDataFrame(out[[*MUNICIPALITY_COLUMNS, "geometry"]], crs=WGS84)


def _resolve_location_municipalities(
    locations: pd.DataFrame, municipalities: gpd.GeoDataFrame
) -> tuple[pd.DataFrame, list[str]]:
    """Derive ``municipality_code`` by point-in-polygon and resolve disagreements.

    Returns the resolved frame and one report line per disagreement. Rules:

    * the stated code does not exist in the 2023/2019 divisions (an outdated
      code) but the polygon's name matches: take the polygon's code;
    * the point lies within 500 m of the stated municipality: the point is a
      settlement-level coordinate that fell just across a generalised border;
      move it 150 m inside the stated municipality (nearest such point);
    * otherwise: the polygon decides; the stated municipality goes in ``notes``.
    """
    munis = municipalities.set_index("code")
    munis_3035 = munis.geometry.to_crs(EQUAL_AREA)
    points = gpd.GeoSeries(
        gpd.points_from_xy(locations["lon"], locations["lat"]), crs=WGS84, index=locations.index
    )
    joined = gpd.sjoin(
        gpd.GeoDataFrame(geometry=points), municipalities[["code", "geometry"]], predicate="within"
    )
    derived = joined["code"].groupby(level=0).first().reindex(locations.index)
    out = locations.copy()
    report = []
    for idx in out.index:
        stated, found = out.at[idx, "municipality_stated_code"], derived.get(idx)
        stated_name = out.at[idx, "municipality_stated_name"]
        if isinstance(found, str) and found == stated:
            out.at[idx, "municipality_code"] = found
            continue
        point = points.to_crs(EQUAL_AREA).loc[idx]
        found_name = munis.at[found, "name"] if isinstance(found, str) else "no polygon"
        line = f"{out.at[idx, 'id']}: stated {stated_name} ({stated}), point in {found_name} ({found})"
        same_name = isinstance(found, str) and _same_name(stated_name, munis.loc[found])
        if isinstance(found, str) and (stated not in munis.index or same_name):
            note = (
                f"Stated municipality code {stated} does not belong to {stated_name} in the "
                f"shipped division (outdated or mistyped); code {found} taken from the polygon."
            )
            out.at[idx, "municipality_code"] = found
            line += " -> outdated code, polygon code kept"
        elif stated in munis.index and munis_3035.loc[stated].distance(point) <= STATED_MUNICIPALITY_SNAP_M:
            target = munis_3035.loc[stated]
            inner = target.buffer(-SNAP_INSET_M)
            moved = shapely.ops.nearest_points(inner, point)[0]
            moved_m = point.distance(moved)
            lonlat = gpd.GeoSeries([moved], crs=EQUAL_AREA).to_crs(WGS84).iloc[0]
            out.at[idx, "lon"] = round(lonlat.x, COORD_DECIMALS)
            out.at[idx, "lat"] = round(lonlat.y, COORD_DECIMALS)
            out.at[idx, "coord_precision"] = "approximate"
            out.at[idx, "municipality_code"] = stated
            note = (
                f"Coordinates moved {moved_m:.0f} m into the stated municipality "
                f"{stated_name} ({stated}); the settlement-level point fell in "
                f"{found_name} ({found}) at the generalised border."
            )
            line += f" -> moved {moved_m:.0f} m into {stated}"
        elif isinstance(found, str):
            dist = munis_3035.loc[stated].distance(point) if stated in munis.index else float("nan")
            note = (
                f"The source list states {stated_name} ({stated}); the point lies "
                f"{dist / 1000:.1f} km outside it, in {found_name} ({found}), which is used."
            )
            out.at[idx, "municipality_code"] = found
            line += " -> polygon code kept, note added"
        else:
            msg = f"location {out.at[idx, 'id']} lies in no municipality polygon"
            raise ValueError(msg)
        previous = out.at[idx, "notes"]
        out.at[idx, "notes"] = f"{previous} [{note}]" if previous else f"[{note}]"
        report.append(line)
    return out, report


def _same_name(stated_name: str, municipality: pd.Series) -> bool:
    names = {municipality["name"], municipality["name_nl"], municipality["name_fr"]}
    stated = {part.strip().casefold() for part in stated_name.split("/")}
    return bool(stated & {n.casefold() for n in names if n})


def _fill_missing_sources(raw: Path, locations: pd.DataFrame) -> pd.DataFrame:
    """Take the source of the 2023 check file for rows that have none of their own."""
    checks = pd.read_csv(raw / "be_reception_2023_checks.csv", dtype=str, keep_default_na=False)
    checks = checks.set_index("id")
    out = locations.copy()
    missing = (out["source_url"] == "") & out["id"].isin(checks.index)
    for idx in out.index[missing]:
        check = checks.loc[out.at[idx, "id"]]
        out.at[idx, "source_url"] = check["source_url"]
        out.at[idx, "notes"] = (
            f"{out.at[idx, 'notes']} [Source from be_reception_2023_checks.csv "
            f"(confirmed in 2023: {check['confirmed_2023']}): {check['note']}]"
        )
    return out


def build_locations(raw: Path, municipalities: gpd.GeoDataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Merge the Dutch and Belgian location lists into the canonical schema."""
    frames = [
        pd.read_csv(raw / name, dtype=str, keep_default_na=False)
        for name in ("reception_nl_2023.csv", "reception_be_2023.csv")
    ]
    raw_locations = pd.concat(frames, ignore_index=True)
    raw_locations["lat"] = raw_locations["lat"].astype(float)
    raw_locations["lon"] = raw_locations["lon"].astype(float)
    raw_locations = raw_locations.rename(
        columns={
            "municipality_code": "municipality_stated_code",
            "municipality": "municipality_stated_name",
        }
    )
    raw_locations["municipality_code"] = ""
    raw_locations = _fill_missing_sources(raw, raw_locations)
    resolved, report = _resolve_location_municipalities(raw_locations, municipalities)
    resolved["capacity"] = pd.to_numeric(resolved["capacity"], errors="raise").astype("Int64")
    if not resolved["id"].is_unique:
        msg = "duplicate location ids in the raw lists"
        raise ValueError(msg)
    resolved = resolved.sort_values(["country", "id"], ascending=[False, True], ignore_index=True)
    return resolved[LOCATION_COLUMNS], report


def build_stations(raw: Path) -> pd.DataFrame:
    """Passenger railway stations of both countries."""
    st = pd.read_csv(raw / "stations_nl_be.csv", dtype={"station_id": str})
    return st.sort_values(["country", "name"], ignore_index=True)[STATION_COLUMNS]


def build_places(raw: Path) -> pd.DataFrame:
    """GeoNames places (cities1000) with their approximate population."""
    pl = pd.read_csv(raw / "places_nl_be.csv", dtype={"geonameid": str})
    return pl.sort_values(["country", "geonameid"], ignore_index=True)[PLACE_COLUMNS]


def build_indicators(raw: Path) -> pd.DataFrame:
    """Long-form indicators tied to a municipality, province, region or country."""
    from loaders._raw_indicators import collect_indicators

    ind = collect_indicators(raw)
    return ind.sort_values(
        ["country", "level", "area_code", "indicator", "reference_date", "source"],
        ignore_index=True,
    )[INDICATOR_COLUMNS]


def build_facts(raw: Path) -> pd.DataFrame:
    """National facts: the June 2023 symposium slides and national figures."""
    from loaders._raw_indicators import collect_facts

    return collect_facts(raw)[FACT_COLUMNS]


def _write_csv(df: pd.DataFrame, path: Path) -> None:
    df.to_csv(path, index=False, lineterminator="\n")


def build_all(raw: Path, out: Path) -> dict[str, int]:
    """Build every geodata file; return the row count per file."""
    out.mkdir(parents=True, exist_ok=True)
    municipalities = build_municipalities(raw)
    target = out / "municipalities.geojson"
    target.unlink(missing_ok=True)
    municipalities.to_file(
        target, driver="GeoJSON", engine="pyogrio", COORDINATE_PRECISION=COORD_DECIMALS, WRITE_BBOX="NO"
    )
    locations, report = build_locations(raw, municipalities)
    print(f"{len(report)} locations whose stated municipality disagrees with the polygon:")
    for line in report:
        print("  " + line)
    tables = {
        "reception_locations.csv": locations,
        "stations.csv": build_stations(raw),
        "places.csv": build_places(raw),
        "indicators.csv": build_indicators(raw),
        "facts.csv": build_facts(raw),
    }
    for name, df in tables.items():
        _write_csv(df, out / name)
    counts = {"municipalities.geojson": len(municipalities)}
    counts.update({name: len(df) for name, df in tables.items()})
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="folder of raw source files")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    if not args.raw.is_dir():
        print(f"raw data folder not found: {args.raw}", file=sys.stderr)
        return 2
    counts = build_all(args.raw, args.out)
    for name, n in counts.items():
        size = (args.out / name).stat().st_size
        print(f"{name}: {n} rows, {size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
