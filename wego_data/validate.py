"""Read a folder of CSV/XLSX exports and check it against the data contract (docs/data.md)."""

from __future__ import annotations

import collections
import csv
import dataclasses
import datetime as dt
import hashlib
import io
import math
import operator
import os
import re
import stat
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from wego_data import reference
from wego_data.schema import INPUTS, ISO3, KOREAN_CODES, KOREAN_COLUMNS, LINK_FILTERS, TABLES, Column, Table

# The report rounds each line to the thousand KRW, so granted - executed = unspent holds to within 1,000 KRW.
ROUNDING_TOLERANCE_KRW = 1_000

# ---- Limits: what ingest refuses because the dashboard could not serve it (issue #9).
#
# Integers. The app sums a column over a whole table (budget_totals.sql, reconciliation.sql, spending_by_line.sql),
# DuckDB casts such sums to BIGINT (int64, at most 9.22e18), and the pages add or subtract a few such totals
# (itemized - executed; a treemap's parts). One amount is at most 1e11 KRW (100 billion, over a hundred times
# WeGO's whole 2016 budget of 838 million), so over the design scale of 10 million rows a column adds up to at most
# 1e11 * 1e7 = 1e18: nine such totals together still fit in int64. An export beyond that scale cannot slip through
# either: validation adds up every integer column exactly and refuses a total above MAX_COLUMN_TOTAL (1e18).
MAX_AMOUNT_KRW = 10**11  # one money cell (and reported_figures.value, which holds KRW figures too)
MAX_COUNT = 10**9  # one count or ordinal without a maximum of its own in the contract (people, cities, seq)
MAX_COLUMN_TOTAL = 10**18
# A cell holds at most this many characters: a name, a description or a source note, never a document.
MAX_CELL_CHARS = 10_000
# Up to this many columns the contract does not know are ignored, with one warning per file; more is an error.
MAX_UNKNOWN_COLUMNS = 50
# Problems of one rule in one file kept in a Result (the rest are counted in more_errors / more_warnings), so a
# file that is wrong on every row costs bounded memory.
MAX_KEPT_PER_RULE = 1_000
# File sizes, checked before anything is read: each table file (for an .xlsx, also what its parts unpack to) and
# all the table files of a folder together. Reading takes about ten times the files' size in memory (1.1 GB for the
# 104 MB of tools/bench.py's million spending rows); raise the limits through these environment variables (whole
# megabytes) on a machine with memory to spare.
MAX_FILE_MB_VARIABLE, MAX_FILE_MB = "WEGO_INGEST_MAX_FILE_MB", 128
MAX_TOTAL_MB_VARIABLE, MAX_TOTAL_MB = "WEGO_INGEST_MAX_TOTAL_MB", 256
MB = 1024 * 1024
# NUL and the other control characters (C0 but tab, line feed and carriage return; DEL; C1) are refused in every
# cell: no export has a reason to hold them, and they break what reads the snapshot. Line breaks and tabs are allowed
# (a text may have several lines); in a number, date or key they fail the cell's type or form like any other text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Problem:
    severity: str  # "error" blocks publishing; "warning" is kept in the manifest and shown to viewers
    file: str
    row: int | None  # the row number as a spreadsheet shows it (the header is row 1)
    column: str | None
    rule: str
    value: str | None
    message: str
    # A warning is shown to every viewer in their language (issue #10): `key` names its text in the dashboard's
    # catalog (wego_view/i18n.py, "quality.<key>") and `values` fills it. `message` stays the English text (the CLI
    # prints it; a snapshot published before keys existed has only it).
    key: str | None = None
    values: dict | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        value = "" if self.value is None else f" (value: {_shorten(self.value)!r})"
        return f"{self.severity.upper()} {where}: [{self.rule}] {self.message}{value}"

    def to_dict(self) -> dict:
        return asdict(self)


# How many problems validate and ingest print unless told otherwise (python -m wego_data ... --max-problems).
MAX_LISTED = 50


def listing(problems: list[Problem], limit: int | None = MAX_LISTED, unlisted: int = 0) -> list[str]:
    """One line per problem, at most `limit` (None: all), then '... and K more problems' for the rest and for the
    `unlisted` ones a Result counted without keeping."""
    shown = problems if limit is None else problems[:limit]
    lines = [str(p) for p in shown]
    more = len(problems) - len(shown) + unlisted
    if more:
        lines.append(f"... and {more:,} more problem{'s' if more != 1 else ''}")
    return lines


@dataclass
class Result:
    """What a folder holds, typed, plus every problem found and the sha256 of every input file.

    At most MAX_KEPT_PER_RULE problems of one rule in one file are kept; more_errors and more_warnings count the rest.
    """

    tables: dict[str, pd.DataFrame]
    problems: list[Problem]
    inputs: dict[str, str]
    more_errors: int = 0
    more_warnings: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.more_errors

    @property
    def warning_count(self) -> int:
        return len(self.warnings) + self.more_warnings

    def listing(self, limit: int | None = MAX_LISTED) -> list[str]:
        return listing(self.problems, limit, self.more_errors + self.more_warnings)


class _Problems(list):
    """The problems of one validation: a list that keeps at most MAX_KEPT_PER_RULE of one rule in one file, with a
    value of at most 200 characters, and counts the others."""

    def __init__(self):
        super().__init__()
        self.seen: collections.Counter = collections.Counter()
        self.dropped: collections.Counter = collections.Counter()

    def append(self, problem: Problem) -> None:
        key = (problem.severity, problem.file, problem.rule)
        self.seen[key] += 1
        if self.seen[key] > MAX_KEPT_PER_RULE:
            self.dropped[problem.severity] += 1
            return
        if problem.value is not None and len(problem.value) > 200:
            problem = dataclasses.replace(problem, value=_shorten(problem.value, 200))
        super().append(problem)


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------------------------- reading


@dataclass
class _Sheet:
    """A table file as read: the spreadsheet row number of every record, and the cells of each contract column."""

    rows: list[int]
    cells: dict[str, list[str]]


def _cell_problems(file: str, row: int, header: list[str] | None, cells: list[str], problems: list[Problem]) -> bool:
    """Report every cell of a row that is too long or holds a control character; True when there was one."""
    found = False
    for i, cell in enumerate(cells):
        column = header[i] if header is not None and i < len(header) and header[i] else None
        if len(cell) > MAX_CELL_CHARS:
            message = (
                f"the cell holds {len(cell):,} characters, more than the {MAX_CELL_CHARS:,} a cell may hold; "
                "shorten it (a long text belongs in the source document, not in the export)"
            )
            problems.append(Problem("error", file, row, column, "cell length", cell, message))
            found = True
        elif match := _CONTROL.search(cell):
            message = (
                f"the cell holds the control character U+{ord(match.group()):04X}, which no cell may hold; "
                "retype the cell or remove the character, then export again"
            )
            problems.append(Problem("error", file, row, column, "control character", cell, message))
            found = True
    return found


def _columns(table: Table, file: str, header: list[str], problems: list[Problem]) -> dict[str, int] | None:
    """Where each contract column is in the header, or None when the rows cannot be read (reported)."""
    counts = collections.Counter(h for h in header if h)
    unknown = [h for h in counts if h not in table.column_names]
    if len(unknown) > MAX_UNKNOWN_COLUMNS:
        problems.append(
            Problem(
                "error",
                file,
                1,
                None,
                "unknown columns",
                ", ".join(unknown[:5]),
                f"the header has {len(unknown):,} columns the contract does not know (at most "
                f"{MAX_UNKNOWN_COLUMNS} are ignored); export only the columns of table {table.name} (docs/data.md)",
            )
        )
        return None
    if len(unknown) == 1:
        problems.append(
            Problem(
                "warning",
                file,
                1,
                unknown[0],
                "unknown column",
                None,
                f"the column '{unknown[0]}' is not in the contract and was ignored",
                "unknown_column",
                {"column": unknown[0]},
            )
        )
    elif unknown:
        # One warning for them all: every page shows the snapshot's warnings.
        names = ", ".join(f"'{_shorten(h, 40)}'" for h in unknown)
        problems.append(
            Problem(
                "warning",
                file,
                1,
                None,
                "unknown column",
                None,
                f"{len(unknown)} columns are not in the contract and were ignored: {names}",
                "unknown_columns",
                {"count": len(unknown), "names": names},
            )
        )
    absent = [c.name for c in table.columns if c.may_be_absent and c.name not in counts]
    for name in absent:
        problems.append(
            Problem(
                "warning",
                file,
                1,
                name,
                "added column",
                None,
                f"the column '{name}' is missing from the header and was read as empty; add it "
                f"(docs/data.md, table {table.name})",
                "added_column",
                {"column": name, "table": table.name},
            )
        )
    missing = [c for c in table.column_names if c not in counts and c not in absent]
    for name in missing:
        problems.append(
            Problem(
                "error",
                file,
                1,
                name,
                "required column",
                None,
                f"the column '{name}' is missing from the header; add it (docs/data.md, table {table.name})",
            )
        )
    dupes = sorted(h for h, n in counts.items() if n > 1)
    for name in dupes:
        problems.append(
            Problem(
                "error",
                file,
                1,
                name,
                "duplicate column",
                None,
                f"the column '{name}' appears more than once in the header",
            )
        )
    if missing or dupes:
        return None
    # An absent column reads as the empty cell past the header's end (_collect pads every row to the header).
    return {name: header.index(name) if name in counts else len(header) for name in table.column_names}


def _header(table: Table, file: str, cells: list[str] | None, problems: list[Problem]) -> tuple | None:
    """The header row checked: (header, column positions), or None when the file cannot be read further."""
    if not cells or not any(c.strip() for c in cells):
        problems.append(
            Problem(
                "error",
                file,
                None,
                None,
                "empty file",
                None,
                "the file is empty; export the table again with its header row",
            )
        )
        return None
    if _cell_problems(file, 1, None, cells, problems):
        return None
    header = [c.strip() for c in cells]
    index = _columns(table, file, header, problems)
    return None if index is None else (header, index)


def _collect(
    file: str, header: list[str], index: dict[str, int], rows, problems: list[Problem], *, shape: bool
) -> _Sheet:
    """The cells of the contract's columns, row by row from `rows` ((row number, cells) pairs), checked as read.

    Only the contract's cells of a row are kept, then turned into one list per column (issue #9: memory)."""
    numbers, picked = [], []
    pick = operator.itemgetter(*index.values())  # a table has several columns, so this always gives a tuple
    width = len(header)
    padded = max(index.values()) + 1  # one past the header where a column may be absent (_columns)
    for line_no, cells in rows:
        joined = "\t".join(cells)  # one string per row: blank rows and bad cells are found with one search each
        if not joined.strip():
            continue  # blank lines at the end of an export
        if len(joined) > MAX_CELL_CHARS or _CONTROL.search(joined):
            _cell_problems(file, line_no, header, cells, problems)
        if len(cells) != width:
            if shape and len(cells) > width:
                problems.append(
                    Problem(
                        "error",
                        file,
                        line_no,
                        None,
                        "row shape",
                        ",".join(cells),
                        f"the row has {len(cells)} cells but the header has {width}",
                    )
                )
                continue
            cells = (list(cells) + [""] * width)[:width]
        if padded > width:
            cells = list(cells) + [""] * (padded - width)
        numbers.append(line_no)
        picked.append(pick(cells))
    columns = zip(*picked) if picked else ([] for _ in index)
    return _Sheet(numbers, {name: [c.strip() for c in cells] for name, cells in zip(index, columns)})


def _read_csv(handle: BinaryIO, table: Table, file: str, problems: list[Problem]) -> _Sheet | None:
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")  # a BOM (as Excel writes it) is fine
    reader = csv.reader(text)
    row = 0  # the last row read, as a spreadsheet numbers them (the header is row 1)
    try:
        checked = _header(table, file, next(reader, None), problems)
        if checked is None:
            return None
        header, index = checked
        row = 1

        def numbered():
            nonlocal row
            for cells in reader:
                row += 1
                yield row, cells

        return _collect(file, header, index, numbered(), problems, shape=True)
    except UnicodeDecodeError:
        handle.seek(0)
        raw = handle.read()
        try:
            raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            value = raw[exc.start : exc.start + 4].hex(" ")
        else:  # cannot happen: the file failed to decode a moment ago
            line, value = None, None
        problems.append(
            Problem(
                "error",
                file,
                line,
                None,
                "encoding",
                value,
                f"the file is not UTF-8 (the first undecodable byte is on row {line}); save it again as "
                "'CSV UTF-8 (comma delimited)'",
            )
        )
        return None
    except csv.Error as exc:
        # The csv module stops at a cell over 131,072 characters (its field limit) or at a broken quote.
        row += 1  # the row it could not read
        if "field larger than field limit" in str(exc):
            rule = "cell length"
            message = (
                f"a cell of this row holds more than 131,072 characters (at most {MAX_CELL_CHARS:,} are allowed); "
                "shorten it (a long text belongs in the source document, not in the export)"
            )
        else:
            rule = "csv"
            message = f"the file cannot be read as CSV from this row on ({exc}); export it again as 'CSV UTF-8'"
        problems.append(Problem("error", file, row, None, rule, None, message))
        return None
    finally:
        text.detach()  # the caller owns the file


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _Unreadable(Exception):
    """openpyxl failed on a damaged workbook (it raises many types)."""


def _guarded(rows):
    iterator = iter(rows)
    while True:
        try:
            values = next(iterator)
        except StopIteration:
            return
        except Exception as exc:  # openpyxl raises many types for a damaged file
            raise _Unreadable(type(exc).__name__) from exc
        yield values


def _read_xlsx(handle: BinaryIO, table: Table, file: str, problems: list[Problem], max_bytes: int) -> _Sheet | None:
    import openpyxl  # imported here: only XLSX ingest needs it

    def unreadable(what: str) -> None:
        problems.append(
            Problem(
                "error",
                file,
                None,
                None,
                "unreadable file",
                None,
                f"the workbook cannot be opened ({what}); save it again as .xlsx",
            )
        )

    # A workbook is a zip: what its parts unpack to is what openpyxl parses, so that is held to the limit as well
    # (11 MB of xlsx can unpack to gigabytes). zipfile stops a part that unpacks to more than it declares.
    try:
        with zipfile.ZipFile(handle) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        unreadable(type(exc).__name__)
        return None
    if unpacked > max_bytes:
        problems.append(
            Problem(
                "error",
                file,
                None,
                None,
                "file size",
                None,
                f"the workbook unpacks to {unpacked / MB:,.1f} MB, more than the {max_bytes / MB:,.0f} MB ingest reads "
                f"per file ({MAX_FILE_MB_VARIABLE}); export this table as CSV UTF-8 instead, which reads faster",
            )
        )
        return None
    handle.seek(0)
    try:
        book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        unreadable(type(exc).__name__)
        return None
    try:
        sheet = book.worksheets[0]
        # The dimension a workbook declares (up to A1:XFD1048576) would pad every row to it: take the cells as they
        # are, and read only as many columns as the header has.
        sheet.reset_dimensions()
        first = next(_guarded(sheet.iter_rows(min_row=1, max_row=1, values_only=True)), ())
        header = [_cell_text(v) for v in first]
        while header and not header[-1]:
            header.pop()
        checked = _header(table, file, header, problems)
        if checked is None:
            return None
        header, index = checked
        # Up to the last of the contract's columns only: what lies right of it is ignored, however far it goes.
        width = min(max(index.values()) + 1, len(header))
        rows = _guarded(sheet.iter_rows(min_row=2, max_col=width, values_only=True))
        numbered = ((n, [_cell_text(v) for v in values]) for n, values in enumerate(rows, start=2))
        return _collect(file, header[:width], index, numbered, problems, shape=False)
    except (_Unreadable, IndexError) as exc:  # IndexError: a workbook without a sheet
        unreadable(str(exc) or type(exc).__name__)
        return None
    finally:
        book.close()


def sha256_of(path: Path) -> str:
    with open(path, "rb") as f:
        return _sha256(f)


def _sha256(handle: BinaryIO) -> str:
    """The sha256 of an open file, read in chunks (never held whole), leaving it at its start for the reader."""
    digest = hashlib.file_digest(handle, "sha256").hexdigest()
    handle.seek(0)
    return digest


# ---------------------------------------------------------------------------------------------- cells

# ASCII digits only: Python's \d, int() and float() also take other scripts' digits (١٢٣), which no export means.
_INT = re.compile(r"-?[0-9]+")
_FLOAT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# int() refuses more than 4,300 digits; a number this long is out of every range anyway.
_INT_DIGITS = 20


def int_limit(table: Table, col: Column) -> int:
    """The largest value an integer column may hold: the contract's maximum, else MAX_AMOUNT_KRW or MAX_COUNT."""
    if col.max is not None:
        return int(col.max)
    if col.unit == "KRW" or (table.name, col.name) == ("reported_figures", "value"):
        return MAX_AMOUNT_KRW
    return MAX_COUNT


def _parse(col: Column, text: str):
    """Return the typed value, or raise ValueError with a message a person can act on."""
    if col.type == "text":
        return text
    if col.type == "int":
        if not _INT.fullmatch(text):
            raise ValueError("expected a whole number without separators, e.g. 1500000")
        if len(text) > _INT_DIGITS:
            return -(10**_INT_DIGITS) if text.startswith("-") else 10**_INT_DIGITS
        return int(text)
    if col.type == "float":
        if not _FLOAT.fullmatch(text):
            raise ValueError("expected a decimal number, e.g. 37.5665")
        value = float(text)
        if not math.isfinite(value):
            raise ValueError("expected a finite decimal number")
        return value
    if col.type == "date":
        if not _DATE.fullmatch(text):
            raise ValueError("expected an ISO date YYYY-MM-DD, e.g. 2016-04-26")
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError("not a real calendar date") from None
    if col.type == "bool":
        lowered = text.lower()
        if lowered in ("true", "1", "yes"):
            return True
        if lowered in ("false", "0", "no"):
            return False
        raise ValueError("expected true or false")
    raise AssertionError(col.type)


_PANDAS_DTYPES = {"text": "string", "int": "Int64", "float": "Float64", "bool": "boolean", "date": "object"}


def _check_table(table: Table, file: str, sheet: _Sheet, problems: list[Problem]) -> pd.DataFrame | None:
    if not sheet.rows and not table.may_be_empty:
        problems.append(
            Problem(
                "error",
                file,
                None,
                None,
                "empty file",
                None,
                "the file has a header but no rows; a snapshot needs every table",
            )
        )
        return None
    # Column by column: one column's rules are looked up once, not once per cell (issue #8, #9: speed).
    frame = pd.DataFrame(
        {
            c.name: pd.Series(_check_column(table, c, file, sheet, problems), dtype=_PANDAS_DTYPES[c.type])
            for c in table.columns
        }
    )
    frame.insert(0, "__row__", sheet.rows)
    return frame


def _check_column(table: Table, col: Column, file: str, sheet: _Sheet, problems: list[Problem]) -> list:
    texts, rows = sheet.cells.pop(col.name), sheet.rows  # popped: its memory goes once the column is typed
    if col.required:
        for i in (i for i, text in enumerate(texts) if not text):
            problems.append(
                Problem(
                    "error",
                    file,
                    rows[i],
                    col.name,
                    "required value",
                    None,
                    f"'{col.name}' is empty; it is required ({col.meaning})",
                )
            )
    if col.type == "text" and col.allowed is None and col.pattern is None:
        return [text or None for text in texts]
    values = [None] * len(texts)
    rule = "money" if col.unit == "KRW" else "type"
    check = _value_check(table, col)
    for i, text in enumerate(texts):
        if not text:
            continue
        try:
            value = _parse(col, text)
        except ValueError as exc:
            problems.append(Problem("error", file, rows[i], col.name, rule, text, f"'{col.name}': {exc}"))
            continue
        refused = check(value, text)
        if refused is None:
            values[i] = value
        else:
            problems.append(Problem("error", file, rows[i], col.name, refused[0], text, refused[1]))
    if col.type == "int":
        total = sum(v for v in values if v is not None)
        if abs(total) > MAX_COLUMN_TOTAL:
            problems.append(
                Problem(
                    "error",
                    file,
                    None,
                    col.name,
                    "column total",
                    str(total),
                    f"'{col.name}' adds up to {total:,} over {len(values):,} rows, more than the {MAX_COLUMN_TOTAL:,} "
                    "the dashboard can add up; check for values in the wrong unit or repeated rows",
                )
            )
    return values


def _value_check(table: Table, col: Column):
    """A function (value, text) -> None when the value keeps to the column's rules, else (rule, message)."""
    pattern = None if col.pattern is None else re.compile(col.pattern, re.ASCII)
    low = col.min
    high = int_limit(table, col) if col.type == "int" else col.max
    if col.type == "int" and low is None:
        low = -high
    place = col.name in ("latitude", "longitude")

    def check(value, text: str):
        if col.allowed is not None and value not in col.allowed:
            return "allowed values", f"'{col.name}' must be one of: {', '.join(map(str, col.allowed))}"
        if pattern is not None and not pattern.fullmatch(text):
            return "format", f"'{col.name}' does not have the expected form ({col.meaning})"
        if low is not None and value < low:
            if col.unit == "KRW":
                return "money", f"'{col.name}' must be a non-negative whole number of KRW"
            return ("coordinates" if place else "range"), f"'{col.name}' must be at least {low:g}"
        if high is not None and value > high:
            if col.unit == "KRW":
                return "money", (
                    f"'{col.name}' is more than {high:,} KRW, the most one amount may be (docs/data.md, limits); "
                    "check the amount and its unit"
                )
            if col.max is None:
                return "range", f"'{col.name}' must be at most {high:,} (docs/data.md, limits); check the number"
            return ("coordinates" if place else "range"), f"'{col.name}' must be at most {high:g}"
        return None

    return check


# ---------------------------------------------------------------------------------------------- tables


def _file_of(files: dict[str, str], table: str) -> str:
    return files.get(table, f"{table}.csv")


def _unique_keys(table: Table, frame: pd.DataFrame, file: str, problems: list[Problem]) -> None:
    keys = frame[list(table.key)]
    # An optional key column's empty cell is a value (issue #11: assessments.dimension_id empty is the overall score,
    # so two overall rows of one subject repeat the key); a row whose required key cell is empty has its own error.
    required = [c.name for c in table.columns if c.name in table.key and c.required]
    dup = keys.duplicated(keep="first") & keys[required].notna().all(axis=1)
    for idx in frame.index[dup]:
        value = " / ".join("" if pd.isna(frame.at[idx, k]) else str(frame.at[idx, k]) for k in table.key)
        problems.append(
            Problem(
                "error",
                file,
                int(frame.at[idx, "__row__"]),
                ", ".join(table.key),
                "unique key",
                value,
                f"the key ({', '.join(table.key)}) repeats an earlier row",
            )
        )


def _references(tables: dict[str, pd.DataFrame], files: dict[str, str], problems: list[Problem]) -> None:
    for name, table in {**TABLES, **INPUTS}.items():
        frame = tables.get(name)
        if frame is None:
            continue
        for ref in table.references:
            target = tables.get(ref.table)
            if target is None:
                continue
            known = set(map(tuple, target[list(ref.target)].astype(object).itertuples(index=False, name=None)))
            local = frame[list(ref.columns)]
            # An empty reference is allowed where the column is optional; the NA test is one per column, not per cell.
            given = local.notna().all(axis=1).to_numpy()
            rows = frame["__row__"].to_numpy()
            for position, values in enumerate(local.astype(object).itertuples(index=False, name=None)):
                if given[position] and values not in known:
                    problems.append(
                        Problem(
                            "error",
                            _file_of(files, name),
                            int(rows[position]),
                            ref.columns[-1],
                            "reference",
                            " / ".join(map(str, values)),
                            f"'{ref.columns[-1]}' names no row of {ref.table} ({', '.join(ref.target)})",
                        )
                    )


def _dates_in_order(name: str, frame: pd.DataFrame, file: str, problems: list[Problem]) -> None:
    for idx in frame.index:
        start, end = frame.at[idx, "starts_on"], frame.at[idx, "ends_on"]
        if start is not None and end is not None and end < start:
            problems.append(
                Problem(
                    "error",
                    file,
                    int(frame.at[idx, "__row__"]),
                    "ends_on",
                    "date order",
                    end.isoformat(),
                    f"ends_on is before starts_on ({start.isoformat()})",
                )
            )


def _places(name: str, frame: pd.DataFrame, file: str, problems: list[Problem]) -> None:
    countries = reference.countries()
    for idx in frame.index:
        row = int(frame.at[idx, "__row__"])
        iso3 = frame.at[idx, "country_iso3"]
        if pd.isna(iso3):
            iso3 = None
        if iso3 is not None and iso3 not in countries:
            problems.append(
                Problem(
                    "error",
                    file,
                    row,
                    "country_iso3",
                    "country",
                    iso3,
                    "not an ISO 3166-1 alpha-3 country code known to GeoNames",
                )
            )
            continue
        if name == "members" and iso3 in countries:
            expected = countries[iso3]["wego_region"]
            region = frame.at[idx, "region"]
            if not pd.isna(region) and region != expected:
                problems.append(
                    Problem(
                        "error",
                        file,
                        row,
                        "region",
                        "region",
                        region,
                        f"WeGO puts {iso3} in '{expected}' (docs/data.md, regions)",
                    )
                )
        lat, lon = frame.at[idx, "latitude"], frame.at[idx, "longitude"]
        if pd.isna(lat) != pd.isna(lon):
            problems.append(
                Problem(
                    "error",
                    file,
                    row,
                    "latitude" if pd.isna(lat) else "longitude",
                    "coordinates",
                    None,
                    "latitude and longitude go together: give both or neither",
                )
            )


def _equals(column: pd.Series, value) -> pd.Series:
    """column == value, False where the column is empty (an empty required cell is reported already)."""
    return (column == value).fillna(False).astype(bool)


def _budget(frame: pd.DataFrame, file: str, problems: list[Problem]) -> None:
    money = ["budget_krw", "granted_krw", "executed_krw", "unspent_krw"]
    for idx in frame.index:
        g, e, u = (frame.at[idx, c] for c in ("granted_krw", "executed_krw", "unspent_krw"))
        if any(pd.isna(x) for x in (g, e, u)):
            continue
        if abs((g - e) - u) > ROUNDING_TOLERANCE_KRW:
            problems.append(
                Problem(
                    "error",
                    file,
                    int(frame.at[idx, "__row__"]),
                    "unspent_krw",
                    "granted - executed",
                    str(u),
                    f"granted {g:,} - executed {e:,} = {g - e:,}, not {u:,} (tolerance {ROUNDING_TOLERANCE_KRW:,} KRW)",
                )
            )
    children = frame[frame["parent_line_id"].notna()]
    for (year, parent), group in children.groupby(["fiscal_year", "parent_line_id"]):
        parent_rows = frame[_equals(frame["fiscal_year"], year) & _equals(frame["line_id"], parent)]
        if parent_rows.empty:
            continue  # reported by the reference check
        prow = parent_rows.iloc[0]
        for col in money + ["interest_krw"]:
            parts = group[col].dropna()
            if parts.empty and pd.isna(prow[col]):
                continue
            total = 0 if pd.isna(prow[col]) else int(prow[col])
            if int(parts.sum()) != total:
                problems.append(
                    Problem(
                        "error",
                        file,
                        int(prow["__row__"]),
                        col,
                        "children add up",
                        str(total),
                        f"{year} line '{parent}': its children add up to {int(parts.sum()):,} KRW in '{col}', "
                        f"not {total:,}",
                    )
                )


def _spending(tables: dict[str, pd.DataFrame], files: dict[str, str], problems: list[Problem]) -> None:
    spending, lines = tables.get("spending"), tables.get("budget_lines")
    if spending is None:
        return
    file = _file_of(files, "spending")
    # Column-wise, not row by row: a row lookup per cell took 33 s for 100,000 rows (issue #8).
    paid_by_wego = _equals(spending["paid_by"], "wego")
    missing = {col: (paid_by_wego & spending[col].isna()).to_numpy() for col in ("line_id", "amount_krw")}
    for position, row in enumerate(spending["__row__"].to_numpy()):
        for col in ("line_id", "amount_krw"):
            if missing[col][position]:
                problems.append(
                    Problem(
                        "error",
                        file,
                        int(row),
                        col,
                        "required value",
                        None,
                        f"'{col}' is required when paid_by is 'wego'",
                    )
                )
    if lines is None:
        return
    totals = spending.dropna(subset=["line_id", "amount_krw"]).groupby(["fiscal_year", "line_id"])["amount_krw"].sum()
    for (year, line_id), total in totals.items():
        match = lines[_equals(lines["fiscal_year"], year) & _equals(lines["line_id"], line_id)]
        if match.empty:
            continue
        executed = match.iloc[0]["executed_krw"]
        if pd.notna(executed) and int(total) > int(executed):
            problems.append(
                Problem(
                    "warning",
                    file,
                    None,
                    "amount_krw",
                    "spending within executed",
                    str(int(total)),
                    f"{year} activities paid from '{line_id}' add up to {int(total):,} KRW, more than the "
                    f"{int(executed):,} KRW the line executed ({int(total) - int(executed):,} KRW more)",
                    "spending_within_executed",
                    {
                        "year": int(year),
                        "line_id": str(line_id),
                        "line_en": _text(match.iloc[0]["name_en"]),
                        "line_ko": _text(match.iloc[0]["name_ko"]),
                        "total_krw": int(total),
                        "executed_krw": int(executed),
                    },
                )
            )


def _text(value) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def _korean_names(name: str, frame: pd.DataFrame, file: str, problems: list[Problem]) -> None:
    """A warning for each row the dashboard shows in Korean without its Korean text (issue #10): the Korean page
    would show the English there. A name with no Korean form is written as it is in the Korean column."""
    for english, korean in KOREAN_COLUMNS.get(name, ()):
        # a code (funded_by 'wego') is named by the dashboard's catalog in each language: it needs no Korean text
        codes = KOREAN_CODES.get((name, english), frozenset())
        lacking = (frame[english].notna() & frame[korean].isna() & ~frame[english].isin(codes)).to_numpy()
        for position in lacking.nonzero()[0]:
            value = str(frame[english].iat[position])
            problems.append(
                Problem(
                    "warning",
                    file,
                    int(frame["__row__"].iat[position]),
                    korean,
                    "korean name",
                    value,
                    f"'{korean}' is empty, so Korean pages show '{_shorten(value, 60)}' in English; give the Korean "
                    "name with its source (data/reference/names_ko.csv), or the original where there is no Korean "
                    "form",
                    "korean_name",
                    {"column": korean, "english": _shorten(value, 60)},
                )
            )


def _meetings(tables: dict[str, pd.DataFrame], files: dict[str, str], problems: list[Problem]) -> None:
    """A meeting's dates are its event's: the two rows must agree, or the timeline and the agenda would disagree."""
    meetings, events = tables.get("meetings"), tables.get("events")
    if meetings is None or events is None:
        return
    # A repeated or empty event_id is reported by the key rules; the first row of an id is the one compared.
    by_id = events.dropna(subset=["event_id"]).drop_duplicates("event_id").set_index("event_id")
    for idx in meetings.index:
        event_id = meetings.at[idx, "event_id"]
        if pd.isna(event_id) or event_id not in by_id.index:
            continue  # reported by the reference rule
        for col in ("starts_on", "ends_on", "date_precision"):
            mine, theirs = meetings.at[idx, col], by_id.at[event_id, col]
            if pd.notna(mine) and pd.notna(theirs) and mine != theirs:
                problems.append(
                    Problem(
                        "error",
                        _file_of(files, "meetings"),
                        int(meetings.at[idx, "__row__"]),
                        col,
                        "meeting dates",
                        str(mine),
                        f"'{col}' differs from the event {event_id} ({theirs}); give both rows the same dates",
                    )
                )


def _agenda_links(frame: pd.DataFrame, file: str, problems: list[Problem]) -> None:
    """An agenda item opens its section with filters from the allow-list only (names and values)."""
    for idx in frame.index:
        text = frame.at[idx, "filters"]
        if pd.isna(text):
            continue
        for pair in str(text).split("&"):
            name, _, value = pair.partition("=")
            allowed = LINK_FILTERS.get(name)
            if allowed is None:
                message = f"unknown filter '{name}'; use one of {', '.join(LINK_FILTERS)}"
            elif value not in allowed:
                message = f"'{value}' is not a value of the filter '{name}'; use one of {', '.join(allowed)}"
            else:
                continue
            problems.append(
                Problem("error", file, int(frame.at[idx, "__row__"]), "filters", "agenda link", pair, message)
            )


# ---------------------------------------------------------------------------------------------- maturity (issue #11)
# The frameworks' configuration (scale, answer scale, bands, dimension tree, weights), the assessments against it,
# and the CeDS template (city_results): docs/data.md and docs/ceds-template.md describe each rule.

# Derived scores (from answers and weights) are rounded to this many decimals; the parts are added unrounded.
DERIVED_DECIMALS = 6


def _records(frame: pd.DataFrame | None) -> list[dict]:
    """A table's rows as dicts, None for an empty cell (pandas' NA does not compare)."""
    if frame is None:
        return []
    columns = list(frame.columns)
    return [
        {c: (None if v is None or v is pd.NA or v is pd.NaT else v) for c, v in zip(columns, values)}
        for values in frame.astype(object).itertuples(index=False, name=None)
    ]


def _num(value: float) -> str:
    return f"{value:g}"


class _Framework:
    """One framework's configuration as validated: None where a part is unset or wrong (reported elsewhere)."""

    def __init__(self, row: dict):
        self.row = row
        self.framework_id = row["framework_id"]
        self.scale = self._pair(row["scale_min"], row["scale_max"])
        self.answers = self._pair(row["answer_min"], row["answer_max"])
        self.bands: list[dict] | None = []  # lowest first; None when the bands are wrong
        self.dimensions: dict[str, dict] = {}
        self.cyclic = False

    @staticmethod
    def _pair(low, high) -> tuple[float, float] | None:
        return (float(low), float(high)) if low is not None and high is not None and low < high else None

    def band_of(self, score: float) -> str | None:
        """The band_id a score falls in by the framework's band_rule, or None without (valid) bands."""
        if not self.bands or self.row["band_rule"] is None:
            return None
        found = self.bands[0]["band_id"]
        for band in self.bands[1:]:
            lower = band["lower"]
            above = score >= lower if self.row["band_rule"] == "lower_inclusive" else score > lower
            if above:
                found = band["band_id"]
        return found

    def children(self, dimension_id: str | None) -> list[dict]:
        """The dimensions directly under one (None: the top-level ones), in their order."""
        return sorted(
            (d for d in self.dimensions.values() if d["parent_id"] == dimension_id),
            key=lambda d: (d["seq"] is None, d["seq"] or 0, d["dimension_id"]),
        )


def _maturity(
    tables: dict[str, pd.DataFrame], files: dict[str, str], inputs: dict[str, pd.DataFrame], problems: list[Problem]
) -> None:
    frameworks = {}
    for row in _records(tables.get("frameworks")):
        if row["framework_id"] is not None and row["framework_id"] not in frameworks:
            frameworks[row["framework_id"]] = _Framework(row)
    bands = _records(tables.get("framework_bands"))
    dimensions = _records(tables.get("framework_dimensions"))
    _check_frameworks(frameworks, {b["framework_id"] for b in bands}, _file_of(files, "frameworks"), problems)
    _check_bands(frameworks, bands, _file_of(files, "framework_bands"), problems)
    _check_dimensions(frameworks, dimensions, _file_of(files, "framework_dimensions"), problems)
    if "assessments" in tables:
        _check_assessments(tables, frameworks, _file_of(files, "assessments"), problems)
    results = inputs.get("city_results")
    if results is not None and "assessments" in tables:
        derived = _city_results(
            results,
            files["city_results"],
            tables,
            frameworks,
            _file_of(files, "framework_dimensions"),
            problems,
            _file_of(files, "assessments"),
        )
        if derived is not None and len(derived):
            tables["assessments"] = pd.concat([tables["assessments"], derived], ignore_index=True)


def _check_frameworks(frameworks: dict[str, _Framework], banded: set, file: str, problems: list[Problem]) -> None:
    for fw in frameworks.values():
        r = fw.row
        for low, high, rule in (("scale_min", "scale_max", "scale"), ("answer_min", "answer_max", "answer scale")):
            lo, hi = r[low], r[high]
            if (lo is None) != (hi is None):
                problems.append(
                    Problem(
                        "error",
                        file,
                        r["__row__"],
                        low if lo is None else high,
                        rule,
                        _num(hi if lo is None else lo),
                        f"'{low}' and '{high}' go together: give both or neither",
                    )
                )
            elif lo is not None and not lo < hi:
                problems.append(
                    Problem(
                        "error",
                        file,
                        r["__row__"],
                        high,
                        rule,
                        _num(hi),
                        f"'{high}' must be greater than '{low}' ({_num(lo)})",
                    )
                )
        has_bands = fw.framework_id in banded
        if has_bands and r["band_rule"] is None:
            message = (
                "the framework has bands in framework_bands.csv: set 'band_rule' (lower_inclusive or "
                "upper_inclusive) to say in which band a score on a boundary falls"
            )
        elif not has_bands and r["band_rule"] is not None:
            message = "the framework has no bands in framework_bands.csv: leave 'band_rule' empty, or add its bands"
        else:
            continue
        problems.append(Problem("error", file, r["__row__"], "band_rule", "band rule", r["band_rule"], message))


def _check_bands(frameworks: dict[str, _Framework], bands: list[dict], file: str, problems: list[Problem]) -> None:
    by_framework = collections.defaultdict(list)
    for band in bands:
        if None not in (band["framework_id"], band["band_id"], band["seq"], band["lower"]):
            by_framework[band["framework_id"]].append(band)
    for framework_id, group in by_framework.items():
        group.sort(key=lambda b: (b["seq"], b["__row__"]))
        fw = frameworks.get(framework_id)
        wrong = False
        for expected, band in enumerate(group, start=1):
            if band["seq"] != expected:
                problems.append(
                    Problem(
                        "error",
                        file,
                        band["__row__"],
                        "seq",
                        "band order",
                        str(band["seq"]),
                        f"the bands of '{framework_id}' are numbered 1 to {len(group)} without a gap or a repeat, "
                        f"lowest first: this band should be {expected}",
                    )
                )
                wrong = True
                break
        for before, band in zip(group, group[1:]):
            if band["lower"] <= before["lower"]:
                problems.append(
                    Problem(
                        "error",
                        file,
                        band["__row__"],
                        "lower",
                        "band bounds",
                        _num(band["lower"]),
                        f"'lower' must be greater than that of the band before it ('{before['band_id']}', "
                        f"{_num(before['lower'])}): each band starts above the one below",
                    )
                )
                wrong = True
        scale = fw.scale if fw is not None else None
        if scale is not None:
            for band in group:
                if not scale[0] <= band["lower"] <= scale[1]:
                    problems.append(
                        Problem(
                            "error",
                            file,
                            band["__row__"],
                            "lower",
                            "band bounds",
                            _num(band["lower"]),
                            f"'lower' must lie within the scale of '{framework_id}', {_num(scale[0])} to "
                            f"{_num(scale[1])} (frameworks.csv)",
                        )
                    )
                    wrong = True
            lowest = group[0]
            if scale[0] <= lowest["lower"] <= scale[1] and lowest["lower"] != scale[0]:
                problems.append(
                    Problem(
                        "error",
                        file,
                        lowest["__row__"],
                        "lower",
                        "band bounds",
                        _num(lowest["lower"]),
                        f"the lowest band of '{framework_id}' must start at the scale's minimum, "
                        f"{_num(scale[0])} (frameworks.csv, scale_min)",
                    )
                )
                wrong = True
        if fw is not None:
            fw.bands = None if wrong else group


def _check_dimensions(
    frameworks: dict[str, _Framework], dimensions: list[dict], file: str, problems: list[Problem]
) -> None:
    """A parent is in the same framework (the reference rule checks it); the parents form no loop."""
    for dim in dimensions:
        fw = frameworks.get(dim["framework_id"])
        if fw is not None and dim["dimension_id"] is not None and dim["dimension_id"] not in fw.dimensions:
            fw.dimensions[dim["dimension_id"]] = dim
    for fw in frameworks.values():
        reported: set[str] = set()
        for start in fw.dimensions:
            path, current = [], start
            while current is not None and current in fw.dimensions and current not in path:
                path.append(current)
                current = fw.dimensions[current]["parent_id"]
            if current is None or current not in path:
                continue  # reaches the top (or a missing parent, which the reference rule reports)
            loop = path[path.index(current) :]
            fw.cyclic = True
            if reported & set(loop):
                continue
            reported |= set(loop)
            first = min(loop, key=lambda d: fw.dimensions[d]["__row__"])
            order = loop[loop.index(first) :] + loop[: loop.index(first)]
            problems.append(
                Problem(
                    "error",
                    file,
                    fw.dimensions[first]["__row__"],
                    "parent_id",
                    "dimension cycle",
                    fw.dimensions[first]["parent_id"],
                    f"the parents of '{fw.framework_id}' dimensions make a loop ({' → '.join([*order, first])}): "
                    "a dimension cannot be part of itself; fix 'parent_id'",
                )
            )


def _check_assessments(
    tables: dict[str, pd.DataFrame], frameworks: dict[str, _Framework], file: str, problems: list[Problem]
) -> None:
    members = tables.get("members")
    member_ids = None if members is None else set(members["member_id"].dropna())
    iso3 = re.compile(ISO3)
    countries = reference.countries()

    def add(r, column, rule, value, message):
        problems.append(Problem("error", file, r["__row__"], column, rule, value, message))

    for r in _records(tables["assessments"]):
        fw = frameworks.get(r["framework_id"])
        if fw is None:
            continue  # the reference rule reports it
        subject, score = r["subject"], r["score"]
        if subject is not None:
            if fw.row["level"] == "city" and member_ids is not None and subject not in member_ids:
                add(
                    r,
                    "subject",
                    "subject",
                    subject,
                    f"'{fw.framework_id}' assesses cities: 'subject' must be a member_id of members.csv",
                )
            elif fw.row["level"] == "country" and not iso3.fullmatch(subject):
                add(
                    r,
                    "subject",
                    "subject",
                    subject,
                    f"'{fw.framework_id}' assesses countries: 'subject' must be an ISO 3166-1 alpha-3 code, e.g. KOR",
                )
            elif fw.row["level"] == "country" and subject not in countries:
                add(
                    r,
                    "subject",
                    "subject",
                    subject,
                    f"'{fw.framework_id}' assesses countries: '{subject}' is not an ISO 3166-1 alpha-3 country code "
                    "known to GeoNames (data/reference/countries.csv); check the country's code",
                )
        if score is not None:
            low, high = fw.row["scale_min"], fw.row["scale_max"]
            if low is None and high is None:
                add(
                    r,
                    "score",
                    "score scale",
                    _num(score),
                    f"'{fw.framework_id}' has no scale: set scale_min/scale_max in frameworks.csv before giving scores",
                )
            elif fw.scale is not None and not fw.scale[0] <= score <= fw.scale[1] and r["dimension_id"] is not None:
                # A source's own component value may lie outside the overall scale (the UN's 2003 HCI of Micronesia
                # is 1.422 on a 0-1 index): kept as published, with a warning, so the export still publishes.
                values = {"framework": fw.framework_id, "edition": r["edition"], "subject": subject}
                values |= {"dimension": r["dimension_id"], "score": _num(score)}
                problems.append(
                    Problem(
                        "warning",
                        file,
                        r["__row__"],
                        "score",
                        "score range",
                        _num(score),
                        f"{subject} {r['edition']}: the {r['dimension_id']} score {_num(score)} lies outside the "
                        f"scale of '{fw.framework_id}' ({_num(fw.scale[0])} to {_num(fw.scale[1])}); kept as the "
                        "source gives it",
                        "score_outside_scale",
                        values,
                    )
                )
            elif fw.scale is not None and not fw.scale[0] <= score <= fw.scale[1]:
                add(
                    r,
                    "score",
                    "score range",
                    _num(score),
                    f"'score' must lie within the scale of '{fw.framework_id}', {_num(fw.scale[0])} to "
                    f"{_num(fw.scale[1])} (frameworks.csv)",
                )
        elif r["rank"] is not None:
            add(
                r,
                "rank",
                "rank",
                str(r["rank"]),
                "a rank without a score: give the score, or leave 'rank' empty where there is no data",
            )
        band = r["band"]
        if band is not None and fw.bands is not None:
            known = [b["band_id"] for b in fw.bands]
            if band not in known:
                add(
                    r,
                    "band",
                    "band",
                    band,
                    f"'band' names no band of '{fw.framework_id}' in framework_bands.csv"
                    + (f" ({', '.join(known)})" if known else " (it has none)"),
                )
            elif score is not None and fw.scale is not None and (expected := fw.band_of(score)) not in (None, band):
                add(
                    r,
                    "band",
                    "band",
                    band,
                    f"a score of {_num(score)} falls in the band '{expected}' by the framework's band_rule "
                    f"({fw.row['band_rule']}), not '{band}'; correct the band or leave it empty",
                )
        if r["published"] is not None and fw.row["published"] is not None and r["published"] != fw.row["published"]:
            flag = "true" if fw.row["published"] else "false"
            add(
                r,
                "published",
                "published",
                "true" if r["published"] else "false",
                f"'published' must equal the framework's flag in frameworks.csv ({flag}): only the committee sees "
                "results that are not published",
            )


def _city_results(
    frame: pd.DataFrame,
    file: str,
    tables: dict[str, pd.DataFrame],
    frameworks: dict[str, _Framework],
    dimensions_file: str,
    problems: list[Problem],
    assessments_file: str = "assessments.csv",
) -> pd.DataFrame | None:
    """Check the CeDS template's rows against their framework, then compute the assessments rows they give: a leaf
    dimension's score (given, or the mean of its answers mapped onto the scale), each parent's and the overall score
    as the weighted mean of its parts. None when a row is wrong (the errors are reported)."""
    before = sum(p.severity == "error" for p in problems)

    def add(r, column, rule, value, message):
        problems.append(Problem("error", file, r["__row__"], column, rule, value, message))

    told: set[tuple[str, str]] = set()  # (framework, rule) reported once, at its first row
    groups: dict[tuple, list[dict]] = collections.defaultdict(list)
    for r in _records(frame):
        framework_id, dim = r["framework_id"], r["dimension_id"]
        if None in (framework_id, r["member_id"], r["edition"], dim, r["score"]):
            continue  # an empty required cell is reported already
        fw = frameworks.get(framework_id)
        if fw is None:
            add(r, "framework_id", "reference", framework_id, "'framework_id' names no row of frameworks.csv")
            continue
        if fw.row["level"] != "city":
            if (framework_id, "level") not in told:
                told.add((framework_id, "level"))
                add(
                    r,
                    "framework_id",
                    "framework level",
                    framework_id,
                    f"'{framework_id}' assesses countries; city_results holds the results of a city framework (CeDS)",
                )
            continue
        if fw.scale is None:
            if (framework_id, "scale") not in told:
                told.add((framework_id, "scale"))
                add(
                    r,
                    "framework_id",
                    "framework scale",
                    framework_id,
                    f"'{framework_id}' has no scale: set scale_min/scale_max in frameworks.csv (from the platform's "
                    "scoring configuration) before loading its results",
                )
            continue
        if dim not in fw.dimensions:
            add(r, "dimension_id", "reference", dim, f"'dimension_id' names no dimension of '{framework_id}'")
            continue
        parts = [d["dimension_id"] for d in fw.children(dim)]
        if parts:
            add(
                r,
                "dimension_id",
                "leaf dimension",
                dim,
                f"'{dim}' is made of other dimensions ({', '.join(parts)}): give the results of those, and the "
                f"ingest computes '{dim}' from them",
            )
            continue
        groups[(framework_id, r["member_id"], r["edition"], dim)].append(r)
    for (framework_id, member_id, edition, dim), rows in groups.items():
        fw = frameworks[framework_id]
        answers = [r for r in rows if r["question_id"] is not None]
        if answers and len(answers) != len(rows):
            score_row = next(r for r in rows if r["question_id"] is None)
            add(
                score_row,
                "question_id",
                "answers or score",
                None,
                f"{member_id} {edition} '{dim}' has both a dimension score (this row, question_id empty) and "
                "answers to questions: give one or the other",
            )
            continue
        if answers and fw.answers is None:
            if (framework_id, "answers") not in told:
                told.add((framework_id, "answers"))
                add(
                    answers[0],
                    "question_id",
                    "answer scale",
                    answers[0]["question_id"],
                    f"'{framework_id}' has no answer scale: set answer_min/answer_max in frameworks.csv, or give "
                    "dimension scores (question_id empty)",
                )
            continue
        low, high = fw.answers if answers else fw.scale
        for r in rows:
            if not low <= r["score"] <= high:
                what = "an answer" if answers else "a dimension score"
                scale = "answer scale" if answers else "scale"
                add(
                    r,
                    "score",
                    "answer range" if answers else "score range",
                    _num(r["score"]),
                    f"{what} must lie within the {scale} of '{framework_id}', {_num(low)} to {_num(high)} "
                    "(frameworks.csv)",
                )
    if sum(p.severity == "error" for p in problems) > before:
        return None
    return _derive(groups, file, tables, frameworks, dimensions_file, problems, assessments_file)


class _Tree:
    """One city's and edition's scores up a framework's dimension tree, from the leaves it scored."""

    def __init__(self, fw: _Framework, leaves: dict, dimensions_file: str, told: set, problems: list[Problem]):
        self.fw, self.leaves, self.file, self.told, self.problems = fw, leaves, dimensions_file, told, problems
        self.scores: dict[str | None, tuple[float, list[dict]]] = {}
        self.missing: list[str] = []  # leaves without a result
        self.skipped: list[str] = []  # parents (and "overall") left without a score for want of a part

    def _weight_error(self, part: dict, value: str | None, key: str, message: str) -> None:
        if (self.fw.framework_id, key) in self.told:
            return
        self.told.add((self.fw.framework_id, key))
        self.problems.append(Problem("error", self.file, part["__row__"], "weight", "weight", value, message))

    def score_of(self, dim: str | None) -> tuple[float, list[dict]] | None:
        """The dimension's (score, the city_results rows beneath it); None where a part has no data or a weight is
        missing (reported). dim None is the overall score."""
        if dim in self.scores:
            return self.scores[dim]
        framework_id = self.fw.framework_id
        parts = self.fw.children(dim)
        if dim is not None and not parts:
            if dim not in self.leaves:
                self.missing.append(dim)
                return None
            self.scores[dim] = self.leaves[dim]
            return self.scores[dim]
        found = [(part, self.score_of(part["dimension_id"])) for part in parts]
        if not parts or any(s is None for _, s in found):
            self.skipped.append(dim or "overall")
            return None
        whole = f"'{dim}'" if dim is not None else "the overall score"
        lacking = [part for part in parts if part["weight"] is None]
        for part in lacking:
            self._weight_error(
                part,
                None,
                part["dimension_id"],
                f"'{part['dimension_id']}' of '{framework_id}' has no weight, which {whole} needs to be computed "
                "from city_results: set it from the platform's scoring configuration",
            )
        if lacking:
            return None
        total = math.fsum(part["weight"] for part in parts)
        if total <= 0:
            self._weight_error(
                parts[0],
                "0",
                f"{dim}/total",
                f"the weights of the parts of {whole} ('{framework_id}') add up to 0; give at least one a weight "
                "above 0",
            )
            return None
        value = math.fsum(part["weight"] * s[0] for part, s in found) / total
        self.scores[dim] = (value, [r for _, s in found for r in s[1]])
        return self.scores[dim]


def _derive(
    groups: dict[tuple, list[dict]],
    file: str,
    tables: dict[str, pd.DataFrame],
    frameworks: dict[str, _Framework],
    dimensions_file: str,
    problems: list[Problem],
    assessments_file: str = "assessments.csv",
) -> pd.DataFrame | None:
    before = sum(p.severity == "error" for p in problems)
    weights_told: set[tuple[str, str]] = set()
    # The leaves each city and edition scored: (framework, member, edition) -> dimension -> (score, its rows).
    assessed: dict[tuple, dict[str, tuple[float, list[dict]]]] = collections.defaultdict(dict)
    for (framework_id, member_id, edition, dim), rows in sorted(groups.items(), key=lambda kv: kv[1][0]["__row__"]):
        fw = frameworks[framework_id]
        if rows[0]["question_id"] is None:
            score = rows[0]["score"]
        else:  # the mean answer, mapped linearly from the answer scale onto the score scale
            (a_low, a_high), (s_low, s_high) = fw.answers, fw.scale
            mean = math.fsum(r["score"] for r in rows) / len(rows)
            score = s_low + (mean - a_low) / (a_high - a_low) * (s_high - s_low)
        assessed[(framework_id, member_id, edition)][dim] = (score, rows)

    derived: list[dict] = []
    for (framework_id, member_id, edition), leaves in assessed.items():
        fw = frameworks[framework_id]
        if fw.cyclic:
            return None  # reported by the dimension rule
        tree = _Tree(fw, leaves, dimensions_file, weights_told, problems)
        tree.score_of(None)
        scores, missing, skipped = tree.scores, tree.missing, tree.skipped
        for dim, (value, rows) in scores.items():
            computed = dim is None or dim not in leaves or rows[0]["question_id"] is not None
            dated = [r["assessed_on"] for r in rows if r["assessed_on"] is not None]
            sources = sorted({r["source"] for r in rows if r["source"] is not None})
            derived.append(
                dict(
                    framework_id=framework_id,
                    edition=edition,
                    subject=member_id,
                    dimension_id=dim,
                    score=round(value, DERIVED_DECIMALS) if computed else value,
                    rank=None,
                    band=None,
                    assessed_on=max(dated) if dated else None,
                    published=fw.row["published"],
                    source="; ".join(sources) or file,
                    __row__=min(r["__row__"] for r in rows),
                )
            )
        if missing:
            names = ", ".join(dict.fromkeys(missing))
            named = [f"'{d}'" for d in skipped if d != "overall"] + ["the overall score"] * ("overall" in skipped)
            left = " and ".join([", ".join(named[:-1]), named[-1]] if len(named) > 1 else named)
            first = min(r["__row__"] for _, rows in leaves.values() for r in rows)
            problems.append(
                Problem(
                    "warning",
                    file,
                    first,
                    "dimension_id",
                    "incomplete results",
                    names,
                    f"{member_id} {edition} ('{framework_id}') has no result for {names}, so {left} "
                    f"{'have' if len(named) > 1 else 'has'} no score (no data, not zero)",
                    "incomplete_results",
                    {
                        "member": member_id,
                        "edition": int(edition),
                        "framework": framework_id,
                        "missing": names,
                        # the parts above a missing one (the overall score is always among them)
                        "parents": ", ".join(d for d in skipped if d != "overall"),
                    },
                )
            )
    if sum(p.severity == "error" for p in problems) > before:
        return None
    existing = {}
    for r in _records(tables["assessments"]):
        existing.setdefault((r["framework_id"], r["edition"], r["subject"], r["dimension_id"]), r["__row__"])
    clash = False
    for row in derived:
        key = (row["framework_id"], row["edition"], row["subject"], row["dimension_id"])
        if key in existing:
            clash = True
            what = f"'{row['dimension_id']}' score" if row["dimension_id"] is not None else "overall score"
            problems.append(
                Problem(
                    "error",
                    file,
                    row["__row__"],
                    "member_id",
                    "duplicate assessment",
                    " / ".join(str(k) if k is not None else "" for k in key),
                    f"{row['subject']}'s {row['edition']} {what} ('{row['framework_id']}') comes from this file "
                    f"and from {assessments_file} row {existing[key]}: keep it in one of the two",
                )
            )
    if clash:
        return None
    columns = TABLES["assessments"].columns
    out = pd.DataFrame(
        {c.name: pd.Series([row[c.name] for row in derived], dtype=_PANDAS_DTYPES[c.type]) for c in columns}
    )
    out.insert(0, "__row__", [0] * len(derived))
    return out


# ---------------------------------------------------------------------------------------------- entry point


def size_limits(environ=None) -> tuple[int, int]:
    """(bytes per file, bytes per folder) from WEGO_INGEST_MAX_FILE_MB and WEGO_INGEST_MAX_TOTAL_MB, else the
    defaults; ValueError with a message naming the variable when one is not a positive whole number."""
    environ = os.environ if environ is None else environ
    limits = []
    for variable, default in ((MAX_FILE_MB_VARIABLE, MAX_FILE_MB), (MAX_TOTAL_MB_VARIABLE, MAX_TOTAL_MB)):
        text = environ.get(variable, "").strip()
        if not text:
            limits.append(default * MB)
            continue
        if not re.fullmatch(r"[0-9]{1,7}", text) or int(text) == 0:
            raise ValueError(f"{variable} must be a whole number of megabytes, e.g. {default}; it is {text!r}")
        limits.append(int(text) * MB)
    return limits[0], limits[1]


def _file_error(problems: list[Problem], path: Path, rule: str, message: str) -> None:
    """A problem with a whole table file (no row or column)."""
    problems.append(Problem("error", path.name, None, None, rule, None, message))


def _entry(path: Path, max_file: int, problems: list[Problem]) -> int | None:
    """The size of a table file that ingest may read: a regular file, not a link, within the limit (else reported)."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        _file_error(problems, path, "unreadable file", f"the file cannot be read ({exc.strerror})")
        return None
    if stat.S_ISLNK(info.st_mode):
        _file_error(
            problems,
            path,
            "symlink",
            "the file is a symbolic link; ingest reads only files inside the export folder: copy the file itself there",
        )
        return None
    if not stat.S_ISREG(info.st_mode):
        _file_error(
            problems,
            path,
            "not a file",
            "this is not a regular file (a folder, a pipe or a device); put the exported table there",
        )
        return None
    if info.st_size > max_file:
        _file_error(
            problems,
            path,
            "file size",
            f"the file is {info.st_size / MB:,.1f} MB, more than the {max_file / MB:,.0f} MB ingest reads per "
            f"file; check that this is the right export, or raise {MAX_FILE_MB_VARIABLE} on a machine with "
            "about ten times the file's size in free memory",
        )
        return None
    return info.st_size


def _open(path: Path, problems: list[Problem]) -> BinaryIO | None:
    """Open a table file without following a link, and only if it is (still) a regular file."""
    try:
        # O_NOFOLLOW: a file swapped for a link after the check is not followed; O_NONBLOCK: nor does a pipe hang.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        _file_error(problems, path, "unreadable file", f"the file cannot be read ({exc.strerror})")
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        _file_error(problems, path, "not a file", "this is not a regular file; try again")
        return None
    return os.fdopen(fd, "rb")


def validate_folder(folder: Path) -> Result:
    folder = Path(folder)
    problems = _Problems()
    tables: dict[str, pd.DataFrame] = {}
    files: dict[str, str] = {}
    inputs: dict[str, str] = {}
    try:
        max_file, max_total = size_limits()
    except ValueError as exc:
        problems.append(Problem("error", "environment", None, None, "configuration", None, str(exc)))
        return Result(tables, list(problems), inputs)
    try:
        is_dir = folder.is_dir()
    except (OSError, ValueError):  # ValueError: a path with a NUL byte
        is_dir = False
    if not is_dir:
        problems.append(
            Problem(
                "error",
                str(folder),
                None,
                None,
                "folder",
                None,
                "the folder does not exist; give the folder that holds the exported tables",
            )
        )
        return Result(tables, list(problems), inputs)
    # Every file is checked (a regular file, not a link, within the size limits) before any is read.
    paths: dict[str, Path] = {}
    total = 0
    contract = {**TABLES, **INPUTS}
    for name in contract:
        candidates = [folder / f"{name}.csv", folder / f"{name}.xlsx"]
        present = [p for p in candidates if os.path.lexists(p)]
        if not present and name in INPUTS:
            continue  # an input (city_results) is there only when the secretariat has results to load
        if not present and TABLES[name].optional:
            # Added to the contract after exports were first made (issue #11): a folder without it has no row of it.
            empty = _Sheet([], {c: [] for c in TABLES[name].column_names})
            tables[name] = _check_table(TABLES[name], f"{name}.csv", empty, problems)
            files[name] = f"{name}.csv"  # the file a problem would name (none can arise from no rows)
            continue
        if not present:
            problems.append(
                Problem(
                    "error",
                    f"{name}.csv",
                    None,
                    None,
                    "missing file",
                    None,
                    f"the folder has no {name}.csv or {name}.xlsx; every table is required",
                )
            )
            continue
        if len(present) > 1:
            problems.append(
                Problem(
                    "error",
                    present[1].name,
                    None,
                    None,
                    "two files",
                    None,
                    f"both {name}.csv and {name}.xlsx are present; keep one",
                )
            )
            continue
        size = _entry(present[0], max_file, problems)
        if size is not None:
            paths[name] = present[0]
            total += size
    if total > max_total:
        problems.append(
            Problem(
                "error",
                str(folder),
                None,
                None,
                "folder size",
                None,
                f"the table files add up to {total / MB:,.1f} MB, more than the {max_total / MB:,.0f} MB ingest reads "
                f"at once; check that these are the right exports, or raise {MAX_TOTAL_MB_VARIABLE} on a machine "
                "with about ten times that in free memory",
            )
        )
        paths = {}
    for name, path in paths.items():
        handle = _open(path, problems)
        if handle is None:
            continue
        with handle:
            files[name] = path.name
            inputs[path.name] = _sha256(handle)
            if path.suffix == ".csv":
                sheet = _read_csv(handle, contract[name], path.name, problems)
            else:
                sheet = _read_xlsx(handle, contract[name], path.name, problems, max_file)
        if sheet is None:
            continue
        frame = _check_table(contract[name], path.name, sheet, problems)
        if frame is not None:
            tables[name] = frame
    _unknown_files(folder, problems)

    for name, frame in tables.items():
        _unique_keys(contract[name], frame, files[name], problems)
    _references(tables, files, problems)
    for name in ("events", "milestones"):
        if name in tables:
            _dates_in_order(name, tables[name], files[name], problems)
    for name in ("members", "offices", "events"):
        if name in tables:
            _places(name, tables[name], files[name], problems)
    if "budget_lines" in tables:
        _budget(tables["budget_lines"], files["budget_lines"], problems)
    _spending(tables, files, problems)
    _meetings(tables, files, problems)
    if "meetings" in tables:
        _dates_in_order("meetings", tables["meetings"], files["meetings"], problems)
    if "agenda_items" in tables:
        _agenda_links(tables["agenda_items"], files["agenda_items"], problems)
    for name, frame in tables.items():
        _korean_names(name, frame, files[name], problems)
    # The inputs are not snapshot tables: city_results becomes assessments rows (issue #11), then leaves the result.
    given = {name: tables.pop(name) for name in INPUTS if name in tables}
    _maturity(tables, files, given, problems)
    problems.sort(key=lambda p: (p.severity != "error", p.file, p.row or 0, p.column or ""))
    clean = {name: frame.drop(columns="__row__").reset_index(drop=True) for name, frame in tables.items()}
    return Result(clean, list(problems), inputs, problems.dropped["error"], problems.dropped["warning"])


def _unknown_files(folder: Path, problems: list[Problem]) -> None:
    known = {f"{n}{suffix}" for n in (*TABLES, *INPUTS) for suffix in (".csv", ".xlsx")}
    try:
        unknown = sorted(p.name for p in folder.iterdir() if p.suffix in (".csv", ".xlsx") and p.name not in known)
    except OSError:
        return  # the table files were read; a listing that fails now only loses this warning
    if len(unknown) == 1:
        problems.append(
            Problem(
                "warning",
                unknown[0],
                None,
                None,
                "unknown file",
                None,
                "the file is not a table of the contract and was ignored",
                "unknown_file",
                {},
            )
        )
    elif unknown:
        # One warning for them all: every page shows the snapshot's warnings.
        names = ", ".join(unknown[:10]) + (", …" if len(unknown) > 10 else "")
        problems.append(
            Problem(
                "warning",
                _shorten(names, 200),
                None,
                None,
                "unknown file",
                None,
                f"{len(unknown):,} files are not tables of the contract and were ignored",
                "unknown_files",
                {"count": len(unknown)},
            )
        )
