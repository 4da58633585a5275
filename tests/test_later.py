"""The generated later snapshot (tests/later.py): valid, deterministic, bigger than the 2025 sample, and published."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import SOURCE, tree_digest
from later import LATER_AS_OF, LATER_ID, write_later_export

from wego_data import ingest, queries, snapshots
from wego_data.schema import INPUTS, TABLES
from wego_data.validate import validate_folder
from wego_data.warehouse import Warehouse

NEWEST_SAMPLE = "2025-11-01"


@pytest.fixture(scope="module")
def later(tmp_path_factory):
    return validate_folder(write_later_export(tmp_path_factory.mktemp("later")))


@pytest.fixture(scope="module")
def sample():
    return validate_folder(SOURCE / NEWEST_SAMPLE)


def test_the_generated_export_has_every_table_and_no_error(later):
    assert later.errors == [], "\n".join(map(str, later.errors))
    assert set(later.tables) == set(TABLES)
    assert set(later.inputs) == {f"{name}.csv" for name in (*TABLES, *INPUTS)}
    # The only warning is the sample's own (2015 spending over executed by 3,000 KRW), carried over unchanged.
    assert [(w.rule, w.value) for w in later.warnings] == [("spending within executed", "232200000")]


def test_generation_is_deterministic(tmp_path):
    first = tree_digest(write_later_export(tmp_path / "one"))
    second = tree_digest(write_later_export(tmp_path / "two"))
    assert first == second and len(first) == len(TABLES) + len(INPUTS)
    assert tree_digest(write_later_export(tmp_path / "other", seed=7)) != first


def test_it_adds_five_years_to_the_newest_sample(later, sample):
    for name in TABLES:
        old, new = sample.tables[name], later.tables[name]
        key = list(TABLES[name].key)
        assert set(map(tuple, old[key].astype(str).values)) <= set(map(tuple, new[key].astype(str).values)), name
    assert len(later.tables["members"]) >= len(sample.tables["members"]) + 40
    assert len(later.tables["events"]) > len(sample.tables["events"]) + 25
    starts = pd.to_datetime(later.tables["events"]["starts_on"])
    assert set(starts.dt.year) >= {2026, 2027, 2028, 2029, 2030}
    assert later.tables["members"]["member_id"].is_unique


def test_generated_rows_follow_the_as_of_date(later):
    events = later.tables["events"]
    new = events[events["source"].str.startswith("generated for tests")]
    starts, ends = new["starts_on"], new["ends_on"]
    assert (new.loc[ends < LATER_AS_OF, "status"].isin(["held", "cancelled"])).all()
    assert (new.loc[starts > LATER_AS_OF, "status"] == "planned").all()
    held_meetings = new[new["kind"].isin(["excom", "general_assembly"]) & (new["status"] == "held")]
    assert held_meetings["people"].notna().all() and held_meetings["cities"].notna().all()
    figures = later.tables["reported_figures"]
    assert (figures["as_of"] <= LATER_AS_OF).all()
    for figure in ("members_total", "regional_offices", "staff_total", "budget_total_krw"):
        assert (figures.loc[figures["figure"] == figure, "as_of"] >= pd.Timestamp(2027, 1, 1).date()).any(), figure


def test_many_statutory_meetings_are_held_by_the_as_of_date(later):
    events = later.tables["events"]
    held = events[
        events["kind"].isin(["general_assembly", "excom"])
        & (events["status"] == "held")
        & (events["starts_on"] <= LATER_AS_OF)
    ]
    assert len(held) >= 22
    meetings = later.tables["meetings"]
    assert {7, 8} <= set(meetings.loc[meetings["kind"] == "general_assembly", "number"].dropna().astype(int))


def test_the_next_excom_is_in_view_with_an_agenda_and_no_decision(later):
    meetings, items, decisions = (later.tables[n] for n in ("meetings", "agenda_items", "decisions"))
    coming = meetings[meetings["starts_on"] > LATER_AS_OF].sort_values("starts_on")
    in_view = coming.iloc[0]
    assert in_view["kind"] == "excom" and in_view["starts_on"].year == 2030
    agenda = items[items["meeting_id"] == in_view["meeting_id"]]
    assert 3 <= len(agenda) <= 5 and agenda["filters"].notna().any()
    assert decisions[decisions["meeting_id"] == in_view["meeting_id"]].empty
    # An earlier generated meeting has an agenda too, answered by decisions.
    earlier = (
        set(items["meeting_id"])
        - {in_view["meeting_id"]}
        - set(meetings.loc[~meetings["source"].str.startswith("generated for tests"), "meeting_id"])
    )
    assert earlier
    answered = decisions[decisions["meeting_id"].isin(earlier) & decisions["agenda_seq"].notna()]
    assert len(answered) >= 3
    assert decisions["member_id"].notna().sum() > 0 and decisions["office_id"].notna().sum() > 0


def test_the_plan_and_the_settlement_are_new(later):
    programs, lines = later.tables["programs"], later.tables["budget_lines"]
    plan = programs[programs["fiscal_year"] == 2030]
    assert len(plan) >= 8 and set(plan["area"]) == {1, 2, 3, 4}
    phases = later.tables["milestones"].groupby("program_id").size()
    assert phases.loc[list(plan["program_id"])].between(2, 4).all()
    settled = lines[lines["fiscal_year"] == 2029]
    assert set(settled["line_id"]) == set(lines.loc[lines["fiscal_year"] == 2015, "line_id"])
    assert (later.tables["spending"]["fiscal_year"] == 2029).sum() >= 3


def test_later_data_dir_lists_the_generated_snapshot_newest(later_data_dir):
    listed = snapshots.list_snapshots(later_data_dir)
    samples = [s["id"] for s in ingest.sample_sources(later_data_dir)]
    assert [s.snapshot_id for s in listed] == [*samples, LATER_ID]
    assert listed[-1].as_of == LATER_AS_OF
    wh = Warehouse(later_data_dir, audience="committee")
    try:
        assert len(queries.assembly_history(wh, LATER_ID)) >= 22
        assert queries.row_counts(wh, LATER_ID)["members"] == listed[-1].row_counts["members"]
    finally:
        wh.close()
