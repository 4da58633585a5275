"""What changed: two snapshots compared, by default the newest against the one before it (same diff as the CLI)."""

import pandas as pd
import streamlit as st

from wego_ui import data, layout, state
from wego_view import fmt
from wego_view.i18n import CATALOG, pick

ctx = layout.header("changes.title")
t, lang, unit = ctx.t, ctx.lang, ctx.unit
unit_name = t(f"unit.{unit}")
st.caption(t("changes.caption"))

snapshots = data.snapshot_list()
ids = [s["id"] for s in snapshots]  # newest first
if len(ids) < 2:
    st.info(t("changes.only_one"), icon=":material/compare_arrows:")
    st.stop()
labels = {s["id"]: f"{fmt.date(s['as_of'], lang)} · {s['id']}" for s in snapshots}
c1, c2 = st.columns(2)
# By default the snapshot in view against the one before it; the oldest is compared with the one after it.
current = ids.index(ctx.snapshot_id)
default_new = ids[current - 1] if current == len(ids) - 1 else ids[current]
new = state.selectbox("new", t("changes.new"), ids, default_new, format_func=labels.get, container=c2)
before = ids[ids.index(new) + 1 :]
old = state.selectbox(
    "old",
    t("changes.old"),
    [i for i in ids if i != new],
    before[0] if before else ids[-1],
    format_func=labels.get,
    container=c1,
)
if dict(zip(ids, range(len(ids))))[old] < ids.index(new):
    st.caption(t("changes.backwards"))
result = data.changes(old, new)


def figure_name(figure: str) -> str:
    """A published figure's name in words where the catalog has it (members_total -> Members), else its id."""
    key = f"figure.{figure}"
    return t(key) if key in CATALOG else figure


def role(value) -> str:
    return t(f"excom_role.{value}") if value else "–"


def was_now(old_value, new_value, prefix: str) -> str:
    show = (lambda v: t(f"{prefix}.{v}")) if prefix else str
    return f"{show(old_value)} → {show(new_value)}"


counts = {key: len(result[key]) for key in ("members", "offices", "events", "budget_lines", "figures")}
k = st.columns(5)
for column, key in zip(k, counts):
    column.metric(t(f"changes.count.{key}"), fmt.integer(counts[key], lang), border=True)

st.subheader(t("changes.members"))
members = pd.DataFrame(result["members"])
if members.empty:
    st.write(t("changes.none"))
else:
    rows = []
    for m in result["members"]:
        if m["change"] == "added":
            what = t(
                "changes.joined", status=t(f"status.{m['new_status']}"), type=t(f"member_type.{m['new_member_type']}")
            )
        elif m["change"] == "removed":
            what = t("changes.left")
        else:
            parts = []
            if m["old_status"] != m["new_status"]:
                parts.append(t("col.status") + ": " + was_now(m["old_status"], m["new_status"], "status"))
            if m["old_member_type"] != m["new_member_type"]:
                parts.append(
                    t("col.member_type") + ": " + was_now(m["old_member_type"], m["new_member_type"], "member_type")
                )
            if m["old_excom_role"] != m["new_excom_role"]:
                parts.append(t("col.excom_role") + ": " + f"{role(m['old_excom_role'])} → {role(m['new_excom_role'])}")
            what = "; ".join(parts)
        rows.append(
            {
                t("col.name"): pick(m, "name", lang),
                t("col.region"): t(f"region.{m['region']}"),
                t("changes.what"): what,
            }
        )
    frame = pd.DataFrame(rows)
    layout.table(frame)
    layout.downloads(frame, f"wego-member-changes-{old}-{new}", t("changes.members"))

st.subheader(t("changes.offices"))
if not result["offices"]:
    st.write(t("changes.none"))
else:
    frame = pd.DataFrame(
        [
            {
                t("changes.office"): pick(o, "name", lang),
                t("changes.what"): t(f"changes.office_{o['change']}"),
                t("office.opened"): fmt.date(o["opened_on"], lang, o["opened_precision"]),
            }
            for o in result["offices"]
        ]
    )
    layout.table(frame)
    layout.downloads(frame, f"wego-office-changes-{old}-{new}", t("changes.offices"))

st.subheader(t("changes.events"))
if not result["events"]:
    st.write(t("changes.none"))
else:
    rows = []
    for e in result["events"]:
        detail = []
        if e["change"] in ("changed", "held"):
            precision = e["date_precision"]
            formats = {
                "starts_on": ("col.date", lambda v, p=precision: fmt.date(v, lang, p)),
                "ends_on": ("changes.ends", lambda v, p=precision: fmt.date(v, lang, p)),
                "status": ("col.status", lambda v: t(f"event_status.{v}") if v else "–"),
                "people": ("col.people", lambda v: fmt.integer(v, lang)),
                "cities": ("col.cities", lambda v: fmt.integer(v, lang)),
                "cost_krw": ("changes.cost", lambda v: fmt.money(v, unit, lang, detail=True)),
            }
            for col, (label, show) in formats.items():
                if e["old_" + col] != e["new_" + col]:
                    detail.append(f"{t(label, unit=unit_name)}: {show(e['old_' + col])} → {show(e['new_' + col])}")
        rows.append(
            {
                t("col.date"): fmt.date(e["new_starts_on"] or e["old_starts_on"], lang, e["date_precision"]),
                t("col.event"): pick(e, "name", lang),
                t("changes.what"): t(f"changes.event_{e['change']}") + (f" ({'; '.join(detail)})" if detail else ""),
            }
        )
    frame = pd.DataFrame(rows)
    layout.table(frame)
    layout.downloads(frame, f"wego-event-changes-{old}-{new}", t("changes.events"))

st.subheader(t("changes.budget"))
if not result["budget_lines"]:
    st.write(t("changes.none"))
else:
    frame = pd.DataFrame(
        [
            {
                t("filter.settlement_year"): b["fiscal_year"],
                t("col.line"): pick(b, "name", lang),
                t("changes.what"): t(f"changes.line_{b['change']}"),
                t("changes.delta", what=t("col.budget", unit=unit_name)): fmt.money(
                    b["budget_delta_krw"], unit, lang, True
                ),
                t("changes.delta", what=t("col.executed", unit=unit_name)): fmt.money(
                    b["executed_delta_krw"], unit, lang, True
                ),
            }
            for b in result["budget_lines"]
        ]
    )
    layout.table(frame)
    layout.downloads(frame, f"wego-budget-changes-{old}-{new}", t("changes.budget"))

st.subheader(t("changes.figures"))
if not result["figures"]:
    st.write(t("changes.none"))
else:
    frame = pd.DataFrame(
        [
            {
                t("changes.figure"): figure_name(f["figure"]),
                t("col.date"): fmt.date(f["as_of"], lang, f["as_of_precision"]),
                t("changes.value"): fmt.money(f["value"], unit, lang)
                if f["figure"].endswith("_krw")
                else fmt.integer(f["value"], lang),
                t("col.source"): f["source"],
            }
            for f in result["figures"]
        ]
    )
    layout.table(frame)
    layout.downloads(frame, f"wego-new-figures-{old}-{new}", t("changes.figures"))
