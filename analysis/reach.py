"""People within reach: official municipal populations spread over a grid.

Each municipality's official population (CBS 2024-01-01, Statbel
2020-01-01) is spread uniformly over its polygon (areal interpolation in
EPSG:3035): every grid cell whose centre lies in the polygon gets an equal
share, so each municipality's cells add up to its official population exactly.
The grid is then convolved with discs of 5, 10 and 20 km (numpy FFT), so the
population within R km of any point is one bilinear look-up.

No GeoNames point masses are added: inside a municipality people are spread
evenly, so a town and its villages share one density (see METHOD.md).
Residents of other countries (Germany, France, Luxembourg) are not counted:
near those borders the figures are lower bounds.

Measured on this machine (2 cores, shared): building the 500 m grid and its
three convolutions for the 923 shipped municipalities takes about 0.3 s; a
look-up of 170,000 points in three grids about 15 ms. scipy is not used:
importing it cost ~1.8 s on a fresh server.

Nothing here reads files, imports Streamlit or mutates its inputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from core.schema import EQUAL_AREA

__all__ = [
    "CELL_M",
    "REACH_RADII_KM",
    "PopulationGrid",
    "disc_kernel",
    "max_slope_within",
    "population_grid",
    "population_within",
    "populations_within",
]

CELL_M = 500.0
"""Grid cell size, metres (EPSG:3035). 250 m changes the shipped locations' figures by at most
about 1 % (see METHOD.md) and costs four times the memory and ~4x the build time."""

REACH_RADII_KM = (5, 10, 20)
"""Radii of the population-within-reach figures, km."""

SLOPE_RADIUS_KM = 5
"""The radius whose surface gets a gradient bound (:attr:`PopulationGrid.slope`)."""

_OWNER_SUBCELLS = 2  # per cell side, for deciding which municipality a piece of a cell belongs to
_KERNEL_SUBSAMPLES = 8  # per cell side: the disc's edge cells get their covered fraction


@dataclass(frozen=True)
class PopulationGrid:
    """Official population on a regular EPSG:3035 grid, and its disc sums.

    Attributes
    ----------
    x0, y0 : float
        EPSG:3035 coordinates (m) of the lower-left corner of cell (row 0, column 0).
    cell_m : float
        Cell size, metres.
    persons : numpy.ndarray
        Inhabitants per cell, shape (rows, columns); row 0 is the southernmost.
    within : dict[int, numpy.ndarray]
        Radius (km) -> inhabitants living within that radius of each cell centre.
    total : float
        Sum of the official populations spread (equals ``persons.sum()`` up to rounding).
    municipalities_without_cell : int
        Municipalities too small to hold a cell centre; their population sits in
        the cell of their representative point.
    """

    x0: float
    y0: float
    cell_m: float
    persons: np.ndarray = field(repr=False)
    within: dict[int, np.ndarray] = field(repr=False)
    slope: dict[int, np.ndarray] = field(repr=False)
    total: float
    municipalities_without_cell: int


def disc_kernel(radius_m: float, cell_m: float) -> np.ndarray:
    """Fraction of each cell covered by a disc of ``radius_m`` centred on the middle cell.

    Parameters
    ----------
    radius_m, cell_m : float
        Disc radius and cell size, metres.

    Returns
    -------
    numpy.ndarray
        Square array of side ``2 * ceil(radius_m / cell_m) + 1``; values 0-1,
        from 8 x 8 sub-samples per cell. Its sum times ``cell_m**2`` is the
        disc's area within 0.1 % at 500 m cells and 5 km.
    """
    n = int(np.ceil(radius_m / cell_m))
    sub = (np.arange(_KERNEL_SUBSAMPLES) + 0.5) / _KERNEL_SUBSAMPLES - 0.5
    centres = np.arange(-n, n + 1) * cell_m
    along = (centres[:, None] + sub[None, :] * cell_m) ** 2  # (cells, subsamples)
    inside = along[:, None, :, None] + along[None, :, None, :] <= radius_m**2
    return inside.mean(axis=(2, 3))


def _fast_length(n: int) -> int:
    """Smallest 2-3-5-smooth integer >= n (an FFT-friendly length)."""
    m = max(int(n), 1)
    while True:
        k = m
        for p in (2, 3, 5):
            while k % p == 0:
                k //= p
        if k == 1:
            return m
        m += 1


def population_grid(
    municipalities: pd.DataFrame,
    *,
    cell_m: float = CELL_M,
    radii_km: tuple[int, ...] = REACH_RADII_KM,
) -> PopulationGrid:
    """Spread official populations over a grid and sum them within each radius.

    Parameters
    ----------
    municipalities : geopandas.GeoDataFrame
        ``population`` (inhabitants) and polygon ``geometry`` with a CRS
        (EPSG:4326 from the loaders; projected here to EPSG:3035). Rows without
        a population add nobody.
    cell_m : float
        Cell size, metres (default :data:`CELL_M`).
    radii_km : tuple of int
        Radii of the disc sums, km (default :data:`REACH_RADII_KM`).

    Returns
    -------
    PopulationGrid
        The grid covers the municipalities plus the largest radius on every
        side, so every point whose disc touches a municipality is inside it.
    """
    if getattr(municipalities, "crs", None) is None:
        msg = "population_grid: municipalities need a CRS (EPSG:4326 as the loaders return them)"
        raise ValueError(msg)
    # to_crs returns new geometry objects, so preparing them leaves the input untouched.
    geoms = np.asarray(municipalities.to_crs(EQUAL_AREA).geometry.values, dtype=object)
    shapely.prepare(geoms)  # contains_xy on prepared polygons: 0.06 s instead of ~1 s
    population = pd.to_numeric(municipalities["population"], errors="coerce").to_numpy(float, na_value=0.0)
    population = np.where(np.isfinite(population) & (population > 0), population, 0.0)
    pad = int(np.ceil(max(radii_km, default=0) * 1000.0 / cell_m))
    if len(geoms) == 0:
        empty = np.zeros((1, 1))
        return PopulationGrid(
            0.0, 0.0, cell_m, empty, {r: empty for r in radii_km}, {r: empty for r in radii_km}, 0.0, 0
        )
    bx0, by0, bx1, by1 = shapely.total_bounds(geoms)
    x0 = (np.floor(bx0 / cell_m) - pad) * cell_m
    y0 = (np.floor(by0 / cell_m) - pad) * cell_m
    nx = int(np.ceil((bx1 - x0) / cell_m)) + pad
    ny = int(np.ceil((by1 - y0) / cell_m)) + pad
    # A zero margin of at least the largest kernel radius on every side makes the
    # FFT's circular convolution equal to the linear one; sizes rounded up to
    # 2-3-5-smooth lengths (an awkward prime length made one FFT ~3x slower).
    ny, nx = _fast_length(ny), _fast_length(nx)

    # Ownership is decided on sub-cells (cell / 2): a cell on a border between a
    # dense and a sparse municipality then holds both in proportion, which halved
    # the largest error against the exact polygon intersection (see METHOD.md).
    sub = _OWNER_SUBCELLS
    fine = cell_m / sub
    owner = np.full((ny * sub, nx * sub), -1, dtype=np.int32)
    for i, geom in enumerate(geoms):
        if geom is None or geom.is_empty or population[i] == 0:
            continue
        gx0, gy0, gx1, gy1 = geom.bounds
        c0 = max(int(np.floor((gx0 - x0) / fine)), 0)
        c1 = min(int(np.ceil((gx1 - x0) / fine)), nx * sub)
        r0 = max(int(np.floor((gy0 - y0) / fine)), 0)
        r1 = min(int(np.ceil((gy1 - y0) / fine)), ny * sub)
        xs = x0 + (np.arange(c0, c1) + 0.5) * fine
        ys = y0 + (np.arange(r0, r1) + 0.5) * fine
        inside = shapely.contains_xy(geom, xs[None, :], ys[:, None])
        block = owner[r0:r1, c0:c1]
        block[inside] = i  # a centre on a shared edge goes to the later polygon

    cells = np.bincount(owner[owner >= 0], minlength=len(geoms))
    share = np.divide(population, cells, out=np.zeros_like(population), where=cells > 0)
    persons_fine = np.where(owner >= 0, share[np.maximum(owner, 0)], 0.0)
    persons = persons_fine.reshape(ny, sub, nx, sub).sum(axis=(1, 3))
    orphans = np.flatnonzero((cells == 0) & (population > 0))
    for i in orphans:  # smaller than a sub-cell: all of it at its representative point
        point = shapely.point_on_surface(geoms[i])
        col = int((point.x - x0) // cell_m)
        row = int((point.y - y0) // cell_m)
        persons[row, col] += population[i]

    spectrum = np.fft.rfft2(persons)
    within = {}
    for radius in radii_km:
        kernel = disc_kernel(radius * 1000.0, cell_m)
        k = kernel.shape[0] // 2
        padded = np.zeros((ny, nx))
        # Kernel centred on (0, 0), wrapped: the FFT product is then a centred convolution.
        padded[: k + 1, : k + 1] = kernel[k:, k:]
        padded[: k + 1, -k:] = kernel[k:, :k]
        padded[-k:, : k + 1] = kernel[:k, k:]
        padded[-k:, -k:] = kernel[:k, :k]
        summed = np.fft.irfft2(spectrum * np.fft.rfft2(padded), s=(ny, nx))
        within[radius] = np.maximum(summed, 0.0)  # FFT round-off can dip below zero
    # Only the 5 km surface decides a class; the bound costs ~30 ms per surface.
    slope = {radius: _slope_bound(within[radius], cell_m) for radius in radii_km if radius == SLOPE_RADIUS_KM}
    return PopulationGrid(
        x0=float(x0),
        y0=float(y0),
        cell_m=float(cell_m),
        persons=persons,
        within=within,
        slope=slope,
        total=float(population.sum()),
        municipalities_without_cell=len(orphans),
    )


def _slope_bound(values: np.ndarray, cell_m: float) -> np.ndarray:
    """Gradient bound of the bilinear surface over each square of four cell centres (per metre).

    On one square the bilinear surface's x-derivative varies linearly between
    the differences along its bottom and top edges, and its y-derivative
    between those along its left and right edges, so
    ``|gradient| <= hypot(max |dx|, max |dy|) / cell``.
    """
    dx = np.abs(np.diff(values, axis=1))  # (ny, nx-1)
    dy = np.abs(np.diff(values, axis=0))  # (ny-1, nx)
    return np.hypot(np.maximum(dx[:-1, :], dx[1:, :]), np.maximum(dy[:, :-1], dy[:, 1:])) / cell_m


def _bilinear_weights(grid: PopulationGrid, x, y):
    """Cell indices and weights of a bilinear look-up between cell centres."""
    ny, nx = grid.persons.shape
    fx = (np.asarray(x, float) - grid.x0) / grid.cell_m - 0.5
    fy = (np.asarray(y, float) - grid.y0) / grid.cell_m - 0.5
    finite = np.isfinite(fx) & np.isfinite(fy)
    ok = finite & (fx >= 0) & (fy >= 0) & (fx <= nx - 1) & (fy <= ny - 1)
    c = np.minimum(np.floor(fx[ok]).astype(np.intp), nx - 2)
    r = np.minimum(np.floor(fy[ok]).astype(np.intp), ny - 2)
    tx = fx[ok] - c
    ty = fy[ok] - r
    flat = r * nx + c
    weights = ((1 - tx) * (1 - ty), tx * (1 - ty), (1 - tx) * ty, tx * ty)
    return finite, ok, (flat, flat + 1, flat + nx, flat + nx + 1), weights


def population_within(grid: PopulationGrid, x, y, radius_km: int) -> np.ndarray:
    """Inhabitants within ``radius_km`` of EPSG:3035 points, bilinear between cell centres.

    Parameters
    ----------
    grid : PopulationGrid
        From :func:`population_grid`.
    x, y : array-like of float
        EPSG:3035 coordinates, metres, any shape. NaN gives NaN.
    radius_km : int
        One of the grid's radii.

    Returns
    -------
    numpy.ndarray of float
        Inhabitants, the shape of ``x``. Points outside the grid are farther than
        the largest radius from every municipality and get 0.
    """
    return populations_within(grid, x, y, (radius_km,))[radius_km]


def populations_within(grid: PopulationGrid, x, y, radii_km) -> dict[int, np.ndarray]:
    """:func:`population_within` for several radii, sharing one set of bilinear weights."""
    finite, ok, corners, weights = _bilinear_weights(grid, x, y)
    out = {}
    for radius in radii_km:
        flat = grid.within[radius].ravel()
        values = np.where(finite, 0.0, np.nan)
        values[ok] = sum(flat[i] * w for i, w in zip(corners, weights, strict=True))
        out[radius] = values
    return out


def max_slope_within(grid: PopulationGrid, x, y, radius_m, radius_km: int) -> np.ndarray:
    """Largest gradient bound (inhabitants per metre) of ``within[radius_km]`` over each disc.

    Parameters
    ----------
    grid : PopulationGrid
    x, y : array-like of float
        Disc centres, EPSG:3035 metres, shape (n,).
    radius_m : array-like of float
        Disc radii, metres, shape (n,).
    radius_km : int
        Which population surface.

    Returns
    -------
    numpy.ndarray of float, shape (n,)
        The maximum of :attr:`PopulationGrid.slope` over every square that meets
        the disc's bounding box: a Lipschitz constant of the bilinear surface on
        the disc (NaN where the centre is missing).
    """
    slope = grid.slope[radius_km]
    sy, sx = slope.shape
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    radius_m = np.asarray(radius_m, float)
    out = np.full(len(x), np.nan)
    ok = np.isfinite(x) & np.isfinite(y) & np.isfinite(radius_m)
    if not ok.any():
        return out
    c0 = np.floor((x - radius_m - grid.x0) / grid.cell_m - 0.5)
    r0 = np.floor((y - radius_m - grid.y0) / grid.cell_m - 0.5)
    width = np.ceil(2 * radius_m / grid.cell_m).astype(np.intp, copy=False) + 2
    for w in np.unique(width[ok]):  # one vectorised gather per window size
        rows = np.flatnonzero(ok & (width == w))
        steps = np.arange(w)
        cc = np.clip(c0[rows, None] + steps[None, :], 0, sx - 1).astype(np.intp)  # (m, w)
        rr = np.clip(r0[rows, None] + steps[None, :], 0, sy - 1).astype(np.intp)
        out[rows] = slope[rr[:, :, None], cc[:, None, :]].max(axis=(1, 2))
    return out
