"""Cached access to wego_data for the pages: one Warehouse per process, results cached per snapshot id.

Snapshots are immutable, so a result keyed by snapshot id and filters never goes stale; max_entries bounds memory.
"""

from __future__ import annotations

import functools

import streamlit as st

from wego_data import diff, queries
from wego_data.warehouse import Warehouse


@st.cache_resource(show_spinner=False)
def warehouse() -> Warehouse:
    """The process's one connection; each query reads it for its session's audience (Warehouse.for_audience)."""
    return Warehouse(audience="public")


@st.cache_data(ttl=30, show_spinner=False)
def snapshot_scan() -> dict:
    """Published snapshots, checked, re-read every 30 s so a new ingest appears without a restart: "good" newest first
    (the first is the default), "unusable" (id, as-of date where known, reason) newest first. An unreadable snapshots
    folder raises snapshots.SnapshotsUnreadable (app.py shows one page saying what to do)."""
    found = warehouse().scan()
    good = [
        {"id": s.snapshot_id, "as_of": s.as_of, "label": s.label, "label_ko": s.label_ko, "warnings": tuple(s.warnings)}
        for s in reversed(found.good)
    ]
    unusable = [{"id": u.snapshot_id, "reason": u.reason} for u in sorted(found.unusable, key=lambda u: u.snapshot_id)]
    return {"good": good, "unusable": unusable[::-1]}


def snapshot_list() -> list[dict]:
    """The good snapshots, newest first."""
    return snapshot_scan()["good"]


def unusable_snapshots() -> list[dict]:
    return snapshot_scan()["unusable"]


@st.cache_data(max_entries=512, show_spinner=False)
def _q(audience: str, name: str, snapshot_id: str, **params):
    return getattr(queries, name)(warehouse().for_audience(audience), snapshot_id, **params)


@st.cache_data(max_entries=64, show_spinner=False)
def _changes(audience: str, old_id: str, new_id: str) -> dict:
    return diff.diff(warehouse().for_audience(audience), old_id, new_id)


def query_for(audience: str):
    """q(name, snapshot_id, **params): the named query `wego_data.queries.<name>` on one snapshot, read for
    `audience` (cached per audience); names come from page code only."""
    return functools.partial(_q, audience)


def changes_for(audience: str):
    """changes(old_id, new_id): the same diff as `python -m wego_data diff OLD NEW --json`, read for `audience`."""
    return functools.partial(_changes, audience)


def section_blocks(section_id: str, vctx) -> list:
    """A section's blocks, built once per snapshot, language, unit and filters and reused by every session."""
    return _section_blocks(
        section_id, vctx.snapshot_id, vctx.lang, vctx.unit, tuple(sorted(vctx.filters.items())), vctx.audience, vctx
    )


# cache_resource, not cache_data: every session gets the same built blocks without unpickling them on each run
# (15-25 ms a page); the renderers never change a block (slides draw a copy of a figure), and max_entries bounds memory.
@st.cache_resource(max_entries=256, show_spinner=False)
def _section_blocks(
    section_id: str, snapshot_id: str, lang: str, unit: str, filters: tuple, audience: str, _vctx
) -> list:
    from wego_view import sections

    return sections.build(section_id, _vctx)


def agenda_slides(vctx) -> list[tuple[str, str | None, dict]]:
    """The meeting in view's agenda as (section, agenda item, filters), or the standing sections."""
    return _agenda_slides(vctx.snapshot_id, vctx.lang, vctx.audience, vctx)


@st.cache_resource(max_entries=64, show_spinner=False)
def _agenda_slides(snapshot_id: str, lang: str, audience: str, _vctx) -> list:
    from wego_view import sections

    return sections.agenda_in_view(_vctx)
