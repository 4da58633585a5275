"""Read a folder of CSV/XLSX exports and check it against the data contract (docs/data.md)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from wego_data import reference
from wego_data.schema import LINK_FILTERS, TABLES, Column, Table

# The report rounds each line to the thousand KRW, so granted - executed = unspent holds to within 1,000 KRW.
ROUNDING_TOLERANCE_KRW = 1_000


@dataclass(frozen=True)
class Problem:
    severity: str  # "error" blocks publishing; "warning" is kept in the manifest and shown to viewers
    file: str
    row: int | None  # the row number as a spreadsheet shows it (the header is row 1)
    column: str | None
    rule: str
    value: str | None
    message: str

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


@dataclass
class Result:
    """What a folder holds, typed, plus every problem found and the sha256 of every input file."""

    tables: dict[str, pd.DataFrame]
    problems: list[Problem]
    inputs: dict[str, str]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------------------------- reading


def _read_csv(path: Path, problems: list[Problem]) -> list[dict[str, str]] | None:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")  # a BOM (as Excel writes it) is fine
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(
                "error",
                path.name,
                line,
                None,
                "encoding",
                raw[exc.start : exc.start + 4].hex(" "),
                f"the file is not UTF-8 (the first undecodable byte is on row {line}); save it again as "
                "'CSV UTF-8 (comma delimited)'",
            )
        )
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = list(reader)
    if not rows or not any(cell.strip() for cell in rows[0]):
        problems.append(
            Problem(
                "error",
                path.name,
                None,
                None,
                "empty file",
                None,
                "the file is empty; export the table again with its header row",
            )
        )
        return None
    header = [h.strip() for h in rows[0]]
    records = []
    for line_no, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue  # blank lines at the end of an export
        if len(cells) > len(header):
            problems.append(
                Problem(
                    "error",
                    path.name,
                    line_no,
                    None,
                    "row shape",
                    ",".join(cells),
                    f"the row has {len(cells)} cells but the header has {len(header)}",
                )
            )
            continue
        cells = cells + [""] * (len(header) - len(cells))
        records.append({"__row__": line_no, **{h: c.strip() for h, c in zip(header, cells)}})
    return _with_header(records, header)


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


def _read_xlsx(path: Path, problems: list[Problem]) -> list[dict[str, str]] | None:
    import openpyxl  # imported here: only XLSX ingest needs it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        problems.append(
            Problem(
                "error",
                path.name,
                None,
                None,
                "unreadable file",
                None,
                f"the workbook cannot be opened ({type(exc).__name__}); save it again as .xlsx",
            )
        )
        return None
    sheet = book.worksheets[0]
    rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    if not rows or not any(rows[0]):
        problems.append(
            Problem(
                "error",
                path.name,
                None,
                None,
                "empty file",
                None,
                "the first sheet is empty; export the table again with its header row",
            )
        )
        return None
    header = [h for h in rows[0]]
    while header and not header[-1]:
        header.pop()
    records = []
    for line_no, cells in enumerate(rows[1:], start=2):
        if not any(cells):
            continue
        cells = (cells + [""] * len(header))[: len(header)]
        records.append({"__row__": line_no, **dict(zip(header, cells))})
    return _with_header(records, header)


def _with_header(records: list[dict], header: list[str]) -> list[dict]:
    # The header travels with the records so that an export with a header and no rows is still told apart.
    return [{"__header__": header}] + records


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------------------------------- cells

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _parse(col: Column, text: str):
    """Return the typed value, or raise ValueError with a message a person can act on."""
    if col.type == "text":
        return text
    if col.type == "int":
        if not re.fullmatch(r"-?\d+", text.replace(",", "")) or "," in text:
            raise ValueError("expected a whole number without separators, e.g. 1500000")
        return int(text)
    if col.type == "float":
        try:
            value = float(text)
        except ValueError:
            raise ValueError("expected a decimal number, e.g. 37.5665") from None
        if not math.isfinite(value):
            raise ValueError("expected a finite decimal number")
        return value
    if col.type == "date":
        if not _DATE.match(text):
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


def _check_table(table: Table, file: str, records: list[dict], problems: list[Problem]) -> pd.DataFrame | None:
    header = records[0]["__header__"]
    rows = records[1:]
    missing = [c for c in table.column_names if c not in header]
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
    for name in header:
        if name and name not in table.column_names:
            problems.append(
                Problem(
                    "warning",
                    file,
                    1,
                    name,
                    "unknown column",
                    None,
                    f"the column '{name}' is not in the contract and was ignored",
                )
            )
    dupes = {h for h in header if header.count(h) > 1 and h}
    for name in sorted(dupes):
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
    if not rows and not table.may_be_empty:
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

    typed: dict[str, list] = {c.name: [] for c in table.columns}
    row_numbers = []
    for rec in rows:
        row_numbers.append(rec["__row__"])
        for col in table.columns:
            text = rec.get(col.name, "")
            value = None
            if text == "":
                if col.required:
                    problems.append(
                        Problem(
                            "error",
                            file,
                            rec["__row__"],
                            col.name,
                            "required value",
                            None,
                            f"'{col.name}' is empty; it is required ({col.meaning})",
                        )
                    )
            else:
                try:
                    value = _parse(col, text)
                except ValueError as exc:
                    rule = "money" if col.unit == "KRW" else "type"
                    problems.append(
                        Problem("error", file, rec["__row__"], col.name, rule, text, f"'{col.name}': {exc}")
                    )
                else:
                    value = _check_value(col, value, text, file, rec["__row__"], problems)
            typed[col.name].append(value)
    frame = pd.DataFrame({c.name: pd.Series(typed[c.name], dtype=_PANDAS_DTYPES[c.type]) for c in table.columns})
    frame.insert(0, "__row__", row_numbers)
    return frame


def _check_value(col: Column, value, text: str, file: str, row: int, problems: list[Problem]):
    def bad(rule: str, message: str):
        problems.append(Problem("error", file, row, col.name, rule, text, message))
        return None

    if col.allowed is not None and value not in col.allowed:
        return bad("allowed values", f"'{col.name}' must be one of: {', '.join(map(str, col.allowed))}")
    if col.pattern is not None and not re.fullmatch(col.pattern, text):
        return bad("format", f"'{col.name}' does not have the expected form ({col.meaning})")
    if col.min is not None and value < col.min:
        if col.unit == "KRW":
            return bad("money", f"'{col.name}' must be a non-negative whole number of KRW")
        rule = "coordinates" if col.name in ("latitude", "longitude") else "range"
        return bad(rule, f"'{col.name}' must be at least {col.min:g}")
    if col.max is not None and value > col.max:
        rule = "coordinates" if col.name in ("latitude", "longitude") else "range"
        return bad(rule, f"'{col.name}' must be at most {col.max:g}")
    return value


# ---------------------------------------------------------------------------------------------- tables


def _file_of(files: dict[str, str], table: str) -> str:
    return files.get(table, f"{table}.csv")


def _unique_keys(table: Table, frame: pd.DataFrame, file: str, problems: list[Problem]) -> None:
    keys = frame[list(table.key)]
    dup = keys.duplicated(keep="first") & keys.notna().all(axis=1)
    for idx in frame.index[dup]:
        value = " / ".join(str(frame.at[idx, k]) for k in table.key)
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
    for name, table in TABLES.items():
        frame = tables.get(name)
        if frame is None:
            continue
        for ref in table.references:
            target = tables.get(ref.table)
            if target is None:
                continue
            known = set(map(tuple, target[list(ref.target)].astype(object).itertuples(index=False, name=None)))
            local = frame[list(ref.columns)].astype(object)
            for idx, values in zip(frame.index, local.itertuples(index=False, name=None)):
                if any(pd.isna(v) for v in values):
                    continue  # an empty reference is allowed where the column is optional
                if values not in known:
                    problems.append(
                        Problem(
                            "error",
                            _file_of(files, name),
                            int(frame.at[idx, "__row__"]),
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
        parent_rows = frame[(frame["fiscal_year"] == year) & (frame["line_id"] == parent)]
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
    paid_by_wego = spending["paid_by"] == "wego"
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
        match = lines[(lines["fiscal_year"] == year) & (lines["line_id"] == line_id)]
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
                )
            )


def _meetings(tables: dict[str, pd.DataFrame], files: dict[str, str], problems: list[Problem]) -> None:
    """A meeting's dates are its event's: the two rows must agree, or the timeline and the agenda would disagree."""
    meetings, events = tables.get("meetings"), tables.get("events")
    if meetings is None or events is None:
        return
    by_id = events.set_index("event_id")
    for idx in meetings.index:
        event_id = meetings.at[idx, "event_id"]
        if event_id not in by_id.index:
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


# ---------------------------------------------------------------------------------------------- entry point


def validate_folder(folder: Path) -> Result:
    folder = Path(folder)
    problems: list[Problem] = []
    tables: dict[str, pd.DataFrame] = {}
    files: dict[str, str] = {}
    inputs: dict[str, str] = {}
    if not folder.is_dir():
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
        return Result(tables, problems, inputs)
    for name, table in TABLES.items():
        candidates = [folder / f"{name}.csv", folder / f"{name}.xlsx"]
        present = [p for p in candidates if p.is_file()]
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
        path = present[0]
        files[name] = path.name
        inputs[path.name] = sha256_of(path)
        records = _read_csv(path, problems) if path.suffix == ".csv" else _read_xlsx(path, problems)
        if records is None:
            continue
        frame = _check_table(table, path.name, records, problems)
        if frame is not None:
            tables[name] = frame
    known = {f"{n}.csv" for n in TABLES} | {f"{n}.xlsx" for n in TABLES}
    for path in sorted(folder.iterdir()):
        if path.suffix in (".csv", ".xlsx") and path.name not in known:
            problems.append(
                Problem(
                    "warning",
                    path.name,
                    None,
                    None,
                    "unknown file",
                    None,
                    "the file is not a table of the contract and was ignored",
                )
            )

    for name, frame in tables.items():
        _unique_keys(TABLES[name], frame, files[name], problems)
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
    problems.sort(key=lambda p: (p.severity != "error", p.file, p.row or 0, p.column or ""))
    clean = {name: frame.drop(columns="__row__").reset_index(drop=True) for name, frame in tables.items()}
    return Result(clean, problems, inputs)
