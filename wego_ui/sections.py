"""Blocks shared by the pages and the presentation slides (so a slide shows exactly what its page shows)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from wego_ui import data, figures, fmt, layout, state
from wego_ui.i18n import localized, place


def kpis(ctx: state.Context) -> None:
    """The overview's six figures: reported members and EXCOM cities beside the registry, offices, staff, budget,
    the last settlement's execution rate."""
    t, lang, unit, sid = ctx.t, ctx.lang, ctx.unit, ctx.snapshot_id
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


def membership_chart(ctx: state.Context, key: str = "membership") -> None:
    history = data.q("figure_history", ctx.snapshot_id, figure="members_total")
    layout.chart(figures.membership_over_time(history, ctx.lang, ctx.t), f"wego-membership-{ctx.snapshot_id}", key=key)


def upcoming(ctx: state.Context, limit: int = 8, downloads: bool = True) -> None:
    t, lang = ctx.t, ctx.lang
    events = data.q("upcoming_events", ctx.snapshot_id, limit=limit)
    if events.empty:
        st.info(t("overview.no_upcoming"), icon=":material/event_busy:")
        return
    frame = pd.DataFrame(
        {
            t("col.date"): [
                fmt.date_range(s, e, lang, p)
                for s, e, p in zip(events["starts_on"], events["ends_on"], events["date_precision"])
            ],
            t("col.event"): localized(events, "name", lang),
            t("col.place"): [
                place(c, i, lang, k) for c, i, k in zip(events["city"], events["country_iso3"], events["city_ko"])
            ],
        }
    )
    layout.table(frame)
    if downloads:
        layout.downloads(frame, f"wego-upcoming-{ctx.snapshot_id}", t("programs.events"))


def settlement_kpis(ctx: state.Context, year: int) -> dict:
    """Budget, granted, executed, execution rate and unspent of a settled year; returns the totals."""
    t, lang, unit = ctx.t, ctx.lang, ctx.unit
    unit_name = t(f"unit.{unit}")
    totals = data.q("budget_totals", ctx.snapshot_id, fiscal_year=year)
    k = st.columns(5)
    k[0].metric(f"{t('budget.kpi_budget')} ({unit_name})", fmt.money(totals["budget_krw"], unit, lang), border=True)
    k[1].metric(f"{t('budget.kpi_granted')} ({unit_name})", fmt.money(totals["granted_krw"], unit, lang), border=True)
    k[2].metric(f"{t('budget.kpi_executed')} ({unit_name})", fmt.money(totals["executed_krw"], unit, lang), border=True)
    k[3].metric(t("budget.kpi_rate"), fmt.percent(totals["execution_rate"], lang), border=True)
    k[4].metric(f"{t('budget.kpi_unspent')} ({unit_name})", fmt.money(totals["unspent_krw"], unit, lang), border=True)
    return totals
