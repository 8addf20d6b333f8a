"""Images of the Dispersal and Remoteness figures: built from the page's own charts, same numbers.

For two reference dates (locations in use at the end of 2023, and all rows),
each figure's data must equal what ``analysis/`` computes for that selection
in the test, and the two dates must give different figures. Every image is
written to tests/output/export/ (PNG 2x, SVG, and a 600 px copy) and its SVG
must hold the title, the source line and every legend label as text.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from html import unescape
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from analysis import dispersal
from analysis.reference_date import select_locations
from analysis.remoteness import REMOTENESS_CLASSES
from tests.paths import shipped_bundle
from ui import cache, compare_view, maps
from ui.charts import country_label
from ui.dispersal_charts import (
    hosting_chart,
    hosting_frame,
    lorenz_chart,
    province_chart,
    province_frame,
)
from ui.export import builders, pages, render
from ui.export.pages import Caption
from ui.i18n import t
from ui.remoteness_charts import class_shares, class_shares_chart, most_remote_chart
from ui.remoteness_table import most_remote
from ui.remoteness_view import location_table, summary
from ui.state import DataBundle

OUT = Path(__file__).resolve().parent / "output" / "export"
REFERENCES = ("end_2023", "all")


@pytest.fixture(scope="module")
def shipped() -> DataBundle:
    return shipped_bundle()


@pytest.fixture(scope="module")
def bundles(shipped) -> dict[str, DataBundle]:
    """The shipped data under each reference date (own cache token each)."""
    return {
        ref: replace(shipped, locations=select_locations(shipped.locations, ref), token=f"test-ref={ref}")
        for ref in REFERENCES
    }


def caption(title: str, ref: str, lang: str = "en") -> Caption:
    return Caption(title, "subtitle", "sources", "date", lang, reference=ref)


def svg_text(svg: bytes) -> str:
    parts = re.findall(r"<text\b[^>]*>(.*?)</text>", svg.decode("utf-8"), re.S)
    return " ".join(unescape(p) for p in parts)


def save_and_check(figure, name: str) -> None:
    """Write PNG, SVG and a 600 px copy; check size, ink and the SVG's text."""
    OUT.mkdir(parents=True, exist_ok=True)
    png, svg = render.to_png(figure), render.to_svg(figure)
    (OUT / f"{name}.png").write_bytes(png)
    (OUT / f"{name}.svg").write_bytes(svg)
    image = Image.open(io.BytesIO(png))
    assert image.width == 2000
    pixels = np.asarray(image.convert("L"))
    assert 0.03 < float((pixels < 250).mean()) < 0.8
    small = image.resize((600, round(image.height * 600 / image.width)), Image.Resampling.LANCZOS)
    small.save(OUT / f"{name}_600px.png")
    text = svg_text(svg)
    assert figure.title in text
    assert figure.footer() in text
    for legend in figure.legends:
        for entry in legend.entries:
            assert entry.label in text, entry.label


def test_the_two_reference_dates_select_different_rows(bundles):
    assert len(bundles["end_2023"].locations) < len(bundles["all"].locations)


@pytest.mark.parametrize("ref", REFERENCES)
def test_compare_image_follows_the_reference_date(bundles, ref):
    bundle = bundles[ref]
    view = compare_view.comparison_maps(bundle, "places_known", "en", [])
    figure = builders.compare_figure(view, "en", reference=ref)
    expected = dispersal.municipality_places(bundle.locations, bundle.municipalities).set_index("code")
    shown = figure.data.set_index("municipality_code")["places_known"]
    np.testing.assert_allclose(
        shown.to_numpy(float), expected.loc[shown.index, "places_known"].to_numpy(float)
    )
    assert sum(len(p.points) for p in figure.panels) == len(bundle.locations)
    assert ref in figure.subtitle


def test_compare_images_differ_between_reference_dates(bundles):
    totals = {}
    for ref in REFERENCES:
        view = compare_view.comparison_maps(bundles[ref], "places_known", "en", [])
        totals[ref] = builders.compare_figure(view, "en").data["places_known"].sum()
    assert totals["end_2023"] < totals["all"]


@pytest.mark.parametrize("ref", REFERENCES)
def test_dispersal_images_have_the_page_numbers(bundles, ref):
    bundle = bundles[ref]
    expected = dispersal.country_dispersal(bundle.locations, bundle.municipalities)
    summary_ = cache.country_dispersal(bundle)
    countries = [c for c in ("NL", "BE") if c in summary_.index]

    hosting = pages.hosting(
        hosting_chart(hosting_frame(summary_, "en"), countries, "en"), caption("Hosting", ref)
    )
    for country in countries:
        rows = hosting.data[hosting.data["country"] == country_label(country, "en")]
        assert rows["share"].tolist() == pytest.approx(
            [expected.loc[country, "hosting_share"], expected.loc[country, "population_hosting_share"]]
        )

    provinces = dispersal.province_places(bundle.locations, bundle.municipalities)
    figure = pages.provinces(
        province_chart(province_frame(cache.province_places(bundle), "en"), summary_, "en"),
        caption("Prov", ref),
    )
    by_code = provinces.set_index("province_code")["places_per_1000"]
    shown = province_frame(cache.province_places(bundle), "en").set_index("province_code")["places_per_1000"]
    np.testing.assert_allclose(shown.to_numpy(float), by_code.loc[shown.index].to_numpy(float))
    np.testing.assert_allclose(figure.data["places_per_1000"].to_numpy(float), shown.to_numpy(float))
    rules = figure.panels[0].rules
    assert [r[0] for r in rules] == pytest.approx([expected.loc[c, "places_per_1000"] for c in countries])

    points = cache.lorenz_points(bundle)
    lorenz = pages.lorenz(lorenz_chart(points, cache.ginis(bundle), "en"), caption("Lorenz", ref))
    np.testing.assert_allclose(lorenz.data["places_share_cum"].to_numpy(float), points["places_share_cum"])
    gini = dispersal.gini_by_country(dispersal.municipality_places(bundle.locations, bundle.municipalities))
    labels = " ".join(e.label for e in lorenz.legends[0].entries)
    for country in countries:
        assert f"{gini[country]:.2f}" in labels


@pytest.mark.parametrize("ref", REFERENCES)
def test_remoteness_images_have_the_page_numbers(bundles, ref):
    bundle = bundles[ref]
    stats = summary(bundle, status="all", country="all")
    frame = class_shares(stats, ["NL", "BE"], "en")
    figure = pages.class_shares(class_shares_chart(frame, 2, "en"), "Class", caption("Classes", ref))
    for country in ("NL", "BE"):
        for cls in REMOTENESS_CLASSES:
            bar = t("remoteness.classes_basis.locations", "en", country=country_label(country, "en"))
            row = figure.data[
                (figure.data["bar"] == bar) & (figure.data["class"] == t(f"remoteness.class.{cls}"))
            ]
            assert float(row["share"].iloc[0]) == pytest.approx(
                float(stats.loc[country, f"share_locations_{cls}"])
            )
    table = location_table(bundle, status="all", country="all")
    top = most_remote(table)
    top = top[top["distance_to_station_own_km"].notna()]
    figure = pages.most_remote(most_remote_chart(top, "en"), caption("Top", ref))
    assert figure.data["distance_to_station_own_km"].tolist() == pytest.approx(
        top["distance_to_station_own_km"].tolist()
    )


def test_every_page_figure_renders(bundles):
    """PNG 2x, SVG and a 600 px copy of every exported figure (Dutch, end of 2023)."""
    bundle, lang, ref = bundles["end_2023"], "nl", "eind 2023"
    summary_ = cache.country_dispersal(bundle)
    figures = {
        "dispersal_hosting": pages.hosting(
            hosting_chart(hosting_frame(summary_, lang), ["NL", "BE"], lang),
            caption(t("dispersal.hosting_title", lang), ref, lang),
        ),
        "dispersal_lorenz": pages.lorenz(
            lorenz_chart(cache.lorenz_points(bundle), cache.ginis(bundle), lang),
            caption(t("dispersal.lorenz_title", lang, ginis="–"), ref, lang),
        ),
        "dispersal_provinces": pages.provinces(
            province_chart(province_frame(cache.province_places(bundle), lang), summary_, lang),
            caption(t("dispersal.province_title", lang), ref, lang),
        ),
    }
    scenario = cache.dispersal_key(bundle, "municipality")
    from ui.colors import diverging_classes

    classes = diverging_classes(scenario["difference"])
    entries = [*zip(classes.colors, classes.labels(str), strict=True), (maps.NO_DATA_COLOR, "no data")]
    figures["dispersal_scenario"] = pages.scenario(
        scenario,
        bundle.municipalities,
        classes.color_of(scenario["difference"]),
        entries,
        "MODEL",
        ["NL", "BE"],
        caption(t("dispersal.scenario_title", lang), ref, lang),
    )
    stats = summary(bundle, status="all", country="all")
    figures["remoteness_classes"] = pages.class_shares(
        class_shares_chart(class_shares(stats, ["NL", "BE"], lang), 2, lang),
        t("remoteness.legend_title", lang),
        caption(t("remoteness.classes_title", lang), ref, lang),
    )
    table = location_table(bundle, status="all", country="all")
    top = most_remote(table)
    figures["remoteness_most_remote"] = pages.most_remote(
        most_remote_chart(top[top["distance_to_station_own_km"].notna()], lang),
        caption(t("remoteness.top_title", lang), ref, lang),
    )
    for name, figure in figures.items():
        save_and_check(figure, f"{name}_{lang}")
    assert figures["dispersal_scenario"].method, "the model says it is a model"
    csv = pd.read_csv(io.StringIO(pages_csv(figures["dispersal_hosting"])), comment="#")
    assert list(csv.columns) == ["measure", "country", "share", "detail"]


def pages_csv(figure) -> str:
    from ui.export.data import figure_csv

    return figure_csv(figure).decode("utf-8-sig")
