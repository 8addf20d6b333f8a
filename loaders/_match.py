"""Find municipalities by code, by name and by point.

One :class:`MunicipalityIndex` is built per municipalities frame (and cached
while that frame lives): code lookup, name keys (case, accents, apostrophes,
spacing and bilingual forms folded), a shapely STRtree for point-in-polygon
and representative points. Lookups work on the distinct values of a column,
so a 100,000-row file with 300 distinct municipality names costs 300 lookups.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from dataclasses import dataclass, field
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from loaders._schema import EQUAL_AREA, WGS84

# Flemish municipalities formed on 1 January 2025 whose names are not in the
# 2019-2024 list (decree approved by the Flemish Parliament in April 2024;
# Antwerpen, Hasselt, Lochristi, Lokeren, Tielt and Wingene kept their names).
MERGED_2025 = (
    "Beveren-Kruibeke-Zwijndrecht",
    "Bilzen-Hoeselt",
    "Tongeren-Borgloon",
    "Tongres-Borgloon",
    "Nazareth-De Pinte",
    "Pajottegem",
    "Tessenderlo-Ham",
    "Merelbeke-Melle",
)
MERGERS_NOTE = (
    "the Flemish mergers of 1 January 2025 changed the municipalities (581 became 565) "
    "and the shipped borders are those of 2019-2024, so it cannot be matched: "
    "use the former municipality's code or name, or give coordinates"
)

# Common names that are not the official one.
_EXTRA_NAMES = {
    "denhaag": "GM0518",
    "thehague": "GM0518",
    "lahaye": "GM0518",
    "denbosch": "GM0796",
}
_PREFIX = re.compile(
    r"^(gemeente|stad|stadt|gemeinde|ville de|ville d|commune de|commune d|city of|municipality of)\b\s*"
)
_COUNTRY_WORDS = {
    "NL": {"nl", "nld", "nederland", "netherlands", "thenetherlands", "paysbas", "niederlande", "holland"},
    "BE": {"be", "bel", "belgie", "belgique", "belgium", "belgien"},
}


def fold(text: str) -> str:
    """Lower case without accents: ``Súdwest-Fryslân`` -> ``sudwest-fryslan``."""
    text = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def name_key(text: str) -> str:
    """Letters and digits only: ``'s-Hertogenbosch`` and ``s Hertogenbosch`` -> ``shertogenbosch``."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def country_code(text: str) -> str | None:
    """``NL``/``BE`` from a country written in any of the four languages, else None."""
    key = name_key(text)
    for code, words in _COUNTRY_WORDS.items():
        if key in words:
            return code
    return None


@lru_cache(maxsize=16)
def transformer(source: str, target: str = WGS84) -> pyproj.Transformer:
    """Cached pyproj transformer (always x/y = lon/lat order)."""
    return pyproj.Transformer.from_crs(source, target, always_xy=True)


@dataclass(eq=False)
class MunicipalityIndex:
    """Lookups over one municipalities frame (EPSG:4326)."""

    codes: np.ndarray
    countries: np.ndarray
    names: np.ndarray
    geometries: np.ndarray
    tree: shapely.STRtree
    rep_lon: np.ndarray
    rep_lat: np.ndarray
    code_position: dict[str, int]
    strong: dict[str, tuple[int, ...]]
    weak: dict[str, tuple[int, ...]]
    counts: dict[str, int]
    bounds: tuple[float, float, float, float]
    _projected: tuple[np.ndarray, shapely.STRtree] | None = field(default=None, repr=False)

    @classmethod
    def from_frame(cls, municipalities: gpd.GeoDataFrame) -> MunicipalityIndex:
        frame = (
            municipalities.to_crs(WGS84)
            if municipalities.crs and municipalities.crs != WGS84
            else municipalities
        )
        codes = frame["code"].astype("str").to_numpy(dtype=object)
        countries = frame["country"].astype("str").to_numpy(dtype=object)
        names = frame["name"].astype("str").to_numpy(dtype=object)
        geometries = np.asarray(frame.geometry.to_numpy(), dtype=object)
        reps = shapely.point_on_surface(geometries)
        strong: dict[str, set[int]] = {}
        weak: dict[str, set[int]] = {}
        other_names = [frame[c].astype("str").tolist() for c in ("name_nl", "name_fr") if c in frame.columns]
        for pos, name in enumerate(names):
            strong.setdefault(name_key(name), set()).add(pos)
            alternatives = [column[pos] for column in other_names]
            alternatives += re.split(r"\s*/\s*", name)
            alternatives.append(re.sub(r"\s*\(.*?\)", "", name))
            for alt in alternatives:
                key = name_key(alt) if isinstance(alt, str) else ""
                if key and key != name_key(name):
                    weak.setdefault(key, set()).add(pos)
        code_position = {code: pos for pos, code in enumerate(codes)}
        for key, code in _EXTRA_NAMES.items():
            if code in code_position and key not in strong:
                weak.setdefault(key, set()).add(code_position[code])
        counts = pd.Series(countries).value_counts().to_dict()
        return cls(
            codes=codes,
            countries=countries,
            names=names,
            geometries=geometries,
            tree=shapely.STRtree(geometries),
            rep_lon=shapely.get_x(reps),
            rep_lat=shapely.get_y(reps),
            code_position=code_position,
            strong={k: tuple(sorted(v)) for k, v in strong.items()},
            weak={k: tuple(sorted(v)) for k, v in weak.items()},
            counts={str(k): int(v) for k, v in counts.items()},
            bounds=tuple(float(b) for b in frame.total_bounds),
        )

    def label(self, pos: int) -> str:
        """``Amsterdam (GM0363)``."""
        return f"{self.names[pos]} ({self.codes[pos]})"

    # --- codes ----------------------------------------------------------------

    def match_code(self, value: str) -> tuple[int, str]:
        """Position of a municipality code (``GM0363``, ``363``, ``21004``), or -1 and the reason."""
        text = re.sub(r"\s", "", str(value)).upper()
        text = re.sub(r"\.0+$", "", text)
        quoted = f"'{value}'"
        nl = re.fullmatch(r"(?:GM)?(\d{1,4})", text)
        be = re.fullmatch(r"(?:BE|NIS|INS)?(\d{5})", text)
        if nl:
            code = f"GM{int(nl.group(1)):04d}"
            if code in self.code_position:
                return self.code_position[code], ""
            return (
                -1,
                f"{quoted} is not one of the {self.counts.get('NL', 0)} Dutch municipality codes (CBS, 2023)",
            )
        if be:
            code = be.group(1)
            if code in self.code_position:
                return self.code_position[code], ""
            return -1, (
                f"{quoted} is not one of the {self.counts.get('BE', 0)} Belgian NIS codes of 2019-2024; "
                f"if it is a code of a merged municipality, {MERGERS_NOTE}"
            )
        return (
            -1,
            f"{quoted} is not a municipality code (Dutch codes look like GM0363, Belgian NIS codes like 21004)",
        )

    def match_codes(self, values: pd.Series) -> tuple[np.ndarray, pd.Series]:
        """Vector of positions (-1 when not found) and reasons ("" when found)."""
        return self._by_unique(values, self.match_code)

    # --- names ----------------------------------------------------------------

    def _candidates(self, key: str, country: str | None) -> tuple[int, ...]:
        for table in (self.strong, self.weak):
            found = table.get(key, ())
            if country:
                found = tuple(p for p in found if self.countries[p] == country)
            if found:
                return found
        return ()

    def match_name(self, value: str, country: str | None = None) -> tuple[int, str]:
        """Position of a municipality name in any official language, or -1 and the reason."""
        quoted = f"'{value}'"
        folded = fold(value).strip()
        attempts = [
            name_key(folded),
            name_key(re.sub(r"\(.*?\)", "", folded)),
            name_key(_PREFIX.sub("", folded)),
        ]
        for key in attempts:
            if not key:
                continue
            found = self._candidates(key, country)
            if len(found) == 1:
                return found[0], ""
            if len(found) > 1:
                listed = ", ".join(self.label(p) for p in found)
                return -1, f"{quoted} matches several municipalities: {listed}; give the municipality code"
        parts = [name_key(p) for p in re.split(r"\s*/\s*|\s+-\s+", folded) if name_key(p)]
        if len(parts) > 1:
            hits = {self._candidates(p, country) for p in parts}
            hits.discard(())
            if len(hits) == 1:
                found = next(iter(hits))
                if len(found) == 1:
                    return found[0], ""
        if name_key(value) in {name_key(n) for n in MERGED_2025}:
            return -1, f"{quoted} is a municipality formed on 1 January 2025; {MERGERS_NOTE}"
        where = {"NL": "the Netherlands (2023)", "BE": "Belgium (2019-2024)"}.get(
            country or "", "the Netherlands (2023) or Belgium (2019-2024)"
        )
        note = f"; if it is a Belgian municipality merged in 2025, {MERGERS_NOTE}" if country == "BE" else ""
        return -1, f"{quoted} is not a municipality name of {where}{note}"

    def match_names(
        self, values: pd.Series, countries: pd.Series | None = None
    ) -> tuple[np.ndarray, pd.Series]:
        """Vector of positions (-1 when not found or ambiguous) and reasons."""
        if countries is None:
            return self._by_unique(values, self.match_name)
        pairs = values.astype("str") + "\x00" + countries.fillna("").astype("str")

        def one(pair: str) -> tuple[int, str]:
            name, _, country = pair.partition("\x00")
            return self.match_name(name, country or None)

        return self._by_unique(pairs, one)

    @staticmethod
    def _by_unique(values: pd.Series, func) -> tuple[np.ndarray, pd.Series]:
        codes, uniques = pd.factorize(values.astype("str"))
        results = [func(u) for u in uniques]
        positions = np.array([r[0] for r in results] + [-1], dtype=np.int64)
        reasons = np.array([r[1] for r in results] + [""], dtype=object)
        return positions[codes], pd.Series(reasons[codes], index=values.index, dtype="str")

    # --- points ---------------------------------------------------------------

    def locate(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Position of the municipality containing each point (WGS84), -1 outside all."""
        lon = np.asarray(lon, dtype=float)
        lat = np.asarray(lat, dtype=float)
        result = np.full(len(lon), -1, dtype=np.int64)
        valid = np.flatnonzero(np.isfinite(lon) & np.isfinite(lat))
        if len(valid) == 0:
            return result
        points = shapely.points(lon[valid], lat[valid])
        hit_point, hit_tree = self.tree.query(points, predicate="intersects")
        # First hit per point wins (a point on a shared border touches two).
        result[valid[hit_point[::-1]]] = hit_tree[::-1]
        return result

    def nearest(self, lon: np.ndarray, lat: np.ndarray, max_km: float) -> tuple[np.ndarray, np.ndarray]:
        """Nearest municipality within ``max_km`` (distance in EPSG:3035), -1 and NaN beyond."""
        lon = np.asarray(lon, dtype=float)
        lat = np.asarray(lat, dtype=float)
        result = np.full(len(lon), -1, dtype=np.int64)
        distance = np.full(len(lon), np.nan)
        valid = np.flatnonzero(np.isfinite(lon) & np.isfinite(lat))
        if len(valid) == 0:
            return result, distance
        if self._projected is None:
            projected = gpd.GeoSeries(self.geometries, crs=WGS84).to_crs(EQUAL_AREA).to_numpy()
            self._projected = (projected, shapely.STRtree(projected))
        x, y = transformer(WGS84, EQUAL_AREA).transform(lon[valid], lat[valid])
        points = shapely.points(x, y)
        (hit_point, hit_tree), dist = self._projected[1].query_nearest(
            points, max_distance=max_km * 1000, return_distance=True, all_matches=False
        )
        result[valid[hit_point]] = hit_tree
        distance[valid[hit_point]] = dist / 1000
        return result, distance


_CACHE: dict[int, tuple[weakref.ref, tuple, MunicipalityIndex]] = {}


def index_for(municipalities: gpd.GeoDataFrame) -> MunicipalityIndex:
    """The :class:`MunicipalityIndex` of a frame, built once while the frame lives.

    The frame must not be changed afterwards (as with everything that
    ``st.cache_resource`` shares); its length and first and last codes are
    checked to catch the obvious cases.
    """
    key = id(municipalities)
    codes = municipalities["code"]
    fingerprint = (
        len(municipalities),
        str(codes.iloc[0]) if len(codes) else "",
        str(codes.iloc[-1]) if len(codes) else "",
    )
    cached = _CACHE.get(key)
    if cached and cached[0]() is municipalities and cached[1] == fingerprint:
        return cached[2]
    index = MunicipalityIndex.from_frame(municipalities)
    for stale in [k for k, (ref, _, _) in _CACHE.items() if ref() is None]:
        del _CACHE[stale]
    if len(_CACHE) >= 8:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = (weakref.ref(municipalities), fingerprint, index)
    return index
