"""Sentences built from query results, shared by the pages and the briefing pack so both say the same words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from wego_view import fmt
from wego_view.i18n import localized


def reconciliation(
    recon: pd.DataFrame, figures: dict, totals: dict, year: int, unit: str, lang: str, t: Callable[..., str]
) -> list[tuple[bool, str]]:
    """Where a settled year's parts and totals differ: (is_difference, sentence) for each itemized line, the
    report's own total row against its lines, and the interest reported on the total row only."""
    unit_name = t(f"unit.{unit}")
    notes = []
    names = localized(recon, "name", lang)
    for row, name in zip(recon.to_dict("records"), names):
        values = {
            "line": name,
            "unit": unit_name,
            "itemized": fmt.money(row["itemized_krw"], unit, lang, detail=True),
            "executed": fmt.money(row["executed_krw"], unit, lang, detail=True),
        }
        if row["itemized_minus_executed_krw"] > 0:
            diff = fmt.money(row["itemized_minus_executed_krw"], unit, lang, detail=True)
            notes.append((True, t("budget.recon_line", diff=diff, **values)))
        else:
            notes.append((False, t("budget.recon_ok", **values)))
    reported = figures.get(f"settlement_{year}_executed_krw")
    if reported is not None and int(reported["value"]) != int(totals["executed_krw"]):
        notes.append(
            (
                False,
                t(
                    "budget.recon_total",
                    unit=unit_name,
                    reported=fmt.money(reported["value"], unit, lang, detail=True),
                    computed=fmt.money(totals["executed_krw"], unit, lang, detail=True),
                ),
            )
        )
    interest = figures.get(f"settlement_{year}_interest_krw")
    if interest is not None:
        notes.append(
            (
                False,
                t(
                    "budget.recon_interest",
                    year=year,
                    unit=unit_name,
                    interest=fmt.money(interest["value"], unit, lang, detail=True),
                ),
            )
        )
    return notes


@dataclass(frozen=True)
class Figure:
    """One of the overview's figures: its label, its value as shown, the help text and a note under it."""

    label: str
    value: str
    help: str | None = None
    note: str | None = None


def overview_figures(
    figures: dict,
    members: pd.DataFrame,
    offices: pd.DataFrame,
    settlement: tuple[int, dict] | None,
    lang: str,
    unit: str,
    t: Callable[..., str],
) -> list[Figure]:
    """The six overview figures: reported members and EXCOM cities beside the registry's own counts, regional
    offices, staff, the year's budget and the last settlement's execution rate (settlement: (year, totals))."""
    unit_name = t(f"unit.{unit}")
    active = members[members["status"] == "active"]

    def published(name: str) -> str:
        row = figures[name]
        return fmt.date(row["as_of"], lang, row["as_of_precision"])

    def reported(name: str, label: str, listed: int, help_key: str) -> Figure:
        if name not in figures:
            return Figure(label, t("kpi.not_published"))
        count = fmt.integer(listed, lang)
        return Figure(
            label,
            fmt.integer(figures[name]["value"], lang),
            t(help_key, date=published(name), listed=count),
            t("kpi.members_listed", listed=count),
        )

    out = [
        reported("members_total", t("kpi.members"), len(active), "kpi.members_help"),
        reported("excom_cities", t("kpi.excom"), int((active["excom_role"] != "none").sum()), "kpi.excom_help"),
        Figure(t("kpi.offices"), fmt.integer(int((offices["kind"] == "regional").sum()), lang), t("kpi.offices_help")),
    ]
    if "staff_total" in figures:
        out.append(Figure(t("kpi.staff"), fmt.integer(figures["staff_total"]["value"], lang), published("staff_total")))
    else:
        out.append(Figure(t("kpi.staff"), t("kpi.not_published")))
    if "budget_total_krw" in figures:
        budget, wego = figures["budget_total_krw"], figures.get("budget_wego_krw")
        out.append(
            Figure(
                t("kpi.budget", year=budget["as_of"].year, unit=unit_name),
                fmt.money(budget["value"], unit, lang),
                t(
                    "kpi.budget_help",
                    date=published("budget_total_krw"),
                    wego=fmt.money(wego["value"], unit, lang) if wego else "–",
                ),
            )
        )
    else:
        out.append(Figure(t("kpi.budget", year="", unit=unit_name), t("kpi.not_published")))
    if settlement:
        year, totals = settlement
        out.append(
            Figure(
                t("kpi.execution", year=year),
                fmt.percent(totals["execution_rate"], lang),
                t(
                    "kpi.execution_help",
                    executed=fmt.money(totals["executed_krw"], unit, lang),
                    granted=fmt.money(totals["granted_krw"], unit, lang),
                    unit=unit_name,
                ),
            )
        )
    else:
        out.append(Figure(t("kpi.execution", year=""), t("kpi.not_published")))
    return out
