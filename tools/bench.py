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
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
