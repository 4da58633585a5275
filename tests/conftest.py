"""Shared fixtures: sample snapshots built into a temporary data folder, and no network for any test."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import ipaddress
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SOURCE = PROJECT / "data" / "source"
SEED = PROJECT / "data" / "reference" / "seed"
REPORT_ID = "2016-04-26"


def _is_loopback(address) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True, scope="session")
def no_network():
    """Tests never touch the network: any connection to a non-loopback address fails loudly."""
    original = socket.socket.connect

    def guarded(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            raise RuntimeError(f"a test tried to reach the network: {address!r}")
        return original(self, address)

    socket.socket.connect = guarded
    yield
    socket.socket.connect = original


# No fixture sets Streamlit's legacy-pages/ flag (PagesManager.uses_pages_directory) for AppTest. AppTest resets it
# before every run (streamlit/testing/v1/app_test.py:666), so each AppTest run starts as the first request of a new
# server process does, with the pages/ folder next to app.py read as a legacy page list. The app leaves that state
# through public API only (st.navigation before any widget in app.py, wego_ui.state._run_through_the_frame for a
# page run without app.py), so the AppTest suites check that path on every run and need no help to match the live
# server; tests/test_browser.py's test_fresh_server_* tests check it on real server processes.


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    """A data folder with the sample sources and every sample snapshot built through the real ingest path."""
    from wego_data import ingest

    base = tmp_path_factory.mktemp("data")
    shutil.copytree(SOURCE, base / "source")
    ingest.build_sample(base)
    os.environ["WEGO_DATA_DIR"] = str(base)
    return base


@pytest.fixture(scope="session")
def later_data_dir(tmp_path_factory) -> Path:
    """The three samples plus a generated snapshot five years later (tests/later.py), newest first in the app.

    Unlike data_dir it leaves WEGO_DATA_DIR alone (both may serve one session): a test that runs the app on it sets
    the variable itself, e.g. monkeypatch.setenv("WEGO_DATA_DIR", str(later_data_dir))."""
    from later import LATER_AS_OF, LATER_ID, LATER_LABEL, LATER_LABEL_KO, write_later_export

    from wego_data import ingest

    base = tmp_path_factory.mktemp("later_data")
    shutil.copytree(SOURCE, base / "source")
    ingest.build_sample(base)
    export = write_later_export(tmp_path_factory.mktemp("later_export"))
    ingest.ingest(
        export, as_of=LATER_AS_OF, snapshot_id=LATER_ID, label=LATER_LABEL, label_ko=LATER_LABEL_KO, base=base
    )
    return base


@pytest.fixture(scope="session")
def warehouse(data_dir):
    from wego_data.warehouse import Warehouse

    wh = Warehouse(data_dir, audience="committee")
    yield wh
    wh.close()


@pytest.fixture
def good_folder(tmp_path) -> Path:
    """A writable copy of the 2016-04-26 export, for tests that break one thing in it."""
    folder = tmp_path / "export"
    shutil.copytree(SOURCE / REPORT_ID, folder)
    return folder


def tree_digest(root: Path) -> dict[str, str]:
    """Every file and folder under root with the sha256 of its bytes, to prove nothing changed."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        out[rel] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "<dir>"
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(script: Path, env: dict[str, str], cwd: Path | None = None, port: int | None = None, **more):
    """`streamlit run <script>` on a free loopback port, as a venue server runs it; yields (base URL, process).

    Its log goes to a file, never a pipe: a pipe nobody reads fills up (64 KB) and then stalls the server mid-test.
    No file watcher: an edit to the working tree during a test would make Streamlit drop modules from sys.modules
    while other sessions import them. browser.serverAddress set: no lookup of an external IP at start."""
    port = port or free_port()
    log = tempfile.TemporaryFile()
    flags = {
        "server.port": str(port),
        "server.address": "127.0.0.1",
        "server.headless": "true",
        "server.fileWatcherType": "none",
        "browser.gatherUsageStats": "false",
        "browser.serverAddress": "127.0.0.1",
        **more,  # further options, e.g. {"secrets.files": path} (passed as --secrets.files path)
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            *(a for k, v in flags.items() for a in (f"--{k}", str(v))),
        ],
        cwd=cwd or script.parent,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        proc.wait()
        log.seek(0)
        log_text = log.read().decode(errors="replace")[-2000:]
        log.close()
        pytest.fail("the Streamlit server did not start: " + log_text)
    try:
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


CHROMIUM = "/usr/bin/chromium"


@contextlib.contextmanager
def _chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium) or apt-get install chromium"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright from pip (never Playwright's own browser download), one per
    test module: Playwright's sync API keeps an event loop on the main thread while it runs, so it must be gone
    before the modules that use asyncio themselves (tests/test_loadgen.py, test_protocol.py, test_startup.py)."""
    with _chromium() as b:
        yield b


# Sign-in as the tests configure it (issue #9): the [auth] settings st.login needs and the dashboard's role lists.
# AppTest never calls the provider: it sets st.user itself (AppTest.user); tests/test_signin.py signs in for real
# against a local OpenID provider.
SIGNIN_SECRETS = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "tests-only-cookie-secret-0123456789abcdef",
        "client_id": "wego-dashboard",
        "client_secret": "tests-only-client-secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    },
    "wego": {"signin": {"roles_claim": "groups", "committee": ["wego-committee"], "presenter": ["wego-presenter"]}},
}


def sign_in(at, *groups: str, email: str = "delegate@wego.example") -> None:
    """Make an AppTest's session a signed-in person in `groups` (e.g. "wego-committee")."""
    for name, value in SIGNIN_SECRETS.items():
        at.secrets[name] = value
    at.user = {"is_logged_in": True, "email": email, "name": "Test Delegate", "groups": list(groups)}


def run_app(page: str | None = None, audience: str = "committee", **params):
    """The dashboard through AppTest, as a signed-in committee member (the secretariat's view), a signed-in account
    with no role ("no-role") or the public ("public"); opened at `page` with URL parameters; no exception shown."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60)
    if audience == "committee":
        sign_in(at, "wego-committee")
    elif audience == "no-role":
        sign_in(at)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def read_table(folder: Path, table: str) -> tuple[list[str], list[dict]]:
    """An export's <table>.csv as its header and rows, for tests that change one thing in it."""
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames), list(reader)


def write_table(folder: Path, table: str, header: list[str], rows: list[dict]) -> None:
    with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def pdf_reader(pdf: bytes):
    """A pypdf reader of the briefing pack, as any reader opens it: no workaround (issue #10, the pack's fonts carry
    their Unicode maps in the standard form every reader decodes)."""
    import io

    import pypdf

    return pypdf.PdfReader(io.BytesIO(pdf))


# One dashboard server for the whole run, shared by the issue #10 browser tests (layouts, slides, accessibility,
# links): they only read, so starting one per module would only cost time.
SHARED_PRESENTER_KEY = "shared-browser-key"


@pytest.fixture(scope="session")
def sample_server(data_dir):
    """`streamlit run app.py` on the sample snapshots, on a free loopback port, for the whole test run."""
    env = {**os.environ, "WEGO_DATA_DIR": str(data_dir), "WEGO_PRESENTER_KEY": SHARED_PRESENTER_KEY}
    with streamlit_server(PROJECT / "app.py", env) as (base, _proc):
        yield base


def screen_tables(at) -> list:
    """The tables an AppTest run shows a wide screen: each table once (a phone's narrower copy of it, in a
    `wego-narrow-` container, left out; wego_ui/render.py draws both and the stylesheet shows one)."""

    def walk(node, narrow=False):
        proto = getattr(node, "proto", None)
        narrow = narrow or "-wego-narrow-" in str(getattr(proto, "id", "") or "")
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                yield from walk(child, narrow)
        if type(node).__name__ == "Dataframe" and not narrow:
            yield node

    return list(walk(at._tree))


@pytest.fixture(scope="session")
def ceds_data_dir(tmp_path_factory) -> Path:
    """The three sample exports with test CeDS results (tests/maturity_data.py, fixed seed) added to the two newest,
    built through the real ingest path into <tmp>/snapshots: the data folder, shaped as data_dir's (issue #11).

    Like later_data_dir it leaves WEGO_DATA_DIR alone: a test that runs the app on it sets the variable itself."""
    import datetime

    from maturity_data import add_ceds

    from wego_data import ingest

    base = tmp_path_factory.mktemp("ceds_data")
    shutil.copytree(SOURCE, base / "source")
    samples = sorted(ingest.sample_sources(base), key=lambda sample: sample["as_of"])
    for sample in samples[-2:]:
        add_ceds(base / "source" / sample["id"], datetime.date.fromisoformat(sample["as_of"]))
    ingest.build_sample(base)
    return base
