"""WeGO EXCOM dashboard — the frame: page config, shared sidebar (snapshot, language, unit), navigation,
presentation mode (?present=1) and following the presenter (?follow=1)."""

import logging
from pathlib import Path

import duckdb
import streamlit as st

from wego_data.store import StoreError
from wego_data.warehouse import UnknownSnapshot
from wego_ui import auth, data, layout, meeting, protect, responsive, slides, state
from wego_view import fmt, i18n, params, theme

HERE = Path(__file__).parent
UNITS = params.UNITS  # declared once, with every URL parameter

st.set_page_config(page_title="WeGO EXCOM", page_icon=theme.favicon(), layout="wide")
protect.refuse_clear_cache()
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
    "maturity": ("maturity.py", "nav.maturity", ":material/insights:"),
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
    slide_page = st.Page(HERE / "pages" / "present.py", title=t("nav.present"), url_path="present", default=True)
    current = st.navigation([slide_page], position="hidden")
else:
    current = st.navigation(list(pages.values()))
    if following and followed_page in pages and current.url_path != pages[followed_page].url_path:
        # Before the widgets: a follower moves on at once (the next run draws them on the presenter's page).
        st.switch_page(pages[followed_page], query_params=st.query_params.to_dict())
# Each page its own title, in the viewer's language: "Members · WeGO EXCOM" (WCAG 2.4.2). Called again after
# st.navigation, it overrides the title above for this run.
st.set_page_config(page_title=t("app.tab_title", page=current.title))

# Presentation mode has no sidebar, so no sidebar widgets: a hidden widget would not keep its value in the browser.
if not present:
    state.selectbox(
        "lang", "Language · 언어", i18n.LANGUAGES, "en", format_func=i18n.LANGUAGE_NAMES.get, container=st.sidebar
    )
    auth.sidebar(t)
# Which audience this session is (public unless signed in with a committee role); the query layer reads for it.
audience = auth.audience()
layout.language_style(lang)
responsive.style()
if present:
    slides.presentation_style()
try:
    snapshots, unusable = data.snapshot_list(), data.unusable_snapshots()
except (StoreError, OSError) as exc:  # an unreadable data folder or store: one page that says what to do
    logging.getLogger("wego.data").error("snapshots cannot be listed: %s", exc)
    st.title(t("app.title"))
    st.error(t("data.unreadable", reason=str(exc)), icon=":material/folder_off:")
    st.stop()
if not snapshots:
    st.title(t("app.title"))
    if unusable:
        st.error(t("snapshot.none_good", items=layout.unusable_list(unusable)), icon=":material/error:")
    else:
        st.info(t("no_snapshot"), icon=":material/hourglass_empty:")
    st.stop()
# A damaged snapshot is never the default, and a link to one opens the newest good one with a notice saying why.
broken = {u["id"]: u["reason"] for u in unusable}
asked = st.query_params.get("snapshot")
if asked in broken:  # said for as long as the session stays on the snapshot shown instead
    st.session_state["_wego_fallback"] = (asked, broken[asked])
    del st.query_params["snapshot"]
fallback = st.session_state.get("_wego_fallback")
if fallback is None and unusable and unusable[0]["id"] > snapshots[0]["id"] and asked in (None, snapshots[0]["id"]):
    fallback = (unusable[0]["id"], unusable[0]["reason"])  # the newest published one is damaged

by_id = {s["id"]: s for s in snapshots}


def snapshot_label(snapshot_id: str) -> str:
    snap = by_id[snapshot_id]
    label = snap["label_ko"] if lang == "ko" and snap["label_ko"] else snap["label"]
    return f"{fmt.date(snap['as_of'], lang)} · {label}"


if present:
    snapshot_id = state.from_url("snapshot", list(by_id), snapshots[0]["id"])
    unit = state.from_url("unit", UNITS, "thousand")
    state.pin("snapshot", snapshot_id)  # a projector's URL names its snapshot too (issue #10)
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
if unusable and not present:
    st.sidebar.caption(t("snapshot.unusable", items=layout.unusable_list(unusable)))
if snapshot_id != snapshots[0]["id"]:  # the user chose a snapshot: no notice about the default any more
    st.session_state.pop("_wego_fallback", None)
    fallback = None
if fallback is not None:
    shown = fmt.date(snapshots[0]["as_of"], lang) + f" ({snapshots[0]['id']})"
    st.warning(t("snapshot.fallback", wanted=fallback[0], reason=fallback[1], shown=shown), icon=":material/history:")
state.set_current(
    state.Context(
        snapshot_id=snapshot_id,
        as_of=snap["as_of"],
        lang=lang,
        unit=unit,
        warnings=snap["warnings"],
        t=t,
        audience=audience,
    )
)
presenting = meeting.is_presenter(t, show_field=not present)
highlight = (
    st.sidebar.text_input(t("meeting.highlight_input"), key="presenter_highlight") if presenting and not present else ""
)

if not present:
    if audience == auth.COMMITTEE:  # the pack holds the committee's data
        layout.briefing_pack(state.current(), {k: v for k, v in st.query_params.items() if k not in meeting.PERSONAL})
    if following:
        meeting.follow_bar(t, pages, st.context.url)
    elif meeting.detached():
        meeting.rejoin_bar(t)
if presenting:
    # Published before the page runs, so followers move at once, and again after, with the page's filters.
    meeting.publish("present" if present else current.url_path or "overview", highlight)
layout.begin_headings()
try:
    current.run()
except (duckdb.Error, OSError, UnknownSnapshot) as exc:
    # A snapshot damaged after it was listed (a file deleted or changed under the server): say so, never a traceback.
    logging.getLogger("wego.data").error("snapshot %s could not be read: %s", snapshot_id, exc)
    st.error(t("snapshot.read_failed", snapshot=snapshot_id), icon=":material/error:")
    data.snapshot_scan.clear()  # the next run lists it again, checked: a damaged one drops out
finally:
    state.end_run()
    # Published after the page ran, so that its filters are in the URL; also when the page stopped early.
    if presenting:
        meeting.publish("present" if present else current.url_path or "overview", highlight)
