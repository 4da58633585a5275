"""`make serve`: several Streamlit processes and nginx behind HAProxy, started and stopped as one (issue #8).

    tools/serve.py start [--workers N] [--host H] [--port P] [--hostname NAME] [--run-dir D] [--detach]
    tools/serve.py stop [--run-dir D]
    tools/serve.py status [--run-dir D] [--json]

`start` runs in the foreground and stops everything on Ctrl-C, SIGTERM or the death of any process it started;
`start --detach` returns once the dashboard answers and `stop` ends it. The run folder (default .run/serve/) holds
the generated haproxy.cfg and nginx.conf, every process's log, the state file and the presenter's board shared by all
processes. nginx serves Streamlit's bundles and the app's static/ folder from copies compressed once per version into
.run/static-cache/. HAProxy answers only requests whose Host header names this machine (localhost, its name and
addresses, and SERVE_HOSTNAMES / --hostname) and adds security headers to every response (issue #9).
docs/deploy.md explains the whole arrangement. Only the standard library is used, so `stop` and
`status` run with any Python 3.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import ctypes
import errno
import fcntl
import gzip
import hashlib
import io
import ipaddress
import json
import os
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
TEMPLATE = PROJECT / "deploy" / "haproxy.cfg.in"
NGINX_TEMPLATE = PROJECT / "deploy" / "nginx.conf.in"
DEFAULT_RUN_DIR = PROJECT / ".run" / "serve"
DEFAULT_STATIC_CACHE = PROJECT / ".run" / "static-cache"
APP_STATIC = PROJECT / "static"  # served by Streamlit as app/static/ (server.enableStaticServing)
COOKIE = "WEGOSRV"
STATE = "serve.json"
LOCK = "serve.lock"
INSTALL_HINT = (
    "install it with `sudo apt-get install haproxy` (Debian/Ubuntu; `make test` does it as root through "
    "tools/system-deps.sh) or `brew install haproxy` (macOS)"
)
NGINX_INSTALL_HINT = (
    "install it with `sudo apt-get install nginx libnginx-mod-http-brotli-static brotli` (Debian/Ubuntu; `make test` "
    "does it as root through tools/system-deps.sh) or `brew install nginx` (macOS)"
)
# Text compresses; fonts (woff2), images and anything else already compressed are served as they are.
COMPRESSIBLE = {".js", ".mjs", ".css", ".json", ".map", ".geojson", ".svg", ".txt", ".csv", ".html", ".wasm", ".ttf"}
# A precompressed copy is kept only when it saves at least a tenth: below that, decoding costs more than it saves.
KEEP_BELOW = 0.9
# Part of every cache folder's fingerprint: a change to how the copies are made invalidates the old ones.
CACHE_FORMAT = "gzip9-brotli11-v1"
# Host header names make serve always accepts: its own checks, `status` and a browser on this machine use them.
LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
READY_TIMEOUT_S = 180
STOP_GRACE_S = 10


class ServeError(Exception):
    """A problem the operator can fix; printed as one line, without a traceback."""


# ---------------------------------------------------------------------------------------------------------------
# Configuration


def default_workers() -> int:
    """One process per core this process may run on (what `nproc` prints)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS has no sched_getaffinity
        return os.cpu_count() or 1


def find_haproxy(explicit: str | None = None) -> str:
    if explicit:
        if Path(explicit).is_file() and os.access(explicit, os.X_OK):
            return explicit
        raise ServeError(f"HAProxy is not at {explicit}: {INSTALL_HINT}")
    # Debian installs it in /usr/sbin, which is not on an ordinary user's PATH.
    found = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin:/usr/local/sbin")
    if not found:
        raise ServeError(f"HAProxy is not installed (no `haproxy` on PATH or in /usr/sbin): {INSTALL_HINT}")
    return found


def find_nginx(explicit: str | None = None) -> str:
    if explicit:
        if Path(explicit).is_file() and os.access(explicit, os.X_OK):
            return explicit
        raise ServeError(f"nginx is not at {explicit}: {NGINX_INSTALL_HINT}")
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if not found:
        raise ServeError(f"nginx is not installed (no `nginx` on PATH or in /usr/sbin): {NGINX_INSTALL_HINT}")
    return found


def nginx_brotli_module(nginx: str) -> str | None:
    """`load_module …;` for nginx's brotli_static, "" when it is built in, None when this nginx has none."""
    version = subprocess.run([nginx, "-V"], capture_output=True, text=True).stderr
    if "brotli" in version:  # compiled in (--add-module=…/ngx_brotli)
        return ""
    found = re.search(r"--modules-path=(\S+)", version)
    for folder in [found.group(1)] if found else []:
        module = Path(folder) / "ngx_http_brotli_static_module.so"  # Debian: libnginx-mod-http-brotli-static
        if module.is_file():
            return f'load_module "{module}";'
    return None


def base_path(env: dict[str, str], config_toml: Path = PROJECT / ".streamlit" / "config.toml") -> str:
    """Streamlit's server.baseUrlPath as a URL prefix ("" or "/name"), from the environment or .streamlit/config.toml,
    so that the proxy's routes and health checks follow it. The app uses none today."""
    value = env.get("STREAMLIT_SERVER_BASE_URL_PATH")
    if value is None and config_toml.is_file():
        import tomllib  # Python 3.11+; only `start` gets here, so `stop` and `status` still run on any Python 3

        with contextlib.suppress(ValueError):
            value = tomllib.loads(config_toml.read_text(encoding="utf-8")).get("server", {}).get("baseUrlPath")
    value = str(value or "").strip("/")
    if not re.fullmatch(r"[A-Za-z0-9._~/-]*", value):
        raise ServeError(f"server.baseUrlPath {value!r} has characters make serve does not route; use letters and /")
    return f"/{value}" if value else ""


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def check_port_free(host: str, port: int) -> None:
    """Fail early, with a message saying what to do, when the public address is taken."""
    with socket.socket(_family(host), socket.SOCK_STREAM) as s:
        # As HAProxy binds: SO_REUSEADDR lets a port in TIME_WAIT from a previous run be reused, never a listening one.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ServeError(
                    f"port {port} on {host} is already in use (another `make run` or `make serve`?): stop that, or "
                    f"choose another port with PORT=<port> (tools/serve.py --port)"
                ) from None
            if exc.errno == errno.EACCES:
                raise ServeError(f"no permission to listen on port {port}: choose a port above 1023") from None
            raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def free_loopback_ports(count: int, avoid: set[int]) -> list[int]:
    """Ports the kernel has free on 127.0.0.1 now; held together so that they are distinct."""
    held: list[socket.socket] = []
    try:
        while len(held) < count:
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            if s.getsockname()[1] in avoid:
                s.close()
                continue
            held.append(s)
        return [s.getsockname()[1] for s in held]
    finally:
        for s in held:
            s.close()


def bind_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def public_host(host: str) -> str:
    """The address delegates type: the one HAProxy listens on, or for a wildcard this machine's LAN address."""
    if host not in ("0.0.0.0", "::", ""):
        return host
    # A UDP "connect" sends no packet; it only asks the kernel which local address routes outwards.
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("192.0.2.1", 9))  # TEST-NET-1 (RFC 5737): never a real host
        address = s.getsockname()[0]
        if not address.startswith("127."):
            return address
    return socket.gethostname()


def local_addresses() -> list[str]:
    """This machine's own IP addresses, read from the kernel (Linux /proc; elsewhere none): no DNS, no packet."""
    found = []
    with contextlib.suppress(OSError):
        # IPv4: every "/32 host LOCAL" entry of the routing trie names an address of this machine.
        previous = ""
        for line in Path("/proc/net/fib_trie").read_text(encoding="ascii").splitlines():
            if line.strip() == "/32 host LOCAL" and previous.startswith("|--"):
                found.append(previous.removeprefix("|--").strip())
            previous = line.strip()
    with contextlib.suppress(OSError):
        for line in Path("/proc/net/if_inet6").read_text(encoding="ascii").splitlines():
            raw, _index, _prefix, scope, *_ = line.split()
            if scope != "20":  # link-local (fe80::) addresses need a zone a browser's address bar cannot carry
                found.append(str(ipaddress.IPv6Address(bytes.fromhex(raw))))
    return list(dict.fromkeys(found))


def host_name(value: str) -> str:
    """A name or address as HAProxy's host_only converter gives it from a Host header: lower case, no port, no
    trailing dot, an IPv6 address compressed and in brackets. ServeError for anything else (a wildcard, a URL)."""
    name = value.strip().lower().rstrip(".")
    with contextlib.suppress(ValueError):
        address = ipaddress.ip_address(name.removeprefix("[").removesuffix("]"))
        return f"[{address.compressed}]" if address.version == 6 else address.compressed
    if not re.fullmatch(r"[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*", name):
        raise ServeError(
            f"{value!r} is not a host name or IP address (SERVE_HOSTNAMES / --hostname take names such as "
            f"excom.example.org or 192.168.1.20, separated by commas or spaces; no port, no wildcard)"
        )
    return name


def split_host_names(values: list[str]) -> list[str]:
    """SERVE_HOSTNAMES and --hostname values ("a.example, b.example c.example") as host names; ServeError when one
    is not."""
    return [host_name(part) for value in values for part in re.split(r"[\s,]+", value) if part]


def allowed_hosts(bind_host: str, public: str, extra: list[str]) -> list[str]:
    """The names a browser may put in the Host header of a request to make serve (issue #9, DNS rebinding):
    loopback, this machine's name and addresses, the address printed for delegates, and the venue's own names."""
    hostname = socket.gethostname()
    short = hostname.split(".")[0]
    names = [*LOOPBACK_HOSTS, hostname, short, f"{short}.local", public, *local_addresses(), *extra]
    if bind_host not in ("0.0.0.0", "::", ""):
        names.append(bind_host)
    valid = []
    for name in names:
        with contextlib.suppress(ServeError):  # a machine name with characters no URL can carry is simply left out
            valid.append(host_name(name))
    return list(dict.fromkeys(valid))


def render_config(
    template: str,
    *,
    host: str,
    port: int,
    backends: list[tuple[str, int]],
    stats_port: int,
    static_port: int,
    base: str = "",
    cookie: str = COOKIE,
    hosts: list[str] | None = None,
) -> str:
    """haproxy.cfg; `hosts` are the Host header names it accepts (allowed_hosts), loopback only by default."""
    servers = "\n".join(f"    server {name} 127.0.0.1:{p} cookie {name}" for name, p in backends)
    return string.Template(template).substitute(
        BIND=bind_address(host, port),
        HOSTS=" ".join(hosts or LOOPBACK_HOSTS),
        SERVERS=servers,
        STATS_PORT=stats_port,
        STATIC_PORT=static_port,
        BASE=base,
        COOKIE=cookie,
    )


def render_nginx_config(
    template: str,
    *,
    port: int,
    run_dir: Path,
    streamlit_root: Path,
    app_root: Path,
    brotli_module: str | None,
    base: str = "",
) -> str:
    """nginx.conf for the static files; brotli_static only with a module for it (`nginx_brotli_module`)."""
    # As root nginx would run its worker as `nobody`, who may not read a clone under /root (CI's). It runs as whoever
    # started make serve instead, like HAProxy and Streamlit: it only reads files, on a loopback port.
    user = ""
    if os.geteuid() == 0:
        import grp
        import pwd

        user = f"user {pwd.getpwuid(0).pw_name} {grp.getgrgid(0).gr_name};"
    brotli = "    brotli_static on;" if brotli_module is not None else ""
    return string.Template(template).substitute(
        LOAD_MODULES=brotli_module or "",
        USER=user,
        RUN_DIR=run_dir,
        PORT=port,
        BASE=base,
        STREAMLIT_ROOT=streamlit_root,
        APP_ROOT=app_root,
        BROTLI=brotli,
    )


def nginx_command(nginx: str, run_dir: Path, config: Path, *, test: bool = False) -> list[str]:
    """In the foreground, errors to stderr (the log file serve.py gives it), everything else in the run folder;
    with `test`, only check the configuration."""
    check = ["-t", "-q"] if test else []
    return [nginx, *check, "-p", f"{run_dir}/", "-c", str(config), "-e", "stderr", "-g", "daemon off;"]


def streamlit_command(python: str, port: int, browser_host: str, browser_port: int) -> list[str]:
    return [
        python,
        "-m",
        "streamlit",
        "run",
        str(PROJECT / "app.py"),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        # The app's basemap is app/static/<file>?v=<hash>. Behind the proxy nginx serves those URLs; on, so that a
        # process reached directly (when debugging) still answers them.
        "--server.enableStaticServing",
        "true",
        # The address people type. Streamlit prints it, allows it as an origin, and, because it is set, never asks
        # checkip.amazonaws.com for this machine's public address.
        "--browser.serverAddress",
        browser_host,
        "--browser.serverPort",
        str(browser_port),
        # Nobody edits the code during a meeting; watching the source tree costs every process CPU and inotify handles.
        "--server.fileWatcherType",
        "none",
    ]


def worker_env(run_dir: Path, base: dict[str, str]) -> dict[str, str]:
    env = dict(base)  # WEGO_PRESENTER_KEY, WEGO_DATA_DIR and the rest pass through
    env.setdefault("WEGO_PRESENTER_BOARD", f"file:{run_dir / 'board.json'}")
    # One cookie secret for every process, so that anything Streamlit signs with it (st.login's cookies) is valid
    # whichever process a browser lands on after a failover. Through the environment, not argv: `ps` shows argv.
    env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))
    env["PYTHONUNBUFFERED"] = "1"
    return env


# ---------------------------------------------------------------------------------------------------------------
# Static files: compressed once per version, served by nginx


def streamlit_static(python: str) -> tuple[str, Path]:
    """The installed Streamlit's version and its static folder (index.html, and static/ with the hashed bundles)."""
    script = (
        "import json, streamlit as s, streamlit.file_util as f; print(json.dumps([s.__version__, f.get_static_dir()]))"
    )
    try:
        done = subprocess.run([python, "-c", script], check=True, capture_output=True, text=True, timeout=60)
        version, folder = json.loads(done.stdout.strip().splitlines()[-1])
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        raise ServeError(f"{python} cannot import streamlit: run `make serve` (it uses .venv)") from None
    return version, Path(folder)


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")) if folder.is_dir() else []


def _fingerprint(folder: Path, encodings: list[str], *, contents: bool) -> str:
    digest = hashlib.sha256(f"{CACHE_FORMAT} {' '.join(encodings)}\n".encode())
    for path in _files(folder):
        digest.update(f"{path.relative_to(folder).as_posix()}\0{path.stat().st_size}\n".encode())
        if contents:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _compress_tree(folder: Path, brotli: str | None, jobs: int) -> None:
    """<file>.gz (zlib level 9, no name or time in the header, so the same bytes every time) and, with the brotli
    command, <file>.br (quality 11) beside every compressible file; a copy that saves too little is removed."""
    files = [p for p in _files(folder) if p.suffix in COMPRESSIBLE]
    waiting = list(files) if brotli else []
    to_gzip = list(files)
    running: list[tuple[Path, subprocess.Popen]] = []
    try:
        # brotli at quality 11 is the slow part (about 30 CPU seconds for Streamlit's 23 MB of JavaScript): one
        # process per core, and this process gzips meanwhile. Processes, not threads (see Supervisor._spawn).
        while waiting or running or to_gzip:
            while waiting and len(running) < jobs:
                path = waiting.pop()
                cmd = [brotli, "--force", "--no-copy-stat", "--quality=11", f"--output={path}.br", "--", str(path)]
                running.append((path, subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE)))
            if to_gzip:
                path = to_gzip.pop()
                path.with_name(path.name + ".gz").write_bytes(gzip.compress(path.read_bytes(), 9, mtime=0))
            elif running:
                running[0][1].wait()
            for item in [item for item in running if item[1].poll() is not None]:
                running.remove(item)
                path, proc = item
                error = proc.stderr.read().decode(errors="replace").strip()
                proc.stderr.close()
                if proc.returncode != 0:
                    raise ServeError(f"brotli failed on {path}: {error or f'exit code {proc.returncode}'}")
    finally:
        for _, proc in running:
            proc.kill()
            proc.wait()
            proc.stderr.close()
    for path in files:
        stat = path.stat()
        for copy in (path.with_name(path.name + ".gz"), path.with_name(path.name + ".br")):
            if copy.exists():
                if copy.stat().st_size > KEEP_BELOW * stat.st_size:
                    copy.unlink()
                else:
                    # The original's mode (brotli makes its files private) and time (nginx's Last-Modified and ETag).
                    os.chmod(copy, stat.st_mode & 0o777)
                    os.utime(copy, ns=(stat.st_mtime_ns, stat.st_mtime_ns))


def _build_once(cache: Path, name: str, source: Path, brotli: str | None, jobs: int) -> Path:
    """cache/name: a copy of source with its compressed files, built under a temporary name and renamed when
    complete, so that a folder that exists is whole. Copies, not links: a file edited in place later must not
    disagree with its .gz."""
    final = cache / name
    if final.is_dir():
        return final
    building = cache / f".building-{name}-{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    for path in _files(source):
        target = building / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    _compress_tree(building, brotli, jobs)
    os.replace(building, final)
    return final


def prepare_static(
    cache: Path,
    streamlit_dir: Path,
    version: str,
    app_static: Path,
    *,
    brotli: str | None,
    jobs: int,
    say=lambda message: None,
) -> tuple[Path, Path]:
    """The folders nginx serves: Streamlit's hashed bundles (its static/static/, the /static/ URLs) and the app's
    static/ (the /app/static/ URLs), with .gz and, when `brotli` names the command, .br copies beside each file.

    Kept in `cache` and reused across starts: the bundles' folder is named by Streamlit's version and its file list
    (the names carry content hashes), the app's by the content of its files. Neither changes once built.
    """
    bundles = streamlit_dir / "static"
    if not (bundles / "js").is_dir():
        raise ServeError(f"Streamlit's bundles are not in {bundles}: reinstall streamlit (make clean; make serve)")
    encodings = ["gzip", "br"] if brotli else ["gzip"]
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / ".lock", "a+") as lock:
        # One start builds, any other waits here and then finds the folder built.
        fcntl.flock(lock, fcntl.LOCK_EX)
        for stale in cache.glob(".building-*"):  # left by a start that was interrupted
            shutil.rmtree(stale, ignore_errors=True)
        name = f"streamlit-{version}-{_fingerprint(bundles, encodings, contents=False)}"
        if not (cache / name).is_dir():
            say(
                f"serve: compressing Streamlit {version}'s bundles for nginx ({' and '.join(encodings)}, best level); "
                f"once per Streamlit version, into {cache}"
            )
        streamlit_root = _build_once(cache, name, bundles, brotli, jobs)
        app_name = f"app-{_fingerprint(app_static, encodings, contents=True)}"
        app_root = _build_once(cache, app_name, app_static, brotli, jobs)
    return streamlit_root, app_root


# ---------------------------------------------------------------------------------------------------------------
# Run folder: state file, lock, processes


def _ignore_in_git(run_dir: Path) -> None:
    # The run folder is machine state; a .gitignore inside .run/ keeps `git status` clean.
    top = PROJECT / ".run"
    if run_dir.is_relative_to(top) and not (top / ".gitignore").exists():
        (top / ".gitignore").write_text("*\n", encoding="utf-8")


def read_state(run_dir: Path) -> dict | None:
    try:
        return json.loads((run_dir / STATE).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def write_state(run_dir: Path, state: dict) -> None:
    tmp = run_dir / (STATE + ".tmp")
    tmp.write_text(json.dumps(state, indent=2), encoding="utf-8")
    os.replace(tmp, run_dir / STATE)


def lock_is_held(run_dir: Path) -> bool:
    """True while a supervisor runs on this folder: it holds an exclusive flock for its whole life."""
    path = run_dir / LOCK
    if not path.exists():
        return False
    with open(path, "a+") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(f, fcntl.LOCK_UN)
        return False


def _proc_stat(pid: int) -> tuple[str, int, int] | None:
    """(state, ppid, pgid) from /proc, or None when the process is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    return fields[0], int(fields[1]), int(fields[2])


def alive(pid: int) -> bool:
    """Running, not a zombie waiting for its parent (init reaps those)."""
    if Path("/proc").is_dir():
        stat = _proc_stat(pid)
        return stat is not None and stat[0] != "Z"
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def group_members(pgid: int) -> list[int]:
    """Live processes of a process group (Linux /proc; elsewhere only whether the group exists)."""
    if not Path("/proc").is_dir():
        try:
            os.killpg(pgid, 0)
        except (ProcessLookupError, PermissionError):
            return []
        return [pgid]
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _proc_stat(int(entry.name))
            if stat is not None and stat[2] == pgid and stat[0] != "Z":
                members.append(int(entry.name))
    return members


def descendants(roots: list[int]) -> list[int]:
    """Every live process below `roots`, also ones that left the process group (a browser started by kaleido)."""
    if not Path("/proc").is_dir():
        return []
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _proc_stat(int(entry.name))
            if stat is not None and stat[0] != "Z":
                children.setdefault(stat[1], []).append(int(entry.name))
    found, todo = [], list(roots)
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _kill(pids: list[int], sig: int) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, sig)


def _killpg(pgid: int | None, sig: int) -> None:
    if pgid:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, sig)


def _die_with_parent() -> None:
    """Runs in each child before exec: the kernel sends it SIGTERM if the supervisor dies, even by SIGKILL."""
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG (Linux)


def _last_line(path: Path) -> str:
    try:
        lines = [line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    except FileNotFoundError:
        return ""
    lines = [line for line in lines if line]
    return lines[-1] if lines else ""


def _get(url: str, timeout: float = 2) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def proxy_servers(stats_port: int, backend: str = "streamlit") -> list[dict]:
    """HAProxy's view of each server of a backend (the Streamlit processes, or "static": nginx): name, status
    (UP/DOWN), current and total sessions."""
    status, body = _get(f"http://127.0.0.1:{stats_port}/;csv")
    if status != 200:
        return []
    rows = csv.DictReader(io.StringIO(body.decode("utf-8").lstrip("# ")))
    return [
        {"name": r["svname"], "status": r["status"], "current": int(r["scur"] or 0), "total": int(r["stot"] or 0)}
        for r in rows
        if r["pxname"] == backend and r["svname"] not in ("FRONTEND", "BACKEND")
    ]


# ---------------------------------------------------------------------------------------------------------------
# The supervisor


class Supervisor:
    def __init__(self, args: argparse.Namespace, run_dir: Path, haproxy: str, nginx: str, site: dict) -> None:
        self.args = args
        self.run_dir = run_dir
        self.haproxy = haproxy
        self.nginx = nginx
        self.site = site  # base, streamlit_root, app_root, brotli_module, encodings (cmd_start)
        self.children: list[tuple[str, subprocess.Popen, Path]] = []
        self.pgid: int | None = None
        self.stop_signal: str | None = None
        self.logs: list = []

    def _spawn(self, name: str, cmd: list[str], env: dict[str, str], log_path: Path) -> subprocess.Popen:
        log = open(log_path, "ab")  # a file, never a pipe nobody reads: a full pipe would stall the process
        self.logs.append(log)
        proc = subprocess.Popen(
            cmd,
            cwd=PROJECT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            # One process group for everything started here, apart from the terminal's: Ctrl-C reaches only the
            # supervisor, which stops the group in order, and `stop` can end the group even if the supervisor died.
            process_group=self.pgid or 0,
            preexec_fn=_die_with_parent,  # safe here: the supervisor starts no threads
        )
        if self.pgid is None:
            self.pgid = proc.pid
        self.children.append((name, proc, log_path))
        return proc

    def _on_signal(self, signum, _frame) -> None:
        self.stop_signal = signal.Signals(signum).name

    def _check_children(self) -> None:
        for name, proc, log_path in self.children:
            code = proc.poll()
            if code is not None:
                last = _last_line(log_path)
                raise ServeError(
                    f"{name} exited with code {code}; stopping everything. Its log: {log_path}"
                    + (f" — {last}" if last else "")
                )

    def run(self) -> int:
        args, run_dir = self.args, self.run_dir
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, self._on_signal)
        stats_port, static_port, *ports = free_loopback_ports(args.workers + 2, avoid={args.port})
        backends = [(f"w{i}", p) for i, p in enumerate(ports, start=1)]
        site = self.site
        browser_host = args.public_host or public_host(args.host)
        hosts = allowed_hosts(args.host, browser_host, split_host_names(args.hostname))
        config = run_dir / "haproxy.cfg"
        config.write_text(
            render_config(
                TEMPLATE.read_text(encoding="utf-8"),
                host=args.host,
                port=args.port,
                backends=backends,
                stats_port=stats_port,
                static_port=static_port,
                base=site["base"],
                hosts=hosts,
            ),
            encoding="utf-8",
        )
        checked = subprocess.run([self.haproxy, "-c", "-q", "-f", str(config)], capture_output=True, text=True)
        if checked.returncode != 0:
            errors = [line for line in (checked.stderr + checked.stdout).splitlines() if "ALERT" in line]
            raise ServeError(f"HAProxy rejects {config}: {(errors or ['(no message)'])[0].strip()}")
        nginx_config = run_dir / "nginx.conf"
        (run_dir / "nginx-temp").mkdir(exist_ok=True)
        nginx_config.write_text(
            render_nginx_config(
                NGINX_TEMPLATE.read_text(encoding="utf-8"),
                port=static_port,
                run_dir=run_dir,
                streamlit_root=site["streamlit_root"],
                app_root=site["app_root"],
                brotli_module=site["brotli_module"],
                base=site["base"],
            ),
            encoding="utf-8",
        )
        checked = subprocess.run(
            nginx_command(self.nginx, run_dir, nginx_config, test=True), capture_output=True, text=True
        )
        if checked.returncode != 0:
            errors = [line for line in (checked.stderr + checked.stdout).splitlines() if "emerg" in line]
            raise ServeError(f"nginx rejects {nginx_config}: {(errors or ['(no message)'])[0].strip()}")
        board = run_dir / "board.json"
        if "WEGO_PRESENTER_BOARD" not in os.environ:
            board.unlink(missing_ok=True)  # a new meeting starts with nobody presenting
        env = worker_env(run_dir, dict(os.environ))
        state = {
            "supervisor_pid": os.getpid(),
            "pgid": None,
            "url": f"http://{bind_address(browser_host, args.port)}{site['base']}/",
            "bind": bind_address(args.host, args.port),
            "hosts": hosts,
            "stats_url": f"http://127.0.0.1:{stats_port}/",
            "stats_port": stats_port,
            "board": env["WEGO_PRESENTER_BOARD"],
            "workers": [],
            "haproxy_pid": None,
            "nginx_pid": None,
            "static_port": static_port,
            "static_files": {
                "encodings": site["encodings"],
                "bundles": str(site["streamlit_root"]),
                "app": str(site["app_root"]),
            },
            "ready": False,
            "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        write_state(run_dir, state)  # from here on `stop` can find this supervisor
        try:
            # HAProxy first: it takes the public port at once, so a port taken meanwhile fails in a second, not
            # after the Streamlit processes have started. Until they answer its health checks it serves 503s.
            haproxy = self._spawn("haproxy", [self.haproxy, "-db", "-f", str(config)], env, run_dir / "haproxy.log")
            state["haproxy_pid"] = haproxy.pid
            state["pgid"] = self.pgid
            nginx = self._spawn("nginx", nginx_command(self.nginx, run_dir, nginx_config), env, run_dir / "nginx.log")
            state["nginx_pid"] = nginx.pid
            for name, port in backends:
                log_path = run_dir / f"worker-{name}.log"
                proc = self._spawn(
                    f"worker {name} (port {port})",
                    streamlit_command(args.python, port, browser_host, args.port),
                    env,
                    log_path,
                )
                state["workers"].append({"name": name, "port": port, "pid": proc.pid, "log": str(log_path)})
            write_state(run_dir, state)
            self._wait_ready(backends, stats_port, static_port)
            state["ready"] = True
            write_state(run_dir, state)
            key = "set" if os.environ.get("WEGO_PRESENTER_KEY") else "not set (WEGO_PRESENTER_KEY; nobody can drive)"
            print(
                f"serve: the dashboard answers on {state['url']} ({len(backends)} Streamlit processes and nginx for "
                f"the static files ({', '.join(site['encodings'])}) behind HAProxy on {state['bind']}).\n"
                f"       Delegates open {state['url']}?follow=1 · presenter key {key}\n"
                f"       Host names accepted: {' '.join(hosts)} (add the venue's with SERVE_HOSTNAMES=<name>)\n"
                f"       Logs, board and state in {run_dir} · HAProxy stats on {state['stats_url']} (this machine only)"
                f"\n       Stop with Ctrl-C, or `make serve-stop` when detached.",
                flush=True,
            )
            while self.stop_signal is None:
                self._check_children()
                time.sleep(0.2)
            print(f"serve: {self.stop_signal} received; stopping.", flush=True)
            return 0
        finally:
            self.stop()
            with contextlib.suppress(FileNotFoundError):
                (run_dir / STATE).unlink()

    def _wait_ready(self, backends: list[tuple[str, int]], stats_port: int, static_port: int) -> None:
        deadline = time.monotonic() + self.args.ready_timeout
        pending = {name: f"http://127.0.0.1:{port}{self.site['base']}/_stcore/health" for name, port in backends}
        pending["nginx"] = f"http://127.0.0.1:{static_port}/.health"
        while time.monotonic() < deadline and self.stop_signal is None:
            self._check_children()
            for name, url in list(pending.items()):
                with contextlib.suppress(OSError):
                    if _get(url)[0] == 200:
                        del pending[name]
            if not pending:
                with contextlib.suppress(OSError):
                    servers = proxy_servers(stats_port) + proxy_servers(stats_port, "static")
                    if len(servers) == len(backends) + 1 and all(s["status"] == "UP" for s in servers):
                        return
            time.sleep(0.25)
        if self.stop_signal is not None:
            raise ServeError(f"{self.stop_signal} received while starting; stopped.")
        raise ServeError(
            f"not ready after {self.args.ready_timeout:.0f} s (still starting: {', '.join(pending) or 'HAProxy'}); "
            f"see the logs in {self.run_dir}"
        )

    def stop(self) -> None:
        """HAProxy first (no new requests), then nginx, the Streamlit processes and anything they started."""
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)  # a second Ctrl-C must not interrupt the clean-up
        others = [proc.pid for name, proc, _ in self.children if name != "haproxy"]
        below = descendants([proc.pid for _, proc, _ in self.children])
        for name, proc, _ in self.children:
            if name == "haproxy" and proc.poll() is None:
                proc.terminate()
        _kill(others, signal.SIGTERM)  # nginx's master ends its worker on SIGTERM
        deadline = time.monotonic() + STOP_GRACE_S
        for _, proc, _ in self.children:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        _killpg(self.pgid, signal.SIGKILL)
        _kill([pid for pid in below if alive(pid)], signal.SIGKILL)
        for _, proc, _ in self.children:
            proc.wait()
        for log in self.logs:
            log.close()


# ---------------------------------------------------------------------------------------------------------------
# Commands


def _run_dir(args: argparse.Namespace) -> Path:
    return Path(args.run_dir).resolve() if args.run_dir else DEFAULT_RUN_DIR


def _preflight(args: argparse.Namespace, run_dir: Path) -> tuple[str, str, tuple[str, Path]]:
    if args.workers < 1:
        raise ServeError("--workers must be 1 or more")
    haproxy = find_haproxy(args.haproxy)
    nginx = find_nginx(args.nginx)
    if lock_is_held(run_dir):
        state = read_state(run_dir) or {}
        raise ServeError(
            f"already running from {run_dir} ({state.get('url', 'starting')}, pid {state.get('supervisor_pid', '?')})"
            f": stop it with `make serve-stop` (tools/serve.py stop) first"
        )
    split_host_names(args.hostname)  # a name HAProxy could not take fails here, before anything is compressed
    check_port_free(args.host, args.port)
    return haproxy, nginx, streamlit_static(args.python)


def _prepare_site(args: argparse.Namespace, nginx: str, streamlit: tuple[str, Path]) -> dict:
    """What nginx serves, compressed (once per version) before anything starts."""
    version, folder = streamlit
    module = nginx_brotli_module(nginx)
    # Brotli needs both the module that serves .br files and the command that makes them; without either, gzip.
    brotli = shutil.which("brotli") if module is not None else None
    streamlit_root, app_root = prepare_static(
        Path(args.static_cache).resolve() if args.static_cache else DEFAULT_STATIC_CACHE,
        folder,
        version,
        APP_STATIC,
        brotli=brotli,
        jobs=default_workers(),
        say=lambda message: print(message, flush=True),
    )
    return {
        "base": base_path(dict(os.environ)),
        "streamlit_root": streamlit_root,
        "app_root": app_root,
        "brotli_module": module if brotli else None,
        "encodings": ["br", "gzip"] if brotli else ["gzip"],
    }


def cmd_start(args: argparse.Namespace) -> int:
    run_dir = _run_dir(args)
    run_dir.mkdir(parents=True, exist_ok=True)
    _ignore_in_git(run_dir)
    haproxy, nginx, streamlit = _preflight(args, run_dir)
    if args.detach:
        return _start_detached(args, run_dir)
    with open(run_dir / LOCK, "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ServeError(f"already running from {run_dir}: stop it with `make serve-stop` first") from None
        site = _prepare_site(args, nginx, streamlit)
        return Supervisor(args, run_dir, haproxy, nginx, site).run()


def _start_detached(args: argparse.Namespace, run_dir: Path) -> int:
    argv = [sys.executable, str(Path(__file__).resolve()), "start", "--run-dir", str(run_dir)]
    argv += ["--workers", str(args.workers), "--host", args.host, "--port", str(args.port), "--python", args.python]
    argv += ["--ready-timeout", str(args.ready_timeout)]
    if args.haproxy:
        argv += ["--haproxy", args.haproxy]
    if args.nginx:
        argv += ["--nginx", args.nginx]
    if args.static_cache:
        argv += ["--static-cache", str(Path(args.static_cache).resolve())]
    if args.public_host:
        argv += ["--public-host", args.public_host]
    argv += [f"--hostname={name}" for name in args.hostname if name]
    log_path = run_dir / "serve.log"
    with contextlib.suppress(FileNotFoundError):
        (run_dir / STATE).unlink()
    with open(log_path, "ab") as log:
        supervisor = subprocess.Popen(
            argv, cwd=PROJECT, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + args.ready_timeout + 30
    while time.monotonic() < deadline:
        state = read_state(run_dir)
        if state and state.get("ready") and state.get("supervisor_pid") == supervisor.pid:
            print(
                f"serve: the dashboard answers on {state['url']} (detached, pid {supervisor.pid}); "
                f"delegates open {state['url']}?follow=1; stop with `make serve-stop`. Logs in {run_dir}"
            )
            return 0
        if supervisor.poll() is not None:
            last = _last_line(log_path)
            raise ServeError(last.removeprefix("serve: ") if last else f"the supervisor exited; see {log_path}")
        time.sleep(0.2)
    supervisor.terminate()
    supervisor.wait()
    raise ServeError(f"not ready in time; see {log_path}")


def cmd_stop(args: argparse.Namespace) -> int:
    run_dir = _run_dir(args)
    state = read_state(run_dir) or {}
    pgid = state.get("pgid")
    leftovers = group_members(pgid) if pgid else []
    if not lock_is_held(run_dir) and not leftovers:
        print(f"serve: nothing running from {run_dir}")
        return 0
    pid = state.get("supervisor_pid")
    if pid and alive(pid):
        _kill([pid], signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_S + 10
    while time.monotonic() < deadline and (lock_is_held(run_dir) or (pid and alive(pid))):
        time.sleep(0.1)
    if pid and alive(pid):
        _kill([pid], signal.SIGKILL)
    # Whatever the supervisor left (it was killed, or a process ignored SIGTERM) goes with the group.
    if pgid and group_members(pgid):
        _killpg(pgid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while pgid and group_members(pgid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if pgid and group_members(pgid):
        raise ServeError(f"processes {group_members(pgid)} of process group {pgid} did not stop")
    with contextlib.suppress(FileNotFoundError):
        (run_dir / STATE).unlink()
    print(f"serve: stopped ({run_dir})")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    run_dir = _run_dir(args)
    state = read_state(run_dir)
    running = lock_is_held(run_dir) and state is not None
    report = {"running": running, "run_dir": str(run_dir)}
    if running:
        servers = {}
        with contextlib.suppress(OSError):
            servers = {s["name"]: s for s in proxy_servers(state["stats_port"])}
        report |= {k: state[k] for k in ("url", "bind", "stats_url", "board", "ready", "supervisor_pid", "pgid")}
        report["hosts"] = state.get("hosts", [])
        report["haproxy"] = {"pid": state["haproxy_pid"], "alive": alive(state["haproxy_pid"])}
        static = {}
        with contextlib.suppress(OSError, IndexError):
            static = proxy_servers(state["stats_port"], "static")[0]
        report["nginx"] = {
            "pid": state.get("nginx_pid"),
            "alive": bool(state.get("nginx_pid")) and alive(state["nginx_pid"]),
            "port": state.get("static_port"),
            **{k: v for k, v in static.items() if k != "name"},
            **state.get("static_files", {"encodings": []}),
        }
        report["workers"] = [
            {**w, "alive": alive(w["pid"]), **{k: v for k, v in servers.get(w["name"], {}).items() if k != "name"}}
            for w in state["workers"]
        ]
    if args.json:
        print(json.dumps(report, indent=2))
    elif not running:
        print(f"serve: not running ({run_dir})")
    else:
        print(
            f"serve: {'ready' if report['ready'] else 'starting'} on {report['url']} (bind {report['bind']}); "
            f"stats {report['stats_url']}"
        )
        n = report["nginx"]
        print(
            f"  nginx  127.0.0.1:{n['port']}  pid {n['pid']}  {n.get('status', '?')}  static files "
            f"({', '.join(n['encodings'])}), {n.get('total', '?')} requests in all"
        )
        for w in report["workers"]:
            print(
                f"  {w['name']}  127.0.0.1:{w['port']}  pid {w['pid']}  {w.get('status', '?')}  "
                f"{w.get('current', '?')} connections now, {w.get('total', '?')} in all"
            )
    return 0 if running else 3


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="tools/serve.py", description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    start = sub.add_parser(
        "start", help="start HAProxy, nginx and the Streamlit processes (foreground unless --detach)"
    )
    start.add_argument("--workers", type=int, default=default_workers(), help="Streamlit processes (default: nproc)")
    start.add_argument("--host", default="0.0.0.0", help="address HAProxy listens on (default 0.0.0.0: every one)")
    start.add_argument("--port", type=int, default=8501, help="port HAProxy listens on (default 8501)")
    start.add_argument("--public-host", help="the address delegates type (default: --host, or this machine's)")
    start.add_argument(
        "--hostname",
        action="append",
        default=[os.environ.get("SERVE_HOSTNAMES", "")],
        help="another name browsers may use for this machine (the venue's DNS name); repeatable, or a comma-separated "
        "list; also from SERVE_HOSTNAMES. localhost, this machine's name and its addresses are always accepted",
    )
    start.add_argument("--detach", action="store_true", help="return once ready; `stop` ends it")
    start.add_argument("--haproxy", help="the haproxy binary (default: haproxy on PATH or in /usr/sbin)")
    start.add_argument("--nginx", help="the nginx binary (default: nginx on PATH or in /usr/sbin)")
    start.add_argument(
        "--static-cache", help=f"compressed static files (default {DEFAULT_STATIC_CACHE.relative_to(PROJECT)})"
    )
    start.add_argument("--python", default=sys.executable, help="the Python that runs Streamlit (default: this one)")
    start.add_argument("--ready-timeout", type=float, default=READY_TIMEOUT_S, help="seconds to wait for readiness")
    for command in (start, sub.add_parser("stop", help="stop a detached start"), sub.add_parser("status")):
        command.add_argument("--run-dir", help=f"run folder (default {DEFAULT_RUN_DIR.relative_to(PROJECT)})")
    sub.choices["status"].add_argument("--json", action="store_true")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return {"start": cmd_start, "stop": cmd_stop, "status": cmd_status}[args.command](args)
    except ServeError as exc:
        print(f"serve: {exc}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        print("serve: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
