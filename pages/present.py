"""Presentation mode (?present=1): the overview, then one screen per agenda item of the meeting in view (the standing
sections where it has no recorded agenda); a 16:9 stage scaled to the projector, next and previous on the arrow keys;
the first slide carries the QR code of the follow link."""

import streamlit as st

from wego_ui import data, render, slides, state
from wego_view import fmt, sections
from wego_view.blocks import SLIDES

ctx = state.current()
t, lang, sid = ctx.t, ctx.lang, ctx.snapshot_id
view = render.view_context(ctx)
# (section, agenda item, filters) per slide: built from the data, never from a fixed list of meetings.
SLIDE_LIST = [("overview", t("present.overview"), {}), *data.agenda_slides(view)]
number = state.from_url("slide", range(1, len(SLIDE_LIST) + 1), 1, parse=state.int_or_none)
section_id, note, filters = SLIDE_LIST[number - 1]
slides.start()


def go(to: int) -> None:
    st.query_params["slide"] = str(to)


with st.container(key="slide-head"):
    head, stamp, controls = st.columns([6, 3, 3], vertical_alignment="center")
    # A slide is titled by its agenda item where there is one, else by its section (named beside the stamp: one line
    # of heading leaves the body the most room).
    head.title(note or t(sections.SECTIONS[section_id].title_key))
    if note and section_id != "overview":
        stamp.caption(t(sections.SECTIONS[section_id].title_key))
    stamp.caption(t("stamp", date=fmt.date(ctx.as_of, lang), snapshot=sid))
    with controls.container(horizontal=True, horizontal_alignment="right", vertical_alignment="center"):
        st.button(
            t("present.previous"),
            on_click=go,
            args=(number - 1,),
            disabled=number == 1,
            shortcut="Left",
            icon=":material/arrow_back:",
            key="previous",
            help=t("present.previous"),
        )
        st.markdown(t("present.position", n=number, total=len(SLIDE_LIST)))
        st.button(
            t("present.next"),
            on_click=go,
            args=(number + 1,),
            disabled=number == len(SLIDE_LIST),
            shortcut="Right",
            icon=":material/arrow_forward:",
            key="next",
            help=t("present.next"),
        )
    bad = state.bad_params()
    if bad:
        state.notice(bad, lang)
    state.header_done()
with st.container(key="slide-body"):
    if number == 1:
        # Delegates join from their phones: the follow link of this server, in this screen's language.
        content, follow = st.columns([5, 1], gap="medium")
        with follow:
            slides.follow_panel(slides.follow_url(st.context.url or "", lang), t)
        with content:
            render.section(section_id, view.with_filters(filters), medium=SLIDES)
    else:
        render.section(section_id, view.with_filters(filters), medium=SLIDES)
