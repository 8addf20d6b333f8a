"""Presentation mode and the copy-link box under AppTest (the browser tests check what is visible)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.paths import run_app
from ui.i18n import t

PAGES = {"compare": None, "dispersal": "app_pages/dispersal.py", "remoteness": "app_pages/remoteness.py"}


@pytest.mark.parametrize("page", list(PAGES))
def test_presentation_mode_keeps_the_figures_and_drops_the_rest(page):
    at = run_app(PAGES[page], query={"present": "1"})
    assert not at.exception
    assert not at.get("download_button"), "no downloads in presentation mode"
    assert not at.code, "no copy-link box in presentation mode"
    assert any(b.label == t("export.exit_present", "en") for b in at.button)
    assert at.query_params["present"] in ("1", ["1"])
    if page == "compare":
        assert not at.metric, "the headline cards are not the comparison"
    assert at.caption, "figures keep their source lines"


def test_leaving_presentation_mode_restores_the_page():
    at = run_app(None, query={"present": "1"})
    next(b for b in at.button if b.label == t("export.exit_present", "en")).click().run()
    assert not at.exception
    assert "present" not in at.query_params
    assert at.metric and at.code


@pytest.mark.parametrize("page", list(PAGES))
def test_copy_link_carries_the_view(page):
    query = {"lang": "nl"}
    if page == "compare":
        query["measure"] = "locations"
    elif page == "dispersal":
        query |= {"ref": "all", "confirmed": "1"}
    else:
        query |= {"remote_country": "BE", "remote_measure": "distance_to_town_50k_km"}
    at = run_app(PAGES[page], query=query)
    assert not at.exception
    link = at.code[0].value
    params = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
    for key, value in query.items():
        assert params[key] == value, (key, link)
    labels = [b.label for b in at.get("download_button")]
    assert t("export.svg", "nl") in labels and t("export.csv", "nl") in labels
