"""Cached access to wego_data for the pages: one Warehouse per process, results cached per snapshot id.

Snapshots are immutable, so a result keyed by snapshot id and filters never goes stale; max_entries bounds memory.
"""

from __future__ import annotations

import streamlit as st

from wego_data import diff, queries
from wego_data.warehouse import Warehouse


@st.cache_resource(show_spinner=False)
def warehouse() -> Warehouse:
    return Warehouse()


@st.cache_data(ttl=30, show_spinner=False)
def snapshot_list() -> list[dict]:
    """Published snapshots newest first; re-read every 30 s so a new ingest appears without a restart."""
    return [
        {"id": s.snapshot_id, "as_of": s.as_of, "label": s.label, "label_ko": s.label_ko, "warnings": tuple(s.warnings)}
        for s in reversed(warehouse().snapshots())
    ]


@st.cache_data(max_entries=512, show_spinner=False)
def q(name: str, snapshot_id: str, **params):
    """The named query `wego_data.queries.<name>` on one snapshot; names come from page code only."""
    return getattr(queries, name)(warehouse(), snapshot_id, **params)


@st.cache_data(max_entries=64, show_spinner=False)
def changes(old_id: str, new_id: str) -> dict:
    """What changed between two snapshots: the same diff as `python -m wego_data diff OLD NEW --json`."""
    return diff.diff(warehouse(), old_id, new_id)


def section_blocks(section_id: str, vctx) -> list:
    """A section's blocks, built once per snapshot, language, unit and filters and reused by every session."""
    return _section_blocks(
        section_id, vctx.snapshot_id, vctx.lang, vctx.unit, tuple(sorted(vctx.filters.items())), vctx
    )


# cache_resource, not cache_data: every session gets the same built blocks without unpickling them on each run
# (15-25 ms a page); the renderers never change a block (slides draw a copy of a figure), and max_entries bounds memory.
@st.cache_resource(max_entries=256, show_spinner=False)
def _section_blocks(section_id: str, snapshot_id: str, lang: str, unit: str, filters: tuple, _vctx) -> list:
    from wego_view import sections

    return sections.build(section_id, _vctx)


def agenda_slides(vctx) -> list[tuple[str, str | None, dict]]:
    """The meeting in view's agenda as (section, agenda item, filters), or the standing sections."""
    return _agenda_slides(vctx.snapshot_id, vctx.lang, vctx)


@st.cache_resource(max_entries=64, show_spinner=False)
def _agenda_slides(snapshot_id: str, lang: str, _vctx) -> list:
    from wego_view import sections

    return sections.agenda_in_view(_vctx)
