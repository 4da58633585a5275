"""Programs and events: the Gantt timeline of program phases, the event list and map, assembly history."""

import pandas as pd
import streamlit as st

from wego_data.queries import AREAS, EVENT_KINDS
from wego_ui import data, layout, state
from wego_view import figures, fmt, maps, theme
from wego_view.i18n import localized, place

ctx = layout.header("programs.title")
t, lang, unit, sid = ctx.t, ctx.lang, ctx.unit, ctx.snapshot_id
st.caption(t("programs.caption"))

years = data.q("program_years", sid)
f1, f2 = st.columns([1, 3])
area = state.filter_select("area", t("filter.area"), AREAS, t, "area", parse=state.int_or_none, container=f2)
if years:
    year = state.selectbox("year", t("filter.year"), years, years[0], parse=state.int_or_none, container=f1)
    phases = data.q("program_timeline", sid, fiscal_year=year, area=area)
    plan_events = data.q("events", sid, year=None, kind=None, area=area)
    plan_events = plan_events[plan_events["program_id"].fillna("").str.startswith(f"{year}-")]
    if phases.empty:
        st.info(t("gantt.none"), icon=":material/view_timeline:")
    else:
        layout.chart(
            figures.program_gantt(phases, plan_events, ctx.as_of, year, lang, t),
            f"wego-timeline-{year}-{sid}",
            key="gantt",
        )

st.subheader(t("programs.events"))
event_years = data.q("event_years", sid)
g1, g2 = st.columns(2)
event_year = state.filter_select(
    "event_year", t("filter.event_year"), event_years, t, parse=state.int_or_none, container=g1
)
kind = state.filter_select("kind", t("filter.event_kind"), EVENT_KINDS, t, "event_kind", container=g2)
events = data.q("events", sid, year=event_year, kind=kind, area=area)
unit_name = t(f"unit.{unit}")


def attendance(row) -> str:
    parts = []
    if pd.notna(row["cities"]):
        parts.append(f"{fmt.integer(row['cities'], lang)} {t('col.cities')}")
    if pd.notna(row["people"]):
        parts.append(f"{fmt.integer(row['people'], lang)} {t('col.people')}")
    return " · ".join(parts) or "–"


if events.empty:
    st.info(t("empty.filtered"), icon=":material/filter_alt_off:")
else:
    table = pd.DataFrame(
        {
            t("col.date"): [
                fmt.date_range(s, e, lang, p)
                for s, e, p in zip(events["starts_on"], events["ends_on"], events["date_precision"])
            ],
            t("col.event"): localized(events, "name", lang),
            t("col.kind_event"): [t(f"event_kind.{k}") for k in events["kind"]],
            t("col.place"): [
                place(c, i, lang, k) for c, i, k in zip(events["city"], events["country_iso3"], events["city_ko"])
            ],
            t("col.attendance"): [attendance(r) for r in events.to_dict("records")],
            t("col.cost", unit=unit_name): [fmt.money(v, unit, lang, detail=True) for v in events["cost_krw"]],
            t("col.status"): [t(f"event_status.{s}") for s in events["status"]],
        }
    )
    layout.table(table, column_config={t("col.event"): st.column_config.TextColumn(width="large")})
    layout.downloads(table, f"wego-events-{sid}", t("programs.events"))
    layout.section(t("programs.events_map"))
    st.pydeck_chart(
        maps.events_map(events, lang, t, compact=layout.is_phone()),
        height=maps.MAP_HEIGHT,
        alt=t("programs.events_map_alt", count=fmt.integer(len(events), lang)),
    )
    layout.legend({t("programs.legend_meetings"): theme.VERMILLION, t("programs.legend_other"): theme.BLUE}, "")

st.subheader(t("programs.history"))
history = data.q("assembly_history", sid)
layout.chart(figures.attendance_history(history, lang, t), f"wego-attendance-{sid}", key="history")
