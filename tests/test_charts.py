"""Every chart the pages send is valid Vega-Lite and carries its data.

``ui.charts.show_chart`` skips Altair's schema check on every rerun (it cost
most of a chart's server time), so the check happens here instead, on the
specs as the pages send them to the browser.
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd
import pyarrow as pa
import pytest
from jsonschema import Draft7Validator

from tests.paths import run_app
from ui.i18n import t

SCHEMA = Draft7Validator(alt.vegalite.v6.schema.core.load_schema())

# page, query, the chart count of the page, a text one of its charts must hold
PAGES = [
    ("app_pages/remoteness.py", {}, 4, "remoteness.dist_share_locations"),
    ("app_pages/remoteness.py", {"lang": "fr", "remote_measure": "distance_to_town_50k_km"}, 4, None),
    ("app_pages/dispersal.py", {}, 4, None),
    ("app_pages/dispersal.py", {"lang": "nl", "ref": "all"}, 4, None),
]


def sent_charts(at) -> list[tuple[dict, dict[str, pd.DataFrame]]]:
    """(spec, datasets by name) of every Vega-Lite chart in the page's messages."""
    charts = []
    for element in at.get("vega_lite_chart"):
        proto = element.proto
        frames = {d.name: pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in proto.datasets}
        charts.append((json.loads(proto.spec), frames))
    return charts


def data_names(spec) -> set[str]:
    """Names of the datasets a spec refers to (``{"data": {"name": ...}}`` at any level)."""
    found = set()
    if isinstance(spec, dict):
        data = spec.get("data")
        if isinstance(data, dict) and "name" in data:
            found.add(data["name"])
        for value in spec.values():
            found |= data_names(value)
    elif isinstance(spec, list):
        for value in spec:
            found |= data_names(value)
    return found


@pytest.mark.parametrize(("page", "query", "count", "text"), PAGES)
def test_every_chart_is_valid_vega_lite_with_its_data(page, query, count, text):
    at = run_app(page, query=query)
    assert not at.exception
    charts = sent_charts(at)
    assert len(charts) == count
    for spec, frames in charts:
        errors = sorted(SCHEMA.iter_errors(spec), key=lambda e: list(e.path))
        assert not errors, [f"{list(e.path)}: {e.message[:200]}" for e in errors[:5]]
        names = data_names(spec)
        assert names, "the chart refers to its data by name"
        assert names <= set(frames), f"data sent for every name: {names - set(frames)}"
        assert all(len(frames[n]) > 0 for n in names), "no chart without rows"
    if text:
        wanted = t(text, query.get("lang", "en"))
        assert any(wanted in json.dumps(spec, ensure_ascii=False) for spec, _ in charts)


def test_an_invalid_chart_would_be_caught():
    """The check above fails on a spec Vega-Lite refuses (a mark that does not exist)."""
    spec = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q").to_dict()
    spec["mark"] = {"type": "no-such-mark"}
    assert list(SCHEMA.iter_errors(spec))
