"""Snapshots: atomic publishing, immutability, listing and ids (issue #2)."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow.parquet as pq
import pytest
from conftest import REPORT_ID, SOURCE, tree_digest
from hypothesis import given
from hypothesis import strategies as st

from wego_data import ingest, snapshots
from wego_data.validate import validate_folder


@pytest.fixture
def report_tables():
    return validate_folder(SOURCE / REPORT_ID)


def test_manifest_describes_the_snapshot(data_dir):
    snap = snapshots.get_snapshot(REPORT_ID, data_dir)
    manifest = json.loads((snap.path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["snapshot_id"] == REPORT_ID and manifest["as_of"] == "2016-04-26"
    assert manifest["label"] == "2016 report to the Seoul council"
    assert set(manifest["row_counts"]) == {
        "members",
        "offices",
        "programs",
        "events",
        "milestones",
        "budget_lines",
        "spending",
        "reported_figures",
        "meetings",
        "agenda_items",
        "decisions",
        "frameworks",
        "framework_bands",
        "framework_dimensions",
        "assessments",
    }
    assert set(manifest["inputs"]) == {f"{t}.csv" for t in manifest["row_counts"]}
    assert all(len(h) == 64 for h in manifest["inputs"].values())
    assert [w["rule"] for w in manifest["warnings"]] == ["spending within executed"]
    assert dt.datetime.fromisoformat(manifest["created_at"])


def test_crash_while_writing_leaves_nothing_listed(tmp_path, report_tables, monkeypatch):
    calls = {"n": 0}
    real = pq.write_table

    def crash_on_third(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(pq, "write_table", crash_on_third)
    with pytest.raises(OSError):
        snapshots.publish(
            report_tables.tables,
            snapshot_id="2016-04-26",
            as_of=dt.date(2016, 4, 26),
            label="x",
            inputs={},
            warnings=[],
            base=tmp_path,
        )
    assert snapshots.list_snapshots(tmp_path) == []
    assert list((tmp_path / "snapshots").iterdir()) == []


def test_a_leftover_temporary_folder_is_never_listed(tmp_path, report_tables):
    stale = tmp_path / "snapshots" / ".tmp-2016-04-26-abc"
    stale.mkdir(parents=True)
    (stale / "members.parquet").write_bytes(b"half")
    assert snapshots.list_snapshots(tmp_path) == []


def test_published_snapshot_is_immutable(tmp_path, report_tables):
    snapshots.publish(
        report_tables.tables,
        snapshot_id="2016-04-26",
        as_of=dt.date(2016, 4, 26),
        label="a",
        inputs={},
        warnings=[],
        base=tmp_path,
    )
    before = tree_digest(tmp_path / "snapshots")
    with pytest.raises(snapshots.SnapshotExists):
        snapshots.publish(
            report_tables.tables,
            snapshot_id="2016-04-26",
            as_of=dt.date(2016, 4, 26),
            label="b",
            inputs={},
            warnings=[],
            base=tmp_path,
        )
    assert tree_digest(tmp_path / "snapshots") == before
    assert all(not (p.stat().st_mode & 0o222) for p in (tmp_path / "snapshots" / "2016-04-26").iterdir())


def test_ingest_refuses_an_existing_id_and_writes_nothing(data_dir):
    before = tree_digest(data_dir / "snapshots")
    with pytest.raises(ingest.IngestError, match="already exists"):
        ingest.ingest(SOURCE / REPORT_ID, as_of=dt.date(2016, 4, 26), base=data_dir)
    assert tree_digest(data_dir / "snapshots") == before


def test_same_input_gives_the_same_tables(tmp_path):
    for name in ("a", "b"):
        ingest.ingest(SOURCE / REPORT_ID, as_of=dt.date(2016, 4, 26), base=tmp_path / name)
    for table in ("members", "events", "budget_lines", "milestones"):
        one = pq.read_table(tmp_path / "a" / "snapshots" / REPORT_ID / f"{table}.parquet")
        two = pq.read_table(tmp_path / "b" / "snapshots" / REPORT_ID / f"{table}.parquet")
        assert one.equals(two), table


@pytest.mark.parametrize("good", ["2016-04-26", "2016-10-11-excom", "2025-11-01", "2016-02-29-a1"])
def test_valid_ids(good):
    assert snapshots.is_valid_id(good)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "2016-13-01",
        "2015-02-29",
        "2016-04-26-",
        "2016-04-26-EXCOM",
        "../etc",
        "2016-04-26/../x",
        "latest",
        "2016-04-26 ",
        "2016-04-26-" + "a" * 80,
    ],
)
def test_invalid_ids(bad):
    assert not snapshots.is_valid_id(bad)


@given(st.text(max_size=40))
def test_an_id_that_passes_is_always_a_plain_folder_name(text):
    if snapshots.is_valid_id(text):
        assert not any(ch in text for ch in "/.\n\r\t ") and text[:10] == dt.date.fromisoformat(text[:10]).isoformat()
