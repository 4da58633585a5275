"""Starting the dashboard sends nothing off this machine (issue #9): `make run`'s command and a `make serve` process.

Each is started as make starts it, with a guard in the process (a sitecustomize.py on PYTHONPATH) that records and
refuses every connection to, and every name lookup of, anything but loopback. The page is then loaded once, over
HTTP and over the websocket as a browser does, and the guard must have recorded nothing. Streamlit's own lookup of
the machine's public address (checkip.amazonaws.com, streamlit/net_util.py) is what the settings prevent; the guard
is first shown to catch exactly that call.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import shlex
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import PROJECT, free_port

# Runs at the start of every Python process that has its folder on PYTHONPATH, before Streamlit is imported.
GUARD = r'''
"""Written by tests/test_startup.py: records, and refuses, every attempt of this process to reach another machine."""
import errno, ipaddress, json, os, socket, traceback

_LOG = os.environ["WEGO_NETWORK_GUARD_LOG"]


def _write(entry):
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(json.dumps({"pid": os.getpid(), **entry}) + "\n")


def _local(host):
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    host = str(host).strip("[]").split("%")[0].lower().rstrip(".")
    if host in ("", "localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False  # a name: resolving it may ask a DNS server
    return address.is_loopback or address.is_unspecified


def _refuse(call, target):
    _write({"call": call, "target": repr(target), "stack": traceback.format_stack(limit=8)[:-2]})


def _guard_connect(original):
    def connect(self, address, *args):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _local(address[0]):
            _refuse(f"socket.{original.__name__}", address)
            raise OSError(errno.ENETUNREACH, "refused by tests/test_startup.py's guard")
        return original(self, address, *args)
    return connect


def _guard_lookup(original):
    def lookup(host, *args, **kwargs):
        if not _local(host):
            _refuse(f"socket.{original.__name__}", host)
            raise socket.gaierror(socket.EAI_NONAME, "refused by tests/test_startup.py's guard")
        return original(host, *args, **kwargs)
    return lookup


def _guard_sendto(original):
    def sendto(self, data, *args):
        address = args[-1]
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _local(address[0]):
            _refuse("socket.sendto", address)
            raise OSError(errno.ENETUNREACH, "refused by tests/test_startup.py's guard")
        return original(self, data, *args)
    return sendto


for _name in ("connect", "connect_ex"):
    setattr(socket.socket, _name, _guard_connect(getattr(socket.socket, _name)))
socket.socket.sendto = _guard_sendto(socket.socket.sendto)
for _name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
    setattr(socket, _name, _guard_lookup(getattr(socket, _name)))
_original_getnameinfo = socket.getnameinfo
def _getnameinfo(sockaddr, flags):
    if not _local(sockaddr[0]):
        _refuse("socket.getnameinfo", sockaddr)
        raise socket.gaierror(socket.EAI_NONAME, "refused by tests/test_startup.py's guard")
    return _original_getnameinfo(sockaddr, flags)
socket.getnameinfo = _getnameinfo
_write({"loaded": True})
'''

_spec = importlib.util.spec_from_file_location("serve", PROJECT / "tools" / "serve.py")
serve = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(serve)
_spec = importlib.util.spec_from_file_location("loadgen", PROJECT / "tools" / "loadgen.py")
loadgen = importlib.util.module_from_spec(_spec)
sys.modules["loadgen"] = loadgen  # dataclasses look their module up by name
_spec.loader.exec_module(loadgen)


@pytest.fixture
def guarded_env(tmp_path, data_dir) -> dict[str, str]:
    """The test's environment with the guard on PYTHONPATH, its log in tmp_path, and a HOME of its own, so that no
    ~/.streamlit/config.toml of whoever runs the tests can set what the project's config must set."""
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    (tmp_path / "home").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_") and k != "WEGO_SNAPSHOTS"}
    return env | {
        "PYTHONPATH": os.pathsep.join([str(guard), *filter(None, [os.environ.get("PYTHONPATH")])]),
        "WEGO_NETWORK_GUARD_LOG": str(tmp_path / "network.jsonl"),
        "HOME": str(tmp_path / "home"),
        "WEGO_DATA_DIR": str(data_dir),
        "PYTHONUNBUFFERED": "1",
    }


def _attempts(env: dict[str, str]) -> tuple[list[dict], set[int]]:
    """What the guard refused, and the processes it was loaded in."""
    log = Path(env["WEGO_NETWORK_GUARD_LOG"])
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
    return [e for e in entries if "loaded" not in e], {e["pid"] for e in entries if "loaded" in e}


def make_run_command(port: int) -> list[str]:
    """The command `make run PORT=<port>` runs, as make expands it from the Makefile, with this test's venv."""
    done = subprocess.run(
        ["make", "--dry-run", "--no-print-directory", "run", f"PORT={port}", f"BIN={Path(sys.executable).parent}"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    )
    [line] = [line for line in done.stdout.splitlines() if " run app.py" in line]
    return shlex.split(line)


def serve_worker_command(port: int) -> list[str]:
    # The address delegates type, as tools/serve.py finds it on a venue network (TEST-NET-1 here: never a real host).
    return serve.streamlit_command(sys.executable, port, "192.0.2.10", 8501)


def test_make_serve_sets_the_address_on_its_processes_itself():
    # Not only through .streamlit/config.toml, which the test below cannot take away (Streamlit also reads the one
    # beside app.py): a process make serve starts is told the address delegates type.
    argv = serve_worker_command(8600)
    assert argv[argv.index("--browser.serverAddress") + 1] == "192.0.2.10"


def test_the_guard_catches_streamlits_lookup_of_the_public_address(guarded_env):
    # Without this, a guard that failed to load would let every test below pass.
    probe = "import streamlit.net_util as n; print(n.get_external_ip())"
    done = subprocess.run([sys.executable, "-c", probe], env=guarded_env, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "None", done.stderr
    attempts, loaded = _attempts(guarded_env)
    assert loaded == {attempts[0]["pid"]}
    assert [(a["call"], a["target"]) for a in attempts] == [
        ("socket.getaddrinfo", "'checkip.amazonaws.com'"),  # http://, then https://
        ("socket.getaddrinfo", "'checkip.amazonaws.com'"),
    ]


@pytest.mark.parametrize("command", [make_run_command, serve_worker_command], ids=["make run", "make serve worker"])
def test_starting_and_loading_the_page_reaches_no_other_machine(guarded_env, tmp_path, command):
    port = free_port()
    argv = command(port)
    env = guarded_env
    if command is serve_worker_command:
        env = serve.worker_env(tmp_path, guarded_env)
    log_path = tmp_path / "streamlit.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(argv, cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        # Streamlit prints its URLs once it listens, after any lookup of the public address: wait for both.
        while "You can now view" not in log_path.read_text(errors="replace") or not _answers(f"{base}/_stcore/health"):
            assert proc.poll() is None, log_path.read_text(errors="replace")
            assert time.monotonic() < deadline, log_path.read_text(errors="replace")
            time.sleep(0.2)
        with urllib.request.urlopen(base + "/", timeout=30) as page:
            assert page.status == 200 and b"<!doctype html>" in page.read().lower()
        # As a browser does next: the websocket, and the first run of the default page.
        result = asyncio.run(_load_default_page(base))
        assert result.ok, result.errors
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    printed = log_path.read_text(errors="replace")
    attempts, loaded = _attempts(env)
    assert proc.pid in loaded, printed  # the guard ran in the server process itself
    assert attempts == [], "\n".join(f"{a['call']}({a['target']})\n{''.join(a['stack'])}" for a in attempts)
    assert "External URL" not in printed and "Network URL" not in printed
    expected = f"http://localhost:{port}" if command is make_run_command else "http://192.0.2.10:8501"
    assert f"URL: {expected}" in printed


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


async def _load_default_page(base: str):
    async with loadgen.Session(base, timeout=120, name="startup") as session:
        return await session.load()
