"""More data than the samples (issue #8): the benchmark's generator (tools/scale_data.py, seed 42) at a size a test can
build in seconds — 600 members, 3,000 events, 60,000 spending rows — and what a user sees of it: every section in both
languages, lists cut to what a screen can show with a note saying how many matched, a treemap whose boxes still add up.
The full size (5,000 / 100,000 / 10,000,000) and its timings are in `make bench`."""

from __future__ import annotations

import sys

import pytest
from conftest import PROJECT

from wego_data import diff, queries
from wego_data.warehouse import Warehouse
from wego_view import blocks, sections
from wego_view.context import SnapshotInfo, ViewContext

sys.path.insert(0, str(PROJECT / "tools"))
import scale_data  # noqa: E402

MEMBERS, EVENTS, SPENDING = 600, 3000, 60_000


@pytest.fixture(scope="module")
def scale_dir(tmp_path_factory):
    export = scale_data.write_scale_export(
        tmp_path_factory.mktemp("scale") / "export", members=MEMBERS, events=EVENTS, spending=SPENDING
    )
    base = tmp_path_factory.mktemp("scale_data")
    scale_data.publish_scale_snapshot(export, base)
    return base


@pytest.fixture(scope="module")
def scale_wh(scale_dir):
    wh = Warehouse(scale_dir, audience="committee")
    yield wh
    wh.close()


def context(wh: Warehouse, lang: str, filters: dict | None = None) -> ViewContext:
    known = tuple(SnapshotInfo(s.snapshot_id, s.as_of, s.label, s.label_ko) for s in reversed(wh.snapshots()))

    def query(name, sid, **params):
        return getattr(queries, name)(wh, sid, **params)

    return ViewContext(
        known[0], lang, "thousand", query, lambda a, b: diff.diff(wh, a, b), known, filters or {}, "committee"
    )


def test_the_generator_is_deterministic_and_the_snapshot_has_the_sizes(scale_wh, tmp_path):
    [snap] = scale_wh.snapshots()
    assert snap.row_counts["members"] == MEMBERS
    assert snap.row_counts["events"] == EVENTS
    assert snap.row_counts["spending"] == SPENDING
    again = scale_data.write_scale_export(tmp_path / "again", members=MEMBERS, events=EVENTS, spending=SPENDING)
    # the same seed and sizes give the same export, byte for byte (DuckDB writes the spending rows in any order)
    first = scale_data.write_scale_export(tmp_path / "first", members=MEMBERS, events=EVENTS, spending=SPENDING)
    for name in ("members.csv", "events.csv"):
        assert (first / name).read_bytes() == (again / name).read_bytes()
    assert sorted((first / "spending.csv").read_text().splitlines()) == sorted(
        (again / "spending.csv").read_text().splitlines()
    )


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_section_builds_on_more_data_than_the_samples(scale_wh, lang):
    ctx = context(scale_wh, lang)
    for section in sections.SECTIONS:
        built = sections.build(section, ctx)
        assert built, section
        for table in [b for b in blocks.walk(built) if isinstance(b, blocks.Table)]:
            assert len(table.data) <= sections.SCREEN_ROWS + sections.TREE_PER_LINE * 20, (section, table.name)


@pytest.mark.parametrize(
    "lang,note",
    [
        ("en", "Showing the latest 500 of 3,0"),
        ("ko", "건 중 최근 500건을 보여 줍니다"),
    ],
)
def test_the_event_list_shows_the_latest_and_says_how_many_matched(scale_wh, lang, note):
    built = sections.build("events", context(scale_wh, lang))
    all_events = queries.events(scale_wh, scale_wh.snapshots()[0].snapshot_id)
    [table] = [b for b in blocks.walk(built) if isinstance(b, blocks.Table) and "events" in b.name]
    notes = [b.text for b in blocks.walk(built) if isinstance(b, blocks.Paragraph) and note in b.text]
    assert len(notes) == 1
    total = f"{len(all_events):,}"
    assert total in notes[0]
    assert len(table.data) == sections.SCREEN_ROWS
    # the latest ones: the list ends with the last event of all
    assert (
        table.text["event"].iloc[-1]
        == (all_events["name_en"] if lang == "en" else all_events["name_ko"].fillna(all_events["name_en"])).iloc[-1]
    )
    [events_map] = [b for b in blocks.walk(built) if isinstance(b, blocks.Map)]
    assert len(events_map.deck.layers[1].data) <= sections.SCREEN_ROWS


def test_the_spending_treemap_counts_every_activity_and_the_list_shows_the_largest(scale_wh):
    sid = scale_wh.snapshots()[0].snapshot_id
    ctx = context(scale_wh, "en")
    built = sections.build("budget", ctx)
    [tree] = [b for b in blocks.walk(built) if isinstance(b, blocks.Chart) and b.key == "tree"]
    trace = tree.figure.data[0]
    ids, parents, values, labels = list(trace.ids), list(trace.parents), list(trace.values), list(trace.labels)
    year = queries.settlement_years(scale_wh, sid)[0]
    by_line = queries.spending_by_line(scale_wh, sid, fiscal_year=year)
    counted = by_line.dropna(subset=["line_id"]).set_index("line_id")
    line_ids = set(counted.index) | set(queries.budget_lines(scale_wh, sid, fiscal_year=year)["line_id"])
    for line_id, row in counted.iterrows():
        # each line's own boxes (not its sub-lines'): its largest activities plus one "N more activities" box, adding
        # up to what the line paid
        children = [
            i for i, p in enumerate(parents) if p == line_id and ids[i] not in line_ids and not ids[i].endswith("-rest")
        ]
        more = [i for i in children if ids[i] == f"{line_id}-more"]
        assert len(more) == 1, line_id
        itemized = len(children) - 1
        assert labels[more[0]] == f"{int(row['paid_activities']) - itemized:,} more activities"
        paid = sum(values[i] for i in children)
        assert paid == pytest.approx(row["amount_krw"] / 1000, rel=1e-9)
    [note] = [b.text for b in blocks.walk(built) if isinstance(b, blocks.Paragraph) and "largest of" in b.text]
    assert f"{int(by_line['activities'].sum()):,} activities" in note
    [table] = [b for b in blocks.walk(built) if isinstance(b, blocks.Table) and "activities" in b.name]
    largest = queries.spending(scale_wh, sid, fiscal_year=year).head(sections.SCREEN_ROWS)
    assert list(table.data["amount_krw"].head(sections.SCREEN_ROWS)) == list(largest["amount_krw"])


def test_the_pages_run_on_more_data(scale_dir, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("WEGO_DATA_DIR", str(scale_dir))
    for page in ("overview", "members", "offices", "programs", "budget", "changes", "maturity"):
        at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=120)
        at.run()
        if page != "overview":
            at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, page
