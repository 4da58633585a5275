"""Each section written once (issue #7): every section builds for every snapshot in both languages, on the samples
and on a generated snapshot five years later; the meeting in view, dated and compared figures, one office per member.
"""

from __future__ import annotations

import ast

import pytest
from conftest import PROJECT
from later import LATER_ID

from wego_data import diff, queries
from wego_data.warehouse import Warehouse
from wego_view import blocks, sections
from wego_view.context import SnapshotInfo, ViewContext


def contexts(wh: Warehouse, lang: str) -> dict[str, ViewContext]:
    known = tuple(SnapshotInfo(s.snapshot_id, s.as_of, s.label, s.label_ko) for s in reversed(wh.snapshots()))

    def query(name, sid, **params):
        return getattr(queries, name)(wh, sid, **params)

    return {
        s.snapshot_id: ViewContext(
            s, lang, "thousand", query, lambda a, b: diff.diff(wh, a, b), known, audience="committee"
        )
        for s in known
    }


@pytest.fixture(scope="module")
def later_wh(later_data_dir):
    wh = Warehouse(later_data_dir, audience="committee")
    yield wh
    wh.close()


def test_the_view_package_imports_neither_streamlit_nor_the_pdf_library_nor_the_ui():
    for path in (PROJECT / "wego_view").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert not {n for n in names if n.split(".")[0] in ("streamlit", "fpdf", "wego_ui", "wego_brief")}, path


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_section_builds_on_every_snapshot(warehouse, later_wh, lang):
    for wh in (warehouse, later_wh):
        for sid, ctx in contexts(wh, lang).items():
            for section in sections.SECTIONS:
                built = sections.build(section, ctx)
                assert built, (sid, section)
                for block in blocks.walk(built):
                    assert getattr(block, "on", blocks.EVERYWHERE) <= blocks.EVERYWHERE
                    if isinstance(block, blocks.Table):
                        assert list(block.text.columns) == [c.key for c in block.columns]
                        assert len(block.text) == len(block.data)


@pytest.mark.parametrize(
    ("sid", "meeting", "relation", "items"),
    [
        ("2016-04-26", "excom-2016-beyoglu", "next", 4),
        ("2016-10-11-excom", "excom-2016-beyoglu", "in_progress", 4),
        ("2025-11-01", "excom-2025-abu-dhabi", "held", 0),
    ],
)
def test_the_meeting_in_view(warehouse, sid, meeting, relation, items):
    ctx = contexts(warehouse, "en")[sid]
    found = sections.meeting_in_view(ctx)
    assert (found["meeting_id"], found["relation"]) == (meeting, relation)
    plan = sections.agenda_in_view(ctx)
    if items:
        assert [s for s, _, _ in plan] == ["programs", "offices", "members", "events"]
        assert plan[2] == ("members", "(c) Admission and withdrawal of members", {"status": "applicant"})
    else:
        assert [label for _, label, _ in plan] == [None] * len(sections.STANDING)
        text = " ".join(b.text for b in blocks.walk(sections.agenda(ctx)) if hasattr(b, "text"))
        assert "No agenda of this meeting is on record" in text and "2016" not in text


def test_the_generated_later_snapshot_follows_its_own_next_meeting(later_wh):
    ctx = contexts(later_wh, "ko")[LATER_ID]
    found = sections.meeting_in_view(ctx)
    assert found["relation"] == "next" and found["starts_on"].date() > ctx.as_of
    plan = sections.agenda_in_view(ctx)
    assert len(plan) == len(later_wh.query("agenda_items", LATER_ID, meeting_id=found["meeting_id"]))
    assert all(label for _, label, _ in plan)


def test_upcoming_events_include_the_meeting_under_way(warehouse):
    ctx = contexts(warehouse, "en")["2016-10-11-excom"]
    table = next(b for b in sections.upcoming(ctx) if isinstance(b, blocks.Table))
    row = table.data[table.data["event"] == "2016 WeGO Executive Committee (EXCOM)"].iloc[0]
    assert row["status"] == "In progress"


def test_figures_carry_their_date_and_their_change(warehouse):
    en = contexts(warehouse, "en")
    eve = {k.label: k for k in sections.headline_kpis(en["2016-10-11-excom"]).items}
    assert eve["Members (reported)"].value == "112"
    assert eve["Members (reported)"].delta == "▲12 since 26 Apr 2016" and eve["Members (reported)"].delta_sign == 1
    newest = {k.label: k for k in sections.headline_kpis(en["2025-11-01"]).items}
    assert newest["Secretariat staff"].note == "latest available: 26 Apr 2016"
    assert newest["Regional offices"].note == "WeGO published 6 (Sept 2024)"
    first = sections.headline_kpis(en["2016-04-26"]).items
    assert all(k.delta is None for k in first)  # the oldest snapshot has nothing to compare with
    ko = {k.label: k for k in sections.headline_kpis(contexts(warehouse, "ko")["2016-10-11-excom"]).items}
    assert ko["회원 수(발표)"].delta == "2016년 4월 26일 대비 ▲12"


@pytest.mark.parametrize("sid", ["2016-04-26", "2025-11-01"])
def test_each_member_is_covered_by_one_regional_office(warehouse, sid):
    offices = queries.offices(warehouse, sid)
    active = queries.members(warehouse, sid, status="active")
    regional = offices[offices["kind"] == "regional"]
    uncovered = int(queries.uncovered_members(warehouse, sid)["members"].sum())
    assert int(regional["members_covered"].sum()) + uncovered == len(active)
    arcs = queries.office_arcs(warehouse, sid)
    assert not arcs["member_id"].duplicated().any()
