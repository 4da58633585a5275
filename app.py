"""WeGO EXCOM dashboard — the frame: page config, shared sidebar (snapshot, language, unit), navigation,
presentation mode (?present=1) and following the presenter (?follow=1)."""

from pathlib import Path

import streamlit as st

from wego_ui import data, layout, meeting, state
from wego_view import fmt, i18n, params, theme

HERE = Path(__file__).parent
UNITS = params.UNITS  # declared once, with every URL parameter

st.set_page_config(page_title="WeGO EXCOM", page_icon=theme.favicon(), layout="wide")
state.begin_run()

following = meeting.wants_to_follow()
followed_page = meeting.apply_latest() if following else None
present = state.from_url("present", ("1",), None) == "1"
# The language before its widget: st.navigation comes before any widget (below), and its page titles need it.
lang = state.from_url("lang", i18n.LANGUAGES, "en") if present else state.initial("lang", i18n.LANGUAGES, "en")
t = i18n.translator(lang)

PAGES = {
    "overview": ("overview.py", "nav.overview", ":material/dashboard:"),
    "members": ("members.py", "nav.members", ":material/groups:"),
    "offices": ("offices.py", "nav.offices", ":material/apartment:"),
    "programs": ("programs.py", "nav.programs", ":material/event_note:"),
    "budget": ("budget.py", "nav.budget", ":material/account_balance:"),
    "changes": ("changes.py", "nav.changes", ":material/compare_arrows:"),
    "present": ("present.py", "nav.present", ":material/slideshow:"),
}
pages = {
    path: st.Page(HERE / "pages" / file, title=t(title), icon=icon, url_path=path, default=path == "overview")
    for path, (file, title, icon) in PAGES.items()
}
# st.navigation before any widget, on every run: on a new server process's first request this is what ends
# Streamlit's legacy handling of the pages/ folder, and the widgets below get the ids they keep from then on
# (wego_ui/state.py explains, with the Streamlit source it relies on).
if present:
    slides = st.Page(HERE / "pages" / "present.py", title=t("nav.present"), url_path="present", default=True)
    current = st.navigation([slides], position="hidden")
else:
    current = st.navigation(list(pages.values()))
    if following and followed_page in pages and current.url_path != pages[followed_page].url_path:
        # Before the widgets: a follower moves on at once (the next run draws them on the presenter's page).
        st.switch_page(pages[followed_page], query_params=st.query_params.to_dict())

# Presentation mode has no sidebar, so no sidebar widgets: a hidden widget would not keep its value in the browser.
if not present:
    state.selectbox(
        "lang", "Language · 언어", i18n.LANGUAGES, "en", format_func=i18n.LANGUAGE_NAMES.get, container=st.sidebar
    )
layout.language_style(lang)
if present:
    layout.presentation_style()
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


if present:
    snapshot_id = state.from_url("snapshot", list(by_id), snapshots[0]["id"])
    unit = state.from_url("unit", UNITS, "thousand")
else:
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
presenting = meeting.is_presenter(t, show_field=not present)
highlight = (
    st.sidebar.text_input(t("meeting.highlight_input"), key="presenter_highlight") if presenting and not present else ""
)

if not present:
    layout.briefing_pack(state.current(), {k: v for k, v in st.query_params.items() if k not in meeting.PERSONAL})
    if following:
        meeting.follow_bar(t, pages, st.context.url)
    elif meeting.detached():
        meeting.rejoin_bar(t)
if presenting:
    # Published before the page runs, so followers move at once, and again after, with the page's filters.
    meeting.publish("present" if present else current.url_path or "overview", highlight)
try:
    current.run()
finally:
    state.end_run()
    # Published after the page ran, so that its filters are in the URL; also when the page stopped early.
    if presenting:
        meeting.publish("present" if present else current.url_path or "overview", highlight)
