"""Edge cases found in review: changes of status alone, damaged files, search wildcards, hostile text (issue #4)."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
import streamlit as st
from conftest import PROJECT, REPORT_ID, SOURCE
from streamlit.testing.v1 import AppTest
from test_validate import edit_cell

from wego_data import diff, ingest, queries, snapshots
from wego_data.warehouse import Warehouse
from wego_ui.board import FileBoard
from wego_view import export


@pytest.fixture
def own_data(tmp_path):
    """A private data folder holding the 2016-04-26 snapshot, for tests that publish more."""
    shutil.copytree(SOURCE, tmp_path / "source")
    ingest.ingest(SOURCE / REPORT_ID, as_of=dt.date(2016, 4, 26), base=tmp_path)
    return tmp_path


def test_an_event_whose_only_change_is_its_status_is_listed(own_data, good_folder):
    edit_cell(good_folder, "events", {"event_id": "2016-itu-forum-phuket"}, "status", "cancelled")
    ingest.ingest(good_folder, as_of=dt.date(2016, 6, 1), base=own_data)
    wh = Warehouse(own_data, audience="committee")
    events = diff.diff(wh, REPORT_ID, "2016-06-01")["events"]
    assert [(e["event_id"], e["old_status"], e["new_status"]) for e in events] == [
        ("2016-itu-forum-phuket", "planned", "cancelled")
    ]
    wh.close()


def test_a_damaged_manifest_hides_only_that_snapshot(own_data):
    broken = own_data / "snapshots" / "2016-05-01"
    broken.mkdir()
    (broken / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.warns(UserWarning, match="2016-05-01 skipped"):
        assert [s.snapshot_id for s in snapshots.list_snapshots(own_data)] == [REPORT_ID]


def test_published_snapshots_are_readable_by_other_users(own_data):
    assert (own_data / "snapshots" / REPORT_ID).stat().st_mode & 0o777 == 0o755


@pytest.mark.parametrize("pattern", ["_", "%", "%%", "S_oul"])
def test_search_is_plain_text_not_a_pattern(warehouse, pattern):
    assert queries.members(warehouse, REPORT_ID, search=pattern).empty


def test_search_matches_korean_whatever_its_unicode_form(warehouse):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "서울")
    assert list(queries.members(warehouse, REPORT_ID, search=decomposed)["member_id"]) == ["seoul"]


def test_a_damaged_board_file_reads_as_nobody_presenting(tmp_path):
    path = tmp_path / "board.json"
    path.write_text("", encoding="utf-8")
    board = FileBoard(path)
    assert board.latest() is None
    path.write_text('{"version": "x"}', encoding="utf-8")
    assert board.latest() is None


@pytest.mark.parametrize("cell,kept", [("-1,000", "-1,000"), ("+3.5%", "+3.5%"), ("-2+3", "'-2+3"), ("=1", "'=1")])
def test_signed_numbers_stay_numbers_formulas_do_not(cell, kept):
    assert export.neutralize(cell) == kept


def test_hostile_text_in_the_data_is_shown_as_text(own_data, good_folder, monkeypatch):
    hostile = "**Bold** [link](http://evil.example) <img src=x onerror=alert(1)>"
    edit_cell(good_folder, "offices", {"kind": "regional"}, "name_en", hostile)
    ingest.ingest(good_folder, as_of=dt.date(2016, 4, 27), base=own_data)
    monkeypatch.setenv("WEGO_DATA_DIR", str(own_data))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60)
    at.query_params["snapshot"] = "2016-04-27"
    at.run()
    at.switch_page("pages/offices.py").run()
    assert not at.exception
    shown = [m.value for m in at.markdown if "Bold" in m.value]
    # Escaped, and the URL cannot autolink: a word joiner (U+2060) after its colon (wego_view.blocks.markdown_text).
    assert shown == [
        "**" + "\\*\\*Bold\\*\\* \\[link\\](http:\u2060//evil.example) \\<img src=x onerror=alert(1)\\>" + "**"
    ]
    st.cache_data.clear()
    st.cache_resource.clear()


def test_the_manifest_keeps_warnings_as_json(own_data):
    manifest = json.loads((own_data / "snapshots" / REPORT_ID / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["warnings"][0]["file"] == "spending.csv"
