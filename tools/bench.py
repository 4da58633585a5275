"""Benchmark (`make bench`): how long the data path and the pages take on this machine. Timings live here, not in
the tests. Prints one line per measurement: the median of several runs, in milliseconds."""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wego_data import ingest, queries  # noqa: E402
from wego_data.validate import validate_folder  # noqa: E402
from wego_data.warehouse import Warehouse  # noqa: E402

SNAPSHOT = "2016-04-26"


def timed(label: str, func, repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        runs.append((time.perf_counter() - start) * 1000)
    median = statistics.median(runs)
    print(f"{label:<48} {median:9.1f} ms   (min {min(runs):.1f}, max {max(runs):.1f}, n={repeat})")
    return median


def follow_latency(base: Path, rounds: int = 4) -> None:
    """Seconds from the presenter's click to the follower's screen showing the same page (promise: under 2 s)."""
    import socket
    import subprocess
    import urllib.request

    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "WEGO_DATA_DIR": str(base), "WEGO_PRESENTER_KEY": "bench"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            presenter, follower = browser.new_page(), browser.new_page()
            presenter.goto(url)
            presenter.get_by_role("heading", name="Overview", exact=True).wait_for()
            key = presenter.get_by_label("Presenter key", exact=True).and_(presenter.locator("input"))
            key.fill("bench")
            key.press("Enter")
            presenter.get_by_text("You are presenting").wait_for()
            follower.goto(f"{url}/?follow=1")
            follower.get_by_role("heading", name="Overview", exact=True).wait_for()
            runs = []
            for i in range(rounds):
                target = ["Members", "Budget and spending"][i % 2]
                presenter.get_by_test_id("stSidebarNavLink").filter(has_text=target).click()
                start = time.perf_counter()
                follower.get_by_role("heading", name=target, exact=True).wait_for(timeout=30_000)
                runs.append(time.perf_counter() - start)
                # Let both finish rendering before the presenter clicks again.
                for page in (presenter, follower):
                    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
                    page.wait_for_timeout(500)
            browser.close()
        print(
            f"{'follower sees the presenter change':<48} {statistics.median(runs) * 1000:9.1f} ms   "
            f"(min {min(runs) * 1000:.1f}, max {max(runs) * 1000:.1f}, n={rounds}; promise: under 2,000 ms)"
        )
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    base = Path(tempfile.mkdtemp(prefix="wego-bench-"))
    try:
        shutil.copytree(ROOT / "data" / "source", base / "source")
        os.environ["WEGO_DATA_DIR"] = str(base)
        timed("validate one export (2016-04-26)", lambda: validate_folder(base / "source" / SNAPSHOT))
        timed(
            "build every sample snapshot",
            lambda: (shutil.rmtree(base / "snapshots", ignore_errors=True), ingest.build_sample(base)),
            repeat=3,
        )
        wh = Warehouse(base)
        for name, kwargs in [
            ("members", {}),
            ("members_by_region", {}),
            ("latest_figures", {}),
            ("offices", {}),
            ("office_arcs", {}),
            ("meetings", {}),
            ("budget_lines", {"fiscal_year": 2015}),
            ("spending", {"fiscal_year": 2015}),
            ("program_timeline", {"fiscal_year": 2016}),
            ("events", {}),
            ("assembly_history", {}),
        ]:
            timed(f"query {name}", lambda n=name, k=kwargs: getattr(queries, n)(wh, SNAPSHOT, **k), repeat=20)

        import logging

        from streamlit.testing.v1 import AppTest

        logging.getLogger("streamlit").setLevel(logging.ERROR)

        for page in ("overview", "members", "offices", "programs", "budget"):

            def run(page=page):
                at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
                at.query_params["snapshot"] = SNAPSHOT
                at.run()
                if page != "overview":
                    at.switch_page(f"pages/{page}.py").run()
                assert not at.exception

            timed(f"page {page} (AppTest run)", run, repeat=3)
        import wego_brief

        wego_brief.bench(timed, base)
        follow_latency(base)
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
