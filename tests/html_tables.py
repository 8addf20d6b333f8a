"""Read back the tables the pages draw with ``ui.components.static_table`` (HTML in ``st.html``)."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd


class _Tables(HTMLParser):
    """Collects every ``<table class="static-table">`` as header cells and body rows of text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._section = ""

    def handle_starttag(self, tag, attrs):
        if tag == "table" and "static-table" in (dict(attrs).get("class") or ""):
            self.tables.append({"head": [], "rows": []})
        elif tag in ("thead", "tbody"):
            self._section = tag
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            part = "head" if self._section == "thead" else "rows"
            self.tables[-1][part] = self._row if part == "head" else [*self.tables[-1]["rows"], self._row]
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def static_tables(node) -> list[pd.DataFrame]:
    """Every static table under an AppTest node (the app, or a block such as an expander),
    as a frame indexed by its row headers, in page order."""
    frames = []
    for element in node.get("html"):
        parser = _Tables()
        parser.feed(element.proto.body)
        for table in parser.tables:
            head, rows = table["head"], table["rows"]
            index = pd.Index([r[0] for r in rows], name=head[0] or None)
            frames.append(pd.DataFrame([r[1:] for r in rows], index=index, columns=head[1:]))
    return frames
