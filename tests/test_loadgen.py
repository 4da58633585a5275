"""tools/loadgen.py against real Streamlit servers on loopback: a one-line app (the floor) and the dashboard (#8).

Behaviour, not timings: sessions reach script_finished without errors, navigation lands on the page a user asked
for, a filter change reruns its page with the filtered numbers, a second visit gets its large elements back as
ref_hash references, a reference the client does not hold is an error, the meter sees the server's CPU and memory,
and anything but loopback is refused.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from conftest import PROJECT, streamlit_server
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

_spec = importlib.util.spec_from_file_location("loadgen", PROJECT / "tools" / "loadgen.py")
loadgen = importlib.util.module_from_spec(_spec)
sys.modules["loadgen"] = loadgen  # dataclasses look their module up by name
_spec.loader.exec_module(loadgen)


@contextlib.contextmanager
def serve(script: Path, cwd: Path, env: dict[str, str]):
    """`streamlit run <script>` on a free loopback port; yields (base URL, server pid)."""
    with streamlit_server(script, env, cwd) as (base, proc):
        yield base, proc.pid


@pytest.fixture(scope="module")
def floor(tmp_path_factory):
    folder = tmp_path_factory.mktemp("floor")
    (folder / "app.py").write_text('import streamlit as st\nst.write("hello")\n')
    with serve(folder / "app.py", folder, dict(os.environ)) as server:
        yield server


@pytest.fixture(scope="module")
def dashboard(data_dir):
    # The sample snapshots built by conftest's data_dir: data/snapshots is not in a clean clone (make sample makes
    # it, make test does not), and these are the same three snapshots.
    with serve(PROJECT / "app.py", PROJECT, {**os.environ, "WEGO_DATA_DIR": str(data_dir)}) as server:
        yield server


def run(coro):
    return asyncio.run(coro)


def _forward(**fields) -> bytes:
    return ForwardMsg(**fields).SerializeToString()


def _cacheable(msg_hash: str, body: str) -> bytes:
    msg = ForwardMsg(hash=msg_hash)
    msg.delta.new_element.markdown.body = body
    msg.metadata.cacheable = True
    msg.metadata.delta_path.extend([0, 1])
    return msg.SerializeToString()


def _ref(msg_hash: str, delta_path: list[int]) -> bytes:
    msg = ForwardMsg(ref_hash=msg_hash)
    msg.metadata.delta_path.extend(delta_path)
    return msg.SerializeToString()


# --- bounds ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org:8501",
        "http://10.0.0.7:8501",
        "http://127.0.0.2:8501",
        "http://[::2]:8501",
        "ftp://127.0.0.1",
    ],
)
def test_anything_but_loopback_is_refused(url):
    with pytest.raises(ValueError):
        loadgen.check_loopback(url)
    with pytest.raises(ValueError):
        run(loadgen.run_load(url, 1, pages=[""]))
    with pytest.raises(ValueError):
        loadgen.Session(url)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8501", "http://localhost:8501/", "ws://[::1]:8501"])
def test_loopback_is_accepted(url):
    assert loadgen.check_loopback(url).startswith(("http://127.0.0.1", "http://localhost", "http://[::1]"))


@pytest.mark.parametrize("sessions", [0, loadgen.MAX_SESSIONS + 1])
def test_session_count_is_bounded(sessions):
    with pytest.raises(ValueError, match="sessions"):
        run(loadgen.run_load("http://127.0.0.1:9", sessions, pages=[""]))


def test_cli_refuses_a_remote_server(capsys):
    with pytest.raises(SystemExit) as exit_info:
        loadgen.main(["http://example.org", "--sessions", "1"])
    assert exit_info.value.code == 2
    assert "non-loopback" in capsys.readouterr().err


# --- the browser's message cache, with hand-built ForwardMsgs -------------------------------------------------


def test_cache_stores_cacheable_messages_and_resolves_references():
    cache = loadgen.ForwardMsgCache()
    plain, was_ref = cache.process(_forward(script_finished=ForwardMsg.FINISHED_SUCCESSFULLY))
    assert not was_ref and cache.hashes() == []
    cache.process(_cacheable("h1", "a large table"))
    assert cache.hashes() == ["h1"]
    resolved, was_ref = cache.process(_ref("h1", [0, 7]))
    assert was_ref
    assert resolved.delta.new_element.markdown.body == "a large table"
    assert list(resolved.metadata.delta_path) == [0, 7]  # the reference's own place in the page


def test_a_reference_the_client_does_not_hold_is_an_error():
    cache = loadgen.ForwardMsgCache()
    with pytest.raises(loadgen.CacheMissError):
        cache.process(_ref("never-sent", [0, 0]))
    session = loadgen.Session("http://127.0.0.1:9")
    session._on_frame(_ref("never-sent", [0, 0]))
    assert len(session.errors) == 1 and "never-sent" in session.errors[0]


def test_cache_expires_what_the_last_runs_did_not_use():
    # The frontend keeps an entry for max_cached_message_age completed runs after its last use (2 by default).
    cache = loadgen.ForwardMsgCache()
    cache.process(_cacheable("h1", "map"))
    cache.increment_run_count(2)
    cache.increment_run_count(2)
    assert "h1" in cache
    cache.process(_ref("h1", [0, 7]))  # used again: its age starts over
    cache.increment_run_count(2)
    cache.increment_run_count(2)
    assert "h1" in cache
    cache.increment_run_count(2)
    assert "h1" not in cache


# --- the floor: a one-line app --------------------------------------------------------------------------------


def test_floor_sessions_load_and_click_without_errors(floor):
    url, _ = floor
    result = run(loadgen.run_load(url, 3, pages=[""], think=(0.0, 0.1), clicks=2, timeout=60))
    assert result["errors"] == {"count": 0, "first": []}
    assert result["completed_sessions"] == 3
    assert result["first_load_s"]["n"] == 3 and result["click_s"]["n"] == 6
    assert result["filter_s"]["n"] == 0  # no widgets: every click is a plain rerun of the page
    assert result["bytes_received"]["first_loads"] > 0


def test_floor_shows_its_one_line(floor):
    url, _ = floor

    async def visit():
        async with loadgen.Session(url, timeout=60) as session:
            return await session.load(), await session.change_filter(), session.pages

    load, change, pages = run(visit())
    assert load.ok and "hello" in load.texts
    assert change is None
    assert pages == {"": pages[""]}  # one page, at the root


# --- the dashboard ---------------------------------------------------------------------------------------------


def test_dashboard_navigation_reaches_the_pages_a_user_asks_for(dashboard):
    url, _ = dashboard

    async def visit():
        async with loadgen.Session(url, timeout=60) as session:
            runs = [await session.load()]
            for path in ("members", "offices", "programs", "budget", ""):
                runs.append(await session.navigate(path))
            return runs, session

    runs, session = run(visit())
    assert session.errors == []
    assert [r.headings[0] for r in runs] == [
        "Overview",
        "Members",
        "Regional offices",
        "Programs and events",
        "Budget and spending",
        "Overview",
    ]
    assert {"", "members", "offices", "programs", "budget", "changes"} <= set(session.pages)


def test_dashboard_filter_change_reruns_the_page_filtered(dashboard):
    url, _ = dashboard

    async def visit():
        async with loadgen.Session(url, timeout=60) as session:
            await session.load()
            before = await session.navigate("members")
            widgets = [w.label for w in session.filter_widgets()]
            after = await session.change_filter()  # the first filter, its next option: Region = Asia
            return before, widgets, after, session.query_string

    before, widgets, after, query = run(visit())
    assert widgets[0] == "Region" and "Language · 언어" not in widgets  # the page's filters, not the sidebar's
    assert after.ok and after.label.endswith("Region=Asia")
    # The filter, and the snapshot it belongs to: a copied link keeps its meaning when a newer one is published.
    assert dict(urllib.parse.parse_qsl(query)).get("region") == "Asia" and "snapshot=" in query

    def shown(result):
        heading = next(h for h in result.headings if h.startswith("Where the members are"))
        return int(re.search(r"\((\d+) shown\)", heading).group(1))

    assert 0 < shown(after) < shown(before)


def test_dashboard_page_that_does_not_exist_is_an_error(dashboard):
    url, _ = dashboard

    async def visit():
        async with loadgen.Session(url, timeout=60) as session:
            await session.load()
            return await session.navigate("events")  # events are a section of the programs page

    result = run(visit())
    assert result.finished and not result.ok
    assert "page not found" in result.errors[0]


def test_dashboard_second_visit_is_served_from_the_cache(dashboard):
    url, _ = dashboard
    (members,) = run(loadgen.page_costs(url, ["members"], timeout=60))
    first, second = members["first"], members["second"]
    assert members["heading"] == "Members"
    assert first["errors"] == [] and second["errors"] == []
    assert first["ref_hash_messages"] == 0
    assert second["ref_hash_messages"] > 0
    assert second["bytes"] < first["bytes"]


def test_dashboard_load_without_errors_and_the_server_metered(dashboard):
    url, pid = dashboard
    with loadgen.ProcessMeter(pid) as meter:
        result = run(
            loadgen.run_load(url, 3, pages=["", "members", "offices"], think=(0.0, 0.2), clicks=3, seed=7, timeout=60)
        )
    server = meter.result()
    assert result["errors"] == {"count": 0, "first": []}
    assert result["completed_sessions"] == 3
    assert result["click_s"]["n"] == 9
    assert result["filter_s"]["n"] >= 1  # members has filters: every session changed one
    assert server["cpu_s"] > 0
    assert server["peak_rss_bytes"] >= server["rss_now_bytes"] > 0


def test_meter_counts_descendants():
    busy = "x = 0\nwhile True:\n    x += 1\n"
    waiting_parent = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {busy!r}])"
    parent = subprocess.Popen([sys.executable, "-c", waiting_parent])
    try:
        time.sleep(0.3)  # the child is started
        with loadgen.ProcessMeter(parent.pid, interval=0.1) as meter:
            time.sleep(0.6)
        result = meter.result()
    finally:
        for pid in loadgen.ProcessMeter.tree([parent.pid])[::-1]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        parent.wait()
    assert result["processes"] == 2
    assert result["cpu_s"] > 0.1  # the busy child, not the waiting parent
    assert result["peak_rss_bytes"] > 0
