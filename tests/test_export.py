"""Typed tables as spreadsheets (issue #7, point 6): a preamble naming the context, then the header, then numbers
stored as numbers in the chosen unit, dates as dates, formula-looking text neutralized. Files are read back."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

from wego_view import export
from wego_view.blocks import Column, Table

PREAMBLE = [("스냅샷", "2016-04-26"), ("As of", "26 Apr 2016"), ("Filters", "Region = Africa")]
HEADER_ROW = len(PREAMBLE) + 2  # the preamble, one blank row, then the header
FORMULA = '=HYPERLINK("http://evil.example","click")'
TOTAL_KRW = 1_999_999_500

COLUMNS = (
    Column("line", "예산과목"),
    Column("level", "Level", "level"),
    Column("staff", "Staff", "integer"),
    Column("budget", "예산 (KRW)", "money"),
    Column("rate", "집행률", "percent"),
    Column("closed", "Closed", "date"),
    Column("note", "비고", "text"),
)
# A parent line whose two children add up to it, and a second top-level line; the two top-level lines make the total.
ROWS = [
    ("사무국 운영", 0, 3, 1_234_567_000, 0.998, dt.date(2016, 4, 26), FORMULA),
    ("인건비", 1, 2, 1_000_000_000, 0.5, dt.date(2016, 1, 31), "@SUM(A1)"),
    ("여비", 1, 1, 234_567_000, None, dt.date(2016, 2, 29), "-1,000"),
    ("Projects", 0, None, 765_432_500, 0.25, None, None),
]


def _table(title: str = "Budget 2016") -> Table:
    data = pd.DataFrame([dict(zip([c.key for c in COLUMNS], row)) for row in ROWS])
    return Table(name="wego-budget-2016-04-26", title=title, columns=COLUMNS, data=data, text=data.astype(str))


def _sheet(unit: str = "thousand", title: str = "Budget 2016"):
    book = openpyxl.load_workbook(io.BytesIO(export.table_xlsx(_table(title), unit, PREAMBLE)))
    return book.active


def _data_rows(sheet):
    return list(sheet.iter_rows(min_row=HEADER_ROW + 1))


def _col(name: str) -> int:
    return [c.key for c in COLUMNS].index(name)


def _csv_rows(unit: str = "thousand") -> list[list[str]]:
    raw = export.table_csv(_table(), unit, PREAMBLE)
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8 Korean
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_xlsx_starts_with_the_preamble_then_a_blank_row_then_the_header():
    sheet = _sheet()
    assert [[c.value for c in row][:2] for row in sheet.iter_rows(max_row=len(PREAMBLE))] == [list(p) for p in PREAMBLE]
    assert all(cell.value is None for cell in sheet[len(PREAMBLE) + 1])
    assert [c.value for c in sheet[HEADER_ROW]] == [c.label for c in COLUMNS]  # Korean labels survive
    assert all(c.font.bold for c in sheet[HEADER_ROW]) and not sheet["A1"].font.bold
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
    assert sheet.max_row == HEADER_ROW + len(ROWS)


@pytest.mark.parametrize("unit, divisor", [("thousand", 1_000), ("million", 1_000_000)])
def test_xlsx_money_is_a_number_in_the_unit_and_the_top_lines_add_up_to_the_total(unit, divisor):
    rows = _data_rows(_sheet(unit))
    cells = [row[_col("budget")] for row in rows]
    for cell, source in zip(cells, ROWS):
        assert isinstance(cell.value, int | float) and not isinstance(cell.value, bool)
        assert Decimal(repr(cell.value)) == Decimal(source[3]) / divisor  # exact, not rounded to the display
        assert cell.number_format == export.money_format(unit)
    levels = [row[_col("level")].value for row in rows]
    assert levels == [0, 1, 1, 0] and all(type(v) is int for v in levels)
    top = sum(c.value for c, level in zip(cells, levels) if level == 0)
    assert top == pytest.approx(TOTAL_KRW / divisor, abs=1e-9)
    assert cells[1].value + cells[2].value == pytest.approx(cells[0].value, abs=1e-9)  # children make the parent


def test_money_formats_follow_the_unit():
    assert export.money_format("thousand") == "#,##0.0#"
    assert export.money_format("million") == "#,##0.0##"


def test_xlsx_integers_percentages_dates_and_nulls_are_typed():
    rows = _data_rows(_sheet())
    staff = [row[_col("staff")].value for row in rows]
    # pandas made this column float64 (one value is missing); the sheet still gets whole numbers.
    assert staff == [3, 2, 1, None] and all(type(v) is int for v in staff[:3])
    rate = rows[0][_col("rate")]
    assert rate.value == pytest.approx(0.998) and rate.number_format == "0.0%"
    assert rows[2][_col("rate")].value is None  # null → empty cell
    closed = rows[0][_col("closed")]
    assert closed.is_date and closed.value.date() == dt.date(2016, 4, 26)
    assert closed.number_format == "yyyy-mm-dd"
    assert rows[3][_col("closed")].value is None and rows[3][_col("note")].value is None


def test_xlsx_text_that_looks_like_a_formula_is_kept_as_text():
    rows = _data_rows(_sheet())
    notes = [row[_col("note")] for row in rows]
    assert notes[0].value == "'" + FORMULA and notes[0].data_type == "s"
    assert notes[1].value == "'@SUM(A1)"
    assert notes[2].value == "-1,000"  # a signed number cannot run and keeps its sign as typed
    assert rows[0][_col("line")].value == "사무국 운영"


def test_xlsx_child_lines_are_indented():
    rows = _data_rows(_sheet())
    assert [row[_col("line")].alignment.indent for row in rows] == [0, 1, 1, 0]


def test_sheet_name_drops_characters_excel_refuses_and_is_at_most_31_long():
    sheet = _sheet(title="Budget [2016]: lines/items? *by\\ region and programme")
    assert sheet.title == "Budget 2016 linesitems by regio"
    assert len(sheet.title) == 31
    assert export.sheet_name("[]:*?/\\") == "Sheet1"


def test_xlsx_columns_fit_their_content_up_to_a_cap():
    sheet = _sheet()
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDEFG"}
    assert widths["C"] < widths["D"]  # "Staff" and 1-digit counts against 1,234,567.000
    assert widths["A"] >= 2 * len("사무국 운영") - 1  # Korean characters count double
    table = _table()
    long = table.data.assign(note=["x" * 200, None, None, None])
    wide = Table(table.name, table.title, table.columns, long, long.astype(str))
    sheet = openpyxl.load_workbook(io.BytesIO(export.table_xlsx(wide, "thousand", PREAMBLE))).active
    assert sheet.column_dimensions["G"].width == 60


def test_csv_has_the_same_layout_and_plain_numbers():
    rows = _csv_rows("thousand")
    assert rows[: len(PREAMBLE)] == [list(p) for p in PREAMBLE]
    assert rows[len(PREAMBLE)] == []
    assert rows[HEADER_ROW - 1] == [c.label for c in COLUMNS]
    data = rows[HEADER_ROW:]
    assert [r[_col("budget")] for r in data] == ["1234567", "1000000", "234567", "765432.5"]
    assert [r[_col("rate")] for r in data] == ["0.998", "0.5", "", "0.25"]
    assert [r[_col("closed")] for r in data] == ["2016-04-26", "2016-01-31", "2016-02-29", ""]
    assert [r[_col("staff")] for r in data] == ["3", "2", "1", ""]
    assert [r[_col("level")] for r in data] == ["0", "1", "1", "0"]
    assert [r[_col("note")] for r in data] == ["'" + FORMULA, "'@SUM(A1)", "-1,000", ""]
    assert data[0][_col("line")] == "사무국 운영"


def test_csv_money_in_millions_keeps_up_to_three_decimals():
    data = _csv_rows("million")[HEADER_ROW:]
    # 765,432,500 KRW is 765.4325 million: three decimals, rounded half to even as Babel does on screen.
    assert [r[_col("budget")] for r in data] == ["1234.567", "1000", "234.567", "765.432"]


def test_csv_numbers_read_back_equal_the_spreadsheet():
    data = _csv_rows("thousand")[HEADER_ROW:]
    sheet_rows = _data_rows(_sheet("thousand"))
    for line, row in zip(data, sheet_rows):
        for key in ("budget", "staff", "rate"):
            expected = row[_col(key)].value
            assert (float(line[_col(key)]) if line[_col(key)] else None) == expected
    total = sum(float(r[_col("budget")]) for r in data if r[_col("level")] == "0")
    assert total == pytest.approx(TOTAL_KRW / 1_000)


def test_an_empty_preamble_puts_the_header_first():
    raw = export.table_xlsx(_table(), "thousand", [])
    sheet = openpyxl.load_workbook(io.BytesIO(raw)).active
    assert [c.value for c in sheet[1]] == [c.label for c in COLUMNS] and sheet.freeze_panes == "A2"
    rows = list(csv.reader(io.StringIO(export.table_csv(_table(), "thousand", []).decode("utf-8-sig"))))
    assert rows[0] == [c.label for c in COLUMNS]
