"""What the pack holds: the sections wego_view.sections builds (the very blocks the pages and the slides draw), in
the order of the meeting in view's agenda, behind a cover, with the footer every page carries and a "What changed"
part (wego_view.changes, the page's own blocks). Nothing here composes a section of its own; no PDF here (layout.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from wego_brief.errors import BriefError, ChoiceError
from wego_data import diff, queries
from wego_data.warehouse import Warehouse
from wego_view import changes, city_report, fmt, maturity, params, sections
from wego_view.blocks import PDF, Chart, Row, shown_on
from wego_view.context import SnapshotInfo, ViewContext
from wego_view.i18n import LANGUAGES, translator

CHANGES = "changes"  # the agenda's section id of "What changed" (wego_data.schema.SECTION_IDS)

__all__ = [
    "Brief",
    "Cover",
    "Part",
    "check_language",
    "check_unit",
    "compose",
    "compose_city",
    "pdf_blocks",
    "translator",
]


# ---- the pack's own structure -------------------------------------------------------------------------------------


@dataclass
class Cover:
    title: str
    org: str
    meeting_label: str  # "Meeting in progress" / "Next meeting" / "Last meeting held" / "Meeting"
    meeting: str  # the meeting's name · dates · place, or that none is recorded
    meeting_note: str | None  # e.g. that no agenda of it is on record
    facts: list[tuple[str, str]]
    filters_note: str | None


@dataclass
class Part:
    """One numbered section of the pack: its title, the agenda item it answers, and the blocks a section built."""

    key: str
    title: str
    note: str | None
    blocks: list


@dataclass
class Brief:
    lang: str
    cover: Cover
    footer: str
    page_label: str  # with {page} and {pages} left to fill
    contents_title: str
    caption: Callable[[str], str]  # a chart's caption: its alt text, then the snapshot and its date
    parts: list[Part] = field(default_factory=list)
    images: dict[int, object] = field(default_factory=dict)  # id(chart) -> charts.Image, filled by the export
    # A compact title block (brand, title, facts) and one part under it, instead of the cover, the contents and a
    # page per part: the city diagnosis report (issue #11).
    compact: bool = False

    def charts(self) -> list[Chart]:
        """Every chart the PDF shows, in page order."""
        return [b for part in self.parts for b in pdf_blocks(part.blocks) if isinstance(b, Chart)]


def pdf_blocks(blocks) -> Iterator:
    """The blocks shown on the PDF, in order, a row's columns one after the other (each column's blocks checked)."""
    for block in shown_on(blocks, PDF):
        if isinstance(block, Row):
            for column in block.columns:
                yield from pdf_blocks(column)
        else:
            yield block


# ---- checks -------------------------------------------------------------------------------------------------------


def check_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise BriefError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")


def check_unit(unit: str) -> None:
    if unit not in fmt.UNITS:
        raise BriefError(f"unknown unit {unit!r}; choose one of {', '.join(fmt.UNITS)}")


def snapshot(wh: Warehouse, snapshot_id: str):
    try:
        return wh.snapshot(snapshot_id)
    except KeyError:
        known = ", ".join(s.snapshot_id for s in wh.snapshots()) or "none (run: python -m wego_data build-sample)"
        raise BriefError(f"no snapshot {snapshot_id!r}; published: {known}") from None


# ---- filters ------------------------------------------------------------------------------------------------------

# The pages' URL names (wego_view.params) are the filters' names; the queries' names are accepted as aliases.
ALIASES = {p.query_name: p.name for p in params.PARAMS.values() if p.filter and p.query_name}


def allowed_values(ctx: ViewContext) -> dict[str, tuple]:
    """The filter values the data decides for the context's snapshot."""
    return {
        "year": tuple(ctx.q("program_years")),
        "fy": tuple(ctx.q("settlement_years")),
        "event_year": tuple(ctx.q("event_years")),
        **maturity.allowed_values(ctx),  # fw, edition, city, cities (issue #11)
    }


def read_filters(filters: dict | None, allowed: dict[str, tuple]) -> dict:
    """The filters that are set, by URL name, checked as the pages check them; BriefError (one line) for a name that
    is no filter or a value the snapshot does not allow. The URL's other settings (snapshot, lang, ...) are ignored,
    so a page's URL parameters can be passed as they are."""
    raw: dict = {}
    for key, value in (filters or {}).items():
        name = ALIASES.get(key, key)
        param = params.PARAMS.get(name)
        if param is None:
            raise BriefError(f"unknown filter {key!r}; known: {', '.join(params.FILTERS)}")
        if param.filter:
            raw[name] = (key, value)
    values, bad = params.read({name: value for name, (_, value) in raw.items()}, allowed)
    for name in bad:
        key, value = raw[name]
        param = params.PARAMS[name]
        if value is not None and len(str(value)) > params.MAX_CHARS:
            raise BriefError(f"filter {key} is longer than {params.MAX_CHARS} characters")
        if param.kind == "number" and param.parse(value) is None:
            raise BriefError(f"filter {key}={value!r} is not a number")
        if param.kind == "flag":
            raise BriefError(f"filter {key}={value!r} is not one of 1, 0, true, false")
        choices = allowed.get(name, param.values) or ()
        raise BriefError(f"filter {key}={value!r} is not valid for this snapshot; choose one of {list(choices)}")
    # An unset flag filters nothing; a search is its text.
    return {name: value for name, value in values.items() if value is not False and value != ""}


def filters_text(filters: dict, t) -> str:
    """'Region = Africa, Strategic area = 2 · …' in the chosen language; '' when nothing is filtered."""
    parts = []
    for name in params.FILTERS:
        if name not in filters:
            continue
        param, value = params.PARAMS[name], filters[name]
        label = t(param.label_key)
        if param.kind == "flag":
            parts.append(label)
        elif param.kind == "text":
            parts.append(f"{label} = “{value}”")
        elif param.value_prefix:
            parts.append(f"{label} = {t(f'{param.value_prefix}.{value}')}")
        else:
            parts.append(f"{label} = {value}")
    return ", ".join(parts)


# ---- the cover ----------------------------------------------------------------------------------------------------


def generated_text(now: dt.datetime, lang: str) -> str:
    # The day as every other date (fmt.date), then a 24-hour clock: Babel's Korean pattern prints "PM", not 오후.
    from babel.dates import format_skeleton

    offset = now.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    zone = (
        "UTC" if minutes == 0 else f"UTC{'+' if minutes > 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    )
    locale = fmt.LOCALES[lang]
    return f"{fmt.date(now.date(), lang)} {format_skeleton('Hms', now, locale=locale)} ({zone})"


def cover(ctx: ViewContext, meeting: dict | None, has_agenda: bool, now: dt.datetime) -> Cover:
    t = ctx.t
    if meeting is None:
        label, name, note = t("meeting.view.title"), t("meeting.view.none"), None
    else:
        label, name = t(f"meeting.view.{meeting['relation']}"), sections.meeting_title(ctx, meeting)
        note = None if has_agenda else t("meeting.view.no_agenda")
    label_text = ctx.label()
    facts = [
        (t("brief.snapshot"), ctx.snapshot_id + (f" — {label_text}" if label_text else "")),
        (t("brief.as_of"), ctx.date(ctx.as_of)),
        (t("brief.generated"), generated_text(now, ctx.lang)),
        (t("brief.unit"), ctx.unit_name),
        (t("brief.filters"), filters_text(ctx.filters, t) or t("brief.no_filters")),
    ]
    filters_note = t("brief.filters_note") if ctx.filters else None
    return Cover(t("brief.title"), t("brief.org"), label, name, note, facts, filters_note)


# ---- the pack -----------------------------------------------------------------------------------------------------


def _info(snap) -> SnapshotInfo:
    return SnapshotInfo(snap.snapshot_id, snap.as_of, snap.label or "", snap.label_ko or "")


def context(wh: Warehouse, snapshot_id: str, lang: str, unit: str, filters: dict | None) -> ViewContext:
    """The view context the pages would have for this snapshot, language, unit and filters, reading wh directly."""
    snap = snapshot(wh, snapshot_id)
    unfiltered = ViewContext(
        snapshot=_info(snap),
        lang=lang,
        unit=unit,
        query=lambda name, sid, **p: getattr(queries, name)(wh, sid, **p),
        compare=lambda old, new: diff.diff(wh, old, new),
        snapshots=tuple(_info(s) for s in reversed(wh.snapshots())),  # newest first
        audience=wh.audience,  # the pack says what its reader may see (python -m wego_brief --audience)
    )
    return unfiltered.with_filters(read_filters(filters, allowed_values(unfiltered)))


def _section(ctx: ViewContext, section_id: str) -> tuple[str, list]:
    """A section's title key and blocks, as the registry builds them; What changed compares the pack's snapshot with
    the previous one (for the first snapshot it says there is nothing to compare)."""
    if section_id == CHANGES:
        previous = ctx.previous
        chosen = {"new": ctx.snapshot_id, **({"old": previous.snapshot_id} if previous else {})}
        return "nav.changes", changes.build(ctx.with_filters({**ctx.filters, **chosen}))
    spec = sections.SECTIONS[section_id]
    return spec.title_key, spec.build(ctx)


def compose(wh: Warehouse, snapshot_id: str, lang: str, unit: str, filters: dict | None, now: dt.datetime) -> Brief:
    """The overview, then one part per agenda item of the meeting in view (the standing sections when it has no
    agenda), then What changed unless the agenda had it; the charts still to be drawn."""
    check_language(lang)
    check_unit(unit)
    ctx = context(wh, snapshot_id, lang, unit, filters)
    t = ctx.t
    meeting = sections.meeting_in_view(ctx)
    agenda = sections.pack_sections(ctx)  # the agenda, then the standing sections it does not cover
    has_agenda = any(note for _, note, _ in agenda)
    shown_filters = filters_text(ctx.filters, t)
    footer = t(
        "brief.footer",
        snapshot=snapshot_id,
        date=ctx.date(ctx.as_of),
        filters=f"{t('brief.filters')}: {shown_filters}" if shown_filters else t("brief.no_filters"),
    )

    def caption(alt: str) -> str:
        what = alt if alt.rstrip().endswith((".", "!", "?")) else f"{alt.rstrip()}."  # "Members by region" is a title
        return t("brief.caption", what=what, snapshot=snapshot_id, date=ctx.date(ctx.as_of))

    brief = Brief(
        lang,
        cover(ctx, meeting, has_agenda, now),
        footer,
        t("brief.page", page="{page}", pages="{pages}"),
        t("brief.contents"),
        caption,
    )
    wanted: list[tuple[str, str | None, dict]] = [("overview", None, {})]
    allowed = allowed_values(ctx)
    for section_id, note, agenda_filters in agenda:
        # Allow-listed URL text; a value this snapshot does not allow is left out, as a page would.
        wanted.append((section_id, note, params.read(agenda_filters, allowed)[0]))
    if all(section_id != CHANGES for section_id, _, _ in wanted):
        wanted.append((CHANGES, None, {}))
    for number, (section_id, note, agenda_filters) in enumerate(wanted, start=1):
        title_key, built = _section(ctx.with_filters({**agenda_filters, **ctx.filters}), section_id)
        brief.parts.append(Part(section_id, f"{number}. {t(title_key)}", note, [*built]))
    return brief


# ---- the city diagnosis report (issue #11) --------------------------------------------------------------------------


def compose_city(
    wh: Warehouse,
    snapshot_id: str,
    lang: str,
    unit: str,
    member: str,
    framework: str,
    edition: int | None,
    now: dt.datetime,
) -> tuple[Brief, city_report.Report]:
    """The city report as a compact Brief: a title block with its facts (city, country, region, framework, edition,
    snapshot, as-of, generated) over the blocks wego_view.city_report builds; ChoiceError (one line) for a member,
    framework or edition the snapshot does not have for this reader."""
    check_language(lang)
    check_unit(unit)
    ctx = context(wh, snapshot_id, lang, unit, None)
    t = ctx.t
    try:
        report = city_report.build(ctx, member, framework, edition)
    except city_report.ChoiceError as exc:
        raise ChoiceError(str(exc)) from None
    facts = [*report.facts, (t("report.generated"), generated_text(now, lang))]
    cover = Cover(report.title, t("brief.org"), report.title, report.heading, None, facts, None)

    def caption(alt: str) -> str:
        what = alt if alt.rstrip().endswith((".", "!", "?")) else f"{alt.rstrip()}."
        return t("brief.caption", what=what, snapshot=snapshot_id, date=ctx.date(ctx.as_of))

    brief = Brief(
        lang,
        cover,
        report.footer,
        t("brief.page", page="{page}", pages="{pages}"),
        t("brief.contents"),
        caption,
        compact=True,
    )
    brief.parts.append(Part("city-report", report.heading, None, list(report.blocks)))
    return brief, report
