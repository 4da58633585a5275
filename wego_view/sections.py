"""The section registry and each section's builder: what the dashboard says, built once as typed blocks.

The Streamlit pages (wego_ui.render), the presentation slides and the briefing pack (wego_brief) only draw what a
builder returns. A builder reads data through the context's named queries and formats through wego_view.fmt; it
imports neither Streamlit nor the PDF library.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from wego_data import schema
from wego_view import changes as what_changed
from wego_view import figures, fmt, maps, maturity, narrative, params, theme
from wego_view.blocks import (
    PDF,
    SCREEN,
    SCREEN_AND_PDF,
    SCREEN_ONLY,
    SLIDES,
    Card,
    Cards,
    Chart,
    Column,
    Filter,
    Heading,
    Kpi,
    Kpis,
    Link,
    Links,
    Map,
    Notice,
    Paragraph,
    Row,
    Table,
)
from wego_view.context import ViewContext
from wego_view.i18n import country, localized, pick, place

UPCOMING_LIMIT = 100
MAP_HEIGHT = 520
SLIDES_PDF = frozenset({SLIDES, PDF})


@dataclass(frozen=True)
class SectionSpec:
    id: str
    title_key: str
    page: str  # url path of the page that shows it
    filters: tuple[str, ...]  # the URL parameters (wego_view.params) it reads
    controls: Callable[[ViewContext], list[Filter]]
    build: Callable[[ViewContext], list]


# ---- helpers ------------------------------------------------------------------------------------------------------


# A table or map on screen shows at most this many rows, so that a page run stays small at any data size (issue #8) and
# a phone or a projector is not handed a list nobody can read; a note then says how many matched.
SCREEN_ROWS = 500
# The spending treemap itemizes each line's largest activities; the rest of a line is one "N more activities" box.
TREE_PER_LINE = 12


def _capped(ctx: ViewContext, frame: pd.DataFrame, latest: bool = False) -> tuple[pd.DataFrame, list]:
    """The rows a screen shows (the first, or with `latest` the last, SCREEN_ROWS) and the note saying so, if any."""
    if len(frame) <= SCREEN_ROWS:
        return frame, []
    shown = frame.tail(SCREEN_ROWS) if latest else frame.head(SCREEN_ROWS)
    key = "table.capped_latest" if latest else "table.capped"
    text = ctx.t(key, shown=fmt.integer(SCREEN_ROWS, ctx.lang), total=fmt.integer(len(frame), ctx.lang))
    return shown, [Paragraph(text, "note", on=SCREEN_ONLY)]


def committee(ctx: ViewContext) -> bool:
    """Whether the context reads as the committee; the query layer already left the rest out for the public."""
    return ctx.audience == "committee"


def committee_only(ctx: ViewContext, what: str | None = None) -> str:
    """The sentence a public reader sees where committee data would be."""
    return ctx.t("committee.only", what=what or ctx.t("committee.applicants"))


def _table(ctx: ViewContext, name: str, title: str, columns: list[Column], data: pd.DataFrame, **kwargs) -> Table:
    """A Table block whose shown text is each value formatted by its column's kind, in the context's language."""
    text = pd.DataFrame(index=data.index)
    for col in columns:
        values = data[col.key]
        if col.kind == "integer":
            text[col.key] = [fmt.integer(v, ctx.lang) if pd.notna(v) else "–" for v in values]
        elif col.kind == "money":
            text[col.key] = [ctx.money(v) if pd.notna(v) else "–" for v in values]
        elif col.kind == "percent":
            text[col.key] = [fmt.percent(v, ctx.lang) if pd.notna(v) else "–" for v in values]
        elif col.kind == "level":
            text[col.key] = [str(int(v)) for v in values]
        else:
            text[col.key] = ["" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v) for v in values]
    return Table(
        name=f"{name}-{ctx.snapshot_id}",
        title=title,
        columns=tuple(columns),
        data=data.reset_index(drop=True),
        text=text.reset_index(drop=True),
        **kwargs,
    )


def _choice(ctx: ViewContext, name: str, options, labeller: Callable | None = None, all_choice: bool = True) -> Filter:
    param = params.PARAMS[name]
    t = ctx.t
    show = labeller or (lambda v: t(f"{param.value_prefix}.{v}") if param.value_prefix else str(v))
    values = tuple(options)
    if all_choice:
        return Filter(name, t(param.label_key), (params.ALL, *values), (t("all"), *map(show, values)), params.ALL)
    return Filter(name, t(param.label_key), values, tuple(map(show, values)), values[0] if values else None)


def _latest_label(ctx: ViewContext, as_of, precision: str) -> str | None:
    """'latest available: Apr 2016' when a figure is older than the snapshot's own year, else None."""
    if as_of is None or pd.isna(as_of):
        return None
    day = pd.Timestamp(as_of).date()
    if day.year >= ctx.as_of.year:
        return None
    return ctx.t("kpi.latest", date=fmt.date(day, ctx.lang, precision or "day"))


def _delta(ctx: ViewContext, now, before, percent: bool = False) -> tuple[str | None, int]:
    previous = ctx.previous
    if previous is None or now is None or before is None:
        return None, 0
    change = now - before
    since = ctx.date(previous.as_of)
    if change == 0:
        return ctx.t("kpi.same", since=since), 0
    shown = fmt.percent(abs(change), ctx.lang) if percent else fmt.number(abs(change), ctx.lang)
    arrow = "▲" if change > 0 else "▼"
    return ctx.t("kpi.delta", change=f"{arrow}{shown}", since=since), 1 if change > 0 else -1


# ---- headline figures ---------------------------------------------------------------------------------------------


def headline(ctx: ViewContext, snapshot_id: str) -> dict:
    """The raw numbers behind the overview's figures for one snapshot (so two snapshots can be compared)."""
    figs = ctx.query("latest_figures", snapshot_id)
    members = ctx.query("members", snapshot_id)
    offices = ctx.query("offices", snapshot_id)
    years = ctx.query("settlement_years", snapshot_id)
    totals = ctx.query("budget_totals", snapshot_id, fiscal_year=years[0]) if years else None
    active = members[members["status"] == "active"]

    def figure(name):
        return figs.get(name)

    return {
        "members": figure("members_total"),
        "members_listed": len(active),
        "excom": figure("excom_cities"),
        "excom_listed": int((active["excom_role"] != "none").sum()),
        "offices_listed": int((offices["kind"] == "regional").sum()),
        "offices": figure("regional_offices"),
        "staff": figure("staff_total"),
        "budget": figure("budget_total_krw"),
        "budget_wego": figure("budget_wego_krw"),
        "settlement": (years[0], totals) if years else None,
    }


def _value(row) -> int | None:
    return None if row is None else int(row["value"])


def headline_kpis(ctx: ViewContext) -> Kpis:
    """Six figures: each with the date of its figure where it is older than the snapshot, and its change since the
    previous snapshot."""
    t, lang, unit = ctx.t, ctx.lang, ctx.unit
    now = headline(ctx, ctx.snapshot_id)
    before = headline(ctx, ctx.previous.snapshot_id) if ctx.previous else None

    def prev(key):
        return before[key] if before else None

    def published(row) -> str:
        return fmt.date(row["as_of"], lang, row["as_of_precision"])

    items = []
    # Members and EXCOM cities: the published figure, with the registry's own count beside it.
    for key, label, help_key in (
        ("members", "kpi.members", "kpi.members_help"),
        ("excom", "kpi.excom", "kpi.excom_help"),
    ):
        row = now[key]
        listed = fmt.integer(now[f"{key}_listed"], lang)
        if row is None:
            items.append(Kpi(t(label), t("kpi.not_published"), note=t("kpi.members_listed", listed=listed)))
            continue
        delta, sign = _delta(ctx, _value(row), _value(prev(key)))
        # The registry's own count under the members figure; the EXCOM figure's help already gives its count.
        note = t("kpi.members_listed", listed=listed) if key == "members" else None
        latest = _latest_label(ctx, row["as_of"], row["as_of_precision"])
        items.append(
            Kpi(
                t(label),
                fmt.integer(row["value"], lang),
                t(help_key, date=published(row), listed=listed),
                " · ".join(x for x in (latest, note) if x) or None,
                delta,
                sign,
            )
        )
    # Regional offices: the registry's open offices, and WeGO's published count where it differs.
    listed = now["offices_listed"]
    delta, sign = _delta(ctx, listed, prev("offices_listed"))
    row = now["offices"]
    note = None
    if row is not None and int(row["value"]) != listed:
        note = t("kpi.offices_published", count=fmt.integer(row["value"], lang), date=published(row))
    items.append(Kpi(t("kpi.offices"), fmt.integer(listed, lang), t("kpi.offices_help"), note, delta, sign))
    # Staff.
    row = now["staff"]
    if row is None:
        items.append(Kpi(t("kpi.staff"), t("kpi.not_published")))
    else:
        delta, sign = _delta(ctx, _value(row), _value(prev("staff")))
        latest = _latest_label(ctx, row["as_of"], row["as_of_precision"])
        items.append(Kpi(t("kpi.staff"), fmt.integer(row["value"], lang), published(row), latest, delta, sign))
    # The year's budget.
    row = now["budget"]
    unit_name = t(f"unit.{unit}")
    if row is None:
        items.append(Kpi(t("kpi.budget", year="", unit=unit_name).replace("  ", " "), t("kpi.not_published")))
    else:
        delta, sign = _delta(ctx, _value(row), _value(prev("budget")))
        if sign:  # a change in money reads in the chosen unit
            delta = _delta_money(ctx, _value(row) - _value(prev("budget")))
        wego = now["budget_wego"]
        items.append(
            Kpi(
                t("kpi.budget", year=pd.Timestamp(row["as_of"]).year, unit=unit_name),
                fmt.money(row["value"], unit, lang),
                t("kpi.budget_help", date=published(row), wego=fmt.money(wego["value"], unit, lang) if wego else "–"),
                _latest_label(ctx, row["as_of"], row["as_of_precision"]),
                delta,
                sign,
            )
        )
    # The last settlement's execution rate.
    settlement = now["settlement"]
    if settlement is None:
        items.append(Kpi(t("kpi.execution", year="").strip(), t("kpi.not_published")))
    else:
        year, totals = settlement
        earlier = prev("settlement")
        delta, sign = _delta(
            ctx, totals["execution_rate"], earlier[1]["execution_rate"] if earlier else None, percent=True
        )
        latest = t("kpi.latest", date=str(year)) if year < ctx.as_of.year - 1 else None
        items.append(
            Kpi(
                t("kpi.execution", year=year),
                fmt.percent(totals["execution_rate"], lang),
                t(
                    "kpi.execution_help",
                    executed=fmt.money(totals["executed_krw"], unit, lang),
                    granted=fmt.money(totals["granted_krw"], unit, lang),
                    unit=unit_name,
                ),
                latest,
                delta,
                sign,
            )
        )
    return Kpis(tuple(items))


def _delta_money(ctx: ViewContext, change: int) -> str:
    arrow = "▲" if change > 0 else "▼"
    return ctx.t(
        "kpi.delta", change=f"{arrow}{fmt.money(abs(change), ctx.unit, ctx.lang)}", since=ctx.date(ctx.previous.as_of)
    )


# ---- the meeting in view ------------------------------------------------------------------------------------------


def meeting_in_view(ctx: ViewContext) -> dict | None:
    return ctx.q("meeting_in_view")


def meeting_title(ctx: ViewContext, meeting: dict) -> str:
    when = fmt.date_range(meeting["starts_on"], meeting["ends_on"], ctx.lang, meeting["date_precision"])
    where = place(meeting["city"], meeting["country_iso3"], ctx.lang, meeting.get("city_ko"))
    return f"{pick(meeting, 'name', ctx.lang)} · {when} · {where}"


def decision_lines(ctx: ViewContext, decisions: pd.DataFrame) -> tuple[str, ...]:
    out = []
    for row in decisions.to_dict("records"):
        when = fmt.date(row["decided_on"], ctx.lang, row["decided_precision"])
        out.append(f"{ctx.t('outcome.' + row['outcome'])} ({when}): {pick(row, 'text', ctx.lang)}")
    return tuple(out)


def agenda(ctx: ViewContext) -> list:
    """The meeting in view and its agenda items, each linking to the section that answers it, with the decisions
    taken on it; a meeting with no recorded agenda says so (the standing sections are shown instead)."""
    t = ctx.t
    meeting = meeting_in_view(ctx)
    if meeting is None:
        return [Heading(t("meeting.view.title"), 3), Notice(t("meeting.view.none"), "empty")]
    blocks: list = [
        Heading(t(f"meeting.view.{meeting['relation']}"), 3),
        Paragraph(meeting_title(ctx, meeting), "strong"),
    ]
    items = ctx.q("agenda_items", meeting_id=meeting["meeting_id"])
    decisions = ctx.q("decisions", meeting_id=meeting["meeting_id"])
    if items.empty:
        blocks.append(Notice(t("meeting.view.no_agenda"), "info"))
        links = [Link(t(SECTIONS[s].title_key), s) for s in STANDING]
        blocks.append(Links(tuple(links), on=SCREEN_AND_PDF))
        # A slide has no navigation (the slides that follow are these sections): their names on one line, which
        # leaves the slide's room to its chart.
        blocks.append(Paragraph(" · ".join(link.label for link in links), on=frozenset({SLIDES})))
    else:
        links = []
        for item in items.to_dict("records"):
            answered = decisions[decisions["agenda_seq"] == item["seq"]] if len(decisions) else decisions
            links.append(
                Link(
                    pick(item, "title", ctx.lang),
                    item["section"],
                    params.link_params(item["filters"]),
                    decision_lines(ctx, answered),
                    item["code"] if isinstance(item["code"], str) else "",
                )
            )
        blocks.append(Links(tuple(links)))
    other = decisions[decisions["agenda_seq"].isna()] if len(decisions) else decisions
    if len(other):
        blocks.append(Paragraph(t("meeting.view.decisions"), "strong"))
        blocks.append(Paragraph("\n".join(decision_lines(ctx, other))))
    return blocks


def agenda_in_view(ctx: ViewContext) -> list[tuple[str, str | None, dict]]:
    """(section id, agenda item as worded on the agenda, filters) in the order of the meeting in view's agenda; the
    standing sections (with no item) when it has none. The slides and the briefing pack follow this order."""
    meeting = meeting_in_view(ctx)
    items = ctx.q("agenda_items", meeting_id=meeting["meeting_id"]) if meeting else pd.DataFrame()
    if items.empty:
        return [(s, None, {}) for s in STANDING]
    out = []
    for item in items.to_dict("records"):
        code = item["code"] if isinstance(item["code"], str) else ""
        # typed as the section's controls give them (area=3 is the number 3), allow-listed on the way
        filters = params.read(dict(params.link_params(item["filters"])))[0]
        out.append((item["section"], f"{code} {pick(item, 'title', ctx.lang)}".strip(), filters))
    return out


def agenda_sections(ctx: ViewContext) -> list[tuple[str, str | None, dict]]:
    """As agenda_in_view, with each item as a note ("EXCOM agenda (a) …") to print under its section's title."""
    return [
        (section, ctx.t("brief.agenda_item", item=label) if label else None, filters)
        for section, label, filters in agenda_in_view(ctx)
    ]


def pack_sections(ctx: ViewContext) -> list[tuple[str, str | None, dict]]:
    """The briefing pack's order: the agenda's sections, then every standing section the agenda does not cover (the
    secretary-general's pack keeps the budget even when no item asks for it)."""
    planned = agenda_sections(ctx)
    covered = {section for section, _, _ in planned}
    return planned + [(section, None, {}) for section in STANDING if section not in covered]


# ---- overview -----------------------------------------------------------------------------------------------------


def upcoming(ctx: ViewContext, limit: int = UPCOMING_LIMIT) -> list:
    t = ctx.t
    events = ctx.q("upcoming_events", limit=limit)
    blocks: list = [Heading(t("overview.upcoming", date=ctx.date(ctx.as_of)))]
    if events.empty:
        return blocks + [Notice(t("overview.no_upcoming"), "empty")]
    data = pd.DataFrame(
        {
            "date": [
                fmt.date_range(s, e, ctx.lang, p)
                for s, e, p in zip(events["starts_on"], events["ends_on"], events["date_precision"])
            ],
            "event": localized(events, "name", ctx.lang),
            "kind": [t(f"event_kind.{k}") for k in events["kind"]],
            "place": [
                place(c, i, ctx.lang, k) for c, i, k in zip(events["city"], events["country_iso3"], events["city_ko"])
            ],
            "status": [
                t("event_status.in_progress") if s <= ctx.as_of else t(f"event_status.{st}")
                for s, st in zip(pd.to_datetime(events["starts_on"]).dt.date, events["status"])
            ],
        }
    )
    columns = [
        Column("date", t("col.date")),
        Column("event", t("col.event"), wide=True),
        Column("kind", t("col.kind_event")),
        Column("place", t("col.place")),
        Column("status", t("col.status")),
    ]
    blocks.append(
        _table(
            ctx,
            "wego-upcoming",
            t("programs.events"),
            columns,
            data,
            widths=(3.8, 6, 2, 3, 1.6),
            on=frozenset({SCREEN, SLIDES, PDF}),
        )
    )
    return blocks


def overview(ctx: ViewContext) -> list:
    t = ctx.t
    history = ctx.q("figure_history", figure="members_total")
    chart = (
        [
            Chart(
                figures.membership_over_time(history, ctx.lang, t),
                f"wego-membership-{ctx.snapshot_id}",
                t("brief.membership_alt"),
                "membership",
            )
        ]
        if len(history)
        else [Notice(t("kpi.not_published"), "empty")]
    )
    return [
        Paragraph(t("overview.caption"), "note", on=SCREEN_AND_PDF),
        headline_kpis(ctx),
        Row((tuple(chart), tuple(agenda(ctx))), (3, 2)),
        # On a projector the overview is figures and the meeting; upcoming events have their own slide (events).
        *[dataclasses.replace(b, on=SCREEN_AND_PDF) for b in upcoming(ctx, limit=8)],
    ]


# ---- members ------------------------------------------------------------------------------------------------------

MEMBER_FILTERS = ("region", "type", "status", "q", "excom")


def members_controls(ctx: ViewContext) -> list[Filter]:
    return [
        _choice(ctx, "region", schema.REGIONS),
        _choice(ctx, "type", schema.MEMBER_TYPES),
        _choice(ctx, "status", schema.MEMBER_STATUSES),
        Filter("q", ctx.t("filter.search"), default=""),
        Filter("excom", ctx.t("filter.excom"), default=False),
    ]


MEMBER_COLUMNS = (
    ("name", "col.name", 3),
    ("country", "col.country", 3),
    ("region", "col.region", 2),
    ("kind", "col.kind", 2),
    ("member_type", "col.member_type", 2),
    ("status", "col.status", 2),
    ("excom_role", "col.excom_role", 2.4),
    ("since", "col.since", 2),
    ("source", "col.source", 5),
)
COMPACT = ("name", "country", "region", "member_type", "status", "excom_role", "since")


def _member_table(
    ctx: ViewContext, frame: pd.DataFrame, name: str, title: str, on=SCREEN_AND_PDF, columns: tuple | None = None
) -> Table:
    t, lang = ctx.t, ctx.lang
    values = {
        "name": localized(frame, "name", lang),
        "country": [country(c, lang) for c in frame["country_iso3"]],
        "region": [t(f"region.{r}") for r in frame["region"]],
        "kind": [t(f"kind.{k}") for k in frame["kind"]],
        "member_type": [t(f"member_type.{m}") for m in frame["member_type"]],
        "status": [t(f"status.{s}") for s in frame["status"]],
        "excom_role": [t(f"excom_role.{r}") for r in frame["excom_role"]],
        "since": [fmt.member_since(j, y, lang, t) for j, y in zip(frame["joined_on"], frame["first_seen_year"])],
        "source": frame["source"].astype(object),
    }
    chosen = [c for c in MEMBER_COLUMNS if columns is None or c[0] in columns]
    data = pd.DataFrame({key: values[key] for key, _, _ in chosen}, index=frame.index)
    cols = [Column(key, t(label), wide=key == "source") for key, label, _ in chosen]
    return _table(ctx, name, title, cols, data, widths=tuple(w for _, _, w in chosen), on=on)


def members(ctx: ViewContext) -> list:
    t, lang = ctx.t, ctx.lang
    f = ctx.filters
    args = params.query_args(f, MEMBER_FILTERS)
    shown = ctx.q("members", **args)
    blocks: list = [Paragraph(t("members.caption"), "note", on=SCREEN_AND_PDF)]
    if f.get("status") == "applicant":
        blocks.append(Paragraph(t("members.applicants_note") if committee(ctx) else committee_only(ctx), "note"))
    blocks.append(Heading(t("members.map_title", count=fmt.integer(len(shown), lang)), on=SCREEN_ONLY))
    if shown.empty:
        blocks.append(Notice(t("empty.filtered"), "empty", on=SCREEN_ONLY))
    blocks.append(
        Map(
            maps.members_map(shown, lang, t),
            t("members.map_alt", count=fmt.integer(len(shown), lang)),
            tuple((t(f"region.{r}"), c) for r, c in theme.REGION_COLORS.items()),
            t("members.legend"),
            on=SCREEN_ONLY,
            select="region",
        )
    )
    counts = ctx.q("members_by_region")
    figs = ctx.q("latest_figures")
    chart = Chart(
        figures.members_by_region(counts, lang, t),
        f"wego-members-by-region-{ctx.snapshot_id}",
        t("brief.by_region_alt"),
        "regions",
        select="region",
    )
    total = figs.get("members_total")
    side: list = []
    if total is not None:
        side.append(
            Notice(
                t(
                    "members.registry_gap",
                    reported=fmt.integer(total["value"], lang),
                    date=fmt.date(total["as_of"], lang, total["as_of_precision"]),
                    listed=fmt.integer(int(counts["listed_members"].sum()), lang),
                ),
                "info",
            )
        )
    by_region = pd.DataFrame(
        {
            "region": [t(f"region.{r}") for r in counts["region"]],
            "listed": counts["listed_members"].astype("Int64"),
            "reported": counts["reported_members"].astype("Int64"),
            "reported_as_of": [fmt.date(d, lang, "month") if pd.notna(d) else "–" for d in counts["reported_as_of"]],
        }
    )
    side.append(
        _table(
            ctx,
            "wego-members-by-region",
            t("members.by_region"),
            [
                Column("region", t("col.region")),
                Column("listed", t("members.listed"), "integer"),
                Column("reported", t("members.reported"), "integer"),
                Column("reported_as_of", t("brief.col.reported_as_of")),
            ],
            by_region,
            widths=(3, 2, 2, 2),
            downloads=False,
        )
    )
    blocks.append(Row(((chart,), tuple(side)), (3, 2)))
    # The applicants under deliberation: on a slide always, and in the pack, where they replace the member list when
    # the list is already the applicants (agenda item "admission of members").
    applicants = ctx.q("members", **{**args, "status": "applicant"})
    if not committee(ctx):
        # The public cannot read applicants (the query layer gives none): say so rather than "no applicant".
        blocks.append(Heading(t("present.applicants_title"), on=SLIDES_PDF))
        blocks.append(Paragraph(committee_only(ctx), "note", on=SLIDES_PDF))
    elif applicants.empty:
        blocks.append(Heading(t("present.applicants", count=fmt.integer(len(applicants), lang)), on=SLIDES_PDF))
        blocks.append(Paragraph(t("present.no_applicants"), on=SLIDES_PDF))
    else:
        title = t("present.applicants", count=len(applicants))
        blocks.append(Heading(t("present.applicants", count=fmt.integer(len(applicants), lang)), on=SLIDES_PDF))
        blocks.append(_member_table(ctx, applicants, "wego-applicants", title, on=SLIDES_PDF, columns=COMPACT))
    in_pack = frozenset() if f.get("status") == "applicant" else frozenset({PDF})
    blocks.append(Heading(t("members.table"), on=SCREEN_ONLY | in_pack))
    if shown.empty:
        blocks.append(Notice(t("empty.filtered"), "empty", on=in_pack))
    else:
        # On screen every column (the source too); in the pack the columns a reader needs, so it stays short.
        blocks.append(_member_table(ctx, shown, "wego-members", t("members.table"), on=SCREEN_ONLY))
        blocks.append(_member_table(ctx, shown, "wego-members", t("members.table"), on=in_pack, columns=COMPACT))
    return blocks


# ---- offices ------------------------------------------------------------------------------------------------------


def offices(ctx: ViewContext) -> list:
    t, lang = ctx.t, ctx.lang
    frame = ctx.q("offices")
    blocks: list = [Paragraph(t("offices.caption"), "note", on=SCREEN_AND_PDF)]
    if frame.empty:
        return blocks + [Notice(t("offices.none"), "empty")]
    regional = int((frame["kind"] == "regional").sum())
    published = ctx.q("latest_figures").get("regional_offices")
    if published is not None and int(published["value"]) != regional:
        blocks.append(
            Notice(
                t(
                    "offices.registry_gap",
                    listed=fmt.integer(regional, lang),
                    reported=fmt.integer(published["value"], lang),
                    date=fmt.date(published["as_of"], lang, published["as_of_precision"]),
                ),
                "info",
            )
        )
    blocks.append(Heading(t("offices.map_title"), on=SCREEN_ONLY))
    blocks.append(
        Map(
            maps.offices_map(frame, ctx.q("office_arcs"), lang, t),
            t("offices.map_alt", count=fmt.integer(len(frame), lang)),
            ((t("office.secretariat"), theme.TEXT), *((t(f"region.{r}"), c) for r, c in theme.REGION_COLORS.items())),
            t("offices.legend"),
        )
    )
    blocks.append(Paragraph(t("offices.rule"), "note"))
    uncovered = ctx.q("uncovered_members")
    if not uncovered.empty:
        regions = ", ".join(
            f"{t('region.' + r)} {fmt.integer(n, lang)}" for r, n in zip(uncovered["region"], uncovered["members"])
        )
        blocks.append(
            Paragraph(
                t("offices.uncovered", count=fmt.integer(int(uncovered["members"].sum()), lang), regions=regions),
                "note",
            )
        )
    cards = []
    for office in frame.to_dict("records"):
        kind = t("office.secretariat") if office["kind"] == "secretariat" else t("office.regional")
        city_ko = office.get("city_ko")
        if not isinstance(city_ko, str) and office["host_name_en"] == office["city"]:
            city_ko = office["host_name_ko"]  # a snapshot published before offices had city_ko (issue #10)
        host = pick({"name_en": office["host_name_en"], "name_ko": office["host_name_ko"]}, "name", lang)
        covers = t("office.covers_all") if pd.isna(office["covers"]) else t(f"region.{office['covers']}")
        cards.append(
            Card(
                pick(office, "name", lang),
                f"{kind} · {place(office['city'], office['country_iso3'], lang, city_ko)}",
                (
                    (t("office.host"), host or office["host_member_id"]),
                    (t("office.opened"), fmt.date(office["opened_on"], lang, office["opened_precision"])),
                    (t("office.covers"), covers),
                    (t("office.members"), fmt.integer(office["members_covered"], lang)),
                    (t("office.events"), fmt.integer(office["events_held"], lang)),
                ),
            )
        )
    blocks.append(Cards(tuple(cards)))
    data = pd.DataFrame(
        {
            "office": localized(frame, "name", lang),
            "opened": [fmt.date(d, lang, p) for d, p in zip(frame["opened_on"], frame["opened_precision"])],
            "members": frame["members_covered"].astype("Int64"),
            "events": frame["events_held"].astype("Int64"),
        }
    )
    blocks.append(
        _table(
            ctx,
            "wego-offices",
            t("offices.title"),
            [
                Column("office", t("changes.office")),
                Column("opened", t("office.opened")),
                Column("members", t("office.members"), "integer"),
                Column("events", t("office.events"), "integer"),
            ],
            data,
            on=frozenset({SLIDES}),
        )
    )
    return blocks


# ---- programs -----------------------------------------------------------------------------------------------------


def programs_controls(ctx: ViewContext) -> list[Filter]:
    years = ctx.q("program_years")
    out = []
    if years:
        out.append(_choice(ctx, "year", years, str, all_choice=False))
    out.append(_choice(ctx, "area", (1, 2, 3, 4)))
    return out


def plan_year(ctx: ViewContext) -> int | None:
    years = ctx.q("program_years")
    year = ctx.filters.get("year")
    return year if year in years else (years[0] if years else None)


def programs(ctx: ViewContext) -> list:
    t, lang = ctx.t, ctx.lang
    blocks: list = [Paragraph(t("programs.caption"), "note", on=SCREEN_AND_PDF)]
    year, area = plan_year(ctx), ctx.filters.get("area")
    if year is None:
        return blocks + [Notice(t("budget.no_plan"), "empty")]
    phases = ctx.q("program_timeline", fiscal_year=year, area=area)
    if phases.empty:
        return blocks + [Notice(t("gantt.none"), "empty")]
    plan_events = ctx.q("events", year=None, kind=None, area=area)
    plan_events = plan_events[plan_events["program_id"].fillna("").str.startswith(f"{year}-")]
    count = fmt.integer(len(phases), lang)
    blocks.append(
        Chart(
            figures.program_gantt(phases, plan_events, ctx.as_of, year, lang, t),
            f"wego-timeline-{year}-{ctx.snapshot_id}",
            t("gantt.alt", count=count, year=year),
            "gantt",
        )
    )
    names = localized(phases.rename(columns={"program_name_en": "p_en", "program_name_ko": "p_ko"}), "p", lang)
    data = pd.DataFrame(
        {
            "program": [f"{pid[5:]} {name}" for pid, name in zip(phases["program_id"], names)],
            "phase": localized(phases, "name", lang),
            "period": [fmt.date_range(s, e, lang) for s, e in zip(phases["starts_on"], phases["ends_on"])],
        }
    )
    blocks.append(Heading(t("brief.phases", count=count), on=frozenset({PDF})))
    blocks.append(
        _table(
            ctx,
            f"wego-phases-{year}",
            t("brief.phases", count=count),
            [
                Column("program", t("col.program")),
                Column("phase", t("brief.col.phase")),
                Column("period", t("col.period")),
            ],
            data,
            widths=(5, 6, 3),
            on=frozenset({PDF}),
        )
    )
    return blocks


# ---- events -------------------------------------------------------------------------------------------------------


def events_controls(ctx: ViewContext) -> list[Filter]:
    return [_choice(ctx, "event_year", ctx.q("event_years"), str), _choice(ctx, "kind", schema.EVENT_KINDS)]


def events(ctx: ViewContext) -> list:
    t, lang = ctx.t, ctx.lang
    f = ctx.filters
    blocks: list = upcoming(ctx)
    blocks = [dataclasses.replace(b, on=SLIDES_PDF) for b in blocks]  # the overview shows them on screen
    matched = ctx.q("events", year=f.get("event_year"), kind=f.get("kind"), area=f.get("area"))
    blocks.append(Heading(t("programs.events"), on=SCREEN_ONLY))
    if matched.empty:
        blocks.append(Notice(t("empty.filtered"), "empty", on=SCREEN_ONLY))
    else:
        found, note = _capped(ctx, matched, latest=True)
        blocks += note
        data = pd.DataFrame(
            {
                "date": [
                    fmt.date_range(s, e, lang, p)
                    for s, e, p in zip(found["starts_on"], found["ends_on"], found["date_precision"])
                ],
                "event": localized(found, "name", lang),
                "kind": [t(f"event_kind.{k}") for k in found["kind"]],
                "place": [
                    place(c, i, lang, k) for c, i, k in zip(found["city"], found["country_iso3"], found["city_ko"])
                ],
                "cities": found["cities"].astype("Int64"),
                "people": found["people"].astype("Int64"),
                "cost_krw": found["cost_krw"].astype("Int64"),
                "status": [t(f"event_status.{s}") for s in found["status"]],
            }
        )
        columns = [
            Column("date", t("col.date")),
            Column("event", t("col.event"), wide=True),
            Column("kind", t("col.kind_event")),
            Column("place", t("col.place")),
            Column("cities", t("col.cities"), "integer"),
            Column("people", t("col.people"), "integer"),
            Column("cost_krw", t("col.cost", unit=ctx.unit_name), "money"),
            Column("status", t("col.status")),
        ]
        if not committee(ctx):  # an event's cost is the committee's (schema.EVENTS.public): no empty column
            columns = [c for c in columns if c.key != "cost_krw"]
            data = data.drop(columns="cost_krw")
        blocks.append(_table(ctx, "wego-events", t("programs.events"), columns, data, on=SCREEN_ONLY))
        blocks.append(Heading(t("programs.events_map"), 3, on=SCREEN_ONLY))
        blocks.append(
            Map(
                maps.events_map(found, lang, t),
                t("programs.events_map_alt", count=fmt.integer(len(found), lang)),
                ((t("programs.legend_meetings"), theme.VERMILLION), (t("programs.legend_other"), theme.BLUE)),
                on=SCREEN_ONLY,
            )
        )
    history = ctx.q("assembly_history")
    if len(history):
        blocks.append(Heading(t("programs.history")))
        blocks.append(
            Chart(
                figures.attendance_history(history, lang, t),
                f"wego-attendance-{ctx.snapshot_id}",
                t("brief.history_alt"),
                "history",
            )
        )
    return blocks


# ---- budget -------------------------------------------------------------------------------------------------------


def budget_controls(ctx: ViewContext) -> list[Filter]:
    years = ctx.q("settlement_years")
    return [_choice(ctx, "fy", years, str, all_choice=False)] if years else []


def settlement_kpis(ctx: ViewContext, totals: dict) -> Kpis:
    t, unit_name = ctx.t, ctx.unit_name
    money = lambda v: fmt.money(v, ctx.unit, ctx.lang)  # noqa: E731
    return Kpis(
        (
            Kpi(f"{t('budget.kpi_budget')} ({unit_name})", money(totals["budget_krw"])),
            Kpi(f"{t('budget.kpi_granted')} ({unit_name})", money(totals["granted_krw"])),
            Kpi(f"{t('budget.kpi_executed')} ({unit_name})", money(totals["executed_krw"])),
            Kpi(t("budget.kpi_rate"), fmt.percent(totals["execution_rate"], ctx.lang)),
            Kpi(f"{t('budget.kpi_unspent')} ({unit_name})", money(totals["unspent_krw"])),
        )
    )


def budget(ctx: ViewContext) -> list:
    t, lang, unit, unit_name = ctx.t, ctx.lang, ctx.unit, ctx.unit_name
    blocks: list = [Paragraph(t("budget.caption", unit=unit_name), "note", on=SCREEN_AND_PDF)]
    years = ctx.q("settlement_years")
    if not years:
        blocks.append(Notice(t("budget.no_settlement"), "empty"))
    else:
        year = ctx.filters.get("fy") if ctx.filters.get("fy") in years else years[0]
        totals = ctx.q("budget_totals", fiscal_year=year)
        lines = ctx.q("budget_lines", fiscal_year=year)
        spending = ctx.q("spending", fiscal_year=year, top=SCREEN_ROWS, per_line=TREE_PER_LINE)
        by_line = ctx.q("spending_by_line", fiscal_year=year)
        activities = int(by_line["activities"].sum())
        blocks.append(Heading(t("brief.settlement", year=year), on=SLIDES_PDF))
        blocks.append(settlement_kpis(ctx, totals))
        blocks.append(
            Chart(
                figures.budget_vs_executed(lines, year, unit, lang, t),
                f"wego-settlement-{year}-{ctx.snapshot_id}",
                t("budget.bars_alt", year=year),
                "bars",
            )
        )
        if committee(ctx):  # the treemap itemizes activities: line-level spending
            blocks.append(
                Chart(
                    figures.budget_hierarchy(lines, spending, year, unit, lang, t, by_line),
                    f"wego-spending-{year}-{ctx.snapshot_id}",
                    t("budget.tree_alt", year=year),
                    "tree",
                    on=SCREEN_ONLY,
                )
            )
        if committee(ctx):  # parts against totals: the itemized activities are the committee's
            blocks.append(Heading(t("budget.reconciliation"), on=SCREEN_AND_PDF))
            recon = ctx.q("reconciliation", fiscal_year=year)
            for is_difference, sentence in narrative.reconciliation(
                recon, ctx.q("latest_figures"), totals, year, unit, lang, t
            ):
                blocks.append(
                    Notice(sentence, "warning", on=SCREEN_AND_PDF)
                    if is_difference
                    else Paragraph(sentence, on=SCREEN_AND_PDF)
                )
        else:
            blocks.append(Paragraph(committee_only(ctx, t("committee.spending")), "note", on=SCREEN_AND_PDF))
        blocks.append(Heading(t("budget.lines_table"), on=SCREEN_AND_PDF))
        names = localized(lines, "name", lang)
        data = pd.DataFrame(
            {
                "level": lines["depth"].astype(int),
                "line": [("↳ " * int(d)) + n for d, n in zip(lines["depth"], names)],
                "budget_krw": lines["budget_krw"].astype("Int64"),
                "granted_krw": lines["granted_krw"].astype("Int64"),
                "executed_krw": lines["executed_krw"].astype("Int64"),
                "unspent_krw": lines["unspent_krw"].astype("Int64"),
                "execution_rate": lines["execution_rate"].astype(float),
            }
        )
        columns = [
            Column("level", t("col.level"), "level"),
            Column("line", t("col.line"), wide=True),
            Column("budget_krw", t("col.budget", unit=unit_name), "money"),
            Column("granted_krw", t("col.granted", unit=unit_name), "money"),
            Column("executed_krw", t("col.executed", unit=unit_name), "money"),
            Column("unspent_krw", t("col.unspent", unit=unit_name), "money"),
            Column("execution_rate", t("col.rate"), "percent"),
        ]
        blocks.append(
            _table(
                ctx,
                f"wego-budget-lines-{year}",
                t("budget.lines_table"),
                columns,
                data,
                widths=(1, 4, 2.2, 2.2, 2.2, 2.2, 1.8),
            )
        )
        if committee(ctx):
            blocks.append(Heading(t("budget.spending_table", year=year), on=SCREEN_ONLY))
            if activities > len(spending):
                shown, total = fmt.integer(len(spending), lang), fmt.integer(activities, lang)
                blocks.append(Paragraph(t("table.capped_largest", shown=shown, total=total), "note", on=SCREEN_ONLY))
            spend = pd.DataFrame(
                {
                    "activity": localized(spending, "description", lang),
                    "period": [fmt.period(v, lang) for v in spending["period"]],
                    "line": localized(spending, "line_name", lang),
                    "amount_krw": spending["amount_krw"].astype("Int64"),
                    "paid_by": [
                        t("funding.wego") if p == "wego" else _data_name(p, k, lang) or p
                        for p, k in zip(spending["paid_by"], spending["paid_by_ko"])
                    ],
                }
            )
            blocks.append(
                _table(
                    ctx,
                    f"wego-activities-{year}",
                    t("col.activity"),
                    [
                        Column("activity", t("col.activity"), wide=True),
                        Column("period", t("col.period")),
                        Column("line", t("col.line")),
                        Column("amount_krw", t("col.amount", unit=unit_name), "money"),
                        Column("paid_by", t("col.paid_by")),
                    ],
                    spend,
                    on=SCREEN_ONLY,
                )
            )
    blocks += program_plan(ctx)
    return blocks


def _data_name(english, korean, lang: str) -> str | None:
    """A name the data gives in English (programs.partner and funded_by, spending.paid_by), in Korean on a Korean page
    where the row has its Korean form (issue #10); None where the row names none."""
    if lang == "ko" and isinstance(korean, str) and korean.strip():
        return korean
    return english if isinstance(english, str) and english.strip() else None


def program_plan(ctx: ViewContext) -> list:
    t, lang, unit = ctx.t, ctx.lang, ctx.unit
    year = plan_year(ctx)
    if year is None:
        return [Notice(t("budget.no_plan"), "empty", on=SCREEN_AND_PDF)]
    blocks: list = [Heading(t("budget.plan", year=year), on=SCREEN_AND_PDF)]
    frame = ctx.q("programs", fiscal_year=year, area=ctx.filters.get("area"))
    if frame.empty:
        return blocks + [Notice(t("empty.filtered"), "empty", on=SCREEN_AND_PDF)]
    wego = int(frame.loc[frame["is_wego_funded"], "budget_krw"].sum())
    blocks.append(
        Paragraph(
            t(
                "budget.plan_total",
                wego=fmt.money(wego, unit, lang, detail=True),
                all=fmt.money(int(frame["budget_krw"].sum()), unit, lang, detail=True),
                unit=ctx.unit_name,
            ),
            on=SCREEN_AND_PDF,
        )
    )
    blocks.append(
        Chart(
            figures.program_plan(frame, year, unit, lang, t),
            f"wego-plan-{year}-{ctx.snapshot_id}",
            t("budget.plan_alt", year=year),
            "plan",
            on=SCREEN_AND_PDF,
        )
    )
    names = localized(frame, "name", lang)
    data = pd.DataFrame(
        {
            "program": [f"{pid[5:]} {n}" for pid, n in zip(frame["program_id"], names)],
            "budget_krw": frame["budget_krw"].astype("Int64"),
            "area": [t(f"area.{a}") for a in frame["area"]],
            "partner": [_data_name(p, k, lang) or "–" for p, k in zip(frame["partner"], frame["partner_ko"])],
            "funded_by": [
                t("funding.wego") if f == "wego" else _data_name(f, k, lang) or str(f)
                for f, k in zip(frame["funded_by"], frame["funded_by_ko"])
            ],
        }
    )
    columns = [
        Column("program", t("col.program"), wide=True),
        Column("budget_krw", t("col.budget", unit=ctx.unit_name), "money"),
        Column("area", t("col.area")),
        Column("partner", t("col.partner")),
        Column("funded_by", t("col.funded_by")),
    ]
    blocks.append(_table(ctx, f"wego-programs-{year}", t("col.program"), columns, data, widths=(4.5, 2, 3.2, 2.4, 2.2)))
    return blocks


# ---- the registry -------------------------------------------------------------------------------------------------


def _none(ctx: ViewContext) -> list[Filter]:
    return []


SECTIONS: dict[str, SectionSpec] = {
    s.id: s
    for s in (
        SectionSpec("overview", "nav.overview", "overview", (), _none, overview),
        SectionSpec("members", "nav.members", "members", MEMBER_FILTERS, members_controls, members),
        SectionSpec("offices", "nav.offices", "offices", (), _none, offices),
        SectionSpec("programs", "brief.section.programs", "programs", ("year", "area"), programs_controls, programs),
        SectionSpec(
            "events", "brief.section.events", "programs", ("event_year", "kind", "area"), events_controls, events
        ),
        SectionSpec("budget", "nav.budget", "budget", ("fy", "year", "area"), budget_controls, budget),
        SectionSpec("changes", "nav.changes", "changes", ("new", "old"), what_changed.controls, what_changed.build),
        SectionSpec(
            "maturity",
            "nav.maturity",
            "maturity",
            ("fw", "edition", "city", "cities"),
            maturity.controls,
            maturity.build,
        ),
    )
}
assert set(SECTIONS) == set(schema.SECTION_IDS), "the registry and the data contract's section ids differ"
# Shown when the meeting in view has no recorded agenda: the sections every briefing covers.
STANDING = ("programs", "offices", "members", "budget", "events")


def build(section_id: str, ctx: ViewContext) -> list:
    return SECTIONS[section_id].build(ctx)


def controls(section_id: str, ctx: ViewContext) -> list[Filter]:
    return SECTIONS[section_id].controls(ctx)


__all__ = ["SECTIONS", "STANDING", "build", "controls", "agenda_sections", "meeting_in_view"]
