"""Upload: validate an analyst's locations or municipal figures and use them on every page."""

from __future__ import annotations

import streamlit as st

from core.settings import MAX_UPLOAD_MB, MAX_UPLOAD_ROWS
from loaders import upload
from ui import upload_view
from ui.i18n import current_language, t
from ui.state import current_data

lang = current_language()
data = current_data()

st.title(t("upload.title"))
kind = st.radio(
    t("upload.kind"),
    ["locations", "indicators"],
    format_func=lambda k: t(f"upload.kind.{k}"),
    horizontal=True,
    key="upload_kind",
)
st.markdown(t(f"upload.help.{kind}"))
st.download_button(
    t("upload.template"),
    upload.template_csv(kind),
    file_name=f"template-{kind}.csv",
    mime="text/csv",
    key=f"template_{kind}",
    icon=":material/download:",
)

file = st.file_uploader(
    t("upload.file"),
    type=["csv", "txt", "tsv", "xlsx", "geojson", "json", "gpkg"],
    key=f"file_{kind}",
    help=t("upload.limits", mb=MAX_UPLOAD_MB, rows=f"{MAX_UPLOAD_ROWS:,}"),
)
if file is None:
    st.stop()

result = upload_view.validate(file.getvalue(), file.name, kind, data)
if isinstance(result, str):
    st.error(result, icon=":material/error:")
    st.stop()

options = upload_view.indicator_options(result, lang)
if options:
    result = upload_view.validate(file.getvalue(), file.name, kind, data, **options)
    if isinstance(result, str):
        st.error(result, icon=":material/error:")
        st.stop()
upload_view.report(result, lang)
if len(result.accepted) == 0:
    st.error(t("upload.nothing_accepted"), icon=":material/error:")
    st.stop()
upload_view.enriched_downloads(result, data, lang)
if st.button(
    t("upload.use", n=len(result.accepted)), type="primary", key="apply_upload", icon=":material/check:"
):
    upload_view.apply(result, data)
    st.rerun()
if upload_view.in_use(file.name, result.dataset):
    st.success(t("upload.applied", name=file.name), icon=":material/check_circle:")
