"""Ingest refuses what it cannot serve (issue #9, point 5): amounts and counts beyond what the app can add up, as-of
dates in the future, long cells, huge or wide files, other scripts' digits, control characters, symbolic links; it
cleans what killed ingests left; and no input ends in a traceback."""

from __future__ import annotations

import csv
import datetime as dt
import fcntl
import io
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import duckdb
import openpyxl
import pyarrow.parquet as pq
import pytest
from conftest import PROJECT, REPORT_ID, SOURCE, read_table, write_table
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wego_data import ingest, snapshots, store, validate
from wego_data.schema import TABLES
from wego_data.validate import (
    MAX_AMOUNT_KRW,
    MAX_CELL_CHARS,
    MAX_COLUMN_TOTAL,
    MAX_COUNT,
    MAX_UNKNOWN_COLUMNS,
    Problem,
    Result,
    validate_folder,
)

INT64_MAX = 2**63 - 1
NEWEST = "2025-11-01"


def set_cell(folder: Path, table: str, column: str, value: str, index: int = 0) -> int:
    """Set one cell of the index-th row; return its row number as a spreadsheet shows it."""
    header, rows = read_table(folder, table)
    rows[index][column] = value
    write_table(folder, table, header, rows)
    return index + 2


def errors_of(folder: Path, rule: str) -> list[Problem]:
    return [p for p in validate_folder(folder).errors if p.rule == rule]


def run_cli(*args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "wego_data", *args],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )


# ---------------------------------------------------------------------------------------------- amounts and counts


def test_the_limits_keep_every_sum_of_the_app_inside_int64():
    # Ten million rows (the design scale) at the largest amount add up to 1e18; nine such totals still fit.
    assert MAX_AMOUNT_KRW * 10_000_000 <= MAX_COLUMN_TOTAL and 9 * MAX_COLUMN_TOTAL <= INT64_MAX
    assert MAX_COUNT <= MAX_AMOUNT_KRW
    # ...and DuckDB agrees: the app's sum()::bigint over such a column does not overflow.
    total = duckdb.sql(
        "select sum(cast($amount as bigint))::bigint * 9 from range(10000000)", params={"amount": MAX_AMOUNT_KRW}
    ).fetchone()[0]
    assert total == 9 * MAX_AMOUNT_KRW * 10_000_000


# (table, column, value, rule): each value is refused with file, row and column, none ends in a traceback.
OUT_OF_RANGE = [
    ("programs", "budget_krw", str(MAX_AMOUNT_KRW + 1), "money"),
    ("programs", "budget_krw", str(2**63 - 2), "money"),  # passed validation, then broke the app's sums
    ("programs", "budget_krw", str(2**64 + 5), "money"),  # more than 64 bits: a traceback before
    ("programs", "budget_krw", "9" * 5000, "money"),  # more digits than int() reads
    ("reported_figures", "value", str(MAX_AMOUNT_KRW + 1), "range"),
    ("events", "people", str(MAX_COUNT + 1), "range"),
    ("events", "people", str(2**70), "range"),
    ("milestones", "seq", "-" + "9" * 30, "range"),
    ("members", "first_seen_year", str(2**64), "range"),
]


@pytest.mark.parametrize("table, column, value, rule", OUT_OF_RANGE, ids=[f"{c[1]}-{c[2][:12]}" for c in OUT_OF_RANGE])
def test_numbers_beyond_the_limits_are_refused(good_folder, table, column, value, rule):
    row = set_cell(good_folder, table, column, value)
    found = [p for p in validate_folder(good_folder).errors if p.column == column and p.row == row]
    assert [p.rule for p in found] == [rule], [str(p) for p in found]
    assert found[0].file == f"{table}.csv" and len(found[0].value) <= 200


def test_the_largest_amount_is_accepted(good_folder):
    set_cell(good_folder, "programs", "budget_krw", str(MAX_AMOUNT_KRW))
    set_cell(good_folder, "events", "people", str(MAX_COUNT))
    assert validate_folder(good_folder).errors == []


def test_a_column_total_beyond_the_limit_is_refused(good_folder, monkeypatch):
    # 1e18 needs ten million rows at the largest amount: the rule is checked against a limit just below the total.
    total = sum(int(r["budget_krw"]) for r in read_table(good_folder, "programs")[1])
    monkeypatch.setattr(validate, "MAX_COLUMN_TOTAL", total - 1)
    found = [p for p in errors_of(good_folder, "column total") if p.file == "programs.csv"]
    assert [(p.row, p.column, p.value) for p in found] == [(None, "budget_krw", str(total))]
    assert "adds up to" in found[0].message
    monkeypatch.setattr(validate, "MAX_COLUMN_TOTAL", total)
    assert not [p for p in errors_of(good_folder, "column total") if p.file == "programs.csv"]


# ---------------------------------------------------------------------------------------------- as-of date


def test_an_as_of_date_far_in_the_future_is_refused(tmp_path):
    out = run_cli("ingest", str(SOURCE / REPORT_ID), "--as-of", "9999-12-31", "--snapshots", str(tmp_path / "s"))
    assert out.returncode == 2, out.stderr
    assert "9999-12-31 is after" in out.stderr and "WEGO_ASOF_MARGIN_DAYS" in out.stderr
    assert "Traceback" not in out.stderr
    assert not (tmp_path / "s").exists() or not snapshots.list_snapshots(store.LocalLocation(tmp_path / "s"))


def test_the_as_of_margin_is_today_plus_a_configurable_number_of_days(tmp_path):
    today = dt.date(2026, 11, 26)
    assert ingest.latest_as_of(today, {}) == dt.date(2026, 12, 27)
    assert ingest.latest_as_of(today, {"WEGO_ASOF_MARGIN_DAYS": "0"}) == today
    with pytest.raises(ingest.IngestError, match="WEGO_ASOF_MARGIN_DAYS must be a whole number"):
        ingest.latest_as_of(today, {"WEGO_ASOF_MARGIN_DAYS": "a month"})
    base = tmp_path / "data"
    later = dt.date.today() + dt.timedelta(days=10)
    with pytest.raises(ingest.IngestError, match="after"):
        ingest.ingest(SOURCE / REPORT_ID, as_of=later, base=base, not_after=dt.date.today())
    snap, _ = ingest.ingest(SOURCE / REPORT_ID, as_of=later, base=base, not_after=ingest.latest_as_of())
    assert snap.as_of == later


def test_the_cli_reads_the_margin_from_the_environment(tmp_path):
    later = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    refused = run_cli("ingest", str(SOURCE / REPORT_ID), "--as-of", later, "--snapshots", str(tmp_path / "s"))
    assert refused.returncode == 2 and "is after" in refused.stderr
    env = {"WEGO_ASOF_MARGIN_DAYS": "60"}
    done = run_cli("ingest", str(SOURCE / REPORT_ID), "--as-of", later, "--snapshots", str(tmp_path / "s"), env=env)
    assert done.returncode == 0, done.stderr


# ---------------------------------------------------------------------------------------------- cells


@pytest.mark.parametrize("length", [MAX_CELL_CHARS + 1, 131_073, 400_000])
def test_a_cell_over_the_length_limit_is_refused(good_folder, length):
    # Over 131,072 characters the csv module stopped with a traceback.
    row = set_cell(good_folder, "members", "source", "x" * length, index=3)
    [problem] = errors_of(good_folder, "cell length")
    assert (problem.file, problem.row) == ("members.csv", row)
    if length <= 131_072:
        assert problem.column == "source" and f"{length:,} characters" in problem.message
    out = run_cli("validate", str(good_folder))
    assert out.returncode == 2 and "[cell length]" in out.stdout and "Traceback" not in out.stderr


def test_a_cell_at_the_length_limit_is_accepted(good_folder):
    set_cell(good_folder, "members", "source", "coordinates: " + "x" * (MAX_CELL_CHARS - 13))
    assert validate_folder(good_folder).errors == []


# Digits of other scripts: int(), float() and \d took them all.
UNICODE_DIGITS = [
    ("members", "first_seen_year", "٢٠١٠", "type"),
    ("members", "first_seen_year", "２０１０", "type"),
    ("members", "latitude", "٣٧.٥", "type"),
    ("events", "starts_on", "٢٠١٤-٠٩-٠١", "type"),
    ("programs", "budget_krw", "١٢٣", "money"),
    ("spending", "period", "٢٠١٥", "format"),
    ("reported_figures", "value", "𝟏𝟐𝟑", "type"),
]


@pytest.mark.parametrize("table, column, value, rule", UNICODE_DIGITS, ids=[f"{c[1]}-{c[2]}" for c in UNICODE_DIGITS])
def test_digits_of_other_scripts_are_refused(good_folder, table, column, value, rule):
    row = set_cell(good_folder, table, column, value)
    found = [p for p in validate_folder(good_folder).errors if p.row == row and p.file == f"{table}.csv"]
    assert (column, rule) in [(p.column, p.rule) for p in found]  # (a coordinate alone also breaks its pair)


@pytest.mark.parametrize("value", ["Seoul\x00", "a\x07b", "\x1bname", "x\x7f", "x\x85y"])
@pytest.mark.parametrize("column", ["name_en", "source"])
def test_control_characters_are_refused_in_any_cell(good_folder, column, value):
    row = set_cell(good_folder, "members", column, value, index=2)
    [problem] = errors_of(good_folder, "control character")
    assert (problem.file, problem.row, problem.column) == ("members.csv", row, column)
    assert "U+" in problem.message


def test_a_nul_in_a_column_name_or_an_unknown_column_is_refused(good_folder):
    header, rows = read_table(good_folder, "offices")
    write_table(good_folder, "offices", [*header, "note\x00"], [{**r, "note\x00": ""} for r in rows])
    assert [(p.file, p.row) for p in errors_of(good_folder, "control character")] == [("offices.csv", 1)]
    header, rows = read_table(good_folder, "programs")
    write_table(good_folder, "programs", [*header, "note"], [{**r, "note": "a\x00"} for r in rows])
    assert {p.file for p in errors_of(good_folder, "control character")} == {"offices.csv", "programs.csv"}


def test_line_breaks_and_tabs_stay_allowed_in_text(good_folder):
    set_cell(good_folder, "members", "source", "first line\nsecond line\twith a tab\r\nthird", index=1)
    result = validate_folder(good_folder)
    assert result.errors == []
    assert "second line" in result.tables["members"]["source"].iloc[1]


# ---------------------------------------------------------------------------------------------- columns


def test_a_handful_of_unknown_columns_is_one_warning_naming_them(good_folder):
    header, rows = read_table(good_folder, "members")
    extra = ["twitter", "facebook", "notes"]
    write_table(good_folder, "members", header + extra, [{**r, **dict.fromkeys(extra, "x")} for r in rows])
    result = validate_folder(good_folder)
    assert result.errors == []
    [warning] = [p for p in result.warnings if p.rule == "unknown column"]
    assert (warning.file, warning.row, warning.column) == ("members.csv", 1, None)
    assert all(f"'{name}'" in warning.message for name in extra)


@pytest.mark.parametrize("count", [MAX_UNKNOWN_COLUMNS + 1, 10_000])
def test_many_unknown_columns_are_an_error_not_a_warning_each(good_folder, count):
    header, rows = read_table(good_folder, "events")
    extra = [f"extra_{i}" for i in range(count)]
    write_table(good_folder, "events", header + extra, [{**r, **dict.fromkeys(extra, "")} for r in rows])
    result = validate_folder(good_folder)
    [problem] = [p for p in result.problems if p.file == "events.csv"]
    assert problem.rule == "unknown columns" and problem.severity == "error"
    assert f"{count:,} columns" in problem.message
    assert len(result.warnings) <= 2  # the report's own warning; nothing per column


def test_fifty_unknown_columns_are_still_one_warning(good_folder):
    header, rows = read_table(good_folder, "events")
    extra = [f"extra_{i}" for i in range(MAX_UNKNOWN_COLUMNS)]
    write_table(good_folder, "events", header + extra, [{**r, **dict.fromkeys(extra, "")} for r in rows])
    result = validate_folder(good_folder)
    assert result.errors == []
    assert [p.rule for p in result.warnings if p.file == "events.csv"] == ["unknown column"]


def test_many_unknown_files_are_one_warning(good_folder):
    for i in range(30):
        (good_folder / f"old_{i:02}.csv").write_text("a\n1\n", encoding="utf-8")
    result = validate_folder(good_folder)
    [warning] = [p for p in result.warnings if p.rule == "unknown file"]
    assert "30 files" in warning.message and "old_00.csv" in warning.file


# ---------------------------------------------------------------------------------------------- files


def sparse(path: Path, megabytes: float) -> None:
    """A file of that size that costs no disk (and would take long to read, full of NUL bytes)."""
    with path.open("wb") as f:
        f.truncate(int(megabytes * 1024 * 1024))


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(good_folder, monkeypatch):
    sparse(good_folder / "spending.csv", validate.MAX_FILE_MB + 1)
    calls = []
    monkeypatch.setattr(validate, "_read_csv", lambda *a: calls.append(a))  # reading at all would be a failure
    problems = [p for p in validate_folder(good_folder).problems if p.file == "spending.csv"]
    assert [p.rule for p in problems] == ["file size"]
    assert "WEGO_INGEST_MAX_FILE_MB" in problems[0].message
    assert [a[2] for a in calls if a[2] == "spending.csv"] == []


def test_the_size_limits_come_from_the_environment(good_folder, monkeypatch):
    monkeypatch.setenv("WEGO_INGEST_MAX_FILE_MB", "1")
    sparse(good_folder / "spending.csv", 1.5)
    assert [p.file for p in errors_of(good_folder, "file size")] == ["spending.csv"]
    monkeypatch.setenv("WEGO_INGEST_MAX_FILE_MB", "2")
    monkeypatch.setenv("WEGO_INGEST_MAX_TOTAL_MB", "1")
    result = validate_folder(good_folder)
    assert [p.rule for p in result.errors] == ["folder size"]  # and no file was read: nothing else is reported
    assert "WEGO_INGEST_MAX_TOTAL_MB" in result.errors[0].message
    monkeypatch.setenv("WEGO_INGEST_MAX_TOTAL_MB", "lots")
    [problem] = validate_folder(good_folder).errors
    assert problem.rule == "configuration" and "WEGO_INGEST_MAX_TOTAL_MB" in problem.message


def csv_to_xlsx(folder: Path, table: str) -> openpyxl.Workbook:
    """Replace <table>.csv by a workbook of the same cells (as text, which validation reads alike)."""
    book = openpyxl.Workbook()
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        for cells in csv.reader(f):
            book.active.append(cells)
    (folder / f"{table}.csv").unlink()
    return book


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused(good_folder, monkeypatch):
    book = csv_to_xlsx(good_folder, "members")
    for i in range(2000):  # 3 MB of distinct strings that compress to little
        book.active.cell(row=1000 + i, column=30, value=f"{i} " + "padding " * 200)
    book.save(good_folder / "members.xlsx")
    assert (good_folder / "members.xlsx").stat().st_size < 1024 * 1024
    monkeypatch.setenv("WEGO_INGEST_MAX_FILE_MB", "1")
    [problem] = [p for p in validate_folder(good_folder).problems if p.file == "members.xlsx"]
    assert problem.rule == "file size" and "unpacks to" in problem.message


def test_a_workbook_declaring_the_whole_sheet_reads_quickly(good_folder):
    # Stray cells far right and far down make the workbook declare A1:XFD20000, and the header 16,384 columns wide:
    # openpyxl padded every row to that, and the old reader looked at every cell (an 11 MB workbook took 526 s).
    book = csv_to_xlsx(good_folder, "members")
    book.active.cell(row=1, column=16_384, value="stray")
    book.active.cell(row=20_000, column=16_384, value="stray")
    book.save(good_folder / "members.xlsx")
    start = time.perf_counter()
    result = validate_folder(good_folder)
    assert time.perf_counter() - start < 20  # minutes without the fix
    assert result.errors == [] and len(result.tables["members"]) == len(read_table(SOURCE / REPORT_ID, "members")[1])
    assert [(p.file, p.column) for p in result.warnings if p.rule == "unknown column"] == [("members.xlsx", "stray")]


def test_a_long_cell_in_a_workbook_is_refused(good_folder):
    book = csv_to_xlsx(good_folder, "members")
    book.active.cell(row=3, column=1, value="x" * 20_000)
    book.save(good_folder / "members.xlsx")
    [problem] = errors_of(good_folder, "cell length")
    assert (problem.file, problem.row, problem.column) == ("members.xlsx", 3, "member_id")


def test_a_symbolic_link_is_refused(good_folder, tmp_path):
    elsewhere = tmp_path / "elsewhere.csv"
    (good_folder / "members.csv").rename(elsewhere)
    (good_folder / "members.csv").symlink_to(elsewhere)
    (good_folder / "offices.csv").unlink()
    (good_folder / "offices.csv").symlink_to(tmp_path / "nothing.csv")  # a dangling link is a link too
    found = {p.file: p for p in errors_of(good_folder, "symlink")}
    assert set(found) == {"members.csv", "offices.csv"}
    assert "symbolic link" in found["members.csv"].message and "copy the file" in found["members.csv"].message


def test_a_folder_or_a_pipe_in_place_of_a_table_is_refused(good_folder):
    (good_folder / "members.csv").unlink()
    (good_folder / "members.csv").mkdir()
    (good_folder / "offices.csv").unlink()
    os.mkfifo(good_folder / "offices.csv")  # opening a pipe to read it would wait forever
    out = run_cli("validate", str(good_folder), timeout=60)
    assert out.returncode == 2
    assert "members.csv: [not a file]" in out.stdout and "offices.csv: [not a file]" in out.stdout


# ---------------------------------------------------------------------------------------------- how many problems


def many_errors(folder: Path) -> int:
    """Break a year in every member, event and milestone row: one error each."""
    count = 0
    for table, column in (("members", "first_seen_year"), ("events", "people"), ("milestones", "seq")):
        header, rows = read_table(folder, table)
        for row in rows:
            row[column] = "soon"
        write_table(folder, table, header, rows)
        count += len(rows)
    return count


def test_the_cli_prints_at_most_fifty_problems_then_how_many_more(good_folder, tmp_path):
    count = many_errors(good_folder)
    assert count > 60
    out = run_cli("validate", str(good_folder))
    lines = out.stdout.splitlines()
    assert len([line for line in lines if line.startswith("ERROR ")]) == 50
    total = len(validate_folder(good_folder).problems)
    assert f"... and {total - 50:,} more problems" in lines
    everything = run_cli("validate", str(good_folder), "--max-problems", "0").stdout.splitlines()
    assert len([line for line in everything if line.startswith(("ERROR ", "WARNING "))]) == total
    out = run_cli(
        "ingest", str(good_folder), "--as-of", "2016-04-27", "--max-problems", "5", "--snapshots", str(tmp_path)
    )
    assert len([line for line in out.stderr.splitlines() if line.startswith("ERROR ")]) == 5
    assert f"... and {total - 5:,} more problems" in out.stderr


def test_a_result_keeps_a_bounded_number_of_problems_and_counts_the_rest(good_folder, monkeypatch):
    monkeypatch.setattr(validate, "MAX_KEPT_PER_RULE", 10)
    header, rows = read_table(good_folder, "members")
    for row in rows:
        row["first_seen_year"] = "soon"
    write_table(good_folder, "members", header, rows)
    result = validate_folder(good_folder)
    kept = [p for p in result.errors if p.rule == "type"]
    dropped = len(rows) - 10
    assert len(kept) == 10 and result.more_errors == dropped
    assert result.error_count == len(result.errors) + dropped
    assert result.listing(3)[-1] == f"... and {len(result.problems) - 3 + dropped:,} more problems"
    with pytest.raises(ingest.IngestError) as caught:
        ingest.ingest(good_folder, as_of=dt.date(2016, 4, 27), base=good_folder.parent / "data")
    assert caught.value.unlisted == dropped and f"{result.error_count:,} error(s)" in str(caught.value)


# ---------------------------------------------------------------------------------------------- killed ingests


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(snapshots.TMP_PREFIX)) if root.exists() else []


def test_the_next_ingest_removes_what_killed_publishes_left(tmp_path):
    root = tmp_path / "data" / "snapshots"
    left = root / f"{snapshots.TMP_PREFIX}2016-04-26-k2j4x9"
    (left / "deep").mkdir(parents=True)
    (left / "members.parquet").write_bytes(b"half")
    (left / "members.parquet").chmod(0o444)
    outside = tmp_path / "keep"
    outside.mkdir()
    (outside / "precious.txt").write_text("stays", encoding="utf-8")
    (root / f"{snapshots.TMP_PREFIX}link").symlink_to(outside)
    ingest.ingest(SOURCE / REPORT_ID, as_of=dt.date(2016, 4, 26), base=tmp_path / "data")
    assert leftovers(root) == []
    assert (outside / "precious.txt").read_text(encoding="utf-8") == "stays"  # a link is removed, never followed
    assert [s.snapshot_id for s in snapshots.list_snapshots(tmp_path / "data")] == [REPORT_ID]


def test_two_ingests_never_run_at_once(tmp_path, monkeypatch):
    root = tmp_path / "data" / "snapshots"
    root.mkdir(parents=True)
    (root / f"{snapshots.TMP_PREFIX}2016-04-26-busy").mkdir()  # the other ingest's folder, being written
    monkeypatch.setattr(ingest, "LOCK_WAIT_SECONDS", 0.5)
    other = os.open(root, os.O_RDONLY)
    try:
        fcntl.flock(other, fcntl.LOCK_EX)  # another ingest holds the folder
        with pytest.raises(ingest.IngestError, match="another ingest"):
            ingest.ingest(SOURCE / REPORT_ID, as_of=dt.date(2016, 4, 26), base=tmp_path / "data")
        assert leftovers(root) == [f"{snapshots.TMP_PREFIX}2016-04-26-busy"]  # not touched while it is held
    finally:
        os.close(other)
    ingest.ingest(SOURCE / REPORT_ID, as_of=dt.date(2016, 4, 26), base=tmp_path / "data")
    assert leftovers(root) == []


# Runs `python -m wego_data ingest ...` with each table's write slowed down, so that a kill often lands mid-publish.
SLOW_INGEST = """
import sys, time
import pyarrow.parquet as pq
from wego_data.__main__ import main
real = pq.write_table
def slow(*args, **kwargs):
    time.sleep(0.04)
    return real(*args, **kwargs)
pq.write_table = slow
print("ready", flush=True)
sys.exit(main(sys.argv[1:]))
"""


def slow_ingest(root: Path, snapshot_id: str) -> subprocess.Popen:
    """Start an ingest of the newest sample and return once it is ready to run (imports done)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_INGEST, "ingest", str(SOURCE / NEWEST), "--as-of", NEWEST]
        + ["--id", snapshot_id, "--snapshots", str(root)],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout.readline().strip() == "ready"
    return proc


def test_ingests_killed_at_random_points_leave_no_half_snapshot(tmp_path):
    root = tmp_path / "snapshots"
    # One ingest left to finish: how long one takes here, and a snapshot that must stay listed and whole.
    proc = slow_ingest(root, f"{NEWEST}-whole")
    start = time.monotonic()
    assert "published snapshot" in proc.communicate()[0]
    duration = time.monotonic() - start
    # Then 13 killed at random points spread over that time: in validation, mid-publish, at the rename, and in the
    # next one's cleanup of the previous one's leftovers.
    rng = random.Random(42)
    kills = 13
    seen_leftovers = 0
    for attempt in range(kills):
        proc = slow_ingest(root, f"{NEWEST}-kill{attempt}")
        time.sleep((attempt + rng.random()) / kills * duration)
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        seen_leftovers += bool(leftovers(root))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        listed = snapshots.list_snapshots(store.LocalLocation(root))
    assert not caught, [str(w.message) for w in caught]
    assert f"{NEWEST}-whole" in [snap.snapshot_id for snap in listed]
    for snap in listed:  # whatever is listed is whole: every table there, with the rows its manifest counts
        for table in TABLES:
            assert pq.read_metadata(snap.table_path(table)).num_rows == snap.row_counts[table], snap.snapshot_id
    assert seen_leftovers, "no kill landed mid-publish; the test did not test the cleanup"
    out = run_cli(
        "ingest", str(SOURCE / NEWEST), "--as-of", NEWEST, "--id", f"{NEWEST}-after", "--snapshots", str(root)
    )
    assert out.returncode == 0, out.stderr
    assert leftovers(root) == []
    assert f"{NEWEST}-after" in [s.snapshot_id for s in snapshots.list_snapshots(store.LocalLocation(root))]


# ---------------------------------------------------------------------------------------------- no traceback


def _sample() -> dict[str, list[list[str]]]:
    out = {}
    for table in TABLES:
        with (SOURCE / NEWEST / f"{table}.csv").open(encoding="utf-8", newline="") as f:
            out[table] = list(csv.reader(f))
    return out


SAMPLE = _sample()
NASTY = st.one_of(
    st.text(max_size=20),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.sampled_from(
        [
            "",
            " ",
            "١٢٣",
            "٢٠١٦-٠٤-٢٦",
            "２０１６",
            "\x00",
            "a\x00b",
            "\x1b[31m",
            str(2**63),
            str(-(2**63) - 1),
            "1e309",
            "nan",
            "-inf",
            "1_000",
            "0x10",
            "2016-02-30",
            "9999-12-31",
            "true",
            "wego",
            "seoul",
            '"',
            "a,b",
            "\n",
        ]
    ),
    st.sampled_from([MAX_CELL_CHARS + 1, 131_073]).map(lambda n: "7" * n),
)
MUTATION = st.tuples(
    st.sampled_from(sorted(TABLES)),
    st.sampled_from(
        ["cell", "cell", "cell", "drop column", "duplicate column", "add column", "duplicate row", "empty column"]
        + ["every row twice", "bytes"]
    ),
    st.integers(min_value=0, max_value=200),
    st.integers(min_value=0, max_value=30),
    NASTY,
    st.binary(max_size=64),
)


def mutate(rows: list[list[str]], kind: str, r: int, c: int, text: str) -> list[list[str]]:
    rows = [list(row) for row in rows]
    width = len(rows[0])
    c %= width
    if kind == "cell" and len(rows) > 1:
        rows[1 + r % (len(rows) - 1)][c] = text
    elif kind == "drop column":
        rows = [row[:c] + row[c + 1 :] for row in rows]
    elif kind == "duplicate column":
        rows = [row + [row[c]] for row in rows]
    elif kind == "add column":
        rows = [rows[0] + [text or "x"]] + [row + [text] for row in rows[1:]]
    elif kind == "duplicate row" and len(rows) > 1:
        rows.append(rows[1 + r % (len(rows) - 1)])
    elif kind == "empty column":
        rows = [rows[0]] + [row[:c] + [""] + row[c + 1 :] for row in rows[1:]]
    elif kind == "every row twice":
        rows = rows + rows[1:]
    return rows


def write_export(folder: Path, tables: dict[str, list[list[str]]], raw: dict[str, bytes] | None = None) -> None:
    folder.mkdir()
    for table, rows in tables.items():
        if raw and table in raw:
            (folder / f"{table}.csv").write_bytes(raw[table])
            continue
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        (folder / f"{table}.csv").write_text(buffer.getvalue(), encoding="utf-8")


def test_every_table_twice_and_every_column_empty_end_in_problems(tmp_path):
    # What the property test below finds only now and then, swept in full: repeated keys (a meeting's event twice
    # ended in "truth value of a Series is ambiguous") and empty columns (an empty line_id or paid_by ended in
    # "boolean value of NA is ambiguous").
    cases = [(table, "every row twice", 0) for table in TABLES]
    cases += [(table, "empty column", c) for table in TABLES for c in range(len(SAMPLE[table][0]))]
    for n, (table, kind, c) in enumerate(cases):
        folder = tmp_path / str(n)
        write_export(folder, {**SAMPLE, table: mutate(SAMPLE[table], kind, 0, c, "")})
        result = validate_folder(folder)
        assert result.errors or kind == "empty column", (table, kind)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MUTATION, min_size=1, max_size=3))
def test_no_input_ends_in_a_traceback(mutations):
    tables = dict(SAMPLE)
    raw: dict[str, bytes] = {}
    for table, kind, r, c, text, data in mutations:
        if kind == "bytes":
            raw[table] = data
        else:
            tables[table] = mutate(tables[table], kind, r, c, text)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "export"
        write_export(folder, tables, raw)
        result = validate_folder(folder)
        assert isinstance(result, Result)
        assert all(isinstance(p, Problem) and str(p) for p in result.problems)
        try:
            ingest.ingest(folder, as_of=dt.date(2025, 11, 1), base=Path(tmp) / "data")
        except ingest.IngestError as exc:
            assert exc.problems or str(exc)
