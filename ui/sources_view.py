"""Building blocks of the sources and method page."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from core.schema import OFFICIAL_LOCATION_COUNTS
from ui.i18n import format_percent, t
from ui.state import DataBundle

ROOT = Path(__file__).resolve().parents[1]
SOURCES_MD = ROOT / "geodata" / "SOURCES.md"
METHOD_MD = ROOT / "analysis" / "METHOD.md"


def coverage(data: DataBundle, lang: str) -> None:
    """How many locations the dataset in use holds against the official counts."""
    held = data.locations["country"].value_counts()
    rows = []
    for country, (official, source) in OFFICIAL_LOCATION_COUNTS.items():
        n = int(held.get(country, 0))
        rows.append(
            {
                t("sources.country", lang): t(f"country.{country}", lang),
                t("sources.held", lang): n,
                t("sources.official", lang): official,
                t("sources.share", lang): format_percent(n / official, lang),
                t("sources.official_source", lang): source,
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
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
