"""Static HTML tables (ui.components.table_html): escaped, links only for plain web addresses."""

from __future__ import annotations

import pandas as pd

from tests.html_tables import _Tables
from ui.components import table_html


def parsed(html: str) -> dict:
    parser = _Tables()
    parser.feed(html)
    [table] = parser.tables
    return table


def test_header_index_and_cells_read_back():
    frame = pd.DataFrame(
        {"Value": ["more than 7,000", "102"], "Places": [31087, 20834]},
        index=pd.Index(["COA locations", "Fedasil centres"], name="Indicator"),
    )
    html = table_html(frame)
    table = parsed(html)
    assert table["head"] == ["Indicator", "Value", "Places"]
    assert table["rows"] == [
        ["COA locations", "more than 7,000", "31087"],
        ["Fedasil centres", "102", "20834"],
    ]
    assert html.count('<td class="number short">') == 2, "numeric column right-aligned"
    assert html.count('<td class="short">') == 2, "short values kept on one line"
    assert '<th scope="col">' in html and '<th scope="row">' in html


def test_text_from_files_is_escaped_and_only_web_addresses_are_links():
    hostile = "<img src=x onerror=alert(1)>`${x}`"
    frame = pd.DataFrame(
        {
            "Source": [
                "https://www.fedasil.be/nl/a?b=1&c=2",
                "javascript:alert(1)",
                hostile + " (see http://example.org/x), https://example.org/y;",
            ],
        },
        index=pd.Index(["a", "<script>alert(1)</script>", "c"], name="Name"),
    )
    html = table_html(frame)
    assert "<img" not in html and "<script>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;&#96;&#36;{x}&#96;" in html
    assert html.count("<a ") == 3, "each address in a cell, not javascript:"
    assert '<a href="http://example.org/x" target="_blank"' in html
    assert '<a href="https://example.org/y" target="_blank"' in html
    assert (
        '<a href="https://www.fedasil.be/nl/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">' in html
    )
    assert parsed(html)["rows"][1][0] == "<script>alert(1)</script>", "shown as text"
