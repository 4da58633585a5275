"""WeGO EXCOM dashboard — the frame: page config, shared sidebar (snapshot, language, unit), navigation."""

from pathlib import Path

import streamlit as st

from wego_ui import data, fmt, i18n, layout, state, theme

HERE = Path(__file__).parent
UNITS = ("thousand", "million")

st.set_page_config(page_title="WeGO EXCOM", page_icon=theme.favicon(), layout="wide")
state.begin_run()

lang = state.selectbox(
    "lang", "Language · 언어", i18n.LANGUAGES, "en", format_func=i18n.LANGUAGE_NAMES.get, container=st.sidebar
)
t = i18n.translator(lang)
layout.language_style(lang)
snapshots = data.snapshot_list()
if not snapshots:
    st.title(t("app.title"))
    st.info(t("no_snapshot"), icon=":material/hourglass_empty:")
    st.stop()

by_id = {s["id"]: s for s in snapshots}


def snapshot_label(snapshot_id: str) -> str:
    snap = by_id[snapshot_id]
    label = snap["label_ko"] if lang == "ko" and snap["label_ko"] else snap["label"]
    return f"{fmt.date(snap['as_of'], lang)} · {label}"


snapshot_id = state.selectbox(
    "snapshot",
    t("sidebar.snapshot"),
    list(by_id),
    snapshots[0]["id"],
    format_func=snapshot_label,
    container=st.sidebar,
    help=t("sidebar.snapshot_help"),
)
unit = state.selectbox(
    "unit", t("sidebar.unit"), UNITS, "thousand", format_func=lambda u: t(f"unit.{u}"), container=st.sidebar
)
snap = by_id[snapshot_id]
state.set_current(
    state.Context(snapshot_id=snapshot_id, as_of=snap["as_of"], lang=lang, unit=unit, warnings=snap["warnings"], t=t)
)

pages = [
    st.Page(
        HERE / "pages" / "overview.py",
        title=t("nav.overview"),
        icon=":material/dashboard:",
        url_path="overview",
        default=True,
    ),
    st.Page(HERE / "pages" / "members.py", title=t("nav.members"), icon=":material/groups:", url_path="members"),
    st.Page(HERE / "pages" / "offices.py", title=t("nav.offices"), icon=":material/apartment:", url_path="offices"),
    st.Page(HERE / "pages" / "programs.py", title=t("nav.programs"), icon=":material/event_note:", url_path="programs"),
    st.Page(HERE / "pages" / "budget.py", title=t("nav.budget"), icon=":material/account_balance:", url_path="budget"),
]
st.navigation(pages).run()
