"""The EXCOM briefing pack: one PDF pinned to a snapshot, with the dashboard's numbers, charts and wording.

    from wego_brief import build_pdf
    wh = Warehouse(audience="committee")
    pdf = build_pdf(wh, "2016-04-26", "ko", unit="thousand", watermark="EXCOM – confidential")

or, without the app: python -m wego_brief --snapshot 2016-04-26 --lang ko --out brief.pdf

The city diagnosis report (issue #11), one member city, framework and edition, from the same renderer:

    pdf = build_city_report(wh, "2025-11-01", "en", "seoul", "egdi", 2024)

or python -m wego_brief --city seoul --framework egdi --edition 2024 --snapshot 2025-11-01 --lang en --out seoul.pdf
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from wego_brief.errors import BriefError, ChoiceError

__all__ = ["BriefError", "ChoiceError", "bench", "build_city_report", "build_pdf"]

Progress = Callable[[float, str], None]


def build_pdf(
    wh,
    snapshot_id: str,
    lang: str,
    unit: str = "thousand",
    watermark: str | None = None,
    filters: dict | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The briefing pack of one snapshot as PDF bytes: the overview, then the sections of the meeting in view's
    agenda in its order (the standing sections when it has none), then What changed, each section exactly the blocks
    wego_view.sections builds for the pages.

    wh is a wego_data.warehouse.Warehouse; lang "en" or "ko"; unit "thousand" or "million" (KRW); watermark an
    optional text drawn diagonally on every page; filters the page filters in force ({"region": "Africa"}, the URL
    names of wego_view.params or the queries' names), named in every footer; progress an optional
    callable(fraction, message) told how far it is. Raises BriefError, whose message is one line, for anything a
    person has to fix (snapshot, language, unit, filter, browser, font).
    """
    from wego_brief import content

    content.check_language(lang)
    t = content.translator(lang)
    report = progress or (lambda _fraction, _message: None)
    report(0.0, t("brief.progress.data"))
    brief = content.compose(wh, snapshot_id, lang, unit, filters, dt.datetime.now().astimezone())
    return _draw(brief, t, report, watermark)


def _draw(brief, t, report: Progress, watermark: str | None) -> bytes:
    """A composed Brief as PDF bytes: its charts drawn (progress from 0.1 to 0.8), then laid out."""
    from wego_brief import charts, layout, system

    fonts = system.find_fonts()
    system.find_browser()  # before the work: a missing browser is said at once
    shown = brief.charts()
    total = len(shown)
    report(0.1, t("brief.progress.charts", done=0, total=total))

    def drawn(done: int) -> None:
        report(0.1 + 0.7 * done / max(total, 1), t("brief.progress.charts", done=done, total=total))

    for chart, image in zip(shown, charts.export([ch.figure for ch in shown], drawn), strict=True):
        brief.images[id(chart)] = image
    report(0.85, t("brief.progress.layout"))
    pdf = layout.render(brief, fonts, watermark.strip() if watermark and watermark.strip() else None)
    report(1.0, t("brief.progress.done"))
    return pdf


def build_city_report(
    wh,
    snapshot_id: str,
    lang: str,
    member: str,
    framework: str,
    edition: int | None = None,
    unit: str = "thousand",
    progress: Progress | None = None,
) -> bytes:
    """The city diagnosis report of one member city (member id), framework and edition (None: its latest) as PDF
    bytes, laid out as the briefing pack (its fonts, PDF/UA tagging, footer with the snapshot, as-of and page x of y
    on every page) under a compact title block; its blocks are exactly wego_view.city_report's.

    Raises ChoiceError (a BriefError) for a member, framework or edition the snapshot does not have for wh's
    audience, BriefError for anything else a person has to fix (snapshot, language, browser, font)."""
    from wego_brief import content

    content.check_language(lang)
    t = content.translator(lang)
    report = progress or (lambda _fraction, _message: None)
    report(0.0, t("brief.progress.data"))
    brief, _ = content.compose_city(
        wh, snapshot_id, lang, unit, member, framework, edition, dt.datetime.now().astimezone()
    )
    return _draw(brief, t, report, None)


def bench(timed, base) -> None:
    """For tools/bench.py: timed(label, func, repeat) on the pack of the 2016-04-26 snapshot, in Korean."""
    from wego_data.warehouse import Warehouse

    wh = Warehouse(base, audience="committee")
    try:
        timed(
            "briefing pack PDF (2016-04-26, ko, watermark)",
            lambda: build_pdf(wh, "2016-04-26", "ko", watermark="EXCOM – confidential"),
            repeat=3,
        )
    finally:
        wh.close()
