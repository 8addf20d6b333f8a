"""Find municipalities by code, by name and by point.

One :class:`MunicipalityIndex` is built per municipalities frame (and cached
while that frame lives): code lookup, name keys (case, accents, apostrophes,
spacing and bilingual forms folded), a representative point per
municipality, and for point-in-polygon a grid over the two countries whose
cells inside one municipality answer by lookup, the others by a vectorised
``shapely.intersects_xy`` against the few municipalities touching the cell
(faster than a geopandas ``sjoin``: no Point objects, prepared polygons).
Name lookups run once per distinct value of a column, so a 100,000-row file
naming 300 municipalities costs 300 lookups (remembered for later uploads).
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from dataclasses import dataclass, field, fields
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyproj
import shapely

from core.schema import EQUAL_AREA, WGS84
from loaders._headers import Problems, encode, quote

# Flemish municipalities formed on 1 January 2025 whose names are not in the
# 2019-2024 list (decree of the Flemish Parliament, April 2024; Antwerpen,
# Hasselt, Lochristi, Lokeren, Tielt and Wingene kept their names).
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
_EXTRA_NAMES = {"denhaag": "GM0518", "thehague": "GM0518", "lahaye": "GM0518", "denbosch": "GM0796"}
_PREFIX = re.compile(
    r"^(gemeente|stad|stadt|gemeinde|ville de|ville d|commune de|commune d|city of|municipality of)\b\s*"
)
_COUNTRY_WORDS = {
    "NL": {"nl", "nld", "nederland", "netherlands", "thenetherlands", "paysbas", "niederlande", "holland"},
    "BE": {"be", "bel", "belgie", "belgique", "belgium", "belgien"},
}


_LIGATURES = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O"})


def fold(text: str) -> str:
    """Lower case without accents: ``Súdwest-Fryslân`` -> ``sudwest-fryslan`` (other non-ASCII letters go)."""
    text = unicodedata.normalize("NFKD", str(text).translate(_LIGATURES))
    return text.encode("ascii", "ignore").decode("ascii").lower()


def name_key(text: str) -> str:
    """Letters and digits only: ``'s-Hertogenbosch`` and ``s Hertogenbosch`` -> ``shertogenbosch``."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


_MERGED_KEYS = frozenset(name_key(n) for n in MERGED_2025)


def _province_key(text: str) -> str:
    """``Provincie Limburg`` and ``Limburg (PV)`` -> ``limburg`` (first half of a bilingual name)."""
    first = re.split(r"\s*/\s*", str(text))[0]
    first = re.sub(r"\(.*?\)", "", fold(first))
    first = re.sub(r"^(provincie|province|provinz)\s+(de\s+|du\s+|d\s*'\s*)?", "", first.strip())
    return name_key(first)


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


def _by_unique(values, func) -> tuple[np.ndarray, np.ndarray]:
    """Apply ``func`` (value -> (position, reason)) once per distinct value."""
    codes, uniques = encode(values)
    results = [func(str(u)) for u in uniques]
    positions = np.array([r[0] for r in results] + [-1], dtype=np.int64)
    reasons = np.array([r[1] for r in results] + [""], dtype=object)
    return positions[codes], reasons[codes]


@dataclass(frozen=True)
class _Grid:
    """Cells over the bounding box: the municipality covering each cell (-1 on borders)
    and, per cell, the municipalities touching it (``candidates[offsets[c]:offsets[c + 1]]``)."""

    west: float
    south: float
    dx: float
    dy: float
    nx: int
    ny: int
    owner: np.ndarray
    offsets: np.ndarray
    candidates: np.ndarray


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
    province_keys: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))
    _projected: tuple[np.ndarray, shapely.STRtree] | None = field(default=None, repr=False)
    _grid: _Grid | None = field(default=None, repr=False)
    _names_seen: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_frame(cls, municipalities: gpd.GeoDataFrame) -> MunicipalityIndex:
        frame = municipalities
        if frame.crs is not None and frame.crs != WGS84:
            frame = frame.to_crs(WGS84)
        codes = frame["code"].astype("str").to_numpy(dtype=object)
        countries = frame["country"].astype("str").to_numpy(dtype=object)
        names = frame["name"].astype("str").to_numpy(dtype=object)
        # Copies: the tree prepares the geometries it indexes, which must not touch the caller's frame.
        geometries = shapely.from_wkb(shapely.to_wkb(np.asarray(frame.geometry.to_numpy(), dtype=object)))
        shapely.prepare(geometries)
        reps = shapely.point_on_surface(geometries)
        # Strong keys: the official name. Weak keys: the other languages, each
        # half of a bilingual "Bruxelles / Brussel", the name without "(NH.)".
        strong: dict[str, set[int]] = {}
        weak: dict[str, set[int]] = {}
        other_names = [frame[c].astype("str").tolist() for c in ("name_nl", "name_fr") if c in frame.columns]
        for pos, name in enumerate(names):
            own = name_key(name)
            strong.setdefault(own, set()).add(pos)
            alternatives = [column[pos] for column in other_names]
            alternatives += re.split(r"\s*/\s*", name)
            alternatives.append(re.sub(r"\s*\(.*?\)", "", name))
            for alt in alternatives:
                key = name_key(alt)
                if key and key != own:
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
            province_keys=np.array(
                [_province_key(p) for p in frame["province"].astype("str").tolist()]
                if "province" in frame.columns
                else [""] * len(frame),
                dtype=object,
            ),
        )

    def label(self, pos: int) -> str:
        """``Amsterdam (GM0363)``."""
        return f"{self.names[pos]} ({self.codes[pos]})"

    # --- codes ----------------------------------------------------------------

    def match_code(self, value: str) -> tuple[int, str]:
        """Position of a municipality code (``GM0363``, ``363``, ``21004``), or -1 and the reason."""
        text = re.sub(r"\.0+$", "", re.sub(r"\s", "", str(value)).upper())
        quoted = quote([value])[0]
        # CBS writes GM0363, Kiesraad G0363, spreadsheets 0363 or 363; NIS codes lose or gain a zero.
        nl = re.fullmatch(r"(?:GM|G)?(\d{1,4})", text)
        be = re.fullmatch(r"(?:BE|NIS|INS)?0?(\d{5})", text)
        if nl:
            code = f"GM{int(nl.group(1)):04d}"
            if code in self.code_position:
                return self.code_position[code], ""
            return (
                -1,
                f"{quoted} is not one of the {self.counts.get('NL', 0)} Dutch municipality codes (CBS, 2023)",
            )
        if be:
            if be.group(1) in self.code_position:
                return self.code_position[be.group(1)], ""
            return -1, (
                f"{quoted} is not one of the {self.counts.get('BE', 0)} Belgian NIS codes of 2019-2024; "
                f"if it is the code of a merged municipality, {MERGERS_NOTE}"
            )
        return (
            -1,
            f"{quoted} is not a municipality code "
            "(Dutch codes look like GM0363, Belgian NIS codes like 21004)",
        )

    def match_codes(self, values) -> tuple[np.ndarray, np.ndarray]:
        """Positions (-1 when not found) and reasons ("" when found)."""
        return _by_unique(values, self.match_code)

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
        quoted = quote([value])[0]
        folded = fold(value).strip()
        attempts = (folded, re.sub(r"\(.*?\)", "", folded), _PREFIX.sub("", folded))
        for key in map(name_key, attempts):
            found = self._candidates(key, country) if key else ()
            if len(found) == 1:
                return found[0], ""
            if len(found) > 1:
                listed = ", ".join(self.label(p) for p in found)
                return -1, f"{quoted} matches several municipalities: {listed}; give the municipality code"
        # "Brussel / Bruxelles": every half must name the same municipality.
        parts = [name_key(p) for p in re.split(r"\s*/\s*|\s+-\s+", folded)]
        parts = [p for p in parts if p]
        if len(parts) > 1:
            hits = {self._candidates(p, country) for p in parts} - {()}
            if len(hits) == 1 and len(found := next(iter(hits))) == 1:
                return found[0], ""
        if name_key(value) in _MERGED_KEYS:
            return -1, f"{quoted} is a municipality formed on 1 January 2025; {MERGERS_NOTE}"
        where = {"NL": "the Netherlands (2023)", "BE": "Belgium (2019-2024)"}.get(
            country or "", "the Netherlands (2023) or Belgium (2019-2024)"
        )
        note = f"; if it is a Belgian municipality merged in 2025, {MERGERS_NOTE}" if country == "BE" else ""
        return -1, f"{quoted} is not a municipality name of {where}{note}"

    def in_province(self, value: str, province: str) -> int:
        """Position of an ambiguous name (``Bergen``) within a province (``Limburg``), else -1."""
        wanted = _province_key(province)
        folded = fold(value).strip()
        for key in map(name_key, (folded, re.sub(r"\(.*?\)", "", folded))):
            found = [p for p in self._candidates(key, None) if self.province_keys[p] == wanted]
            if len(found) == 1:
                return found[0]
        return -1

    def match_names(self, values, countries=None) -> tuple[np.ndarray, np.ndarray]:
        """Positions (-1 when not found or ambiguous) and reasons, one lookup per distinct (name, country)."""
        name_codes, names = encode(values)
        if countries is None or not np.any(np.asarray(countries, dtype=object) != ""):
            country_codes, country_names = np.zeros(len(name_codes), dtype=np.int64), [""]
        else:
            country_codes, country_names = encode(np.asarray(countries, dtype=object))
        pairs, inverse = np.unique(
            name_codes * max(len(country_names), 1) + country_codes, return_inverse=True
        )
        positions = np.empty(len(pairs), dtype=np.int64)
        reasons = np.empty(len(pairs), dtype=object)
        for k, pair in enumerate(pairs.tolist()):
            name, country = divmod(pair, max(len(country_names), 1))
            key = (str(names[name]), str(country_names[country]) if len(country_names) else "")
            if key not in self._names_seen:
                self._names_seen[key] = self.match_name(key[0], key[1] or None)
            positions[k], reasons[k] = self._names_seen[key]
        return positions[inverse.ravel()], reasons[inverse.ravel()]

    # --- points ---------------------------------------------------------------

    def locate(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Position of the municipality containing each point (WGS84), -1 outside all.

        A grid over the bounding box answers most points by lookup (cells lying
        inside one municipality); the others are tested against the few
        municipalities touching their cell with ``shapely.intersects_xy``
        (prepared polygons, no Point objects). A point on a shared border
        goes to the first municipality that holds it.
        """
        lon = np.asarray(lon, dtype=float)
        lat = np.asarray(lat, dtype=float)
        result = np.full(len(lon), -1, dtype=np.int64)
        grid = self._grid or self._build_grid()
        with np.errstate(invalid="ignore"):
            col = np.floor((lon - grid.west) / grid.dx)
            row = np.floor((lat - grid.south) / grid.dy)
            inside = (col >= 0) & (col < grid.nx) & (row >= 0) & (row < grid.ny)
        points = np.flatnonzero(inside)
        if len(points) == 0:
            return result
        cell = row[points].astype(np.int64) * grid.nx + col[points].astype(np.int64)
        owner = grid.owner[cell]
        result[points] = owner
        # Cells on a border: test each candidate municipality of the cell.
        open_points, open_cells = points[owner < 0], cell[owner < 0]
        counts = grid.offsets[open_cells + 1] - grid.offsets[open_cells]
        if counts.sum() == 0:
            return result
        pair_point = np.repeat(open_points, counts)
        first = np.repeat(grid.offsets[open_cells] - np.cumsum(counts) + counts, counts)
        pair_poly = grid.candidates[first + np.arange(counts.sum())]
        hit = shapely.intersects_xy(self.geometries[pair_poly], lon[pair_point], lat[pair_point])
        result[pair_point[hit][::-1]] = pair_poly[hit][::-1]
        return result

    def _build_grid(self, size: int = 256) -> _Grid:
        west, south, east, north = self.bounds
        dx, dy = (east - west) / size, (north - south) / size
        xs, ys = np.meshgrid(west + dx * np.arange(size), south + dy * np.arange(size))
        boxes = shapely.box(xs.ravel(), ys.ravel(), xs.ravel() + dx, ys.ravel() + dy)
        cell, poly = self.tree.query(boxes, predicate="intersects")
        order = np.lexsort((poly, cell))
        cell, poly = cell[order], poly[order]
        counts = np.bincount(cell, minlength=size * size)
        owner = np.full(size * size, -1, dtype=np.int64)
        single = np.flatnonzero(counts == 1)
        first = np.concatenate([[0], np.cumsum(counts)])
        only = poly[first[single]]
        solid = shapely.covers(self.geometries[only], boxes[single])
        owner[single[solid]] = only[solid]
        self._grid = _Grid(west, south, dx, dy, size, size, owner, first, poly)
        return self._grid

    def _equal_area(self) -> tuple[np.ndarray, shapely.STRtree]:
        """The polygons in EPSG:3035 and their tree, built once."""
        if self._projected is None:
            projected = gpd.GeoSeries(self.geometries, crs=WGS84).to_crs(EQUAL_AREA).to_numpy()
            self._projected = (projected, shapely.STRtree(projected))
        return self._projected

    def largest_overlap(self, geometries: np.ndarray, crs: str | None) -> tuple[np.ndarray, np.ndarray]:
        """Per geometry: the municipality it overlaps most (areas in EPSG:3035) and that share of its area.

        -1 and NaN for empty geometries and those overlapping none.
        """
        polygons, tree = self._equal_area()
        shapes = gpd.GeoSeries(geometries, crs=crs or WGS84).to_crs(EQUAL_AREA).to_numpy()
        result = np.full(len(shapes), -1, dtype=np.int64)
        share = np.full(len(shapes), np.nan)
        left, right = tree.query(shapes, predicate="intersects")
        if len(left) == 0:
            return result, share
        areas = shapely.area(shapely.intersection(shapes[left], polygons[right]))
        order = np.lexsort((-areas, left))
        first = np.concatenate([[True], left[order][1:] != left[order][:-1]])
        best = order[first]
        result[left[best]] = right[best]
        with np.errstate(invalid="ignore", divide="ignore"):
            share[left[best]] = areas[best] / shapely.area(shapes[left[best]])
        return result, share

    def nearest(self, lon: np.ndarray, lat: np.ndarray, max_km: float) -> tuple[np.ndarray, np.ndarray]:
        """Nearest municipality within ``max_km`` (measured in EPSG:3035), -1 and NaN beyond."""
        lon = np.asarray(lon, dtype=float)
        lat = np.asarray(lat, dtype=float)
        result = np.full(len(lon), -1, dtype=np.int64)
        distance = np.full(len(lon), np.nan)
        valid = np.flatnonzero(np.isfinite(lon) & np.isfinite(lat) & (np.abs(lat) < 90))
        if len(valid) == 0:
            return result, distance
        self._equal_area()
        with np.errstate(all="ignore"):
            x, y = transformer(WGS84, EQUAL_AREA).transform(lon[valid], lat[valid], errcheck=False)
        finite = np.isfinite(x) & np.isfinite(y)
        valid, x, y = valid[finite], np.asarray(x)[finite], np.asarray(y)[finite]
        if len(valid) == 0:
            return result, distance
        (hit_point, hit_tree), dist = self._projected[1].query_nearest(
            shapely.points(x, y), max_distance=max_km * 1000, return_distance=True, all_matches=False
        )
        result[valid[hit_point]] = hit_tree
        distance[valid[hit_point]] = dist / 1000
        return result, distance


_CACHE: dict[int, tuple[weakref.ref, tuple, MunicipalityIndex]] = {}


def index_for(municipalities: gpd.GeoDataFrame) -> MunicipalityIndex:
    """The :class:`MunicipalityIndex` of a frame, built once while the frame lives.

    The frame must not be changed afterwards (like everything that
    ``st.cache_resource`` shares); its length and columns are checked to
    catch the obvious cases.
    """
    fingerprint = (len(municipalities), tuple(municipalities.columns))
    cached = _CACHE.get(id(municipalities))
    if cached and cached[0]() is municipalities and cached[1] == fingerprint:
        return cached[2]
    index = MunicipalityIndex.from_frame(municipalities)
    for stale in [k for k, (ref, _, _) in _CACHE.items() if ref() is None]:
        del _CACHE[stale]
    if len(_CACHE) >= 8:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[id(municipalities)] = (weakref.ref(municipalities), fingerprint, index)
    return index


# --- what a file says about the municipality ------------------------------------


def _filled(values: pa.Array | np.ndarray) -> np.ndarray:
    if isinstance(values, pa.Array):
        return np.asarray(pc.not_equal(values, "").to_numpy(zero_copy_only=False), dtype=bool)
    return np.asarray(values != "", dtype=bool)


def _subset(values: pa.Array | np.ndarray, mask: np.ndarray) -> pa.Array | np.ndarray:
    return values.filter(pa.array(mask)) if isinstance(values, pa.Array) else values[mask]


def country_hints(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """NL/BE per row ("" when empty or not understood) and the mask of values not understood."""
    values = np.asarray(values, dtype=object)
    codes, uniques = pd.factorize(values)
    mapped = np.array([country_code(str(u)) or "" for u in uniques] + [""], dtype=object)[codes]
    return mapped, (values != "") & (mapped == "")


@dataclass(frozen=True)
class Stated:
    """The municipality a file names per row, by code and by name (positions, -1 when none)."""

    position: np.ndarray
    code_pos: np.ndarray
    code_reason: np.ndarray
    name_pos: np.ndarray
    name_reason: np.ndarray
    has_code: np.ndarray
    has_name: np.ndarray

    def take(self, rows: np.ndarray) -> Stated:
        """The same for records that point at ``rows``."""
        return Stated(*(getattr(self, f.name)[rows] for f in fields(self)))


def stated_municipality(
    index: MunicipalityIndex, codes: pa.Array, names: pa.Array, countries: np.ndarray
) -> Stated:
    """Look up stated codes and names (a code wins over a name when both are found)."""
    n = len(codes)
    has_code = _filled(codes)
    has_name = _filled(names)
    code_pos = np.full(n, -1, dtype=np.int64)
    code_reason = np.full(n, "", dtype=object)
    name_pos = np.full(n, -1, dtype=np.int64)
    name_reason = np.full(n, "", dtype=object)
    if has_code.any():
        code_pos[has_code], code_reason[has_code] = index.match_codes(_subset(codes, has_code))
    if has_name.any():
        name_pos[has_name], name_reason[has_name] = index.match_names(
            _subset(names, has_name), countries[has_name]
        )
    position = np.where(code_pos >= 0, code_pos, name_pos)
    return Stated(position, code_pos, code_reason, name_pos, name_reason, has_code, has_name)


def resolve_stated(
    problems: Problems,
    index: MunicipalityIndex,
    stated: Stated,
    rows: np.ndarray,
    code_col: str,
    name_col: str,
) -> np.ndarray:
    """Municipality of ``rows`` (mask) from what the file states; errors where it cannot be found.

    A code that is not found is an error unless the name is found (then a
    warning); a name that is not found is an error unless the code is found.
    Rows stating neither are left to the caller (-1, no message).
    """
    code_ok = stated.code_pos >= 0
    name_ok = stated.name_pos >= 0
    bad_code = rows & stated.has_code & ~code_ok
    problems.error(bad_code & ~name_ok, code_col, "{}", stated.code_reason[bad_code & ~name_ok])
    problems.warn(
        bad_code & name_ok,
        code_col,
        "{}; the municipality was found by its name instead",
        stated.code_reason[bad_code & name_ok],
    )
    bad_name = rows & stated.has_name & ~name_ok
    problems.error(bad_name & ~code_ok, name_col, "{}", stated.name_reason[bad_name & ~code_ok])
    # "Bergen" with code G0373: the code settles which Bergen; nothing to warn about.
    settled = np.zeros(len(bad_name), dtype=bool)
    for i in np.flatnonzero(bad_name & code_ok).tolist():
        settled[i] = f"({index.codes[stated.code_pos[i]]})" in str(stated.name_reason[i])
    warn = bad_name & code_ok & ~settled
    problems.warn(warn, name_col, "{}; the code was used", stated.name_reason[warn])
    clash = rows & code_ok & name_ok & (stated.code_pos != stated.name_pos)
    if clash.any():
        problems.warn(
            clash,
            name_col,
            "the code points to {} but the name to {}; the code was used",
            [index.label(p) for p in stated.code_pos[clash]],
            [index.label(p) for p in stated.name_pos[clash]],
        )
    return np.where(rows & (stated.position >= 0), stated.position, -1)


def compare_with_point(
    problems: Problems,
    index: MunicipalityIndex,
    stated: Stated,
    rows: np.ndarray,
    position: np.ndarray,
    countries: np.ndarray,
    columns: tuple[str, str, str],
) -> None:
    """Warnings where rows placed by their point state another municipality or country.

    ``columns`` are the file's (code, name, country) column names.
    """
    code_col, name_col, country_col = columns
    differ = rows & (stated.position >= 0) & (stated.position != position)
    if differ.any():
        by_code = differ & (stated.code_pos >= 0)
        for mask, column in ((by_code, code_col), (differ & ~by_code, name_col)):
            problems.warn(
                mask,
                column,
                "point lies in {}, file says {}",
                [index.label(p) for p in position[mask]],
                [index.label(p) for p in stated.position[mask]],
            )
    unknown_code = rows & stated.has_code & (stated.code_pos < 0)
    problems.warn(
        unknown_code,
        code_col,
        "{}; the municipality was taken from the point",
        stated.code_reason[unknown_code],
    )
    unknown_name = rows & stated.has_name & (stated.name_pos < 0) & (stated.code_pos < 0)
    problems.warn(
        unknown_name,
        name_col,
        "{}; the municipality was taken from the point",
        stated.name_reason[unknown_name],
    )
    located = index.countries[np.maximum(position, 0)]
    clash = rows & (countries != "") & (countries != located)
    problems.warn(clash, country_col, "point lies in {}, file says {}", located[clash], countries[clash])
