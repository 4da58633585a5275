"""Table blocks as CSV and XLSX downloads: the context first, numbers as numbers, formula cells neutralized."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from decimal import ROUND_HALF_EVEN, Decimal

import pandas as pd

from wego_view.blocks import Table
from wego_view.fmt import in_unit

# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection); prefixing an
# apostrophe keeps the text as typed (OWASP guidance).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


_PLAIN_NUMBER = re.compile(r"^[+-]?[\d.,]+%?$")


def neutralize(value):
    # A signed number ("-1,000", "+3.5%") cannot run as a formula and keeps its sign as typed.
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


_SHEET_INVALID = re.compile(r"[\[\]:*?/\\]")
_MAX_WIDTH = 60
_MONEY_DECIMALS = Decimal("0.001")  # the detail tables print: up to 3 decimals in either unit
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"


def money_format(unit: str) -> str:
    """Excel number format for an amount in the display unit (the same as wego_ui.layout.money_format)."""
    # Excel shows "#,##0.##" as "10,000." for whole numbers; one fixed decimal avoids the trailing dot.
    return "#,##0.0#" if unit == "thousand" else "#,##0.0##"


def sheet_name(title: str) -> str:
    """The table's title as an Excel sheet name: no []:*?/\\, no apostrophe at either end, at most 31 characters."""
    name = _SHEET_INVALID.sub("", str(title or "")).strip().strip("'").strip()[:31].strip()
    return name or "Sheet1"


def _missing(value) -> bool:
    return value is None or (not isinstance(value, (list, dict, str)) and pd.isna(value))


def _as_date(value) -> dt.date:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _as_number(value: Decimal):
    """A plain Python int when the amount is whole, otherwise a float (unrounded: the cell's format rounds)."""
    return int(value) if value == value.to_integral_value() else float(value)


def _typed(value, kind: str, unit: str):
    """One raw cell as the value a spreadsheet stores: int, float, date or (neutralized) text; None when missing."""
    if _missing(value):
        return None
    if kind in ("integer", "level", "year"):
        return int(value)
    if kind == "score":  # a maturity score (issue #11): the value as the source gives it, unrounded
        return float(value)
    if kind == "money":
        return _as_number(in_unit(value, unit))
    if kind == "percent":
        return float(value)
    if kind == "date":
        return _as_date(value)
    return neutralize(value if isinstance(value, str) else str(value))


def _plain(number: Decimal) -> str:
    """A decimal without exponent, thousands separators or trailing zeros: 1234.5, 1000, 0.998."""
    text = f"{number.normalize():f}"
    return "0" if text in ("-0", "") else text


def _csv_cell(value, kind: str, unit: str) -> str:
    if _missing(value):
        return ""
    if kind in ("integer", "level", "year"):
        return str(int(value))
    if kind == "score":
        return _plain(Decimal(repr(float(value))))
    if kind == "money":
        # Rounded half to even, as Babel rounds the same amount on screen.
        return _plain(in_unit(value, unit).quantize(_MONEY_DECIMALS, rounding=ROUND_HALF_EVEN))
    if kind == "percent":
        return _plain(Decimal(repr(float(value))))
    if kind == "date":
        return _as_date(value).isoformat()
    return str(neutralize(value if isinstance(value, str) else str(value)))


def _rows(table: Table):
    """The raw values of each row, in the order of table.columns (a column missing from data is empty)."""
    keys = [c.key for c in table.columns]
    data = table.data
    for record in data.to_dict("records"):
        yield [record.get(key) for key in keys]


def table_csv(table: Table, unit: str, preamble: list[tuple[str, str]]) -> bytes:
    """The table as CSV: the preamble's (label, value) rows, one blank row, the header, then one row per data row.

    Numbers are plain (no separators), money is in `unit` with up to 3 decimals, percentages are ratios, dates ISO;
    UTF-8 with a BOM so that Excel opens Korean text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for label, value in preamble:
        writer.writerow([neutralize(str(label)), neutralize(str(value))])
    if preamble:
        writer.writerow([])
    writer.writerow([neutralize(str(c.label)) for c in table.columns])
    for row in _rows(table):
        writer.writerow([_csv_cell(v, c.kind, unit) for v, c in zip(row, table.columns)])
    return buffer.getvalue().encode("utf-8-sig")


def _text_width(text: str) -> int:
    """Characters a cell needs, counting Korean and other wide characters twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _shown(value, kind: str) -> str:
    """Roughly what Excel shows for a stored cell, to size the column."""
    if value is None:
        return ""
    if kind == "money":
        return f"{value:,.3f}"
    if kind == "percent":
        return f"{value * 100:.1f}%"
    if kind in ("integer", "level"):
        return f"{value:,}"
    if kind in ("score", "year"):
        return str(value)
    if kind == "date":
        return "yyyy-mm-dd"
    return str(value)


def table_xlsx(table: Table, unit: str, preamble: list[tuple[str, str]]) -> bytes:
    """The table as one XLSX sheet laid out like table_csv, with typed cells: integers and levels as ints, money in
    `unit` (money_format), percentages as ratios (0.0%), dates as Excel dates (yyyy-mm-dd), text neutralized.

    The header row is bold, panes are frozen below it, a filter sits on it, and columns are fitted to their content
    (at most 60 characters wide). A row's level indents its first text column."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = sheet_name(table.title)
    _fill_sheet(ws, table, unit, preamble)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workbook_xlsx(tables, unit: str, about: list[tuple[str, str]], about_title: str = "About") -> bytes:
    """Several tables as one workbook (the city report, issue #11): an `about_title` sheet of (label, value) rows
    first, then one sheet per table laid out as table_xlsx without its preamble, sheet names unique."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ws = book.active
    ws.title = sheet_name(about_title)
    width = 0
    for row, (label, value) in enumerate(about, start=1):
        ws.cell(row=row, column=1, value=neutralize(str(label))).font = Font(bold=True)
        ws.cell(row=row, column=2, value=neutralize(str(value)))
        width = max(width, _text_width(str(label)))
    ws.column_dimensions["A"].width = min(width + 2, _MAX_WIDTH)
    ws.column_dimensions["B"].width = _MAX_WIDTH
    used = {ws.title.casefold()}
    for table in tables:
        name, n = sheet_name(table.title), 2
        while name.casefold() in used:  # Excel compares sheet names without case
            suffix = f" ({n})"
            name, n = sheet_name(table.title)[: 31 - len(suffix)] + suffix, n + 1
        used.add(name.casefold())
        _fill_sheet(book.create_sheet(name), table, unit, [])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _fill_sheet(ws, table: Table, unit: str, preamble: list[tuple[str, str]]) -> None:
    """One table on one sheet: the preamble, a blank row, the bold header (frozen, filtered), typed cells."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    columns = table.columns
    widths = [0] * max(len(columns), 2 if preamble else 0)

    # Rows are numbered here rather than left to ws.append: an empty row adds no cell, so ws.max_row would not count it.
    for row, (label, value) in enumerate(preamble, start=1):
        ws.cell(row=row, column=1, value=neutralize(str(label)))
        ws.cell(row=row, column=2, value=neutralize(str(value)))
        # Only the labels size column A; a long value (the filters) may run over the empty cells beside it.
        widths[0] = max(widths[0], _text_width(str(label)))
    header_row = len(preamble) + 2 if preamble else 1  # one blank row between the preamble and the header

    for index, column in enumerate(columns):
        cell = ws.cell(row=header_row, column=index + 1, value=neutralize(str(column.label)))
        cell.font = Font(bold=True)
        widths[index] = max(widths[index], _text_width(str(column.label)))

    formats = {"money": money_format(unit), "percent": PERCENT_FORMAT, "date": DATE_FORMAT}
    level_at = next((i for i, c in enumerate(columns) if c.kind == "level"), None)
    label_at = next((i for i, c in enumerate(columns) if c.kind == "text"), None)
    last_row = header_row
    for last_row, raw in enumerate(_rows(table), start=header_row + 1):
        values = [_typed(v, c.kind, unit) for v, c in zip(raw, columns)]
        for index, (value, column) in enumerate(zip(values, columns)):
            if value is None:
                continue  # null → empty cell
            cell = ws.cell(row=last_row, column=index + 1, value=value)
            if column.kind in formats:
                cell.number_format = formats[column.kind]
            widths[index] = max(widths[index], _text_width(_shown(value, column.kind)))
        if level_at is not None and label_at is not None and values[level_at]:
            ws.cell(row=last_row, column=label_at + 1).alignment = Alignment(indent=values[level_at])

    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = min(width + 2, _MAX_WIDTH)
    ws.freeze_panes = f"A{header_row + 1}"
    if columns:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{last_row}"
