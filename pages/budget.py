"""Budget and spending: a settlement year's lines, hierarchy and reconciliation; the program plan by area."""

import pandas as pd
import streamlit as st

from wego_ui import data, layout, sections, state
from wego_view import figures, fmt, narrative
from wego_view.i18n import localized

ctx = layout.header("budget.title")
t, lang, unit, sid = ctx.t, ctx.lang, ctx.unit, ctx.snapshot_id
unit_name = t(f"unit.{unit}")
st.caption(t("budget.caption", unit=unit_name))
money_fmt = {}

years = data.q("settlement_years", sid)
if not years:
    st.info(t("budget.no_settlement"), icon=":material/receipt_long:")
else:
    year = state.selectbox("fy", t("filter.settlement_year"), years, years[0], parse=state.int_or_none, width=220)
    totals = sections.settlement_kpis(ctx, year)
    lines = data.q("budget_lines", sid, fiscal_year=year)
    spending = data.q("spending", sid, fiscal_year=year)

    layout.chart(figures.budget_vs_executed(lines, year, unit, lang, t), f"wego-settlement-{year}-{sid}", key="bars")
    layout.chart(
        figures.budget_hierarchy(lines, spending, year, unit, lang, t), f"wego-spending-{year}-{sid}", key="tree"
    )

    st.subheader(t("budget.reconciliation"))
    recon = data.q("reconciliation", sid, fiscal_year=year)
    for is_difference, sentence in narrative.reconciliation(
        recon, data.q("latest_figures", sid), totals, year, unit, lang, t
    ):
        if is_difference:
            st.warning(layout.md_escape(sentence), icon=":material/difference:")
        else:
            st.markdown(layout.md_escape(sentence))

    st.subheader(t("budget.lines_table"))
    names = localized(lines, "name", lang)
    lines_table = pd.DataFrame(
        {
            t("col.line"): [("↳ " * int(d)) + n for d, n in zip(lines["depth"], names)],
            t("col.budget", unit=unit_name): [float(fmt.in_unit(v, unit)) for v in lines["budget_krw"]],
            t("col.granted", unit=unit_name): [float(fmt.in_unit(v, unit)) for v in lines["granted_krw"]],
            t("col.executed", unit=unit_name): [float(fmt.in_unit(v, unit)) for v in lines["executed_krw"]],
            t("col.unspent", unit=unit_name): [float(fmt.in_unit(v, unit)) for v in lines["unspent_krw"]],
            t("col.rate"): [fmt.percent(r, lang) for r in lines["execution_rate"]],
        }
    )
    shown = lines_table.copy()
    for col in shown.columns[1:5]:
        shown[col] = [
            fmt.money(v, unit, lang, detail=True)
            for v in lines[
                ["budget_krw", "granted_krw", "executed_krw", "unspent_krw"][list(shown.columns[1:5]).index(col)]
            ]
        ]
    layout.table(shown)
    money_fmt = {c: layout.money_format(unit) for c in lines_table.columns[1:5]}
    layout.downloads(lines_table, f"wego-budget-lines-{year}-{sid}", t("budget.lines_table"), money_fmt)

    st.subheader(t("budget.spending_table", year=year))
    spend_table = pd.DataFrame(
        {
            t("col.activity"): localized(spending, "description", lang),
            t("col.period"): [fmt.period(v, lang) for v in spending["period"]],
            t("col.line"): localized(spending, "line_name", lang),
            t("col.amount", unit=unit_name): [
                None if pd.isna(v) else float(fmt.in_unit(v, unit)) for v in spending["amount_krw"]
            ],
            t("col.paid_by"): [t("funding.wego") if p == "wego" else p for p in spending["paid_by"]],
        }
    )
    shown = spend_table.copy()
    shown[shown.columns[3]] = [fmt.money(v, unit, lang, detail=True) for v in spending["amount_krw"]]
    layout.table(shown)
    layout.downloads(
        spend_table,
        f"wego-activities-{year}-{sid}",
        t("col.activity"),
        {spend_table.columns[3]: layout.money_format(unit)},
    )

plan_years = data.q("program_years", sid)
if not plan_years:
    st.info(t("budget.no_plan"), icon=":material/event_note:")
else:
    plan_year = plan_years[0]
    st.subheader(t("budget.plan", year=plan_year))
    programs = data.q("programs", sid, fiscal_year=plan_year, area=None)
    wego = int(programs.loc[programs["is_wego_funded"], "budget_krw"].sum())
    st.write(
        t(
            "budget.plan_total",
            wego=fmt.money(wego, unit, lang, detail=True),
            all=fmt.money(int(programs["budget_krw"].sum()), unit, lang, detail=True),
            unit=unit_name,
        )
    )
    layout.chart(figures.program_plan(programs, plan_year, unit, lang, t), f"wego-plan-{plan_year}-{sid}", key="plan")
    plan_table = pd.DataFrame(
        {
            t("col.area"): [t(f"area.{a}") for a in programs["area"]],
            t("col.program"): localized(programs, "name", lang),
            t("col.partner"): programs["partner"].fillna("–"),
            t("col.budget", unit=unit_name): [float(fmt.in_unit(v, unit)) for v in programs["budget_krw"]],
            t("col.funded_by"): [t("funding.wego") if f == "wego" else f for f in programs["funded_by"]],
        }
    )
    shown = plan_table.copy()
    shown[shown.columns[3]] = [fmt.money(v, unit, lang, detail=True) for v in programs["budget_krw"]]
    # The amount right after the program's name, so a narrow screen never hides it.
    layout.table(shown[[shown.columns[i] for i in (1, 3, 0, 2, 4)]])
    layout.downloads(
        plan_table,
        f"wego-programs-{plan_year}-{sid}",
        t("col.program"),
        {plan_table.columns[3]: layout.money_format(unit)},
    )
