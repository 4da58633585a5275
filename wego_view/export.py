"""Tables as CSV and XLSX downloads, with headers in the chosen language and formula cells neutralized."""

from __future__ import annotations

import io
import re

import pandas as pd

# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection); prefixing an
# apostrophe keeps the text as typed (OWASP guidance).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


_PLAIN_NUMBER = re.compile(r"^[+-]?[\d.,]+%?$")


def neutralize(value):
    # A signed number ("-1,000", "+3.5%") cannot run as a formula and keeps its sign as typed.
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralize)
    out.columns = [neutralize(str(c)) for c in out.columns]
    return out


def to_csv(frame: pd.DataFrame) -> bytes:
    # UTF-8 with a BOM so that Excel opens Korean text correctly.
    return _safe(frame).to_csv(index=False).encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, sheet: str, number_formats: dict[str, str] | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    ws = book.active
    ws.title = sheet[:31]
    safe = _safe(frame)
    ws.append(list(safe.columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in safe.itertuples(index=False):
        ws.append([None if (not isinstance(v, str) and pd.isna(v)) else v for v in row])
    for index, col in enumerate(safe.columns, start=1):
        letter = get_column_letter(index)
        fmt = (number_formats or {}).get(col)
        if fmt:
            for cell in ws[letter][1:]:
                cell.number_format = fmt
        width = max([len(str(col))] + [len(str(v)) for v in safe[col].head(200)]) + 2
        ws.column_dimensions[letter].width = min(width, 60)
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
