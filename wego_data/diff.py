"""What changed between two snapshots: one structure for the CLI, the 'What changed' page and the briefing pack."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd

from wego_data.warehouse import Warehouse

SECTIONS = ("members", "offices", "events", "budget_lines", "figures")


def _records(frame: pd.DataFrame) -> list[dict]:
    out = []
    for row in frame.to_dict("records"):
        clean = {}
        for key, value in row.items():
            if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)):
                clean[key] = None
            elif isinstance(value, pd.Timestamp):
                clean[key] = value.date().isoformat()
            elif isinstance(value, dt.date):
                clean[key] = value.isoformat()
            elif hasattr(value, "item"):  # numpy scalars
                clean[key] = value.item()
            else:
                clean[key] = value
        out.append(clean)
    return out


def diff(wh: Warehouse, old_id: str, new_id: str) -> dict:
    return {
        "old": old_id,
        "new": new_id,
        **{section: _records(wh.compare(f"diff_{section}", old_id, new_id)) for section in SECTIONS},
    }


def previous_snapshot_id(wh: Warehouse, snapshot_id: str) -> str | None:
    ids = [s.snapshot_id for s in wh.snapshots()]
    index = ids.index(snapshot_id)
    return ids[index - 1] if index > 0 else None


def to_json(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False, indent=2)


def _money(value: int) -> str:
    return f"{value:+,} KRW"


def _change(old, new) -> str:
    return f"{old} → {new}"


def _as_precise(iso_date: str, precision: str) -> str:
    """2017-01-01 with precision 'year' is '2017': never print more of a date than a source gave."""
    return {"year": iso_date[:4], "month": iso_date[:7]}.get(precision, iso_date)


def to_text(result: dict) -> str:
    lines = [f"Changes from snapshot {result['old']} to {result['new']}", ""]
    lines.append(f"Members ({len(result['members'])})")
    for m in result["members"]:
        if m["change"] == "added":
            lines.append(
                f"  + {m['name_en']} ({m['region']}): {m['new_member_type']}, {m['new_status']}, "
                f"EXCOM {m['new_excom_role']}"
            )
        elif m["change"] == "removed":
            lines.append(f"  - {m['name_en']} ({m['region']})")
        else:
            parts = [
                f"{label} {_change(m['old_' + col], m['new_' + col])}"
                for col, label in (("status", "status"), ("member_type", "type"), ("excom_role", "EXCOM role"))
                if m["old_" + col] != m["new_" + col]
            ]
            lines.append(f"  ~ {m['name_en']}: {'; '.join(parts)}")
    lines += ["", f"Offices ({len(result['offices'])})"]
    for o in result["offices"]:
        name = o["name_en"] if o["city"] in o["name_en"] else f"{o['name_en']} ({o['city']})"
        lines.append(
            f"  {o['change']}: {name}, opened {_as_precise(o['opened_on'], o['opened_precision'])}"
            + (f", closed {o['closed_on']}" if o["closed_on"] else "")
        )
    lines += ["", f"Events ({len(result['events'])})"]
    for e in result["events"]:
        detail = []
        for col in ("starts_on", "ends_on", "status", "people", "cities", "cost_krw"):
            if e["change"] == "changed" or e["change"] == "held":
                if e["old_" + col] != e["new_" + col]:
                    detail.append(f"{col} {_change(e['old_' + col], e['new_' + col])}")
        when = e["new_starts_on"] or e["old_starts_on"]
        lines.append(f"  {e['change']}: {when} {e['name_en']}" + (f" ({'; '.join(detail)})" if detail else ""))
    lines += ["", f"Budget lines ({len(result['budget_lines'])})"]
    for b in result["budget_lines"]:
        lines.append(
            f"  {b['change']}: {b['fiscal_year']} {b['name_en']}: budget {_money(b['budget_delta_krw'])}, "
            f"granted {_money(b['granted_delta_krw'])}, executed {_money(b['executed_delta_krw'])}"
        )
    lines += ["", f"Newly published figures ({len(result['figures'])})"]
    for f in result["figures"]:
        lines.append(f"  {f['as_of']} {f['figure']} = {f['value']:,}")
    return "\n".join(lines) + "\n"
