"""Blocks shared by the pages and the presentation slides (so a slide shows exactly what its page shows)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from wego_ui import data, layout, state
from wego_view import figures, fmt, narrative
from wego_view.i18n import localized, place


def kpis(ctx: state.Context) -> None:
    """The overview's six figures (wego_view.narrative words them, for this page and the briefing pack alike)."""
    sid = ctx.snapshot_id
    years = data.q("settlement_years", sid)
    settlement = (years[0], data.q("budget_totals", sid, fiscal_year=years[0])) if years else None
    shown = narrative.overview_figures(
        data.q("latest_figures", sid),
        data.q("members", sid),
        data.q("offices", sid),
        settlement,
        ctx.lang,
        ctx.unit,
        ctx.t,
    )
    for column, figure in zip(st.columns(3) + st.columns(3), shown):
        with column:
            st.metric(figure.label, figure.value, help=figure.help, border=True)
            if figure.note:
                st.caption(figure.note)


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
