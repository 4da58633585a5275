"""`make serve` (tools/serve.py): Streamlit processes and nginx behind HAProxy, started and stopped as one (issue #8).

First what fails fast (a taken port, no HAProxy, no nginx) and what must never leave a process behind (Ctrl-C, a
process dying); then the compressed copies of the static files; then the proxy's rules with the real nginx and a
stand-in for Streamlit; then one real instance with two processes for the module: health, sticky cookies, the
bundles and the basemap precompressed from nginx without reaching Streamlit, XSRF through the proxy, a page in
Chromium over the websocket, and the presenter's board shared by a presenter on one process and a follower on the
other. On that instance too, what the proxy refuses before any process sees it and the headers it adds (issue #9):
other host names (DNS rebinding), Streamlit's debug endpoints, cross-origin websockets.
"""

from __future__ import annotations

import gzip
import http.server
import importlib.util
import json
import os
import random
import shutil
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
from conftest import PROJECT
from test_browser import PRESENTER_KEY, Visit

from wego_data import reference

SERVE = PROJECT / "tools" / "serve.py"
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
    pids = {state["supervisor_pid"], state["haproxy_pid"], state["nginx_pid"], *(w["pid"] for w in state["workers"])}
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


def test_missing_nginx_says_how_to_install_it(tmp_path):
    port = _free_port()
    done = _run(
        "start", "--nginx", str(tmp_path / "no-nginx"), "--port", str(port), "--host", "127.0.0.1",
        "--run-dir", str(tmp_path),
    )  # fmt: skip
    assert done.returncode == 1
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("serve: nginx is not at") and "apt-get install nginx" in line
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "serve.json").exists()


@pytest.mark.parametrize("base", ["", "/wego"])
def test_the_template_renders_a_config_haproxy_accepts(tmp_path, base):
    config = tmp_path / "haproxy.cfg"
    config.write_text(
        serve.render_config(
            serve.TEMPLATE.read_text(encoding="utf-8"),
            host="0.0.0.0",
            port=8501,
            backends=[("w1", 40001), ("w2", 40002)],
            stats_port=40003,
            static_port=40004,
            base=base,
            hosts=["localhost", "127.0.0.1", "[::1]", "excom.example.org", "[2001:db8::5]"],
        ),
        encoding="utf-8",
    )
    checked = subprocess.run([serve.find_haproxy(), "-c", "-f", str(config)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "WARNING" not in checked.stderr + checked.stdout, checked.stderr
    text = config.read_text(encoding="utf-8")
    assert "bind 0.0.0.0:8501" in text and "bind 127.0.0.1:40003" in text  # the stats page only on loopback
    assert "server w2 127.0.0.1:40002 cookie w2" in text
    assert "server nginx 127.0.0.1:40004 check" in text
    # A base path (server.baseUrlPath) moves the static routes and the health check with it.
    assert f"path_beg {base}/static/ {base}/app/static/" in text and f"GET {base}/_stcore/health" in text
    assert "-m str localhost 127.0.0.1 [::1] excom.example.org [2001:db8::5]\n" in text  # the Host allow-list
    assert f"-m reg ^{base}/+_stcore/+(metrics|" in text  # so do the refused debug endpoints


@pytest.mark.parametrize("env,toml,expected", [
    ({}, None, ""),  # the app uses none
    ({"STREAMLIT_SERVER_BASE_URL_PATH": "/wego/"}, None, "/wego"),
    ({}, '[server]\nbaseUrlPath = "excom/2016"\n', "/excom/2016"),
    ({"STREAMLIT_SERVER_BASE_URL_PATH": ""}, '[server]\nbaseUrlPath = "excom"\n', ""),  # the environment wins
])  # fmt: skip
def test_the_base_path_follows_streamlits_setting(tmp_path, env, toml, expected):
    config = tmp_path / "config.toml"
    if toml is not None:
        config.write_text(toml, encoding="utf-8")
    assert serve.base_path(env, config) == expected


@pytest.mark.parametrize("values,expected", [
    ([""], []),  # SERVE_HOSTNAMES unset
    (["excom.example.org"], ["excom.example.org"]),
    (["Excom.Example.org., wego.local  192.168.1.20"], ["excom.example.org", "wego.local", "192.168.1.20"]),
    (["2001:DB8:0::5", "[::1]"], ["[2001:db8::5]", "[::1]"]),  # as HAProxy's host_only gives an IPv6 Host
    (["a.example", "b.example,c.example"], ["a.example", "b.example", "c.example"]),  # --hostname, repeated
])  # fmt: skip
def test_the_venues_host_names_are_read_as_haproxy_compares_them(values, expected):
    assert serve.split_host_names(values) == expected


@pytest.mark.parametrize("value", ["*.example.org", "excom.example.org:8501", "http://excom.example.org", "a..b", "-a"])
def test_a_host_name_haproxy_could_not_match_is_one_clear_error(value):
    with pytest.raises(serve.ServeError, match="SERVE_HOSTNAMES"):
        serve.split_host_names([value])


def test_the_allow_list_names_this_machine_without_asking_a_name_server(monkeypatch):
    def no_lookup(*args, **kwargs):
        raise AssertionError(f"a name lookup: {args!r}")

    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr", "getfqdn"):
        monkeypatch.setattr(socket, name, no_lookup)
    hosts = serve.allowed_hosts("0.0.0.0", "192.0.2.10", ["excom.example.org"])
    short = socket.gethostname().lower().split(".")[0]
    assert hosts[:3] == ["localhost", "127.0.0.1", "[::1]"]
    assert {short, f"{short}.local", "192.0.2.10", "excom.example.org"} <= set(hosts)
    assert {serve.host_name(a) for a in serve.local_addresses()} <= set(hosts)  # every address of this machine
    assert "0.0.0.0" not in hosts  # a wildcard to listen on is no name a browser uses
    assert "192.0.2.99" in serve.allowed_hosts("192.0.2.99", "192.0.2.99", [])  # a specific --host is


@pytest.mark.parametrize("brotli", [True, False])
def test_the_nginx_template_renders_a_config_nginx_accepts(tmp_path, brotli):
    run_dir = tmp_path / "run folder"  # a space in a path must not break the config
    nginx = serve.find_nginx()
    module = serve.nginx_brotli_module(nginx)
    assert module is not None, "make test installs libnginx-mod-http-brotli-static (tools/system-deps.sh)"
    (run_dir / "nginx-temp").mkdir(parents=True)
    config = run_dir / "nginx.conf"
    config.write_text(
        serve.render_nginx_config(
            serve.NGINX_TEMPLATE.read_text(encoding="utf-8"),
            port=40005,
            run_dir=run_dir,
            streamlit_root=run_dir / "bundles",
            app_root=run_dir / "app",
            brotli_module=module if brotli else None,
            base="/wego",
        ),
        encoding="utf-8",
    )
    checked = subprocess.run(serve.nginx_command(nginx, run_dir, config, test=True), capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "warn" not in checked.stderr, checked.stderr
    text = config.read_text(encoding="utf-8")
    assert "listen 127.0.0.1:40005;" in text  # loopback only: HAProxy is the only client
    assert "location ^~ /wego/static/" in text and "location ^~ /wego/app/static/" in text
    assert ("brotli_static on;" in text) is brotli and "gzip_static on;" in text and "gzip off;" in text
    assert "$" + "{" not in text  # every field filled in


@pytest.mark.parametrize("ending", ["sigint", "worker-dies", "nginx-dies"])
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
        elif ending == "nginx-dies":
            os.kill(state["nginx_pid"], signal.SIGKILL)  # its worker process is left orphaned, and must go too
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
    elif ending == "nginx-dies":
        assert proc.returncode == 1
        [line] = err.strip().splitlines()
        assert line.startswith("serve: nginx exited with code -9; stopping everything. Its log:"), line
    else:
        assert proc.returncode == 1
        [line] = err.strip().splitlines()
        assert line.startswith(f"serve: worker w1 (port {state['workers'][0]['port']}) exited with code -9")
    assert _leftovers(state, tmp_path) == []
    assert not (tmp_path / "serve.json").exists()
    assert _run("status", "--run-dir", str(tmp_path)).returncode == 3


# --- the compressed copies nginx serves ----------------------------------------------------------------------------


def _fake_streamlit(folder: Path) -> Path:
    """A stand-in for Streamlit's static folder: index.html, and static/ with hashed bundles, a font and a tiny file.
    Text from a fixed seed, so every run compresses the same bytes."""
    rng = random.Random(42)
    words = ["function", "return", "const", "plotly", "layout", "trace", "=>", "{", "}", "(", ")", ";", "this", "x"]
    script = " ".join(rng.choice(words) for _ in range(30_000)).encode()
    files = {
        "index.html": b"<!doctype html><html><body>index</body></html>",
        "static/js/index.D0rmvYxC.js": script,
        "static/js/tiny.Q1w2E3r4.js": b"export{a as b};",  # too small to gain from compression
        "static/css/index.B1aR2c3d.css": b".stApp{color:#1f2937;margin:0}\n" * 2000,
        "static/media/KaTeX_Main.woff2": rng.randbytes(20_000),  # a font: compressed already
    }
    for name, body in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(body)
    return folder


def _fake_app_static(folder: Path, name: str = "Seoul") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    features = [
        {"type": "Feature", "properties": {"name": f"{name} {i}"}, "geometry": {"type": "Point", "coordinates": [i, i]}}
        for i in range(2000)
    ]
    (folder / "countries_110m.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return folder


def _brotli_command() -> str:
    found = shutil.which("brotli")
    assert found, "make test installs Debian's brotli (tools/system-deps.sh)"
    return found


def _unbrotli(body: bytes) -> bytes:
    return subprocess.run([_brotli_command(), "-d", "-c"], input=body, capture_output=True, check=True).stdout


def test_the_copies_decode_to_the_originals_are_the_same_every_time_and_are_reused(tmp_path):
    streamlit_dir = _fake_streamlit(tmp_path / "streamlit")
    app = _fake_app_static(tmp_path / "app")
    said = []
    bundles, app_root = serve.prepare_static(
        tmp_path / "cache", streamlit_dir, "9.9.9", app, brotli=_brotli_command(), jobs=2, say=said.append
    )
    assert bundles.parent == app_root.parent == tmp_path / "cache"
    assert bundles.name.startswith("streamlit-9.9.9-") and app_root.name.startswith("app-")
    assert len(said) == 1 and "Streamlit 9.9.9" in said[0]
    assert not (bundles / "index.html").exists()  # Streamlit serves the page itself; only /static/ comes from here
    for source in (streamlit_dir / "static").rglob("*"):
        if not source.is_file():
            continue
        copy = bundles / source.relative_to(streamlit_dir / "static")
        assert copy.read_bytes() == source.read_bytes()
        gz, br = copy.with_name(copy.name + ".gz"), copy.with_name(copy.name + ".br")
        if source.suffix in (".js", ".css") and "tiny" not in source.name:
            assert gzip.decompress(gz.read_bytes()) == source.read_bytes()
            assert _unbrotli(br.read_bytes()) == source.read_bytes()
            assert br.stat().st_mode & 0o777 == copy.stat().st_mode & 0o777  # readable like the original
        else:  # the font, and a file compression would not shrink by a tenth
            assert not gz.exists() and not br.exists()
    basemap = app_root / "countries_110m.geojson"
    assert gzip.decompress(basemap.with_name(basemap.name + ".gz").read_bytes()) == (app / basemap.name).read_bytes()

    # Another machine (another cache folder) makes the same bytes: nothing of the time or the path goes into them.
    again, _ = serve.prepare_static(tmp_path / "other", streamlit_dir, "9.9.9", app, brotli=_brotli_command(), jobs=1)
    for name in ("js/index.D0rmvYxC.js.gz", "js/index.D0rmvYxC.js.br", "css/index.B1aR2c3d.css.gz"):
        assert (again / name).read_bytes() == (bundles / name).read_bytes()

    # The next start reuses both folders; a change to the app's files makes a new folder for them alone.
    said.clear()
    assert serve.prepare_static(tmp_path / "cache", streamlit_dir, "9.9.9", app, brotli=None, jobs=2) != (
        bundles,
        app_root,
    )  # without brotli: other copies, other folders
    assert serve.prepare_static(
        tmp_path / "cache", streamlit_dir, "9.9.9", app, brotli=_brotli_command(), jobs=2, say=said.append
    ) == (bundles, app_root)
    assert said == []
    _fake_app_static(app, name="Busan")
    bundles_now, app_now = serve.prepare_static(
        tmp_path / "cache", streamlit_dir, "9.9.9", app, brotli=_brotli_command(), jobs=2
    )
    assert bundles_now == bundles and app_now != app_root
    assert b"Busan" in gzip.decompress((app_now / "countries_110m.geojson.gz").read_bytes())
    assert not list((tmp_path / "cache").glob(".building-*"))


# --- the proxy's rules: the real nginx, and a stand-in for Streamlit ---------------------------------------------

TYPES = {".js": "application/javascript", ".json": "application/json"}


class _Backend(http.server.BaseHTTPRequestHandler):
    """Answers like Streamlit's routes, without any Cache-Control of its own, so that the proxy's rules show; keeps
    every path it is asked for."""

    protocol_version = "HTTP/1.1"  # HAProxy compresses only HTTP/1.1 responses, which is what Streamlit sends
    seen: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        path = self.path.split("?")[0]
        suffix = Path(path).suffix
        if path == "/_stcore/health":
            body, kind = b"ok", "text/plain; charset=utf-8"
        else:
            self.seen.append(path)
            if suffix in TYPES:
                body, kind = b"var x = 'the same text, again and again';\n" * 200, TYPES[suffix]
            else:  # a page path: Streamlit answers with index.html
                body = b"<!doctype html><html><body>" + b"<div>dashboard</div>" * 200 + b"</body></html>"
                kind = "text/html"
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
    """HAProxy with the generated config in front of nginx (with the generated config, serving the fake Streamlit's
    bundles and app files) and the stand-in backend; yields its base URL and the files nginx serves."""
    folder = tmp_path_factory.mktemp("proxy_rules")
    streamlit_dir = _fake_streamlit(folder / "streamlit")
    app = _fake_app_static(folder / "app")
    nginx = serve.find_nginx()
    module = serve.nginx_brotli_module(nginx)
    bundles, app_root = serve.prepare_static(
        folder / "cache", streamlit_dir, "9.9.9", app, brotli=_brotli_command(), jobs=2
    )
    backend = _Quiet(("127.0.0.1", 0), _Backend)
    threading.Thread(target=backend.serve_forever, daemon=True).start()
    port, stats_port, static_port = serve.free_loopback_ports(3, avoid=set())
    config = folder / "haproxy.cfg"
    config.write_text(
        serve.render_config(
            serve.TEMPLATE.read_text(encoding="utf-8"),
            host="127.0.0.1",
            port=port,
            backends=[("w1", backend.server_address[1])],
            stats_port=stats_port,
            static_port=static_port,
        ),
        encoding="utf-8",
    )
    (folder / "nginx-temp").mkdir()
    nginx_config = folder / "nginx.conf"
    nginx_config.write_text(
        serve.render_nginx_config(
            serve.NGINX_TEMPLATE.read_text(encoding="utf-8"),
            port=static_port,
            run_dir=folder,
            streamlit_root=bundles,
            app_root=app_root,
            brotli_module=module,
        ),
        encoding="utf-8",
    )
    with open(folder / "proxies.log", "wb") as log:
        front = subprocess.Popen([serve.find_haproxy(), "-db", "-f", str(config)], stdout=log, stderr=log)
        static = subprocess.Popen(serve.nginx_command(nginx, folder, nginx_config), stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 20
        while _states(stats_port) != ["UP", "UP"]:  # the stand-in, then nginx
            assert time.monotonic() < deadline, (folder / "proxies.log").read_text()
            assert front.poll() is None and static.poll() is None, (folder / "proxies.log").read_text()
            time.sleep(0.1)
        yield {"base": f"http://127.0.0.1:{port}", "source": streamlit_dir / "static", "app": app}
    finally:
        for proc in (front, static):
            proc.terminate()
            proc.wait(timeout=10)
        backend.shutdown()


def _states(stats_port: int) -> list[str]:
    return [s["status"] for b in ("streamlit", "static") for s in _quiet(serve.proxy_servers, stats_port, b)]


def _quiet(function, *args):
    try:
        return function(*args)
    except OSError:
        return []


def _fetch(url: str, cookie: str | None = None, gzip_ok: bool = True, method: str = "GET", data=None, **headers):
    """(status, headers, body as sent) without urllib's redirects or decompression getting in the way. By default
    the request accepts what a browser does on a secure origin (loopback or HTTPS): gzip and brotli."""
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    if gzip_ok and "Accept-Encoding" not in headers:
        request.add_header("Accept-Encoding", "gzip, deflate, br")
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def _decoded(headers, body: bytes) -> bytes:
    encoding = headers.get("Content-Encoding")
    return {"gzip": gzip.decompress, "br": _unbrotli, None: bytes}[encoding](body)


@pytest.mark.parametrize(
    "path,status,encoding,cache_control",
    [
        # From nginx: Streamlit's hashed bundles, precompressed (brotli, which the request prefers) ...
        ("/static/js/index.D0rmvYxC.js", 200, "br", YEAR),
        ("/static/css/index.B1aR2c3d.css", 200, "br", YEAR),
        ("/static/media/KaTeX_Main.woff2", 200, None, YEAR),  # fonts are compressed already
        ("/static/js/tiny.Q1w2E3r4.js", 200, None, YEAR),  # too small to gain
        ("/static/js/missing.D0rmvYxC.js", 404, None, "no-cache"),  # never kept
        ("/static/../app.py", 404, None, "no-cache"),  # nothing outside the bundles' folder
        ("/app/static/countries_110m.geojson?v=3f2a9c", 200, "br", YEAR),  # the basemap, named by its content hash
        ("/app/static/countries_110m.geojson", 200, "br", "no-cache"),  # without a version: revalidated every time
        # ... and from Streamlit, compressed by HAProxy (gzip).
        ("/", 200, "gzip", "no-cache"),
        ("/members?snapshot=2016-04-26", 200, "gzip", "no-cache"),
        ("/static", 200, "gzip", "no-cache"),  # not under /static/: a page path
        ("/media/3c1d.json", 200, "gzip", None),  # no rule: the backend's own headers pass
    ],
)
def test_compression_and_cache_rules(proxy_rules, path, status, encoding, cache_control):
    _Backend.seen.clear()
    got, headers, body = _fetch(proxy_rules["base"] + path, cookie="WEGOSRV=w1")
    assert got == status
    assert headers.get("Content-Encoding") == encoding
    if encoding:
        assert len(body) < len(_decoded(headers, body)) / 3
    assert headers.get_all("Cache-Control") == ([cache_control] if cache_control else None)
    assert headers.get("Set-Cookie") is None  # the browser already has its process; nothing to re-issue
    from_nginx = path.startswith(("/static/", "/app/static/"))
    assert (headers.get("Server") == "nginx") is from_nginx
    assert _Backend.seen == ([] if from_nginx else [path.split("?")[0]])
    if from_nginx and status == 200:
        assert headers.get("Vary") == "Accept-Encoding" or encoding is None
        source = proxy_rules["app"] if path.startswith("/app/") else proxy_rules["source"]
        name = path.split("?")[0].removeprefix("/app/static/").removeprefix("/static/")
        assert _decoded(headers, body) == (source / name).read_bytes()


@pytest.mark.parametrize(
    "accept,encoding",
    [
        ("gzip, deflate", "gzip"),  # what browsers send over plain HTTP on the venue network
        ("gzip, deflate, br, zstd", "br"),  # and over HTTPS or on this machine
        ("br;q=0, gzip", "gzip"),
    ],
)
def test_the_encoding_is_the_one_the_browser_accepts(proxy_rules, accept, encoding):
    for path in ("/static/js/index.D0rmvYxC.js", "/app/static/countries_110m.geojson?v=3f2a9c"):
        status, headers, body = _fetch(proxy_rules["base"] + path, **{"Accept-Encoding": accept})
        assert status == 200 and headers.get("Content-Encoding") == encoding, path
        assert headers.get("Vary") == "Accept-Encoding"


@pytest.mark.parametrize("path", ["/static/js/index.D0rmvYxC.js", "/app/static/countries_110m.geojson?v=3f2a9c", "/"])
def test_without_accept_encoding_nothing_is_compressed(proxy_rules, path):
    status, headers, body = _fetch(proxy_rules["base"] + path, cookie="WEGOSRV=w1", gzip_ok=False)
    assert status == 200 and headers.get("Content-Encoding") is None
    if path.startswith("/static/"):
        assert body == (proxy_rules["source"] / "js/index.D0rmvYxC.js").read_bytes()
    elif path.startswith("/app/"):
        assert body == (proxy_rules["app"] / "countries_110m.geojson").read_bytes()
    else:
        assert body.startswith(b"<!doctype html>")


# --- one real instance: two Streamlit processes behind HAProxy ---------------------------------------------------


# The venue's own names for this machine, as an operator would set them (docs/deploy.md).
VENUE_HOSTNAMES = "Excom.Venue.example, wego-excom.local"


@pytest.fixture(scope="module")
def served(tmp_path_factory, data_dir):
    """`tools/serve.py start --detach` with two processes on free loopback ports; stopped at the end."""
    run_dir = tmp_path_factory.mktemp("serve")
    port = _free_port()
    started = _run(
        "start", "--detach", "--workers", "2", "--host", "127.0.0.1", "--port", str(port), "--run-dir", str(run_dir),
        env=_env(data_dir) | {"SERVE_HOSTNAMES": VENUE_HOSTNAMES}, timeout=240,
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


def _installed_bundle(prefix: str) -> Path:
    """The installed Streamlit's bundle whose name starts with prefix (PlotlyChart, DeckGlJsonChart, index)."""
    _, folder = serve.streamlit_static(sys.executable)
    [bundle] = (folder / "static" / "js").glob(f"{prefix}.*.js")
    return bundle


def test_the_page_comes_from_streamlit_and_is_revalidated(served):
    status, headers, page = _fetch(served["base"] + "/", cookie="WEGOSRV=w1")
    assert status == 200 and headers.get("Content-Encoding") == "gzip"  # compressed by HAProxy
    assert headers.get_all("Cache-Control") == ["no-cache"]
    assert headers.get("Server") != "nginx"
    html = gzip.decompress(page).decode()
    assert 'src="./static/js/' in html  # the bundles it names are under /static/: nginx's


@pytest.mark.parametrize(
    "accept,encoding,at_most",
    [
        # Browsers send this over plain HTTP, which is how delegates reach make serve on the venue network:
        # gzip at level 9 (HAProxy's own gzip reached 46 % for this bundle).
        ("gzip, deflate", "gzip", 0.32),
        # Over HTTPS (TLS ended in HAProxy) or on this machine they accept brotli, at quality 11.
        ("gzip, deflate, br, zstd", "br", 0.25),
    ],
)
def test_the_plotly_bundle_comes_precompressed_from_nginx(served, accept, encoding, at_most):
    assert "br" in served["state"]["static_files"]["encodings"], "make test installs the brotli module and command"
    bundle = _installed_bundle("PlotlyChart")
    status, headers, body = _fetch(f"{served['base']}/static/js/{bundle.name}", **{"Accept-Encoding": accept})
    assert status == 200 and headers.get("Server") == "nginx"
    assert headers.get("Content-Encoding") == encoding
    assert headers.get("Content-Type") == "text/javascript; charset=utf-8"
    assert headers.get_all("Cache-Control") == [YEAR] and headers.get("Vary") == "Accept-Encoding"
    assert headers.get("Set-Cookie") is None
    assert _decoded(headers, body) == bundle.read_bytes()  # byte for byte the installed file
    assert len(body) <= at_most * bundle.stat().st_size, f"{len(body)} of {bundle.stat().st_size} bytes"


def test_without_accept_encoding_the_bundle_comes_as_it_is(served):
    bundle = _installed_bundle("DeckGlJsonChart")
    status, headers, body = _fetch(f"{served['base']}/static/js/{bundle.name}", gzip_ok=False)
    assert status == 200 and headers.get("Content-Encoding") is None
    assert body == bundle.read_bytes()


def test_the_basemap_comes_compressed_and_cached_a_year(served):
    url = reference.world_geojson_url()  # the address the maps ask for: app/static/<file>?v=<content hash>
    assert "?v=" in url
    for accept in ("gzip, deflate", "gzip, deflate, br"):
        status, headers, body = _fetch(f"{served['base']}/{url}", **{"Accept-Encoding": accept})
        assert status == 200 and headers.get("Server") == "nginx"
        assert headers.get("Content-Encoding") == ("br" if "br" in accept else "gzip")
        assert headers.get("Content-Type") == "application/geo+json; charset=utf-8"
        assert headers.get_all("Cache-Control") == [YEAR]
        assert _decoded(headers, body) == reference.WORLD_GEOJSON.read_bytes()
        assert len(body) < 0.4 * reference.WORLD_GEOJSON.stat().st_size


def test_static_files_never_reach_the_streamlit_processes(served):
    # HAProxy's counters: the Streamlit processes see none of these requests, nginx all of them.
    stats_port = served["state"]["stats_port"]
    _, headers, page = _fetch(served["base"] + "/", cookie="WEGOSRV=w1")
    names = gzip.decompress(page).decode().split('"./static/')[1:]
    paths = ["/static/" + name.split('"', 1)[0] for name in names]
    paths += [f"/static/js/{_installed_bundle(b).name}" for b in ("PlotlyChart", "DeckGlJsonChart")]
    paths += ["/" + reference.world_geojson_url(), "/app/static/countries_110m.geojson"]
    paths = (paths * 10)[:10]
    assert len(set(paths)) >= 4, paths

    def totals() -> tuple[int, int]:
        workers = sum(s["total"] for s in serve.proxy_servers(stats_port))
        return workers, sum(s["total"] for s in serve.proxy_servers(stats_port, "static"))

    workers_before, nginx_before = totals()
    for path in paths:
        for cookie in (None, "WEGOSRV=w2"):  # a new browser, and one pinned to a process
            status, _, _ = _fetch(served["base"] + path, cookie=cookie)
            assert status == 200, path
    workers_after, nginx_after = totals()
    assert workers_after == workers_before
    assert nginx_after - nginx_before == 2 * len(paths)
    report = _status(served["run_dir"])
    assert report["nginx"]["alive"] and report["nginx"]["status"] == "UP"


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
    # Nor for a page in a browser on this machine whose name was made to resolve to 127.0.0.1 (DNS rebinding, #9).
    assert _fetch(state["stats_url"] + ";csv", Host=f"evil.example:{state['stats_port']}")[0] == 421
    assert _fetch(state["stats_url"] + ";csv", Host=f"localhost:{state['stats_port']}")[0] == 200


# --- what the proxy refuses, and the headers it adds (issue #9) --------------------------------------------------

SECURITY_HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'self'",
    "X-Frame-Options": "SAMEORIGIN",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def _totals(stats_port: int) -> tuple[int, int]:
    """Requests HAProxy has passed so far to the Streamlit processes, and to nginx."""
    workers = sum(s["total"] for s in serve.proxy_servers(stats_port))
    return workers, sum(s["total"] for s in serve.proxy_servers(stats_port, "static"))


def _handshake(base: str, host: str | None = None, origin: str | None = None) -> tuple[int, str]:
    """Open Streamlit's websocket as a browser does, with the Host and Origin given; (status, the answer's head)."""
    port = int(base.rsplit(":", 1)[1])
    head = [
        "GET /_stcore/stream HTTP/1.1",
        f"Host: {f'127.0.0.1:{port}' if host is None else host}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Version: 13",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Protocol: streamlit, PLACEHOLDER_AUTH_TOKEN",
        *([f"Origin: {origin}"] if origin else []),
    ]
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = s.recv(65536)
            if not chunk:
                break
            answer += chunk
    text = answer.decode(errors="replace")
    return int(text.split()[1]), text


def _paths(served) -> list[str]:
    """A request of each kind: the page and the health check (Streamlit), a bundle and the basemap (nginx)."""
    return [
        "/",
        "/_stcore/health",
        f"/static/js/{_installed_bundle('PlotlyChart').name}",
        f"/{reference.world_geojson_url()}",
    ]


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",  # DNS rebinding: the attacker's name, now resolving to this machine
        "evil.example:{port}",
        "127.0.0.1.evil.example:{port}",
        "localhost.evil.example",
        "127.0.0.1:{port}, evil.example",  # a list: never from a browser
        "",
    ],
)
def test_a_request_for_another_host_name_never_reaches_a_process(served, host):
    port = int(served["base"].rsplit(":", 1)[1])
    host = host.format(port=port)
    stats_port = served["state"]["stats_port"]
    before = _totals(stats_port)
    for path in _paths(served):
        status, headers, body = _fetch(served["base"] + path, cookie="WEGOSRV=w1", Host=host)
        assert (status, body) == (421, b"This server does not answer to that host name."), path
    assert _handshake(served["base"], host=host, origin=f"http://{host}")[0] == 421
    assert _totals(stats_port) == before


def test_this_machines_names_and_the_venues_are_served(served):
    port = int(served["base"].rsplit(":", 1)[1])
    hosts = served["state"]["hosts"]
    assert {"excom.venue.example", "wego-excom.local"} <= set(hosts)  # SERVE_HOSTNAMES, as HAProxy compares them
    names = ["localhost", "127.0.0.1", "[::1]", socket.gethostname(), *map(serve.host_name, serve.local_addresses())]
    names += ["excom.venue.example", "EXCOM.Venue.Example.", "wego-excom.local"]  # any case, a final dot
    for name in names:
        for host in (name, f"{name}:{port}"):
            for path in _paths(served):
                status, _, _ = _fetch(served["base"] + path, cookie="WEGOSRV=w2", Host=host)
                assert status == 200, (host, path)
        # The websocket too: a page opened under that name connects back to it.
        assert _handshake(served["base"], host=f"{name}:{port}", origin=f"http://{name}:{port}")[0] == 101, name


@pytest.mark.parametrize(
    "kind,path,host",
    [
        ("the app's page (Streamlit)", "/", None),
        ("a page path (Streamlit)", "/members?snapshot=2016-04-26", None),
        ("the health check (Streamlit)", "/_stcore/health", None),
        ("a bundle (nginx)", "/static/js/{bundle}", None),
        ("the basemap (nginx)", "/{basemap}", None),
        ("a missing static file (nginx's 404)", "/static/js/missing.D0rmvYxC.js", None),
        ("a refused host name (HAProxy)", "/", "evil.example"),
        ("a refused endpoint (HAProxy)", "/_stcore/metrics", None),
    ],
)
def test_every_response_carries_the_security_headers(served, kind, path, host):
    path = path.format(bundle=_installed_bundle("PlotlyChart").name, basemap=reference.world_geojson_url())
    status, headers, _ = _fetch(served["base"] + path, cookie="WEGOSRV=w1", **({"Host": host} if host else {}))
    assert status in (200, 403, 404, 421), kind
    for name, value in SECURITY_HEADERS.items():
        assert headers.get_all(name) == [value], (kind, name)  # once: HAProxy's value replaces any other
    if kind.startswith("the app's page"):
        assert status == 200 and headers.get("Content-Type") == "text/html; charset=utf-8"


def test_every_file_nginx_serves_has_its_own_content_type():
    # With nosniff a browser never guesses a type, so every file needs its own: none may fall to nginx's default
    # (application/octet-stream), which a browser would refuse as a script or stylesheet.
    text = serve.NGINX_TEMPLATE.read_text(encoding="utf-8")
    types = text.split("types {", 1)[1].split("}", 1)[0]
    known = {ext for line in types.splitlines() for ext in line.strip().rstrip(";").split()[1:]}
    _, folder = serve.streamlit_static(sys.executable)
    files = [p for root in (folder / "static", serve.APP_STATIC) for p in root.rglob("*") if p.is_file()]
    assert len(files) > 100
    assert {p.suffix for p in files if p.suffix.lstrip(".") not in known} == set()


@pytest.mark.parametrize(
    "path", ["/static/js/{bundle}", "/app/static/countries_110m.geojson", "/static/js/missing.D0rmvYxC.js", "/.health"]
)
def test_nginx_itself_says_nosniff(served, path):
    # Not only through HAProxy: nginx's own responses say it (deploy/nginx.conf.in), for a setup without this proxy.
    url = (
        f"http://127.0.0.1:{served['state']['static_port']}{path.format(bundle=_installed_bundle('PlotlyChart').name)}"
    )
    status, headers, _ = _fetch(url)
    assert status in (200, 404)
    assert headers.get_all("X-Content-Type-Options") == ["nosniff"]


@pytest.mark.parametrize(
    "path",
    [
        "/_stcore/metrics",
        "/_stcore/metrics?families=session_events",
        "/%5Fstcore/metrics",  # Streamlit decodes the path itself
        "/_stcore/%6Detrics",
        "/_stcore/metrics/",
        "/_stcore/script-health-check",
        "/_stcore/agent/openapi.json",
        "/_stcore/agent/mcp",
    ],
)
def test_streamlits_debug_endpoints_are_refused_through_the_proxy(served, path):
    stats_port = served["state"]["stats_port"]
    before = _totals(stats_port)
    status, _, body = _fetch(served["base"] + path, cookie="WEGOSRV=w1")
    assert (status, body) == (403, b"Not served here.")
    assert _totals(stats_port) == before


def test_the_operator_reads_the_metrics_from_a_process_on_loopback(served):
    # What the proxy refuses exists, and stays available where only this machine reaches it.
    worker = served["state"]["workers"][0]
    status, headers, body = _fetch(f"http://127.0.0.1:{worker['port']}/_stcore/metrics")
    assert status == 200 and headers.get("Content-Type", "").startswith("application/openmetrics-text")
    assert b"session_events" in body


@pytest.mark.parametrize("origin", ["http://evil.example", "http://127.0.0.1:{port}.evil.example", "null"])
def test_a_cross_origin_websocket_never_reaches_a_process(served, origin):
    # Streamlit would refuse it too, but only after asking checkip.amazonaws.com for this machine's public address.
    port = int(served["base"].rsplit(":", 1)[1])
    stats_port = served["state"]["stats_port"]
    before = _totals(stats_port)
    status, answer = _handshake(served["base"], origin=origin.format(port=port))
    assert status == 403 and "Cross-origin websocket refused." in answer
    assert _totals(stats_port) == before
    # The page's own origin, and a client that sends none (the load generator), connect.
    assert _handshake(served["base"], origin=f"http://127.0.0.1:{port}")[0] == 101
    assert _handshake(served["base"])[0] == 101


def test_a_second_start_on_the_same_run_folder_is_refused(served):
    done = _run(
        "start", "--workers", "1", "--host", "127.0.0.1", "--port", str(_free_port()),
        "--run-dir", str(served["run_dir"]), env=served["env"],
    )  # fmt: skip
    assert done.returncode == 1
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"serve: already running from {served['run_dir']}") and "make serve-stop" in line


@pytest.mark.browser
def test_a_page_loads_over_the_websocket_through_the_proxy(browser, served):
    visit = Visit(browser, served["base"], "desktop")
    try:
        bundles = []  # (name, server, Content-Encoding, bytes as sent) of every JavaScript bundle the page loads

        def on_finished(request):
            if "/static/js/" in request.url:
                headers = request.response().headers
                size = request.sizes()["responseBodySize"]
                bundles.append(
                    (request.url.rsplit("/", 1)[1], headers.get("server"), headers.get("content-encoding"), size)
                )

        visit.page.on("requestfinished", on_finished)
        page = visit.open("?snapshot=2016-04-26", "Overview")  # drawn only once the websocket is up
        assert page.locator('[data-testid="stException"]').count() == 0
        assert visit.foreign_hosts() == set(), visit.foreign_hosts()
        assert {c["name"] for c in visit.context.cookies()} >= {"WEGOSRV", "_streamlit_xsrf"}
        # Every bundle came from nginx, compressed ahead of time (brotli: Chromium accepts it from loopback), apart
        # from stubs of a hundred bytes that compression would not shrink.
        assert bundles and {server for _, server, _, _ in bundles} == {"nginx"}, bundles
        assert [b for b in bundles if b[2] != "br" and b[3] > 1000] == []
    finally:
        visit.close()


@pytest.mark.browser
def test_a_follower_on_one_process_follows_a_presenter_on_the_other(browser, served):
    base, run_dir = served["base"], served["run_dir"]
    presenter = Visit(browser, base, "desktop")
    follower = Visit(browser, base, "desktop")
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
        # The public view: the applicants are the committee's.
        main.get_by_text("Where the members are (40 shown)", exact=True).first.wait_for(timeout=20_000)
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
