"""Colour-blind check of every palette the maps and charts draw with.

Each palette is simulated with colorspacious for deuteranopia, protanopia and
tritanopia at severity 100 (and left as is for normal vision); the distance
between two colours is measured in CAM02-UCS. Neighbouring classes of an
ordered palette (legend order: zero first, then the classes light to dark)
and any two colours of a categorical palette must stay at least
``MIN_NEIGHBOUR_DISTANCE`` apart; the no-data grey at least
``MIN_NO_DATA_DISTANCE`` from every colour it can sit beside on a map.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from colorspacious import cspace_convert

from ui import colors, maps
from ui.charts import COUNTRY_COLORS
from ui.dispersal_charts import EQUAL_COLOR, TARGET_COLOR
from ui.maps import CLASS_COLORS, UNKNOWN_CLASS_COLOR

VISIONS = (None, "deuteranomaly", "protanomaly", "tritanomaly")


def _rgb(hex_color: str) -> np.ndarray:
    h = hex_color.lstrip("#")
    return np.array([int(h[i : i + 2], 16) for i in (0, 2, 4)]) / 255


def distance(a: str, b: str, vision: str | None) -> float:
    """CAM02-UCS distance of two colours as seen with ``vision`` (None: normal)."""
    pair = np.array([_rgb(a), _rgb(b)])
    if vision:
        cvd = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
        pair = np.clip(cspace_convert(pair, cvd, "sRGB1"), 0, 1)
    ucs = cspace_convert(pair, "sRGB1", "CAM02-UCS")
    return float(np.linalg.norm(ucs[0] - ucs[1]))


def worst(pairs) -> tuple[float, str, str, str]:
    return min((distance(a, b, v), a, b, str(v)) for a, b in pairs for v in VISIONS)


ORDERED = {f"sequential {n} + zero": (maps.ZERO_COLOR, *colors.sequential_colors(n)) for n in range(1, 6)}
ORDERED |= {f"diverging {n}": colors.diverging_colors(n) for n in (3, 5, 7, 9)}
CATEGORICAL = {
    "location types": tuple(maps.LOCATION_TYPE_COLORS.values()),
    "countries and the equality line": (*COUNTRY_COLORS.values(), EQUAL_COLOR),
    "Spreidingswet target and places": (TARGET_COLOR, COUNTRY_COLORS["NL"]),
    "remoteness classes": (*CLASS_COLORS.values(), UNKNOWN_CLASS_COLOR),
}


@pytest.mark.parametrize("name", list(ORDERED))
def test_neighbouring_classes_stay_apart_for_colour_blind_readers(name: str) -> None:
    palette = ORDERED[name]
    d, a, b, vision = worst(zip(palette[:-1], palette[1:], strict=True))
    assert d >= colors.MIN_NEIGHBOUR_DISTANCE, f"{name}: {a} and {b} only {d:.1f} apart ({vision})"


@pytest.mark.parametrize("name", list(CATEGORICAL))
def test_categorical_colours_stay_apart_for_colour_blind_readers(name: str) -> None:
    d, a, b, vision = worst(itertools.combinations(CATEGORICAL[name], 2))
    assert d >= colors.MIN_NEIGHBOUR_DISTANCE, f"{name}: {a} and {b} only {d:.1f} apart ({vision})"


@pytest.mark.parametrize("name", list(ORDERED))
def test_no_data_grey_differs_from_every_class(name: str) -> None:
    d, a, b, vision = worst((maps.NO_DATA_COLOR, c) for c in ORDERED[name])
    assert d >= colors.MIN_NO_DATA_DISTANCE, f"{name}: {a} and {b} only {d:.1f} apart ({vision})"


def test_the_check_catches_colorbrewer_ylorrd():
    """The check is not vacuous: ColorBrewer's 5-class YlOrRd after the zero colour fails it."""
    brewer = ("#f7f7f7", "#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
    d, *_ = worst(zip(brewer[:-1], brewer[1:], strict=True))
    assert d < colors.MIN_NEIGHBOUR_DISTANCE


def test_shared_classes_use_the_checked_palette():
    import pandas as pd

    classes = colors.shared_classes(pd.Series(np.arange(1, 101, dtype=float)))
    assert classes.colors == colors.sequential_colors(len(classes.bins))


def test_scenario_classes_use_the_checked_palette():
    values = np.concatenate([np.arange(-900, 0, 7.0), np.arange(1, 900, 7.0)])
    classes = colors.diverging_classes(values)
    assert classes.colors == colors.diverging_colors(2 * len(classes.breaks) + 1)
