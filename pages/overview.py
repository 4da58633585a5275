"""Overview: the briefing at a glance — reported figures, membership over time, upcoming events, the agenda."""

import streamlit as st

from wego_ui import data, figures, fmt, layout
from wego_ui.i18n import localized, place

ctx = layout.header("overview.title", None)
t, lang, unit, sid = ctx.t, ctx.lang, ctx.unit, ctx.snapshot_id
st.caption(t("overview.caption"))

figs = data.q("latest_figures", sid)
members = data.q("members", sid)
offices = data.q("offices", sid)
active = members[members["status"] == "active"]
listed_excom = int((active["excom_role"] != "none").sum())


def figure_date(name: str) -> str:
    row = figs[name]
    return fmt.date(row["as_of"], lang, row["as_of_precision"])


def reported(name: str, listed: int | None = None, help_key: str | None = None, **extra) -> None:
    """A metric from the organization's published figures, with the registry's own count beside it."""
    label = t(f"kpi.{name.split('_')[0]}") if name != "excom_cities" else t("kpi.excom")
    if name not in figs:
        st.metric(label, t("kpi.not_published"))
        return
    help_text = t(help_key, date=figure_date(name), listed=fmt.integer(listed, lang), **extra) if help_key else None
    st.metric(
        label,
        fmt.integer(figs[name]["value"], lang),
        help=help_text,
        border=True,
    )
    if listed is not None:
        st.caption(t("kpi.members_listed", listed=fmt.integer(listed, lang)))


cols = st.columns(3) + st.columns(3)
with cols[0]:
    reported("members_total", len(active), "kpi.members_help")
with cols[1]:
    reported("excom_cities", listed_excom, "kpi.excom_help")
with cols[2]:
    regional = int((offices["kind"] == "regional").sum())
    st.metric(t("kpi.offices"), fmt.integer(regional, lang), help=t("kpi.offices_help"), border=True)
with cols[3]:
    if "staff_total" in figs:
        st.metric(
            t("kpi.staff"),
            fmt.integer(figs["staff_total"]["value"], lang),
            border=True,
            help=figure_date("staff_total"),
        )
    else:
        st.metric(t("kpi.staff"), t("kpi.not_published"), border=True)
with cols[4]:
    if "budget_total_krw" in figs:
        budget = figs["budget_total_krw"]
        year = budget["as_of"].year
        wego = figs.get("budget_wego_krw")
        st.metric(
            t("kpi.budget", year=year, unit=t(f"unit.{unit}")),
            fmt.money(budget["value"], unit, lang),
            border=True,
            help=t(
                "kpi.budget_help",
                date=figure_date("budget_total_krw"),
                wego=fmt.money(wego["value"], unit, lang) if wego else "–",
            ),
        )
    else:
        st.metric(t("kpi.budget", year="", unit=t(f"unit.{unit}")), t("kpi.not_published"), border=True)
with cols[5]:
    years = data.q("settlement_years", sid)
    if years:
        totals = data.q("budget_totals", sid, fiscal_year=years[0])
        st.metric(
            t("kpi.execution", year=years[0]),
            fmt.percent(totals["execution_rate"], lang),
            border=True,
            help=t(
                "kpi.execution_help",
                executed=fmt.money(totals["executed_krw"], unit, lang),
                granted=fmt.money(totals["granted_krw"], unit, lang),
                unit=t(f"unit.{unit}"),
            ),
        )
    else:
        st.metric(t("kpi.execution", year=""), t("kpi.not_published"), border=True)

left, right = st.columns([3, 2])
with left:
    history = data.q("figure_history", sid, figure="members_total")
    st.plotly_chart(figures.membership_over_time(history, lang, t), config={"displaylogo": False})
with right:
    layout.section(t("overview.agenda"))
    AGENDA = (
        ("agenda.operations", "pages/programs.py", ":material/event_note:", {}),
        ("agenda.offices", "pages/offices.py", ":material/apartment:", {}),
        ("agenda.members", "pages/members.py", ":material/how_to_reg:", {"status": "applicant"}),
        ("agenda.assembly", "pages/programs.py", ":material/groups:", {"kind": "general_assembly"}),
    )
    for key, page, icon, params in AGENDA:
        keep = {"lang": lang, "unit": unit, "snapshot": sid}
        st.page_link(page, label=t(key), icon=icon, query_params={**keep, **params})

st.subheader(t("overview.upcoming", date=fmt.date(ctx.as_of, lang)))
upcoming = data.q("upcoming_events", sid, limit=8)
if upcoming.empty:
    st.info(t("overview.no_upcoming"), icon=":material/event_busy:")
else:
    table = {
        t("col.date"): [
            fmt.date_range(s, e, lang, p)
            for s, e, p in zip(upcoming["starts_on"], upcoming["ends_on"], upcoming["date_precision"])
        ],
        t("col.event"): localized(upcoming, "name", lang),
        t("col.place"): [place(c, i, lang) for c, i in zip(upcoming["city"], upcoming["country_iso3"])],
    }
    layout.table(table)
