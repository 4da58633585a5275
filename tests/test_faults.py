"""Faults while serving (issue #9, point 4), as a delegate sees them: a damaged newest snapshot is never the default
and every page falls back to the newest good one with a notice; a link to a damaged snapshot says why it shows
another; a file removed under a running server gives a clear message; an unreadable data folder gives one page
saying what to do. Never Streamlit's generic error box (AppTest's `exception`)."""

from __future__ import annotations

import shutil

import pytest
import streamlit as st
from conftest import run_app
from streamlit.testing.v1 import AppTest

from wego_ui import data

PAGES = [
    "pages/overview.py",
    "pages/members.py",
    "pages/offices.py",
    "pages/programs.py",
    "pages/budget.py",
    "pages/changes.py",
]
NEWEST, GOOD = "2025-11-01", "2016-10-11-excom"


@pytest.fixture
def damaged(data_dir, tmp_path, monkeypatch):
    """A copy of the samples whose files the test may damage; the app reads it."""
    base = tmp_path / "data"
    shutil.copytree(data_dir / "snapshots", base / "snapshots")
    for path in (base / "snapshots").rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    monkeypatch.setenv("WEGO_DATA_DIR", str(base))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield base / "snapshots"
    st.cache_data.clear()
    st.cache_resource.clear()


def truncate(path) -> None:
    content = path.read_bytes()
    path.write_bytes(content[: len(content) // 2])


def open_app(page: str | None = None, **params) -> AppTest:
    return run_app(page, "committee", **params)


def warnings_of(at: AppTest) -> str:
    return " ".join(w.value for w in at.warning)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("page", PAGES)
def test_a_truncated_newest_snapshot_falls_back_to_the_newest_good_one(damaged, page, lang):
    truncate(damaged / NEWEST / "members.parquet")
    at = open_app(page, lang=lang)
    assert at.sidebar.selectbox(key="url_snapshot").value == GOOD
    assert NEWEST not in at.sidebar.selectbox(key="url_snapshot").options
    if lang == "en":
        assert f"Snapshot {NEWEST} cannot be used (members.parquet" in warnings_of(at)
        assert "showing 11 Oct 2016 (2016-10-11-excom), the newest good one" in warnings_of(at)
        assert f"Not usable: {NEWEST} (members.parquet" in " ".join(c.value for c in at.sidebar.caption)
    else:
        assert f"스냅숏 {NEWEST}을(를) 사용할 수 없어" in warnings_of(at)


@pytest.mark.parametrize(
    "damage,reason",
    [
        (lambda s: (s / NEWEST / "offices.parquet").unlink(), "offices.parquet is missing"),
        (lambda s: (s / NEWEST / "manifest.json").write_text("{not json", encoding="utf-8"), "manifest.json"),
        (
            lambda s: shutil.copyfile(s / GOOD / "members.parquet", s / NEWEST / "members.parquet"),
            "members.parquet",
        ),
    ],
    ids=["missing-file", "broken-manifest", "overwritten-file"],
)
def test_each_damage_is_listed_with_its_reason_and_never_the_default(damaged, damage, reason):
    damage(damaged)
    at = open_app()
    assert at.sidebar.selectbox(key="url_snapshot").value == GOOD
    caption = " ".join(c.value for c in at.sidebar.caption)
    assert f"Not usable: {NEWEST} ({reason}" in caption


def test_a_link_to_a_damaged_snapshot_says_why_it_shows_another(damaged):
    truncate(damaged / "2016-04-26" / "spending.parquet")
    at = open_app("pages/budget.py", snapshot="2016-04-26")
    assert at.sidebar.selectbox(key="url_snapshot").value == NEWEST
    assert "Snapshot 2016-04-26 cannot be used (spending.parquet" in warnings_of(at)
    assert "Ignored a link setting" not in warnings_of(at)  # one notice that says why, not the generic one


def test_a_file_removed_under_a_running_server_gives_a_clear_message(damaged):
    at = open_app("pages/members.py")
    assert at.sidebar.selectbox(key="url_snapshot").value == NEWEST
    (damaged / NEWEST / "members.parquet").unlink()
    data._q.clear()  # what a new filter would ask: not in the cache yet
    data._section_blocks.clear()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert f"The data of snapshot {NEWEST} could not be read just now" in " ".join(e.value for e in at.error)
    at.run()  # the next run lists the snapshots again: the damaged one is gone, the newest good one shown
    assert not at.exception
    assert at.sidebar.selectbox(key="url_snapshot").value == GOOD


def test_an_unreadable_data_folder_gives_one_page_saying_what_to_do(damaged):
    shutil.rmtree(damaged)
    damaged.write_text("not a folder", encoding="utf-8")  # chmod cannot stop root: a file where the folder was
    at = open_app()
    errors = " ".join(e.value for e in at.error)
    assert "The dashboard cannot read its data snapshots" in errors
    assert str(damaged) in errors and "WEGO_SNAPSHOTS" in errors
    assert [s.key for s in at.sidebar.selectbox] == ["url_lang"]  # no snapshot choice, no page content


def test_no_good_snapshot_at_all_says_what_to_do(damaged):
    for snapshot in damaged.iterdir():
        truncate(snapshot / "members.parquet")
    at = open_app()
    assert "No published snapshot can be used" in " ".join(e.value for e in at.error)


def test_the_command_line_lists_a_damaged_snapshot_with_its_reason(damaged, capsys):
    from wego_data.__main__ import main

    truncate(damaged / NEWEST / "members.parquet")
    code = main(["list"])
    out, err = capsys.readouterr()
    assert code == 2
    assert f"{GOOD}  as of 2016-10-11" in out and f"{NEWEST}  as of" not in out
    assert f"{NEWEST}  UNUSABLE: members.parquet" in err
