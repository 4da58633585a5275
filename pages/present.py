"""Presentation mode (?present=1): one agenda section per screen, large type, next and previous on the arrow keys."""

import pandas as pd
import streamlit as st

from wego_ui import data, layout, sections, state
from wego_view import figures, fmt, maps
from wego_view.i18n import country, localized

ctx = state.current()
t, lang, unit, sid = ctx.t, ctx.lang, ctx.unit, ctx.snapshot_id
SLIDES = ("overview", "programs", "offices", "members", "assembly", "budget")
TITLES = {
    "overview": "present.overview",
    "programs": "agenda.operations",
    "offices": "agenda.offices",
    "members": "agenda.members",
    "assembly": "agenda.assembly",
    "budget": "budget.title",
}
number = state.from_url("slide", range(1, len(SLIDES) + 1), 1, parse=state.int_or_none)
slide = SLIDES[number - 1]

# Slide charts fit a 1280×720 projector below the title row, in larger type.
SLIDE_HEIGHT = 470


def slide_chart(fig, name: str, key: str, height: int = SLIDE_HEIGHT, font: int = 15) -> None:
    fig.update_layout(height=height, font={"size": font})
    fig.update_xaxes(title=None)
    layout.chart(fig, name, key=key)


def go(to: int) -> None:
    st.query_params["slide"] = str(to)


head, stamp, controls = st.columns([5, 2, 3], vertical_alignment="center")
head.header(t(TITLES[slide]))
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
    st.markdown(t("present.position", n=number, total=len(SLIDES)))
    st.button(
        t("present.next"),
        on_click=go,
        args=(number + 1,),
        disabled=number == len(SLIDES),
        shortcut="Right",
        icon=":material/arrow_forward:",
        key="next",
        help=t("present.next"),
    )
bad = state.bad_params()
if bad:
    state.notice(bad, lang)
state.header_done()

if slide == "overview":
    sections.kpis(ctx)
    history = data.q("figure_history", sid, figure="members_total")
    slide_chart(
        figures.membership_over_time(history, lang, t),
        f"wego-membership-{sid}",
        key="slide-membership",
        height=SLIDE_HEIGHT // 2 + 60,
    )
elif slide == "programs":
    years = data.q("program_years", sid)
    if years:
        phases = data.q("program_timeline", sid, fiscal_year=years[0], area=None)
        events = data.q("events", sid, year=None, kind=None, area=None)
        events = events[events["program_id"].fillna("").str.startswith(f"{years[0]}-")]
        slide_chart(
            figures.program_gantt(phases, events, ctx.as_of, years[0], lang, t),
            f"wego-timeline-{sid}",
            key="slide-gantt",
            height=SLIDE_HEIGHT + 90,
            font=11,
        )
    else:
        st.info(t("budget.no_plan"))
elif slide == "offices":
    offices = data.q("offices", sid)
    left, right = st.columns([1, 1])
    with left:
        st.pydeck_chart(
            # half a screen wide: fitted like a phone's map so every office and member is in view
            maps.offices_map(offices, data.q("office_arcs", sid), lang, t, compact=True),
            height=SLIDE_HEIGHT,
            alt=t("offices.map_alt", count=fmt.integer(len(offices), lang)),
        )
    with right:
        layout.table(
            pd.DataFrame(
                {
                    t("changes.office"): localized(offices, "name", lang),
                    t("office.opened"): [
                        fmt.date(d, lang, p) for d, p in zip(offices["opened_on"], offices["opened_precision"])
                    ],
                    t("office.members"): [fmt.integer(v, lang) for v in offices["members_covered"]],
                    t("office.events"): [fmt.integer(v, lang) for v in offices["events_held"]],
                }
            )
        )
elif slide == "members":
    applicants = data.q("members", sid, status="applicant")
    left, right = st.columns([2, 3])
    with left:
        layout.section(t("present.applicants", count=fmt.integer(len(applicants), lang)))
        if applicants.empty:
            st.write(t("present.no_applicants"))
        else:
            layout.table(
                pd.DataFrame(
                    {
                        t("col.name"): localized(applicants, "name", lang),
                        t("col.country"): [country(c, lang) for c in applicants["country_iso3"]],
                        t("col.member_type"): [t(f"member_type.{m}") for m in applicants["member_type"]],
                    }
                )
            )
    with right:
        counts = data.q("members_by_region", sid)
        slide_chart(figures.members_by_region(counts, lang, t), f"wego-regions-{sid}", key="slide-regions")
        dated = counts[counts["reported_as_of"].notna()]
        if not dated.empty:
            st.caption(t("members.reported_as_of", date=fmt.date(dated["reported_as_of"].max(), lang, "month")))
elif slide == "assembly":
    layout.section(t("overview.upcoming", date=fmt.date(ctx.as_of, lang)))
    sections.upcoming(ctx, limit=4, downloads=False)
    slide_chart(
        figures.attendance_history(data.q("assembly_history", sid), lang, t),
        f"wego-attendance-{sid}",
        key="slide-history",
        height=SLIDE_HEIGHT - 90,
    )
elif slide == "budget":
    years = data.q("settlement_years", sid)
    if years:
        layout.section(t("present.settlement", year=years[0]))
        sections.settlement_kpis(ctx, years[0])
        lines = data.q("budget_lines", sid, fiscal_year=years[0])
        slide_chart(
            figures.budget_vs_executed(lines, years[0], unit, lang, t), f"wego-settlement-{sid}", key="slide-bars"
        )
    else:
        st.info(t("budget.no_settlement"))
