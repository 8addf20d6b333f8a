"""Building blocks of the sources and method page."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from ui.i18n import t
from ui.state import DataBundle

ROOT = Path(__file__).resolve().parents[1]
SOURCES_MD = ROOT / "geodata" / "SOURCES.md"
METHOD_MD = ROOT / "analysis" / "METHOD.md"


def coverage(data: DataBundle, lang: str) -> None:
    """Like-for-like coverage of the dataset in use (analysis/coverage.py), sources and dates."""
    from ui.quotable import coverage_section

    coverage_section(data, lang)
    st.caption(t("sources.coverage_note", lang, dataset=data.locations_label))


def datasets(lang: str) -> None:
    """The per-file table of geodata/SOURCES.md (publisher, licence, date, URL, rows)."""
    text = SOURCES_MD.read_text(encoding="utf-8")
    start = text.index("| file |")
    end = text.index("\n\n", start)
    rows = [
        [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
        for line in text[start:end].splitlines()
        if not line.startswith("|---")
    ]
    table = pd.DataFrame(rows[1:], columns=rows[0])
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        row_height=110,
        column_config={
            "content": st.column_config.TextColumn(width="large"),
            "publisher": st.column_config.TextColumn(width="large"),
            "original URL": st.column_config.TextColumn(width="medium"),
        },
    )
    transformations = text[text.index("## Transformations") :]
    with st.expander(t("sources.transformations", lang)):
        st.markdown(transformations.replace("## Transformations", ""))


def method_text() -> None:
    """The method of every measure (analysis/METHOD.md), headings demoted one level."""
    text = METHOD_MD.read_text(encoding="utf-8")
    st.markdown(text.replace("\n## ", "\n#### ").replace("# ", "### ", 1))
