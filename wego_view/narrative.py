"""Sentences built from query results, shared by the pages and the briefing pack so both say the same words."""

from __future__ import annotations

from collections.abc import Callable

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
