"""Exported images and data: PNG size and content, SVG text, CSV header and safety, same numbers as the page.

Images are written to tests/output/export/ so a person can look at them.
"""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from analysis import dispersal
from analysis.municipalities import municipal_indicator_options
from tests.paths import shipped_bundle
from ui import compare_view
from ui.export import builders, data, render
from ui.i18n import LANGUAGES, format_number
from ui.layers import class_legend_entries
from ui.state import DataBundle

OUT = Path(__file__).resolve().parent / "output" / "export"
MEASURES = ("places_per_1000", "locations")


@pytest.fixture(scope="module")
def bundle() -> DataBundle:
    return shipped_bundle()


def compare_view_of(bundle: DataBundle, measure: str, lang: str):
    names = municipal_indicator_options(bundle.indicators)
    return compare_view.comparison_maps(bundle, measure, lang, names)


def svg_text(svg: bytes) -> str:
    """All ``<text>`` contents of an SVG, unescaped, joined by spaces (wrapped lines rejoin)."""
    parts = re.findall(r"<text\b[^>]*>(.*?)</text>", svg.decode("utf-8"), re.S)
    return " ".join(html.unescape(p) for p in parts)


def non_blank_share(png: bytes) -> float:
    """Share of pixels that are not white."""
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    return float((pixels < 250).mean())


@pytest.fixture(scope="module")
def compare_images(bundle):
    """PNG and SVG of the compare figure per language (written to tests/output/export/)."""
    OUT.mkdir(parents=True, exist_ok=True)
    images = {}
    for lang in LANGUAGES:
        figure = builders.compare_figure(
            compare_view_of(bundle, "places_per_1000", lang), lang, reference="2023-12-31"
        )
        png, svg = render.to_png(figure), render.to_svg(figure)
        (OUT / f"compare_places_per_1000_{lang}.png").write_bytes(png)
        (OUT / f"compare_places_per_1000_{lang}.svg").write_bytes(svg)
        small = Image.open(io.BytesIO(png))
        small = small.resize((600, round(small.height * 600 / small.width)), Image.Resampling.LANCZOS)
        small.save(OUT / f"compare_places_per_1000_{lang}_600px.png")
        images[lang] = (figure, png, svg)
    return images


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_png_is_2x_and_drawn(compare_images, lang):
    _, png, _ = compare_images[lang]
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.width >= 2000, "a two-map figure is at least 2,000 px wide"
    assert image.width == render.WIDTH_IN * render.DPI * render.PNG_SCALE
    share = non_blank_share(png)
    assert 0.1 < share < 0.8, f"{share:.0%} of the pixels are drawn"
    # Both map halves carry polygons: the middle band of each half is not blank.
    pixels = np.asarray(image.convert("L"))
    band = pixels[image.height // 3 : image.height // 2]
    for half in (band[:, : image.width // 2], band[:, image.width // 2 :]):
        assert (half < 250).mean() > 0.05


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_svg_keeps_title_source_and_every_legend_label_as_text(compare_images, lang):
    figure, _, svg = compare_images[lang]
    text = svg_text(svg)
    assert figure.title in text
    assert figure.subtitle in text
    assert figure.footer() in text
    assert "Asylum reception NL-BE" in text
    for legend in figure.legends:
        assert legend.title in text
        for entry in legend.entries:
            assert entry.label in text, entry.label
    assert "@font-face{font-family:'DejaVu Sans'" in svg.decode("utf-8"), "font embedded"


def test_legend_labels_use_the_language_number_format(compare_images):
    labels = {lang: [e.label for e in fig.legends[0].entries] for lang, (fig, _, _) in compare_images.items()}
    first_bound = compare_images["en"][0].legends[0].entries[0].label.split("– ")[1]
    value = float(first_bound.replace(",", ""))
    assert labels["en"][0].endswith(format_number(value, "en", decimals=2))
    assert labels["nl"][0].endswith(format_number(value, "nl", decimals=2))
    assert "," in labels["de"][0] and "." not in labels["de"][0].split("– ")[1]
    top = compare_images["fr"][0].legends[0].entries[4].label
    assert "\u202f" in top or float(top.split("– ")[1].replace(",", ".")) < 1000


def test_readable_at_newspaper_column_width(compare_images):
    """At 600 px wide the smallest type is still at least 8 px high, and the image is not washed out."""
    assert render.smallest_text_px(600) >= 8.0
    _, png, _ = compare_images["en"]
    image = Image.open(io.BytesIO(png))
    small = image.resize((600, round(image.height * 600 / image.width)), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    small.save(buffer, format="PNG")
    assert non_blank_share(buffer.getvalue()) > 0.1


@pytest.mark.parametrize("measure", MEASURES)
def test_figure_numbers_equal_the_page(bundle, measure):
    """Classes, colours, legend and data of the image are the page's, for two measures."""
    view = compare_view_of(bundle, measure, "en")
    figure = builders.compare_figure(view, "en")
    page_entries = class_legend_entries(view.classes, "en", decimals=view.decimals)
    assert [(e.color, e.label) for e in figure.legends[0].entries] == page_entries
    expected = dispersal.municipality_places(bundle.locations, bundle.municipalities)
    expected = expected.set_index("code")[measure]
    shown = figure.data.set_index("municipality_code")[measure]
    pd.testing.assert_series_equal(
        shown.sort_index().astype(float),
        expected.reindex(shown.index).sort_index().astype(float),
        check_names=False,
    )
    fills = pd.concat([p.polygons["fill"] for p in figure.panels])
    assert list(fills) == list(view.classes.color_of(view.table[measure]))
    assert len(fills) == len(bundle.municipalities)
    points = sum(len(p.points) for p in figure.panels)
    assert points == int((bundle.locations["lat"].notna() & bundle.locations["lon"].notna()).sum())


def test_csv_has_a_header_comment_and_neutralised_cells(bundle):
    view = compare_view_of(bundle, "places_per_1000", "nl")
    figure = builders.compare_figure(view, "nl", reference="2023-12-31")
    hostile = figure.data.copy()
    hostile.loc[0, "municipality"] = '=HYPERLINK("http://x","y")'
    hostile.loc[1, "municipality"] = "+31 6"
    title = 'Plaatsen, =HYPERLINK("http://x"); @SUM(A1)'
    figure = builders.Figure(**{**figure.__dict__, "data": hostile, "title": title})
    raw = data.figure_csv(figure)
    assert raw.startswith("\ufeff".encode())
    text = raw.decode("utf-8-sig")
    lines = text.split("\r\n")
    comments = [line for line in lines if line.startswith("#")]
    assert lines[: len(comments)] == comments, "the header comes first"
    assert comments[0] == "# Plaatsen,' =HYPERLINK(\u201dhttp://x\u201d);' @SUM(A1)"
    assert f"# {figure.footer()}" in comments
    # A spreadsheet splitting the header at , or ; never sees a piece that starts like a formula.
    for line in comments:
        for piece in re.split(r"[,;]", line):
            assert not re.match(r"\s*[=+\-@]", piece), piece
    frame = pd.read_csv(io.StringIO(text), comment="#")
    assert list(frame.columns[:4]) == ["country", "municipality_code", "municipality", "places_per_1000"]
    assert len(frame) == len(bundle.municipalities)
    rows = list(csv.reader(io.StringIO(text)))[len(comments) + 1 :]
    assert rows[0][2] == '\'=HYPERLINK("http://x","y")'
    assert rows[1][2] == "'+31 6"
    assert all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row)
    np.testing.assert_allclose(
        frame["places_per_1000"].to_numpy(float), hostile["places_per_1000"].to_numpy(float), equal_nan=True
    )


def test_indicator_figure_names_its_method_and_sources(bundle):
    names = municipal_indicator_options(bundle.indicators)
    rows = bundle.indicators[bundle.indicators["indicator"].isin(names)]
    # A map shows one period of an indicator (its default: analysis/indicator_periods.py),
    # so pick an indicator whose default period holds a target, plan or estimate.
    from analysis.indicator_periods import default_period, period_options

    def default_methods(indicator: str) -> set[str]:
        options = period_options(rows, indicator).set_index("period")
        return set(options.loc[default_period(options.reset_index()), "methods"].split(", "))

    qualified = [n for n in names if default_methods(n) & set(builders.QUALIFIED_METHODS)]
    if not qualified:
        pytest.skip("no municipal indicator with a target, plan or estimate in the shipped data")
    name = qualified[0]
    figure = builders.compare_figure(compare_view_of(bundle, name, "en"), "en")
    assert figure.method.startswith("Not observed:")
    assert figure.source and figure.date


def test_pages_do_not_import_matplotlib_until_an_image_is_drawn():
    """Importing matplotlib costs about 0.2 s (pyplot 0.6 s) of a fresh start: only a click pays it."""
    import subprocess
    import sys

    code = (
        "import sys; import ui.export.menu, ui.export.pages, ui.presentation, ui.compare_view, "
        "ui.dispersal_view, ui.remoteness_view; print('matplotlib' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "False"
