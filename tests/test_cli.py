"""The command line end to end: ingest of an XLSX export, list, diff between the sample snapshots (issue #2)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import subprocess
import sys

import openpyxl
import pyarrow.parquet as pq
import pytest
from conftest import PROJECT, REPORT_ID, SOURCE, tree_digest

from wego_data.schema import TABLES


def run_cli(*args, data_dir):
    env = {**os.environ, "WEGO_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "wego_data", *args], capture_output=True, text=True, cwd=PROJECT, env=env
    )


def to_xlsx(src, dst):
    """Save each CSV as a workbook the way a spreadsheet would: numbers as numbers, dates as dates."""
    dst.mkdir()
    for name, table in TABLES.items():
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = name
        with (src / f"{name}.csv").open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            sheet.append(reader.fieldnames)
            for row in reader:
                cells = []
                for col in table.columns:
                    text = row[col.name]
                    if text == "":
                        cells.append(None)
                    elif col.type == "int":
                        cells.append(int(text))
                    elif col.type == "float":
                        cells.append(float(text))
                    elif col.type == "date":
                        cells.append(dt.date.fromisoformat(text))
                    elif col.type == "bool":
                        cells.append(text == "true")
                    else:
                        cells.append(text)
                sheet.append(cells)
        book.save(dst / f"{name}.xlsx")


def test_ingest_xlsx_publishes_a_snapshot_that_list_shows(tmp_path, data_dir):
    # A data folder of its own: the session's shared one must keep exactly the samples other tests count on.
    shared, data_dir = data_dir, tmp_path / "data"
    shutil.copytree(shared / "snapshots", data_dir / "snapshots")
    to_xlsx(SOURCE / REPORT_ID, tmp_path / "xlsx")
    out = run_cli(
        "ingest",
        str(tmp_path / "xlsx"),
        "--as-of",
        "2016-04-26",
        "--id",
        "2016-04-26-xlsx",
        "--label",
        "From Excel",
        data_dir=data_dir,
    )
    assert out.returncode == 0, out.stderr
    assert "published snapshot 2016-04-26-xlsx" in out.stdout
    listed = run_cli("list", data_dir=data_dir).stdout
    assert "2016-04-26-xlsx  as of 2016-04-26  'From Excel'  warnings 1" in listed
    for table in TABLES:
        from_csv = pq.read_table(data_dir / "snapshots" / REPORT_ID / f"{table}.parquet")
        from_xlsx = pq.read_table(data_dir / "snapshots" / "2016-04-26-xlsx" / f"{table}.parquet")
        assert from_csv.equals(from_xlsx), table


def test_ingest_of_an_existing_id_exits_2_and_changes_nothing(data_dir):
    before = tree_digest(data_dir / "snapshots")
    out = run_cli("ingest", str(SOURCE / REPORT_ID), "--as-of", "2016-04-26", data_dir=data_dir)
    assert out.returncode == 2
    assert "already exists" in out.stderr
    assert "Traceback" not in out.stderr
    assert tree_digest(data_dir / "snapshots") == before


def test_list_shows_every_sample(data_dir):
    out = run_cli("list", data_dir=data_dir)
    assert out.returncode == 0
    for sample in (
        "2016-04-26  as of 2016-04-26  '2016 report to the Seoul council'",
        "2016-10-11-excom  as of 2016-10-11",
        "2025-11-01  as of 2025-11-01",
    ):
        assert sample in out.stdout


def test_diff_prints_the_real_differences(data_dir):
    out = run_cli("diff", "2016-04-26", "2025-11-01", data_dir=data_dir)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "+ Goyang (Asia): full, active" in text
    assert "opened: WeGO Africa Regional Office (Abuja), opened 2021-02-24" in text
    assert "opened: WeGO MENA Regional Office (Abu Dhabi), opened 2024\n" in text
    assert "added: 2017-06-27 4th WeGO General Assembly" in text
    assert "held: 2016-10-11 2016 WeGO Executive Committee (EXCOM)" in text
    assert "~ Ulyanovsk Region: EXCOM role executive_vice_president → none" in text
    assert "2023-09-01 members_total = 213" in text


def test_diff_json_agrees_with_text(data_dir):
    out = run_cli("diff", "2016-04-26", "2016-10-11-excom", "--json", data_dir=data_dir)
    result = json.loads(out.stdout)
    changed = {m["member_id"]: m for m in result["members"]}
    for applicant in ("sejong", "yakutsk", "mugla"):
        assert changed[applicant]["change"] == "added"
        assert changed[applicant]["new_status"] == "applicant"
    figures = {(f["figure"], f["value"]) for f in result["figures"]}
    assert ("members_total", 112) in figures


@pytest.mark.parametrize("args", [("diff", "2016-04-26", "nope"), ("diff", "../..", "2016-04-26")])
def test_diff_with_an_unknown_snapshot_says_so(args, data_dir):
    out = run_cli(*args, data_dir=data_dir)
    assert out.returncode == 1
    assert "no snapshot" in out.stderr and "Traceback" not in out.stderr


def test_validate_a_missing_folder(tmp_path, data_dir):
    out = run_cli("validate", str(tmp_path / "nope"), data_dir=data_dir)
    assert out.returncode == 2 and "does not exist" in out.stdout


@pytest.mark.parametrize("bucket", [None, "s3://wego-meeting/snapshots"])
def test_make_sample_builds_the_samples_or_says_why_not(tmp_path, bucket):
    # `make run`, `make serve` and `make bench` start with `make sample`: it must run in a real shell.
    shutil.copytree(SOURCE, tmp_path / "source")
    env = {k: v for k, v in os.environ.items() if k not in ("WEGO_SNAPSHOTS", "MAKEFLAGS", "MFLAGS")}
    env["WEGO_DATA_DIR"] = str(tmp_path)
    if bucket:
        env["WEGO_SNAPSHOTS"] = bucket
    done = subprocess.run(["make", "-s", "sample"], cwd=PROJECT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    built = sorted(p.name for p in (tmp_path / "snapshots").iterdir()) if (tmp_path / "snapshots").exists() else []
    if bucket:
        assert done.stdout.strip() == f"WEGO_SNAPSHOTS is set ({bucket}): no sample snapshot published"
        assert built == []
    else:
        samples = json.loads((SOURCE / "samples.json").read_text(encoding="utf-8"))
        assert built == sorted(s["id"] for s in samples)
