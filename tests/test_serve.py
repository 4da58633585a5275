"""`make serve` (tools/serve.py): Streamlit processes behind HAProxy, started and stopped as one (issue #8).

First what fails fast (a taken port, no HAProxy) and what must never leave a process behind (Ctrl-C, a process
dying); then the proxy's rules against a stand-in backend; then one real instance with two processes for the module:
health, sticky cookies, compression and cache lifetimes, XSRF through the proxy, a page in Chromium over the
websocket, and the presenter's board shared by a presenter on one process and a follower on the other.
"""

from __future__ import annotations

import gzip
import http.server
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import test_browser
from conftest import PROJECT
from test_browser import PRESENTER_KEY, Visit

SERVE = PROJECT / "tools" / "serve.py"
chromium = test_browser.browser  # the browser tests' Chromium fixture (module-scoped), under a name of its own here
YEAR = "public, max-age=31536000, immutable"
_spec = importlib.util.spec_from_file_location("serve", SERVE)
serve = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(serve)


def _free_port() -> int:
    return serve.free_loopback_ports(1, avoid=set())[0]


def _run(*args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SERVE), *args], env=env, capture_output=True, text=True, timeout=timeout, cwd=PROJECT
    )


def _status(run_dir: Path) -> dict:
    return json.loads(_run("status", "--run-dir", str(run_dir), "--json").stdout)


def _leftovers(state: dict, run_dir: Path) -> list[str]:
    """Live processes of a serve instance: its recorded pids, its process group, or anything naming its run folder."""
    pids = {state["supervisor_pid"], state["haproxy_pid"], *(w["pid"] for w in state["workers"])}
    found = [pid for pid in pids if serve.alive(pid)] + serve.group_members(state["pgid"])
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if str(run_dir) in cmdline and serve.alive(int(entry.name)):
                found.append(int(entry.name))
    return [f"{pid}: {Path(f'/proc/{pid}/cmdline').read_bytes()[:120]!r}" for pid in sorted(set(found))]


def _wait_ready(run_dir: Path, proc: subprocess.Popen | None = None, timeout: float = 180) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = serve.read_state(run_dir)
        if state and state.get("ready"):
            return state
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"serve exited with {proc.returncode}: {proc.stderr.read() if proc.stderr else ''}")
        time.sleep(0.2)
    pytest.fail(f"serve was not ready in {timeout} s; logs in {run_dir}")


def _env(data_dir: Path) -> dict:
    return {**os.environ, "WEGO_DATA_DIR": str(data_dir), "WEGO_PRESENTER_KEY": PRESENTER_KEY}


# --- fails fast, leaves nothing behind ---------------------------------------------------------------------------


def test_a_taken_port_is_one_clear_line_and_starts_nothing(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = _run("start", "--host", "127.0.0.1", "--port", str(port), "--workers", "1", "--run-dir", str(tmp_path))
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"serve: port {port} on 127.0.0.1 is already in use (another `make run` or `make serve`?): stop that, or "
        "choose another port with PORT=<port> (tools/serve.py --port)"
    ]
    assert "Traceback" not in done.stdout + done.stderr
    assert not (tmp_path / "serve.json").exists() and not (tmp_path / "haproxy.cfg").exists()


def test_missing_haproxy_says_how_to_install_it(tmp_path):
    port = _free_port()
    done = _run(
        "start", "--haproxy", str(tmp_path / "no-haproxy"), "--port", str(port), "--host", "127.0.0.1",
        "--run-dir", str(tmp_path),
    )  # fmt: skip
    assert done.returncode == 1
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("serve: HAProxy is not at") and "apt-get install haproxy" in line
    assert "Traceback" not in done.stderr


def test_the_template_renders_a_config_haproxy_accepts(tmp_path):
    config = tmp_path / "haproxy.cfg"
    config.write_text(
        serve.render_config(
            serve.TEMPLATE.read_text(encoding="utf-8"),
            host="0.0.0.0",
            port=8501,
            backends=[("w1", 40001), ("w2", 40002)],
            stats_port=40003,
        ),
        encoding="utf-8",
    )
    checked = subprocess.run([serve.find_haproxy(), "-c", "-f", str(config)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "WARNING" not in checked.stderr + checked.stdout, checked.stderr
    text = config.read_text(encoding="utf-8")
    assert "bind 0.0.0.0:8501" in text and "bind 127.0.0.1:40003" in text  # the stats page only on loopback
    assert "server w2 127.0.0.1:40002 cookie w2" in text


@pytest.mark.parametrize("ending", ["sigint", "worker-dies"])
def test_foreground_serve_stops_everything(tmp_path, data_dir, ending):
    # `make serve` in a terminal: Ctrl-C (SIGINT) stops it; so does the death of any process it started.
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, str(SERVE), "start", "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
         "--run-dir", str(tmp_path)],
        env=_env(data_dir), cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        state = _wait_ready(tmp_path, proc)
        if ending == "sigint":
            proc.send_signal(signal.SIGINT)
        else:
            os.kill(state["workers"][0]["pid"], signal.SIGKILL)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if ending == "sigint":
        assert proc.returncode == 0, err
        assert "SIGINT received; stopping." in out
    else:
        assert proc.returncode == 1
        [line] = err.strip().splitlines()
        assert line.startswith(f"serve: worker w1 (port {state['workers'][0]['port']}) exited with code -9")
    assert _leftovers(state, tmp_path) == []
    assert not (tmp_path / "serve.json").exists()
    assert _run("status", "--run-dir", str(tmp_path)).returncode == 3


# --- the proxy's rules, against a stand-in backend ---------------------------------------------------------------

TYPES = {
    ".js": "application/javascript",
    ".css": "text/css",
    ".woff2": "font/woff2",
    ".geojson": "application/geo+json",
    ".json": "application/json",
}


class _Backend(http.server.BaseHTTPRequestHandler):
    """Answers like Streamlit's routes, without any Cache-Control of its own, so that the proxy's rules show."""

    protocol_version = "HTTP/1.1"  # HAProxy compresses only HTTP/1.1 responses, which is what Streamlit sends

    def do_GET(self):  # noqa: N802 - the http.server API
        path = self.path.split("?")[0]
        suffix = Path(path).suffix
        if path == "/_stcore/health":
            body, kind = b"ok", "text/plain; charset=utf-8"
        elif suffix in TYPES and "missing" not in path:
            body, kind = b"var x = 'the same text, again and again';\n" * 200, TYPES[suffix]
        else:  # a page path, or a bundle that does not exist: Streamlit answers with index.html
            body, kind = b"<!doctype html><html><body>" + b"<div>dashboard</div>" * 200 + b"</body></html>", "text/html"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class _Quiet(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # HAProxy closes its health-check connections with a reset; that is not an error here


@pytest.fixture(scope="module")
def proxy_rules(tmp_path_factory):
    """HAProxy with the generated config in front of the stand-in backend; yields its base URL."""
    folder = tmp_path_factory.mktemp("proxy_rules")
    backend = _Quiet(("127.0.0.1", 0), _Backend)
    threading.Thread(target=backend.serve_forever, daemon=True).start()
    port, stats_port = serve.free_loopback_ports(2, avoid=set())
    config = folder / "haproxy.cfg"
    config.write_text(
        serve.render_config(
            serve.TEMPLATE.read_text(encoding="utf-8"),
            host="127.0.0.1",
            port=port,
            backends=[("w1", backend.server_address[1])],
            stats_port=stats_port,
        ),
        encoding="utf-8",
    )
    with open(folder / "haproxy.log", "wb") as log:
        proxy = subprocess.Popen([serve.find_haproxy(), "-db", "-f", str(config)], stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 20
        while [s["status"] for s in _quiet(serve.proxy_servers, stats_port)] != ["UP"]:
            assert time.monotonic() < deadline, (folder / "haproxy.log").read_text()
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)
        backend.shutdown()


def _quiet(function, *args):
    try:
        return function(*args)
    except OSError:
        return []


def _fetch(url: str, cookie: str | None = None, gzip_ok: bool = True, method: str = "GET", data=None, **headers):
    """(status, headers, body as sent) without urllib's redirects or decompression getting in the way."""
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    if gzip_ok:
        request.add_header("Accept-Encoding", "gzip, deflate, br")
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


@pytest.mark.parametrize(
    "path,compressed,cache_control",
    [
        ("/static/js/index.D0rmvYxC.js", True, YEAR),  # Streamlit's hashed bundles
        ("/static/css/index.B1aR2c3d.css", True, YEAR),
        ("/static/media/KaTeX_Main.woff2", False, YEAR),  # fonts are compressed already
        ("/static/js/missing.D0rmvYxC.js", True, "no-cache"),  # answered with index.html: never kept
        ("/", True, "no-cache"),
        ("/members?snapshot=2016-04-26", True, "no-cache"),
        ("/app/static/countries_110m.geojson?v=3f2a9c", True, YEAR),  # the basemap, named by its content hash
        ("/app/static/countries_110m.geojson", True, "no-cache"),  # without a version: revalidated every time
        ("/media/3c1d.json", True, None),  # no rule: the backend's own headers pass
    ],
)
def test_compression_and_cache_rules(proxy_rules, path, compressed, cache_control):
    status, headers, body = _fetch(proxy_rules + path, cookie="WEGOSRV=w1")
    assert status == 200
    assert (headers.get("Content-Encoding") == "gzip") is compressed
    if compressed:
        assert len(body) < len(gzip.decompress(body)) / 3
    assert headers.get_all("Cache-Control") == ([cache_control] if cache_control else None)
    assert headers.get("Set-Cookie") is None  # the browser already has its process; nothing to re-issue


def test_without_accept_encoding_nothing_is_compressed(proxy_rules):
    status, headers, body = _fetch(proxy_rules + "/static/js/index.D0rmvYxC.js", cookie="WEGOSRV=w1", gzip_ok=False)
    assert status == 200 and headers.get("Content-Encoding") is None and body.startswith(b"var x")


# --- one real instance: two Streamlit processes behind HAProxy ---------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory, data_dir):
    """`tools/serve.py start --detach` with two processes on free loopback ports; stopped at the end."""
    run_dir = tmp_path_factory.mktemp("serve")
    port = _free_port()
    started = _run(
        "start", "--detach", "--workers", "2", "--host", "127.0.0.1", "--port", str(port), "--run-dir", str(run_dir),
        env=_env(data_dir), timeout=240,
    )  # fmt: skip
    assert started.returncode == 0, started.stderr + (run_dir / "serve.log").read_text(errors="replace")
    state = serve.read_state(run_dir)
    try:
        yield {"base": f"http://127.0.0.1:{port}", "run_dir": run_dir, "state": state, "env": _env(data_dir)}
    finally:
        _run("stop", "--run-dir", str(run_dir))


def test_health_through_the_proxy(served):
    status, _, body = _fetch(served["base"] + "/_stcore/health")
    assert (status, body) == (200, b"ok")
    report = _status(served["run_dir"])
    assert report["running"] and report["ready"]
    assert [(w["name"], w["status"], w["alive"]) for w in report["workers"]] == [("w1", "UP", True), ("w2", "UP", True)]
    assert report["haproxy"]["alive"]
    assert report["board"] == f"file:{served['run_dir'] / 'board.json'}"


def test_the_first_response_sets_the_sticky_cookie_and_it_pins_the_process(served):
    names = set()
    for _ in range(4):
        _, headers, _ = _fetch(served["base"] + "/")
        cookie = headers.get("Set-Cookie")
        assert cookie.startswith("WEGOSRV=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
        names.add(cookie.split(";")[0].removeprefix("WEGOSRV="))
    assert names == {"w1", "w2"}  # new browsers are spread over both processes

    # A browser holding a cookie reaches the process it names, every time; HAProxy's counters show which one.
    for pinned, other in [("w1", "w2"), ("w2", "w1")]:
        before = {w["name"]: w["total"] for w in _status(served["run_dir"])["workers"]}
        for _ in range(5):
            status, headers, _ = _fetch(served["base"] + "/_stcore/health", cookie=f"WEGOSRV={pinned}")
            assert status == 200 and "WEGOSRV" not in (headers.get("Set-Cookie") or "")
        after = {w["name"]: w["total"] for w in _status(served["run_dir"])["workers"]}
        assert (after[pinned] - before[pinned], after[other] - before[other]) == (5, 0)


def test_bundles_are_gzipped_and_cached_a_year_and_the_page_is_not(served):
    status, headers, page = _fetch(served["base"] + "/", cookie="WEGOSRV=w1")
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    assert headers.get_all("Cache-Control") == ["no-cache"]
    html = gzip.decompress(page).decode()
    bundle = html.split('src="./static/js/', 1)[1].split('"', 1)[0]
    status, headers, body = _fetch(f"{served['base']}/static/js/{bundle}", cookie="WEGOSRV=w1")
    assert status == 200
    assert headers.get("Content-Encoding") == "gzip"
    assert headers.get_all("Cache-Control") == [YEAR]
    assert len(body) < 0.6 * len(gzip.decompress(body))


def test_xsrf_protection_works_through_the_proxy(served):
    # Streamlit checks an upload's X-Xsrftoken header against its _streamlit_xsrf cookie; nothing in between may drop
    # either. A valid pair gets past the check to the session lookup (400: no such session on that process, which is
    # why uploads need sticky sessions); a forged request without the header is refused (403).
    _, headers, _ = _fetch(served["base"] + "/_stcore/health", cookie="WEGOSRV=w1")
    xsrf = next(c for c in headers.get_all("Set-Cookie") if c.startswith("_streamlit_xsrf="))
    token = xsrf.split(";")[0].removeprefix("_streamlit_xsrf=")
    url = served["base"] + "/_stcore/upload_file/no-such-session/file-1"
    cookie = f"WEGOSRV=w1; _streamlit_xsrf={token}"
    body = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nx\r\n--b--\r\n'
    form = {"Content-Type": "multipart/form-data; boundary=b"}
    status, _, answer = _fetch(url, cookie=cookie, method="PUT", data=body, **form, **{"X-Xsrftoken": token})
    assert status == 400 and b"sticky sessions" in answer
    status, _, _ = _fetch(url, cookie=cookie, method="PUT", data=body, **form)
    assert status == 403


def test_the_stats_page_is_on_loopback_only(served):
    state = served["state"]
    assert state["stats_url"].startswith("http://127.0.0.1:")
    _, headers, _ = _fetch(served["base"] + "/;csv", cookie="WEGOSRV=w1")
    assert headers.get("Content-Type", "").startswith("text/html")  # the public port answers with the app's page


def test_a_second_start_on_the_same_run_folder_is_refused(served):
    done = _run(
        "start", "--workers", "1", "--host", "127.0.0.1", "--port", str(_free_port()),
        "--run-dir", str(served["run_dir"]), env=served["env"],
    )  # fmt: skip
    assert done.returncode == 1
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"serve: already running from {served['run_dir']}") and "make serve-stop" in line


@pytest.mark.browser
def test_a_page_loads_over_the_websocket_through_the_proxy(chromium, served):
    visit = Visit(chromium, served["base"], "desktop")
    try:
        page = visit.open("?snapshot=2016-04-26", "Overview")  # drawn only once the websocket is up
        assert page.locator('[data-testid="stException"]').count() == 0
        assert visit.foreign_hosts() == set(), visit.foreign_hosts()
        assert {c["name"] for c in visit.context.cookies()} >= {"WEGOSRV", "_streamlit_xsrf"}
    finally:
        visit.close()


@pytest.mark.browser
def test_a_follower_on_one_process_follows_a_presenter_on_the_other(chromium, served):
    base, run_dir = served["base"], served["run_dir"]
    presenter = Visit(chromium, base, "desktop")
    follower = Visit(chromium, base, "desktop")
    presenter.context.add_cookies([{"name": "WEGOSRV", "value": "w1", "url": base}])
    follower.context.add_cookies([{"name": "WEGOSRV", "value": "w2", "url": base}])
    try:
        page = presenter.open("?snapshot=2016-10-11-excom", "Overview")
        key = page.get_by_label("Presenter key", exact=True).and_(page.locator("input"))
        key.fill(PRESENTER_KEY)
        key.press("Enter")
        page.get_by_text("You are presenting").wait_for()
        presenter.wait_idle()

        watcher = follower.open("?follow=1", "Overview")
        watcher.get_by_text("You follow the presenter").wait_for(timeout=15_000)
        # Each is where its cookie says: HAProxy kept the cookies and holds a connection (the websocket) to each.
        assert [c["value"] for c in presenter.context.cookies() if c["name"] == "WEGOSRV"] == ["w1"]
        assert [c["value"] for c in follower.context.cookies() if c["name"] == "WEGOSRV"] == ["w2"]
        assert all(w["current"] >= 1 for w in _status(run_dir)["workers"])

        page.get_by_test_id("stSidebarNavLink").filter(has_text="Members").click()
        page.get_by_role("heading", name="Members", exact=True).wait_for()
        main = watcher.get_by_test_id("stMain")
        main.get_by_role("heading", name="Members", exact=True).wait_for(timeout=20_000)
        main.get_by_text("Where the members are (43 shown)", exact=True).first.wait_for(timeout=20_000)
        assert "snapshot=2016-10-11-excom" in watcher.url
        assert watcher.locator('[data-testid="stException"]').count() == 0
        board = json.loads((run_dir / "board.json").read_text(encoding="utf-8"))  # the file both processes share
        assert board["view"]["page"] == "members"
    finally:
        presenter.close()
        follower.close()


def test_stop_leaves_no_process(served):
    # Last in the module: the fixture's own stop afterwards finds nothing to do.
    state, run_dir = served["state"], served["run_dir"]
    assert _leftovers(state, run_dir) != []
    done = _run("stop", "--run-dir", str(run_dir))
    assert done.returncode == 0 and done.stdout.strip() == f"serve: stopped ({run_dir})", done.stderr
    assert _leftovers(state, run_dir) == []
    assert _run("status", "--run-dir", str(run_dir)).returncode == 3
    assert _run("stop", "--run-dir", str(run_dir)).stdout.strip() == f"serve: nothing running from {run_dir}"
