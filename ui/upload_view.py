"""Building blocks of the upload page: validation report, downloads, apply."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from analysis.enrich import enrich_locations
from core.errors import DataValidationError
from core.settings import MAX_UPLOAD_BYTES, MAX_UPLOAD_ROWS
from loaders import upload
from ui import cache
from ui.components import kpi_row, table_height
from ui.i18n import format_number, t
from ui.state import UPLOADED_INDICATORS, UPLOADED_LOCATIONS, USE_UPLOAD, DataBundle, Upload

REPORTS = "upload_reports"


def validate(
    data: bytes, filename: str, kind: str, bundle: DataBundle, **options
) -> upload.ValidationReport | str:
    """Validate an upload once per (content, kind, options); a string is a file-level error message.

    ``options`` (indicators only): ``period``, ``category``, ``counts`` of
    ``loaders.upload.validate_indicators``.
    """
    digest = hashlib.sha256(data).hexdigest() + kind + repr(sorted(options.items()))
    reports = st.session_state.setdefault(REPORTS, {})
    if digest in reports:
        return reports[digest]
    if len(data) > MAX_UPLOAD_BYTES:
        result: upload.ValidationReport | str = t(
            "upload.too_big", size=format_number(len(data) / 1e6, decimals=1)
        )
    else:
        try:
            with st.status(t("upload.validating", name=filename), expanded=False) as status:
                status.update(label=t("upload.reading", name=filename))
                table = upload.read_table(data, filename, max_rows=MAX_UPLOAD_ROWS)
                status.update(label=t("upload.checking", rows=format_number(len(table.data))))
                if kind == "locations":
                    result = upload.validate_locations(table, bundle.municipalities)
                else:
                    result = upload.validate_indicators(table, bundle.municipalities, **options)
                status.update(label=t("upload.done"), state="complete")
        except DataValidationError as exc:
            result = t("upload.unreadable", name=filename, reason=str(exc))
    # Keep the latest two reports (the file as read, and with the options chosen on the page).
    while len(reports) >= 2:
        reports.pop(next(iter(reports)))
    reports[digest] = result
    return result


def report(result: upload.ValidationReport, lang: str) -> None:
    """Counts, detection, rejected rows and warnings, each downloadable."""
    kpi_row(
        [
            (t("upload.rows_read", lang), format_number(result.rows_read, lang), None),
            (t("upload.accepted", lang), format_number(result.accepted_records, lang), None),
            (t("upload.rejected", lang), format_number(result.rejected_rows, lang), None),
            (t("upload.aggregates", lang), format_number(result.aggregates, lang), None),
            (t("upload.warnings", lang), format_number(len(result.warnings), lang), None),
        ]
    )
    st.caption(
        t(
            "upload.detected",
            lang,
            kind=result.kind,
            encoding=result.encoding or "–",
            delimiter=repr(result.delimiter) if result.delimiter else "–",
            crs=result.crs or "–",
            layout=result.layout or "–",
        )
    )
    if result.aggregate_names:
        # st.caption renders Markdown: the names come from the file, so they go in as plain text.
        st.text(t("upload.aggregates_list", lang, names=", ".join(result.aggregate_names[:40])))
    if result.missing:
        st.caption(t("upload.missing", lang, n=format_number(result.missing, lang)))
    if len(result.rejected):
        st.markdown(f"**{t('upload.rejected_title', lang)}**")
        st.dataframe(
            result.rejected,
            hide_index=True,
            width="stretch",
            height=table_height(len(result.rejected)),
            column_config={"reason": st.column_config.TextColumn(width="large")},
        )
        st.download_button(
            t("upload.download_rejected", lang),
            upload.to_safe_csv(result.rejected),
            file_name=f"rejected-{result.filename or 'upload'}.csv",
            mime="text/csv",
            key="download_rejected",
        )
    if len(result.warnings):
        with st.expander(
            t("upload.warnings_title", lang, n=len(result.warnings)), expanded=not len(result.rejected)
        ):
            st.dataframe(
                result.warnings,
                hide_index=True,
                width="stretch",
                height=table_height(len(result.warnings)),
                placeholder="–",
                column_config={"message": st.column_config.TextColumn(width="large")},
            )


def indicator_options(result: upload.ValidationReport, lang: str) -> dict:
    """Period, category and count choices the file offers; the page re-validates with them."""
    options: dict = {}
    if result.dataset != "indicators":
        return options
    if len(result.periods) > 1:
        choice = st.selectbox(
            t("upload.period", lang),
            ["", *result.periods],
            key="upload_period",
            format_func=lambda p: p or t("upload.all_periods", lang),
        )
        if choice:
            options["period"] = choice
    if result.categories:
        choice = st.selectbox(
            t("upload.category", lang),
            ["", *result.categories],
            key="upload_category",
            format_func=lambda c: c or t("upload.all_categories", lang),
        )
        if choice:
            options["category"] = choice
    names = sorted(set(result.accepted["indicator"].astype(str))) if len(result.accepted) else []
    if names:
        counts = st.multiselect(t("upload.counts", lang), names, key="upload_counts")
        if counts:
            options["counts"] = tuple(counts)
    return options


def enriched_downloads(result: upload.ValidationReport, bundle: DataBundle, lang: str) -> None:
    """The accepted data, enriched with municipality and remoteness, as CSV and GeoJSON."""
    if result.dataset != "locations":
        st.download_button(
            t("upload.download_accepted_csv", lang),
            upload.to_safe_csv(result.accepted),
            file_name="accepted-indicators.csv",
            mime="text/csv",
            key="download_accepted",
        )
        return
    enriched = enrich_locations(
        result.accepted,
        bundle.municipalities,
        bundle.stations,
        bundle.places,
        context=cache.remoteness_context(bundle),
    )
    st.markdown(f"**{t('upload.accepted_title', lang)}**")
    st.dataframe(
        enriched.head(200),
        hide_index=True,
        width="stretch",
        height=table_height(len(enriched)),
        placeholder="–",
    )
    columns = st.columns(2)
    columns[0].download_button(
        t("upload.download_accepted_csv", lang),
        upload.to_safe_csv(enriched),
        file_name="accepted-locations-enriched.csv",
        mime="text/csv",
        key="download_enriched_csv",
    )
    columns[1].download_button(
        t("upload.download_accepted_geojson", lang),
        upload.to_geojson(enriched),
        file_name="accepted-locations-enriched.geojson",
        mime="application/geo+json",
        key="download_enriched_geojson",
    )


def indicators_for_bundle(accepted: pd.DataFrame, municipalities, filename: str) -> pd.DataFrame:
    """Uploaded long-form rows in the shipped indicator schema (level municipality)."""
    names = municipalities.set_index("code")["name"]
    return pd.DataFrame(
        {
            "country": accepted["country"],
            "level": "municipality",
            "area_code": accepted["municipality_code"],
            "area_name": accepted["municipality_code"].map(names).fillna(""),
            "indicator": accepted["indicator"],
            "value": accepted["value"].astype(float),
            "unit": accepted["unit"],
            "reference_date": accepted["reference_date"],
            "source": accepted["source"].where(accepted["source"] != "", f"upload: {filename}"),
            "method": accepted["method"].where(accepted["method"] != "", "observed"),
            "note": f"uploaded from {filename}",
        }
    )


def apply(result: upload.ValidationReport, bundle: DataBundle) -> None:
    """Use the accepted rows on every page, for this session only."""
    if result.dataset == "locations":
        st.session_state[UPLOADED_LOCATIONS] = Upload(
            result.accepted.copy(), result.filename, len(result.accepted)
        )
    else:
        frame = indicators_for_bundle(result.accepted, bundle.municipalities, result.filename)
        st.session_state[UPLOADED_INDICATORS] = Upload(frame, result.filename, len(frame))
    st.session_state[USE_UPLOAD] = True


def in_use(filename: str, dataset: str) -> bool:
    """True when this session is using an upload of ``filename`` for ``dataset``."""
    key = UPLOADED_LOCATIONS if dataset == "locations" else UPLOADED_INDICATORS
    current = st.session_state.get(key)
    return bool(st.session_state.get(USE_UPLOAD)) and current is not None and current.filename == filename
