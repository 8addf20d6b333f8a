"""Paths shared by the tests."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "uploads"
DASHBOARD = ROOT / "dashboard.py"


def run_app(page: str | None = None, *, query: dict | None = None, **state):
    """Run the dashboard under AppTest on ``page`` (e.g. "app_pages/explorer.py").

    ``query`` seeds the URL query parameters, ``state`` the session state.
    """
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(DASHBOARD), default_timeout=90)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for key, value in state.items():
        at.session_state[key] = value
    if page:
        at.switch_page(page)
    return at.run()


def shipped_bundle():
    """The shipped geodata/ files as a ``DataBundle`` (every row, no reference date applied)."""
    from loaders import geodata
    from ui.state import DataBundle

    return DataBundle(
        municipalities=geodata.load_municipalities(),
        locations=geodata.load_locations(),
        stations=geodata.load_stations(),
        places=geodata.load_places(),
        indicators=geodata.load_indicators(),
        facts=geodata.load_facts(),
        locations_label="reception_locations.csv",
        indicators_label="indicators.csv",
        uploaded=False,
    )
