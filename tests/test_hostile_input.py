"""Hostile input through the loaders and the escaping every map and table uses.

Generated inputs (hypothesis) go straight at the validation functions, so
that more than 10,000 of them run in CI in seconds: ``escape_text`` (every
string from data passes it before it reaches HTML or a JavaScript template),
``parse_numbers`` (every number and coordinate cell of an upload) and
``validate_locations`` on small tables of hostile names and impossible
coordinates. Whole files of random bytes and messy CSV are in test_upload.py;
the same inputs through a running page are in tests/scale/test_hostile_page.py.
"""

from __future__ import annotations

import html
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import DataValidationError
from loaders._headers import parse_numbers
from loaders.geodata import load_municipalities
from loaders.upload import read_table, validate_locations
from ui.maps import escape_text

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "${alert(1)}",
    "`${document.cookie}`",
    "</textarea><svg onload=alert(1)>",
    '" onmouseover="alert(1)',
    "'; alert(1); '",
    "\u202eevil\u202c",  # right-to-left override
    "\u200f\u200e",  # right-to-left / left-to-right marks
    "🏠🇳🇱👩‍👩‍👧",
    "javascript:alert(1)",
    "{{7*7}}",
]
HOSTILE_TEXT = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(),
    st.lists(st.sampled_from([*HOSTILE, "<", ">", "&", "`", "$", "{", "}", '"', "'", "a"]), max_size=12).map(
        "".join
    ),
)
# Hypothesis costs about 1 ms per example to generate (10,000 single strings took
# 9 s idle, 30 s with the machine busy), so each example is a batch: 1,000 x 10
# strings escaped + 1,000 x 8 cells parsed + 200 tables of 1-6 rows = 18,000+
# generated inputs in CI, 6.7 s for the three (measured with the load average at 5).
ESCAPE_EXAMPLES, ESCAPE_BATCH = 1_000, 10
NUMBER_EXAMPLES, NUMBER_BATCH = 1_000, 8
TABLE_EXAMPLES = 200
FAST = {"deadline": None, "derandomize": True, "suppress_health_check": list(HealthCheck)}


@pytest.fixture(scope="module")
def municipalities():
    return load_municipalities()


@settings(max_examples=ESCAPE_EXAMPLES, **FAST)
@given(texts=st.lists(HOSTILE_TEXT, min_size=ESCAPE_BATCH, max_size=ESCAPE_BATCH))
def test_escaped_text_holds_no_markup_and_reads_back(texts):
    for text in texts:
        escaped = escape_text(text)
        # Nothing that opens a tag, an attribute or a JavaScript template survives ...
        for dangerous in ("<", ">", '"', "'", "`", "${"):
            assert dangerous not in escaped
        # ... and the browser shows exactly what the file said.
        assert html.unescape(escaped) == text


NUMBER_TEXT = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["nan", "NaN", "inf", "-inf", "Infinity", "1e309", "-1e309", "1e-400", "", " ", "∞"]),
    st.text(alphabet="0123456789.,-+eE \u2212\u00a0'", max_size=14),
    HOSTILE_TEXT,
)


@settings(max_examples=NUMBER_EXAMPLES, **FAST)
@given(
    cells=st.lists(NUMBER_TEXT, min_size=NUMBER_BATCH, max_size=NUMBER_BATCH),
    role=st.sampled_from(["coord", "count", "value"]),
)
def test_numbers_are_finite_or_flagged(cells, role):
    numbers, bad = parse_numbers(np.array(cells, dtype=object), role=role)
    assert numbers.shape == bad.shape == (len(cells),)
    for text, number, flagged in zip(cells, numbers, bad):
        assert not math.isinf(number), text  # inf and overflow are never numbers
        if text.strip() == "":
            assert math.isnan(number) and not flagged
        else:
            assert math.isnan(number) == bool(flagged), (text, number, flagged)
    for text, number in zip(cells, numbers):
        # A plain finite float written with a point reads back as itself.
        try:
            value = float(text)
        except ValueError:
            continue
        if math.isfinite(value) and "," not in text and role != "count" and not math.isnan(number):
            assert number == pytest.approx(value, rel=1e-12, abs=1e-300)


COORD = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(49.0, 54.0),  # around the two countries
    st.sampled_from([float("nan"), float("inf"), -float("inf"), 91.0, -91.0, 181.0, 1e309, 0.0]),
)


@st.composite
def hostile_rows(draw) -> list[tuple[str, float, float]]:
    return draw(st.lists(st.tuples(HOSTILE_TEXT, COORD, COORD), min_size=1, max_size=6))


def quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@settings(max_examples=TABLE_EXAMPLES, **FAST)
@given(rows=hostile_rows())
def test_hostile_rows_are_accepted_as_text_or_rejected_with_a_line(municipalities, rows):
    lines = ["id,name,lat,lon,capacity"]
    lines += [f"r{i},{quoted(name)},{lat!r},{lon!r},10" for i, (name, lat, lon) in enumerate(rows)]
    data = "\n".join(lines).encode("utf-8")
    try:
        table = read_table(data, "hostile.csv")
    except DataValidationError as exc:  # e.g. every name blank: one plain message
        assert str(exc)
        return
    report = validate_locations(table, municipalities)
    assert report.rows_read == len(rows)
    assert len(report.accepted) + report.rejected_rows == report.rows_read
    accepted = report.accepted
    # Accepted rows lie in the two countries, with finite WGS84 coordinates.
    assert np.isfinite(accepted["lat"].astype(float)).all()
    assert accepted["lat"].astype(float).between(49.4, 53.7).all()
    assert accepted["lon"].astype(float).between(2.5, 7.3).all()
    # Every rejected row says which line and why.
    for line, reason in zip(report.rejected["line"], report.rejected["reason"]):
        assert f"line {line}" in reason
    # Names stay text: what the maps get is escaped.
    for name in accepted["name"]:
        assert "<" not in escape_text(name) and "`" not in escape_text(name)


def test_each_impossible_coordinate_gets_its_own_message(municipalities):
    cells = ["nan", "inf", "-inf", "1e309", "91", "-200", "north", "=1+1"]
    lines = ["id,name,lat,lon"] + [f"c{i},Centre {i},{lat},5.1" for i, lat in enumerate(cells)]
    report = validate_locations(read_table("\n".join(lines).encode(), "coords.csv"), municipalities)
    assert report.rows_read == len(cells)
    assert len(report.accepted) == 0
    assert sorted(report.rejected["line"].astype(int)) == list(range(2, 2 + len(cells)))
    for line, lat, reason in zip(
        range(2, 2 + len(cells)), cells, report.rejected.sort_values("line")["reason"]
    ):
        assert reason.startswith(f"line {line}")
        assert lat in reason


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (bytes(range(256)) * 64, "not text"),
        (b"\x89PNG\r\n\x1a\n" + bytes(2000), "not text"),
    ],
)
def test_empty_and_binary_files_get_a_message(data, message):
    with pytest.raises(DataValidationError, match=message):
        read_table(data, "upload.csv")


def test_too_many_rows_get_a_message():
    data = ("id,name,municipality\n" + "".join(f"r{i},Centre {i},Utrecht\n" for i in range(120))).encode()
    with pytest.raises(DataValidationError, match="more than 100 data rows"):
        read_table(data, "big.csv", max_rows=100)
