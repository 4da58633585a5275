"""Each validation rule, one broken export at a time: validate names file, row and column and exits 2;
ingest of the same folder changes no byte under data/snapshots and leaves no temporary folder (issue #2)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, read_table, tree_digest, write_table

from wego_data import ingest
from wego_data.validate import validate_folder


def edit_cell(folder: Path, table: str, match: dict, column: str, value: str) -> int:
    """Set one cell of the first row matching `match`; return that row's number as a spreadsheet shows it."""
    header, rows = read_table(folder, table)
    for index, row in enumerate(rows):
        if all(row[k] == v for k, v in match.items()):
            row[column] = value
            write_table(folder, table, header, rows)
            return index + 2
    raise AssertionError(f"no row of {table} matches {match}")


def first_row(folder: Path, table: str, column: str, value: str) -> int:
    return edit_cell(folder, table, {}, column, value)


def drop_column(folder: Path, table: str, column: str) -> int:
    header, rows = read_table(folder, table)
    header.remove(column)
    write_table(folder, table, header, [{k: v for k, v in r.items() if k != column} for r in rows])
    return 1


def duplicate_key(folder: Path, table: str, column: str, value: str) -> int:
    header, rows = read_table(folder, table)
    rows[1][column] = rows[0][column]
    write_table(folder, table, header, rows)
    return 3


def reencode(folder: Path, table: str, column: str, value: str) -> int:
    path = folder / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("cp949", errors="replace"))
    line = next(i for i, ln in enumerate(text.splitlines(), start=1) if any(ord(ch) > 127 for ch in ln))
    return line


def empty(folder: Path, table: str, column: str, value: str) -> None:
    (folder / f"{table}.csv").write_bytes(b"")


def remove(folder: Path, table: str, column: str, value: str) -> None:
    (folder / f"{table}.csv").unlink()


# (rule, table, column, how to break it, value) — one row per rule of the contract.
CASES = [
    ("required column", "members", "name_en", lambda f, t, c, v: drop_column(f, t, c), None),
    ("required value", "members", "source", first_row, ""),
    (
        "type",
        "events",
        "starts_on",
        lambda f, t, c, v: edit_cell(f, t, {"event_id": "ga-2014-chengdu"}, c, v),
        "2014-13-03",
    ),
    ("type", "members", "first_seen_year", first_row, "twenty-ten"),
    ("unique key", "members", "member_id", duplicate_key, None),
    (
        "reference",
        "offices",
        "host_member_id",
        lambda f, t, c, v: edit_cell(f, t, {"kind": "regional"}, c, v),
        "atlantis",
    ),
    ("reference", "spending", "line_id", lambda f, t, c, v: edit_cell(f, t, {"paid_by": "wego"}, c, v), "catering"),
    ("allowed values", "members", "kind", first_row, "metropolis"),
    ("allowed values", "events", "status", first_row, "postponed"),
    ("date order", "milestones", "ends_on", first_row, "2015-01-01"),
    ("coordinates", "members", "latitude", first_row, "123.4"),
    ("coordinates", "offices", "longitude", first_row, "-181"),
    ("money", "programs", "budget_krw", first_row, "-5000"),
    (
        "money",
        "budget_lines",
        "executed_krw",
        lambda f, t, c, v: edit_cell(f, t, {"line_id": "travel"}, c, v),
        "9999.9",
    ),
    (
        "children add up",
        "budget_lines",
        "budget_krw",
        lambda f, t, c, v: edit_cell(f, t, {"line_id": "rent-general"}, c, v) and 0,
        "126000000",
    ),
    (
        "granted - executed",
        "budget_lines",
        "unspent_krw",
        lambda f, t, c, v: edit_cell(f, t, {"line_id": "personnel"}, c, v),
        "5820000",
    ),
    ("region", "members", "region", lambda f, t, c, v: edit_cell(f, t, {"member_id": "seoul"}, c, v), "Europe"),
    ("encoding", "members", None, reencode, None),
    ("meeting dates", "meetings", "ends_on", first_row, "2030-01-01"),
    ("date order", "meetings", "ends_on", first_row, "2001-01-01"),
    ("agenda link", "agenda_items", "filters", first_row, "status=maybe"),
    ("agenda link", "agenda_items", "filters", first_row, "snapshot=2016-04-26"),
    ("allowed values", "agenda_items", "section", first_row, "secret-page"),
    ("reference", "decisions", "office_id", first_row, "ro-atlantis"),
    ("reference", "agenda_items", "meeting_id", first_row, "excom-1999-nowhere"),
    ("empty file", "events", None, empty, None),
    ("missing file", "spending", None, remove, None),
]


def _expected_row(case, folder, returned):
    rule, table = case[0], case[1]
    if rule == "children add up":
        # Reported on the parent line, whose total no longer matches its parts.
        header, rows = read_table(folder, table)
        return next(i + 2 for i, r in enumerate(rows) if r["line_id"] == "office-operations")
    return returned


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES])
def test_each_rule_blocks_with_file_row_column(case, good_folder, data_dir):
    rule, table, column, breaker, value = case
    returned = breaker(good_folder, table, column, value)
    row = _expected_row(case, good_folder, returned)

    result = validate_folder(good_folder)
    matching = [p for p in result.errors if p.rule == rule and p.file.startswith(table)]
    assert matching, f"no '{rule}' error among: {[str(p) for p in result.errors]}"
    problem = matching[0]
    if column is not None:
        assert problem.column == column
    if row:
        assert problem.row == row

    cli = subprocess.run(
        [sys.executable, "-m", "wego_data", "validate", str(good_folder)], capture_output=True, text=True, cwd=PROJECT
    )
    assert cli.returncode == 2
    assert f"{table}." in cli.stdout and f"[{rule}]" in cli.stdout
    if row:
        assert f"row {row}" in cli.stdout
    if column:
        assert f"column {column}" in cli.stdout

    before = tree_digest(data_dir / "snapshots")
    with pytest.raises(ingest.IngestError) as caught:
        ingest.ingest(good_folder, as_of=__import__("datetime").date(2016, 4, 27), base=data_dir)
    assert any(p.rule == rule for p in caught.value.problems)
    assert tree_digest(data_dir / "snapshots") == before
    assert not [p for p in (data_dir / "snapshots").iterdir() if p.name.startswith(".")]


def test_good_export_has_only_the_reports_own_warning(good_folder):
    result = validate_folder(good_folder)
    assert result.errors == []
    assert [p.rule for p in result.warnings] == ["spending within executed"]
    message = result.warnings[0].message
    assert "232,200,000" in message and "232,197,000" in message


def test_meeting_tables_may_hold_a_header_alone(good_folder):
    """A meeting not yet held has no decisions; an export whose agenda is not public has no agenda items."""
    for table in ("agenda_items", "decisions"):
        header, _ = read_table(good_folder, table)
        write_table(good_folder, table, header, [])
    assert validate_folder(good_folder).errors == []


def test_unknown_column_is_a_warning_not_an_error(good_folder):
    header, rows = read_table(good_folder, "members")
    header.append("twitter_handle")
    for row in rows:
        row["twitter_handle"] = "@wego"
    write_table(good_folder, "members", header, rows)
    result = validate_folder(good_folder)
    assert result.errors == []
    unknown = [p for p in result.warnings if p.rule == "unknown column"]
    assert [(p.file, p.row, p.column) for p in unknown] == [("members.csv", 1, "twitter_handle")]


def test_a_bom_is_fine(good_folder):
    path = good_folder / "members.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert validate_folder(good_folder).errors == []


def test_encoding_error_names_the_file_and_what_to_do(good_folder):
    reencode(good_folder, "members", None, None)
    problem = next(p for p in validate_folder(good_folder).errors if p.rule == "encoding")
    assert problem.file == "members.csv"
    assert "UTF-8" in problem.message


def test_thousands_separators_are_refused_with_an_example(good_folder):
    edit_cell(good_folder, "programs", {}, "budget_krw", "10,000,000")
    problem = next(p for p in validate_folder(good_folder).errors if p.column == "budget_krw")
    assert "without separators" in problem.message and problem.value == "10,000,000"
