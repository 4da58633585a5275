"""What the pack says, section by section, as plain blocks: the same queries, figure builders, catalog strings and
Babel formatting as the pages, so every number reads exactly as on screen. No PDF here (see layout.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from wego_brief.errors import BriefError
from wego_data import diff, queries
from wego_data.warehouse import Warehouse
from wego_view import figures, fmt, narrative
from wego_view.i18n import CATALOG, LANGUAGES, country, localized, pick, place
from wego_view.i18n_brief import BRIEF_CATALOG

# The catalog's agenda items (agenda.*) are those of the 2016 EXCOM: sections name them only in a pack for it.
AGENDA_MEETING_YEAR = 2016
UPCOMING_LIMIT = 100
STRINGS = {**CATALOG, **BRIEF_CATALOG}


def translator(lang: str) -> Callable[..., str]:
    """t(key, **values) over the app's catalog and the pack's own strings."""

    def t(key: str, **values) -> str:
        entry = STRINGS[key]
        text = entry.get(lang) or entry["en"]
        return text.format(**values) if values else text

    return t


# ---- blocks -------------------------------------------------------------------------------------------------------


@dataclass
class Section:
    key: str
    title: str
    note: str | None = None


@dataclass
class Heading:
    text: str


@dataclass
class Para:
    text: str
    style: str = "body"  # body | note | warn


@dataclass
class Kpi:
    label: str
    value: str
    help: str | None = None


@dataclass
class Kpis:
    items: list[Kpi]


@dataclass
class Table:
    headers: list[str] | None
    rows: list[list[str]]
    widths: tuple[float, ...]
    align: tuple[str, ...] | None = None  # "LEFT" / "RIGHT" per column
    keep: int = 3  # rows kept with the heading row on its page


@dataclass
class Chart:
    figure: go.Figure
    caption: str
    image: object | None = None  # charts.Image, filled in by the export


@dataclass
class Cover:
    title: str
    org: str
    meeting: str
    meeting_detail: str
    facts: list[tuple[str, str]]
    filters_note: str | None


@dataclass
class Brief:
    lang: str
    cover: Cover
    footer: str
    page_label: str  # with {page} and {pages} left to fill
    contents_title: str
    blocks: list = field(default_factory=list)

    def charts(self) -> list[Chart]:
        return [b for b in self.blocks if isinstance(b, Chart)]


# ---- filters ------------------------------------------------------------------------------------------------------

# The URL names the pages use (see wego_ui.state), with the long names the queries use as aliases.
FILTER_ALIASES = {"type": "member_type", "q": "search"}
# The rest of a page's URL state is not a filter: a dict of the URL's parameters can be passed as it is.
NOT_FILTERS = ("snapshot", "lang", "unit")
ALL = "all"  # a filter's "All" choice in the URL: wego_ui.state.ALL (not imported here: that module needs Streamlit)
FILTER_KEYS = ("region", "member_type", "status", "excom", "search", "area", "year", "event_year", "kind", "fy")
MEMBER_FILTER_KEYS = ("region", "member_type", "status", "excom", "search")


def _as_int(key: str, value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise BriefError(f"filter {key}={value!r} is not a number") from None


def normalize_filters(wh: Warehouse, snapshot_id: str, filters: dict | None) -> dict:
    """The filters that are set, checked against what the pages accept; BriefError for anything else."""
    out: dict = {}
    for raw_key, value in (filters or {}).items():
        key = FILTER_ALIASES.get(raw_key, raw_key)
        if key in NOT_FILTERS:
            continue
        if key not in FILTER_KEYS:
            raise BriefError(f"unknown filter {raw_key!r}; known: {', '.join(FILTER_KEYS)}")
        if value is None or value == "" or value is False or value == ALL:
            continue
        if key in ("region", "member_type", "status"):
            allowed = queries.MEMBER_FILTERS[key]
        elif key == "kind":
            allowed = queries.EVENT_KINDS
        elif key == "area":
            value, allowed = _as_int(key, value), queries.AREAS
        elif key == "year":
            value, allowed = _as_int(key, value), queries.program_years(wh, snapshot_id)
        elif key == "fy":
            value, allowed = _as_int(key, value), queries.settlement_years(wh, snapshot_id)
        elif key == "event_year":
            value, allowed = _as_int(key, value), queries.event_years(wh, snapshot_id)
        elif key == "excom":
            value, allowed = str(value).lower() in ("1", "true", "yes", "on"), (True, False)
        else:  # search
            value, allowed = str(value).strip()[: queries.SEARCH_MAX_CHARS], None
        if allowed is not None and value not in allowed:
            raise BriefError(
                f"filter {raw_key}={value!r} is not valid for this snapshot; choose one of {list(allowed)}"
            )
        if value is not False and value != "":
            out[key] = value
    return out


def filters_text(filters: dict, t) -> str:
    """'Region = Africa, Strategic area = 2 · …' in the chosen language; '' when nothing is filtered."""
    parts = []
    for key in FILTER_KEYS:
        if key not in filters:
            continue
        value = filters[key]
        label, shown = {
            "region": ("filter.region", lambda v: t(f"region.{v}")),
            "member_type": ("filter.member_type", lambda v: t(f"member_type.{v}")),
            "status": ("filter.status", lambda v: t(f"status.{v}")),
            "excom": ("filter.excom", None),
            "search": ("filter.search", lambda v: f"“{v}”"),
            "area": ("filter.area", lambda v: t(f"area.{v}")),
            "year": ("filter.year", str),
            "event_year": ("filter.event_year", str),
            "kind": ("filter.event_kind", lambda v: t(f"event_kind.{v}")),
            "fy": ("filter.settlement_year", str),
        }[key]
        parts.append(t(label) if shown is None else f"{t(label)} = {shown(value)}")
    return ", ".join(parts)


# ---- the sections -------------------------------------------------------------------------------------------------


@dataclass
class Ctx:
    wh: Warehouse
    sid: str
    lang: str
    unit: str
    t: Callable[..., str]
    as_of: dt.date
    filters: dict

    @property
    def unit_name(self) -> str:
        return self.t(f"unit.{self.unit}")

    def date(self, value, precision: str = "day") -> str:
        return fmt.date(value, self.lang, precision)

    def caption(self, what: str) -> str:
        return self.t("brief.caption", what=what, snapshot=self.sid, date=self.date(self.as_of))

    def money(self, krw, detail: bool = True) -> str:
        return fmt.money(krw, self.unit, self.lang, detail=detail)

    def integer(self, value) -> str:
        return fmt.integer(value, self.lang)


def meeting(ctx: Ctx) -> dict | None:
    """The next EXCOM meeting on or after the snapshot date if one is recorded, else the latest one."""
    excom = queries.events(ctx.wh, ctx.sid, kind="excom")
    excom = excom[excom["status"] != "cancelled"]
    if excom.empty:
        return None
    starts = pd.to_datetime(excom["starts_on"]).dt.date
    coming = excom[starts >= ctx.as_of]
    return (coming.iloc[0] if not coming.empty else excom.iloc[-1]).to_dict()


def cover(ctx: Ctx, snap, event: dict | None, now: dt.datetime) -> Cover:
    t = ctx.t
    if event is None:
        name, detail = t("brief.meeting_none"), ""
    else:
        name = pick(event, "name", ctx.lang)
        when = fmt.date_range(event["starts_on"], event["ends_on"], ctx.lang, event.get("date_precision") or "day")
        detail = f"{when} · {place(event['city'], event['country_iso3'], ctx.lang)}"
    label = snap.label_ko if ctx.lang == "ko" and snap.label_ko else snap.label
    facts = [
        (t("brief.snapshot"), f"{ctx.sid}" + (f" — {label}" if label else "")),
        (t("brief.as_of"), ctx.date(ctx.as_of)),
        (t("brief.generated"), generated_text(now, ctx.lang)),
        (t("brief.unit"), ctx.unit_name),
        (t("brief.filters"), filters_text(ctx.filters, t) or t("brief.no_filters")),
    ]
    note = t("brief.filters_note") if ctx.filters else None
    return Cover(t("brief.title"), t("brief.org"), name, detail, facts, note)


def generated_text(now: dt.datetime, lang: str) -> str:
    # A 24-hour clock: Babel's Korean medium pattern prints "PM" rather than 오후.
    from babel.dates import format_date, format_skeleton

    offset = now.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    zone = (
        "UTC" if minutes == 0 else f"UTC{'+' if minutes > 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    )
    locale = fmt.LOCALES[lang]
    return f"{format_date(now, 'medium', locale=locale)} {format_skeleton('Hms', now, locale=locale)} ({zone})"


def overview(ctx: Ctx) -> list:
    """The six figures of pages/overview.py, worded and formatted as there, and the membership curve."""
    t, lang, unit, sid, wh = ctx.t, ctx.lang, ctx.unit, ctx.sid, ctx.wh
    years = queries.settlement_years(wh, sid)
    settlement = (years[0], queries.budget_totals(wh, sid, years[0])) if years else None
    shown = narrative.overview_figures(
        queries.latest_figures(wh, sid), queries.members(wh, sid), queries.offices(wh, sid), settlement, lang, unit, t
    )
    items = [Kpi(f.label, f.value, f.help) for f in shown]
    history = queries.figure_history(wh, sid, "members_total")
    blocks = [Para(t("overview.caption"), "note"), Kpis(items)]
    if len(history):
        blocks.append(Chart(figures.membership_over_time(history, lang, t), ctx.caption(t("brief.membership_alt"))))
    return blocks


def plan_year(ctx: Ctx) -> int | None:
    years = queries.program_years(ctx.wh, ctx.sid)
    return ctx.filters.get("year") or (years[0] if years else None)


def programs(ctx: Ctx) -> list:
    """The Gantt timeline of pages/programs.py and its phases as a table."""
    t, lang, wh, sid = ctx.t, ctx.lang, ctx.wh, ctx.sid
    year, area = plan_year(ctx), ctx.filters.get("area")
    if year is None:
        return [Para(t("budget.no_plan"))]
    phases = queries.program_timeline(wh, sid, year, area=area)
    plan_events = queries.events(wh, sid, year=None, kind=None, area=area)
    plan_events = plan_events[plan_events["program_id"].fillna("").str.startswith(f"{year}-")]
    if phases.empty:
        return [Para(t("gantt.none"))]
    count = ctx.integer(len(phases))
    blocks: list = [
        Chart(
            figures.program_gantt(phases, plan_events, ctx.as_of, year, lang, t),
            ctx.caption(t("gantt.alt", count=count, year=year)),
        ),
        Heading(t("brief.phases", count=count)),
    ]
    names = localized(phases.rename(columns={"program_name_en": "p_en", "program_name_ko": "p_ko"}), "p", lang)
    steps = localized(phases, "name", lang)
    rows, previous = [], None
    for pid, program, step, start, end in zip(
        phases["program_id"], names, steps, phases["starts_on"], phases["ends_on"]
    ):
        code = pid[5:]
        rows.append([f"{code} {program}" if pid != previous else code, step, fmt.date_range(start, end, lang)])
        previous = pid
    blocks.append(Table([t("col.program"), t("brief.col.phase"), t("col.period")], rows, (5, 6, 3)))
    return blocks


def offices(ctx: Ctx) -> list:
    """One table per office, with the rows of the cards on pages/offices.py."""
    t, lang = ctx.t, ctx.lang
    frame = queries.offices(ctx.wh, ctx.sid)
    blocks: list = [Para(t("offices.caption"), "note")]
    if frame.empty:
        return blocks + [Para(t("offices.none"))]
    uncovered = queries.uncovered_members(ctx.wh, ctx.sid)
    if not uncovered.empty:
        regions = ", ".join(
            f"{t('region.' + r)} {fmt.integer(n, lang)}" for r, n in zip(uncovered["region"], uncovered["members"])
        )
        total = fmt.integer(int(uncovered["members"].sum()), lang)
        blocks.append(Para(t("offices.uncovered", count=total, regions=regions)))
    for office in frame.to_dict("records"):
        kind = t("office.secretariat") if office["kind"] == "secretariat" else t("kpi.offices")
        host = pick({"name_en": office["host_name_en"], "name_ko": office["host_name_ko"]}, "name", lang)
        covers = t("office.covers_all") if pd.isna(office["covers"]) else t(f"region.{office['covers']}")
        rows = [
            [t("office.host"), host or "–"],
            [t("office.opened"), fmt.date(office["opened_on"], lang, office["opened_precision"])],
            [t("office.covers"), covers],
            [t("office.members"), fmt.integer(office["members_covered"], lang)],
            [t("office.events"), fmt.integer(office["events_held"], lang)],
        ]
        blocks.append(Heading(pick(office, "name", lang)))
        blocks.append(Para(f"{kind} · {office['city']}, {country(office['country_iso3'], lang)}", "note"))
        blocks.append(Table(None, rows, (3, 2), ("LEFT", "RIGHT"), keep=5))
    return blocks


def _member_rows(frame: pd.DataFrame, ctx: Ctx, columns: tuple[str, ...]) -> list[list[str]]:
    t, lang = ctx.t, ctx.lang
    names = localized(frame, "name", lang)
    rows = []
    for name, row in zip(names, frame.to_dict("records")):
        cells = {
            "name": name,
            "country": country(row["country_iso3"], lang),
            "region": t(f"region.{row['region']}"),
            "kind": t(f"kind.{row['kind']}"),
            "member_type": t(f"member_type.{row['member_type']}"),
            "status": t(f"status.{row['status']}"),
            "excom_role": t(f"excom_role.{row['excom_role']}"),
            "since": fmt.member_since(row["joined_on"], row["first_seen_year"], lang, t),
        }
        rows.append([cells[c] for c in columns])
    return rows


MEMBER_HEADERS = {
    "name": "col.name",
    "country": "col.country",
    "region": "col.region",
    "kind": "col.kind",
    "member_type": "col.member_type",
    "status": "col.status",
    "excom_role": "col.excom_role",
    "since": "col.since",
}


def members(ctx: Ctx) -> list:
    """Counts by region against the reported counts, the applicants, and what changed since the last snapshot."""
    t, lang, wh, sid = ctx.t, ctx.lang, ctx.wh, ctx.sid
    counts = queries.members_by_region(wh, sid)
    figs = queries.latest_figures(wh, sid)
    blocks: list = [Chart(figures.members_by_region(counts, lang, t), ctx.caption(t("brief.by_region_alt")))]
    total = figs.get("members_total")
    if total is not None:
        blocks.append(
            Para(
                t(
                    "members.registry_gap",
                    reported=fmt.integer(total["value"], lang),
                    date=fmt.date(total["as_of"], lang, total["as_of_precision"]),
                    listed=fmt.integer(int(counts["listed_members"].sum()), lang),
                )
            )
        )
    rows = [
        [
            t(f"region.{r}"),
            fmt.integer(listed, lang),
            fmt.integer(reported, lang),
            fmt.date(when, lang, "month") if pd.notna(when) else "–",
        ]
        for r, listed, reported, when in zip(
            counts["region"], counts["listed_members"], counts["reported_members"], counts["reported_as_of"]
        )
    ]
    headers = [t("col.region"), t("members.listed"), t("members.reported"), t("brief.col.reported_as_of")]
    blocks.append(Table(headers, rows, (3, 2, 2, 2), ("LEFT", "RIGHT", "RIGHT", "RIGHT")))

    member_filters = {k: ctx.filters[k] for k in MEMBER_FILTER_KEYS if k in ctx.filters}
    narrowing = {k: v for k, v in member_filters.items() if k != "status"}
    applicants = queries.members(
        wh,
        sid,
        status="applicant",
        region=narrowing.get("region"),
        member_type=narrowing.get("member_type"),
        excom_only=bool(narrowing.get("excom")),
        search=narrowing.get("search"),
    )
    blocks.append(Heading(t("brief.applicants", count=fmt.integer(len(applicants), lang))))
    if applicants.empty:
        blocks.append(Para(t("brief.no_applicants")))
    else:
        blocks.append(Para(t("members.applicants_note"), "note"))
        columns = ("name", "country", "region", "member_type", "kind", "since")
        blocks.append(
            Table([t(MEMBER_HEADERS[c]) for c in columns], _member_rows(applicants, ctx, columns), (3, 3, 2, 2, 2, 2))
        )
    if member_filters:
        shown = queries.members(
            wh,
            sid,
            region=member_filters.get("region"),
            member_type=member_filters.get("member_type"),
            status=member_filters.get("status"),
            excom_only=bool(member_filters.get("excom")),
            search=member_filters.get("search"),
        )
        blocks.append(Heading(t("brief.members_filtered", count=fmt.integer(len(shown), lang))))
        if shown.empty:
            blocks.append(Para(t("empty.filtered")))
        else:
            columns = ("name", "country", "region", "member_type", "status", "excom_role", "since")
            blocks.append(
                Table(
                    [t(MEMBER_HEADERS[c]) for c in columns],
                    _member_rows(shown, ctx, columns),
                    (3, 3, 2, 2, 2, 2.4, 2),
                )
            )
    return blocks + changes(ctx)


def _signed(ctx: Ctx, krw) -> str:
    text = ctx.money(krw)
    return f"+{text}" if krw and krw > 0 else text


def changes(ctx: Ctx) -> list:
    """wego_data.diff between the previous snapshot and this one, in the chosen language."""
    t, lang, wh = ctx.t, ctx.lang, ctx.wh
    previous = diff.previous_snapshot_id(wh, ctx.sid)
    blocks: list = [Heading(t("brief.changes"))]
    if previous is None:
        return blocks + [Para(t("brief.changes_first"))]
    blocks.append(Para(t("brief.changes_from", previous=previous, date=ctx.date(wh.snapshot(previous).as_of)), "note"))
    result = diff.diff(wh, previous, ctx.sid)
    if not any(result[s] for s in diff.SECTIONS):
        return blocks + [Para(t("brief.changes_none"))]
    change = lambda c: t(f"brief.change.{c}")  # noqa: E731

    def member_detail(m: dict) -> str:
        if m["change"] == "added":
            parts = [t(f"member_type.{m['new_member_type']}"), t(f"status.{m['new_status']}")]
            if m["new_excom_role"] and m["new_excom_role"] != "none":
                parts.append(f"{t('col.excom_role')}: {t('excom_role.' + m['new_excom_role'])}")
            return " · ".join(parts)
        if m["change"] == "removed":
            return t(f"status.{m['old_status']}") if m["old_status"] else ""
        parts = []
        for col, label, prefix in (
            ("status", "col.status", "status"),
            ("member_type", "col.member_type", "member_type"),
            ("excom_role", "col.excom_role", "excom_role"),
        ):
            old, new = m["old_" + col], m["new_" + col]
            if old != new:
                parts.append(f"{t(label)}: {t(f'{prefix}.{old}')} → {t(f'{prefix}.{new}')}")
        return "; ".join(parts)

    sections = result["members"]
    blocks.append(Para(t("brief.diff.members", count=fmt.integer(len(sections), lang)), "strong"))
    if sections:
        rows = [
            [change(m["change"]), pick(m, "name", lang), t(f"region.{m['region']}"), member_detail(m)] for m in sections
        ]
        headers = [t("brief.col.change"), t("col.name"), t("col.region"), t("brief.col.detail")]
        blocks.append(Table(headers, rows, (2, 3, 2, 6)))

    sections = result["offices"]
    blocks.append(Para(t("brief.diff.offices", count=fmt.integer(len(sections), lang)), "strong"))
    if sections:
        rows = []
        for o in sections:
            detail = f"{t('office.opened')} {fmt.date(o['opened_on'], lang, o['opened_precision'])}"
            if o["closed_on"]:
                detail += f"; {t('brief.field.closed')} {fmt.date(o['closed_on'], lang)}"
            rows.append([change(o["change"]), pick(o, "name", lang), o["city"] or "–", detail])
        headers = [t("brief.col.change"), t("col.name"), t("col.place"), t("brief.col.detail")]
        blocks.append(Table(headers, rows, (2, 5, 2, 4)))

    def event_value(col: str, value) -> str:
        if value is None:
            return "–"
        if col in ("starts_on", "ends_on"):
            return fmt.date(value, lang)
        if col == "status":
            return t(f"event_status.{value}")
        if col == "cost_krw":
            return f"{ctx.money(value)} {ctx.unit_name}"
        return fmt.integer(value, lang)

    labels = {
        "starts_on": "brief.field.starts_on",
        "ends_on": "brief.field.ends_on",
        "status": "col.status",
        "people": "col.people",
        "cities": "col.cities",
        "cost_krw": "brief.field.cost",
    }
    sections = result["events"]
    blocks.append(Para(t("brief.diff.events", count=fmt.integer(len(sections), lang)), "strong"))
    if sections:
        rows = []
        for e in sections:
            detail = []
            if e["change"] in ("changed", "held"):
                for col, label in labels.items():
                    old, new = e["old_" + col], e["new_" + col]
                    if old != new:
                        detail.append(f"{t(label)}: {event_value(col, old)} → {event_value(col, new)}")
            when = e["new_starts_on"] or e["old_starts_on"]
            rows.append([change(e["change"]), fmt.date(when, lang), pick(e, "name", lang), "; ".join(detail)])
        headers = [t("brief.col.change"), t("col.date"), t("col.event"), t("brief.col.detail")]
        blocks.append(Table(headers, rows, (2, 2.4, 5, 5)))

    sections = result["budget_lines"]
    blocks.append(Para(t("brief.diff.budget_lines", count=fmt.integer(len(sections), lang)), "strong"))
    if sections:
        unit = ctx.unit_name
        rows = [
            [
                change(b["change"]),
                str(b["fiscal_year"]),
                pick(b, "name", lang),
                _signed(ctx, b["budget_delta_krw"]),
                _signed(ctx, b["granted_delta_krw"]),
                _signed(ctx, b["executed_delta_krw"]),
            ]
            for b in sections
        ]
        headers = [
            t("brief.col.change"),
            t("filter.settlement_year"),
            t("col.line"),
            t("brief.col.delta", what=t("col.budget", unit=unit)),
            t("brief.col.delta", what=t("col.granted", unit=unit)),
            t("brief.col.delta", what=t("col.executed", unit=unit)),
        ]
        align = ("LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT")
        blocks.append(Table(headers, rows, (2, 1.6, 3.4, 2.4, 2.4, 2.4), align))

    sections = result["figures"]
    blocks.append(Para(t("brief.diff.figures", count=fmt.integer(len(sections), lang)), "strong"))
    if sections:
        rows = []
        for f in sections:
            is_money = f["figure"].endswith("_krw")
            value = f"{ctx.money(f['value'])} {ctx.unit_name}" if is_money else fmt.integer(f["value"], lang)
            label = t(f"figure.{f['figure']}") if f"figure.{f['figure']}" in CATALOG else f["figure"]
            rows.append([fmt.date(f["as_of"], lang, f["as_of_precision"]), label, value, f["note_en"] or ""])
        headers = [t("col.date"), t("brief.col.figure"), t("brief.col.value"), t("brief.col.note")]
        blocks.append(Table(headers, rows, (2, 4, 2, 6), ("LEFT", "LEFT", "RIGHT", "LEFT")))
    return blocks


def budget(ctx: Ctx) -> list:
    """The settlement (KPIs, bars, lines, reconciliation as pages/budget.py words it) and the program plan."""
    t, lang, unit, sid, wh = ctx.t, ctx.lang, ctx.unit, ctx.sid, ctx.wh
    unit_name = ctx.unit_name
    blocks: list = [Para(t("budget.caption", unit=unit_name), "note")]
    years = queries.settlement_years(wh, sid)
    if not years:
        blocks.append(Para(t("budget.no_settlement")))
    else:
        year = ctx.filters.get("fy") or years[0]
        totals = queries.budget_totals(wh, sid, year)
        lines = queries.budget_lines(wh, sid, year)
        blocks.append(Heading(t("brief.settlement", year=year)))
        blocks.append(
            Kpis(
                [
                    Kpi(f"{t('budget.kpi_budget')} ({unit_name})", fmt.money(totals["budget_krw"], unit, lang)),
                    Kpi(f"{t('budget.kpi_granted')} ({unit_name})", fmt.money(totals["granted_krw"], unit, lang)),
                    Kpi(f"{t('budget.kpi_executed')} ({unit_name})", fmt.money(totals["executed_krw"], unit, lang)),
                    Kpi(t("budget.kpi_rate"), fmt.percent(totals["execution_rate"], lang)),
                    Kpi(f"{t('budget.kpi_unspent')} ({unit_name})", fmt.money(totals["unspent_krw"], unit, lang)),
                ]
            )
        )
        blocks.append(
            Chart(figures.budget_vs_executed(lines, year, unit, lang, t), ctx.caption(t("budget.bars_alt", year=year)))
        )
        blocks.append(Heading(t("budget.lines_table")))
        names = localized(lines, "name", lang)
        rows = [
            [("↳ " * int(row["depth"])) + name]
            + [ctx.money(row[c]) for c in ("budget_krw", "granted_krw", "executed_krw", "unspent_krw")]
            + [fmt.percent(row["execution_rate"], lang)]
            for name, row in zip(names, lines.to_dict("records"))
        ]
        headers = [
            t("col.line"),
            t("col.budget", unit=unit_name),
            t("col.granted", unit=unit_name),
            t("col.executed", unit=unit_name),
            t("col.unspent", unit=unit_name),
            t("col.rate"),
        ]
        blocks.append(Table(headers, rows, (4, 2.2, 2.2, 2.2, 2.2, 1.8), ("LEFT",) + ("RIGHT",) * 5))

        blocks.append(Heading(t("budget.reconciliation")))
        recon = queries.reconciliation(wh, sid, year)
        for is_difference, sentence in narrative.reconciliation(
            recon, queries.latest_figures(wh, sid), totals, year, unit, lang, t
        ):
            blocks.append(Para(sentence, "warn") if is_difference else Para(sentence))
    blocks += program_plan(ctx)
    return blocks


def program_plan(ctx: Ctx) -> list:
    t, lang, unit = ctx.t, ctx.lang, ctx.unit
    year = plan_year(ctx)
    if year is None:
        return [Para(t("budget.no_plan"))]
    blocks: list = [Heading(t("budget.plan", year=year))]
    frame = queries.programs(ctx.wh, ctx.sid, year, area=ctx.filters.get("area"))
    if frame.empty:
        return blocks + [Para(t("empty.filtered"))]
    wego = int(frame.loc[frame["is_wego_funded"], "budget_krw"].sum())
    blocks.append(
        Para(
            t(
                "budget.plan_total",
                wego=fmt.money(wego, unit, lang, detail=True),
                all=fmt.money(int(frame["budget_krw"].sum()), unit, lang, detail=True),
                unit=ctx.unit_name,
            )
        )
    )
    blocks.append(Chart(figures.program_plan(frame, year, unit, lang, t), ctx.caption(t("budget.plan_alt", year=year))))
    names = localized(frame, "name", lang)
    rows = [
        [
            t(f"area.{row['area']}"),
            f"{row['program_id'][5:]} {name}",
            row["partner"] if isinstance(row["partner"], str) and row["partner"] else "–",
            ctx.money(row["budget_krw"]),
            t("funding.wego") if row["funded_by"] == "wego" else str(row["funded_by"]),
        ]
        for name, row in zip(names, frame.to_dict("records"))
    ]
    headers = [
        t("col.area"),
        t("col.program"),
        t("col.partner"),
        t("col.budget", unit=ctx.unit_name),
        t("col.funded_by"),
    ]
    blocks.append(Table(headers, rows, (3.2, 4.5, 2.4, 2, 2.2), ("LEFT", "LEFT", "LEFT", "RIGHT", "LEFT")))
    return blocks


def events(ctx: Ctx) -> list:
    """Upcoming events after the snapshot date (as on the overview, every one of them), and the meeting history."""
    t, lang = ctx.t, ctx.lang
    upcoming = queries.upcoming_events(ctx.wh, ctx.sid, limit=UPCOMING_LIMIT)
    if "kind" in ctx.filters:
        upcoming = upcoming[upcoming["kind"] == ctx.filters["kind"]]
    if "event_year" in ctx.filters:
        upcoming = upcoming[pd.to_datetime(upcoming["starts_on"]).dt.year == ctx.filters["event_year"]]
    blocks: list = [Heading(t("overview.upcoming", date=ctx.date(ctx.as_of)))]
    if upcoming.empty:
        blocks.append(Para(t("overview.no_upcoming")))
    else:
        rows = [
            [
                fmt.date_range(row["starts_on"], row["ends_on"], lang, row["date_precision"]),
                name,
                t(f"event_kind.{row['kind']}"),
                place(row["city"], row["country_iso3"], lang),
                t(f"event_status.{row['status']}"),
            ]
            for name, row in zip(localized(upcoming, "name", lang), upcoming.to_dict("records"))
        ]
        headers = [t("col.date"), t("col.event"), t("col.kind_event"), t("col.place"), t("col.status")]
        blocks.append(Table(headers, rows, (3.8, 6, 2, 3, 1.6)))
    history = queries.assembly_history(ctx.wh, ctx.sid)
    if len(history):
        blocks.append(Heading(t("programs.history")))
        blocks.append(Chart(figures.attendance_history(history, lang, t), ctx.caption(t("brief.history_alt"))))
    return blocks


SECTIONS = (
    ("overview", "nav.overview", None, overview),
    ("programs", "brief.section.programs", "agenda.operations", programs),
    ("offices", "nav.offices", "agenda.offices", offices),
    ("members", "nav.members", "agenda.members", members),
    ("budget", "nav.budget", "agenda.operations", budget),
    ("events", "brief.section.events", "agenda.assembly", events),
)


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


def compose(wh: Warehouse, snapshot_id: str, lang: str, unit: str, filters: dict | None, now: dt.datetime) -> Brief:
    """Every block of the pack, in agenda order, with the charts still to be drawn."""
    check_language(lang)
    check_unit(unit)
    snap = snapshot(wh, snapshot_id)
    t = translator(lang)
    ctx = Ctx(wh, snapshot_id, lang, unit, t, snap.as_of, normalize_filters(wh, snapshot_id, filters))
    event = meeting(ctx)
    agenda = event is not None and pd.Timestamp(event["starts_on"]).year == AGENDA_MEETING_YEAR
    shown_filters = filters_text(ctx.filters, t)
    footer = t(
        "brief.footer",
        snapshot=snapshot_id,
        date=ctx.date(snap.as_of),
        filters=f"{t('brief.filters')}: {shown_filters}" if shown_filters else t("brief.no_filters"),
    )
    page_label = t("brief.page", page="{page}", pages="{pages}")
    brief = Brief(lang, cover(ctx, snap, event, now), footer, page_label, t("brief.contents"))
    for number, (key, title_key, agenda_key, build) in enumerate(SECTIONS, start=1):
        note = t("brief.agenda_item", item=t(agenda_key)) if agenda and agenda_key else None
        brief.blocks.append(Section(key, f"{number}. {t(title_key)}", note))
        brief.blocks.extend(build(ctx))
    return brief
