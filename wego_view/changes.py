"""What changed: two snapshots compared (wego_data.diff, the same comparison as `python -m wego_data diff`), written
once for the page, the slides and the briefing pack.

By default the snapshot in view is compared with the one before it (the oldest with the one after it); the page's
controls choose any two (`new` and `old` in wego_view.params). The briefing pack compares its own snapshot with the
previous one; for the first snapshot there is nothing to compare, and it says so.
"""

from __future__ import annotations

import pandas as pd

from wego_view import fmt
from wego_view.blocks import (
    EVERYWHERE,
    PDF,
    SCREEN_AND_PDF,
    SCREEN_ONLY,
    Column,
    Filter,
    Heading,
    Kpi,
    Kpis,
    Notice,
    Paragraph,
    Table,
)
from wego_view.context import SnapshotInfo, ViewContext
from wego_view.i18n import CATALOG, pick, place

KINDS = ("members", "offices", "events", "budget_lines", "figures")  # wego_data.diff.SECTIONS, in the page's order
# The event fields a change is told by (its label in the catalog), in the order they are listed.
EVENT_FIELDS = {
    "starts_on": "brief.field.starts_on",
    "ends_on": "brief.field.ends_on",
    "status": "col.status",
    "people": "col.people",
    "cities": "col.cities",
    "cost_krw": "brief.field.cost",
}
MEMBER_FIELDS = (
    ("status", "col.status", "status"),
    ("member_type", "col.member_type", "member_type"),
    ("excom_role", "col.excom_role", "excom_role"),
)


# ---- which two snapshots ------------------------------------------------------------------------------------------


def _ids(ctx: ViewContext) -> list[str]:
    return [s.snapshot_id for s in ctx.snapshots]  # newest first


def default_new(ctx: ViewContext) -> str | None:
    """The snapshot in view, or the one after it when the snapshot in view is the oldest."""
    ids = _ids(ctx)
    if len(ids) < 2:
        return ids[0] if ids else None
    current = ids.index(ctx.snapshot_id) if ctx.snapshot_id in ids else 0
    return ids[current - 1] if current == len(ids) - 1 else ids[current]


def before(ctx: ViewContext, new: str) -> str | None:
    """The snapshot published before `new`, if any."""
    ids = _ids(ctx)
    index = ids.index(new)
    return ids[index + 1] if index + 1 < len(ids) else None


def chosen(ctx: ViewContext) -> tuple[str | None, str | None]:
    """(new, old): the filters' where they name a published snapshot (old other than new), else the defaults; old is
    None when new is the oldest snapshot and no other was chosen (nothing before it to compare with)."""
    ids = _ids(ctx)
    new = ctx.filters.get("new")
    if new not in ids:
        new = default_new(ctx)
    if new is None:
        return None, None
    old = ctx.filters.get("old")
    if old not in ids or old == new:
        old = before(ctx, new)
    return new, old


def _label(ctx: ViewContext, snap: SnapshotInfo) -> str:
    return f"{ctx.date(snap.as_of)} · {snap.snapshot_id}"


def controls(ctx: ViewContext) -> list[Filter]:
    """'Compare from' (old) and 'to' (new), each a published snapshot, newest first. 'Compare from' offers every
    snapshot but the one compared to (ctx.filters["new"] where the page knows the choice made so far), the one before
    it first by default (the one after it for the oldest)."""
    ids = _ids(ctx)
    if len(ids) < 2:
        return []
    t = ctx.t
    labels = {s.snapshot_id: _label(ctx, s) for s in ctx.snapshots}
    new_default = default_new(ctx)
    new = ctx.filters.get("new") if ctx.filters.get("new") in ids else new_default
    others = tuple(i for i in ids if i != new)
    index = ids.index(new)
    old_default = before(ctx, new) or ids[index - 1]
    return [
        Filter("old", t("changes.old"), others, tuple(labels[i] for i in others), old_default),
        Filter("new", t("changes.new"), tuple(ids), tuple(labels[i] for i in ids), new_default),
    ]


# ---- the tables ---------------------------------------------------------------------------------------------------


def _table(name: str, title: str, columns: list[Column], rows: list[dict], widths: tuple[float, ...]) -> Table:
    """rows hold (raw, shown) per column key: `data` the raw values the downloads take, `text` what is shown."""
    keys = [c.key for c in columns]
    data = pd.DataFrame([{k: row[k][0] for k in keys} for row in rows], columns=keys)
    text = pd.DataFrame([{k: row[k][1] for k in keys} for row in rows], columns=keys)
    for col in columns:
        if col.kind in ("money", "integer"):
            data[col.key] = data[col.key].astype("Int64")
    return Table(name, title, tuple(columns), data, text, widths)


def _same(value) -> tuple:
    """A text cell: the same words downloaded and shown."""
    return value, value


def _signed(ctx: ViewContext, krw) -> tuple:
    if krw is None or pd.isna(krw):
        return None, "–"
    shown = ctx.money(krw)
    return int(krw), f"+{shown}" if krw > 0 else shown


def _member_rows(ctx: ViewContext, found: list[dict]) -> list[dict]:
    t, lang = ctx.t, ctx.lang

    def word(prefix: str, value) -> str:
        return t(f"{prefix}.{value}") if value else "–"

    def detail(m: dict) -> str:
        if m["change"] == "added":
            parts = [word("member_type", m["new_member_type"]), word("status", m["new_status"])]
            if m["new_excom_role"] and m["new_excom_role"] != "none":
                parts.append(f"{t('col.excom_role')}: {word('excom_role', m['new_excom_role'])}")
            return " · ".join(parts)
        if m["change"] == "removed":
            return word("status", m["old_status"]) if m["old_status"] else ""
        return "; ".join(
            f"{t(label)}: {word(prefix, m['old_' + col])} → {word(prefix, m['new_' + col])}"
            for col, label, prefix in MEMBER_FIELDS
            if m["old_" + col] != m["new_" + col]
        )

    return [
        {
            "change": _same(t(f"brief.change.{m['change']}")),
            "name": _same(pick(m, "name", lang)),
            "region": _same(t(f"region.{m['region']}")),
            "detail": _same(detail(m)),
        }
        for m in found
    ]


def _event_value(ctx: ViewContext, field: str, value, precision: str) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    if field in ("starts_on", "ends_on"):
        return fmt.date(value, ctx.lang, precision)
    if field == "status":
        return ctx.t(f"event_status.{value}")
    if field == "cost_krw":
        return f"{ctx.money(value)} {ctx.unit_name}"
    return ctx.integer(value)


def _event_rows(ctx: ViewContext, found: list[dict]) -> list[dict]:
    t, lang = ctx.t, ctx.lang
    rows = []
    for e in found:
        precision = e["date_precision"] or "day"
        detail = []
        if e["change"] in ("changed", "held"):
            for field, label in EVENT_FIELDS.items():
                old, new = e["old_" + field], e["new_" + field]
                if old != new:
                    detail.append(
                        f"{t(label)}: {_event_value(ctx, field, old, precision)} → "
                        f"{_event_value(ctx, field, new, precision)}"
                    )
        rows.append(
            {
                "change": _same(t(f"brief.change.{e['change']}")),
                "date": _same(fmt.date(e["new_starts_on"] or e["old_starts_on"], lang, precision)),
                "event": _same(pick(e, "name", lang)),
                "detail": _same("; ".join(detail)),
            }
        )
    return rows


def _tables(ctx: ViewContext, result: dict, old: str, new: str) -> list:
    """Per kind of record: a heading with its count, then the table of changes or 'No change.'."""
    t, lang, unit = ctx.t, ctx.lang, ctx.unit_name
    col_change = Column("change", t("brief.col.change"))
    col_detail = Column("detail", t("brief.col.detail"), wide=True)
    out: list = []

    def part(kind: str, title_key: str, name: str, table) -> None:
        found = result[kind]
        out.append(Heading(t(f"brief.diff.{kind}", count=fmt.integer(len(found), lang)), on=SCREEN_AND_PDF))
        if not found:
            out.append(Paragraph(t("changes.none"), on=SCREEN_AND_PDF))
            return
        columns, rows, widths = table(found)
        out.append(_table(f"{name}-{old}-{new}", t(title_key), columns, rows, widths))

    def members(found):
        columns = [col_change, Column("name", t("col.name")), Column("region", t("col.region")), col_detail]
        return columns, _member_rows(ctx, found), (2, 3, 2, 6)

    def offices(found):
        closed = any(o["closed_on"] for o in found)
        columns = [
            col_change,
            Column("name", t("col.name"), wide=True),
            Column("place", t("col.place")),
            Column("opened", t("office.opened")),
        ]
        if closed:
            columns.append(Column("closed", t("brief.field.closed")))
        rows = [
            {
                "change": _same(t(f"brief.change.{o['change']}")),
                "name": _same(pick(o, "name", lang)),
                "place": _same(place(o["city"], o.get("country_iso3"), lang, o.get("city_ko"))),
                "opened": _same(fmt.date(o["opened_on"], lang, o["opened_precision"] or "day")),
                "closed": _same(fmt.date(o["closed_on"], lang) if o["closed_on"] else "–"),
            }
            for o in found
        ]
        return columns, rows, (2, 5, 2, 2.2) + ((2.2,) if closed else ())

    def events(found):
        columns = [col_change, Column("date", t("col.date")), Column("event", t("col.event"), wide=True), col_detail]
        return columns, _event_rows(ctx, found), (2, 2.4, 5, 5)

    def budget_lines(found):
        columns = [
            col_change,
            Column("fy", t("filter.settlement_year")),
            Column("line", t("col.line"), wide=True),
            Column("budget", t("brief.col.delta", what=t("col.budget", unit=unit)), "money"),
            Column("granted", t("brief.col.delta", what=t("col.granted", unit=unit)), "money"),
            Column("executed", t("brief.col.delta", what=t("col.executed", unit=unit)), "money"),
        ]
        rows = [
            {
                "change": _same(t(f"brief.change.{b['change']}")),
                "fy": (int(b["fiscal_year"]), str(b["fiscal_year"])),
                "line": _same(pick(b, "name", lang)),
                "budget": _signed(ctx, b["budget_delta_krw"]),
                "granted": _signed(ctx, b["granted_delta_krw"]),
                "executed": _signed(ctx, b["executed_delta_krw"]),
            }
            for b in found
        ]
        return columns, rows, (2, 1.6, 3.4, 2.4, 2.4, 2.4)

    def figures(found):
        money = any(f["figure"].endswith("_krw") for f in found)
        columns = [
            Column("date", t("col.date")),
            Column("figure", t("brief.col.figure")),
            Column("value", t("brief.col.value"), "integer"),
        ]
        if money:  # amounts in the chosen unit, in a column of their own: a count is no amount
            columns.append(Column("value_krw", f"{t('brief.col.value')} ({unit})", "money"))
        columns += [Column("note", t("brief.col.note"), wide=True), Column("source", t("col.source"))]
        rows = []
        for f in found:
            is_money = f["figure"].endswith("_krw")
            name = f"figure.{f['figure']}"
            rows.append(
                {
                    "date": _same(fmt.date(f["as_of"], lang, f["as_of_precision"] or "day")),
                    "figure": _same(t(name) if name in CATALOG else f["figure"]),
                    "value": (None, "–") if is_money else (int(f["value"]), ctx.integer(f["value"])),
                    "value_krw": (int(f["value"]), ctx.money(f["value"])) if is_money else (None, "–"),
                    "note": _same(pick(f, "note", lang)),
                    "source": _same(f["source"] or ""),
                }
            )
        widths = (2, 3.2, 1.6) + ((2.2,) if money else ()) + (5, 3.4)
        return columns, rows, widths

    part("members", "changes.members", "wego-member-changes", members)
    part("offices", "changes.offices", "wego-office-changes", offices)
    part("events", "changes.events", "wego-event-changes", events)
    part("budget_lines", "changes.budget", "wego-budget-changes", budget_lines)
    part("figures", "changes.figures", "wego-new-figures", figures)
    return out


# ---- the section --------------------------------------------------------------------------------------------------


def build(ctx: ViewContext) -> list:
    """The counts of members, offices, events, budget lines and published figures that changed between the two
    snapshots, then each change listed (slides: the counts only)."""
    t = ctx.t
    blocks: list = [Paragraph(t("changes.caption"), "note", on=SCREEN_ONLY)]
    if len(ctx.snapshots) < 2:
        return blocks + [Notice(t("changes.only_one"), "info", on=EVERYWHERE)]
    new, old = chosen(ctx)
    if old is None:  # the oldest snapshot, and no other chosen: nothing before it
        return blocks + [Notice(t("brief.changes_first"), "empty", on=EVERYWHERE)]
    ids = _ids(ctx)
    snaps = {s.snapshot_id: s for s in ctx.snapshots}
    if ids.index(old) < ids.index(new):
        blocks.append(Paragraph(t("changes.backwards"), "note", on=SCREEN_AND_PDF))
    # On screen the two controls name both snapshots with their dates.
    blocks.append(
        Paragraph(t("brief.changes_from", previous=old, date=ctx.date(snaps[old].as_of)), "note", on=frozenset({PDF}))
    )
    result = ctx.compare(old, new)
    blocks.append(Kpis(tuple(Kpi(t(f"changes.count.{k}"), ctx.integer(len(result[k]))) for k in KINDS)))
    return blocks + _tables(ctx, result, old, new)


__all__ = ["KINDS", "build", "chosen", "controls", "default_new"]
