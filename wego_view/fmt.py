"""Numbers, money and dates for the chosen language, through Babel (no hand-made separators)."""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

import pandas as pd
from babel.dates import format_skeleton
from babel.numbers import format_decimal, format_percent

LOCALES = {"en": "en_GB", "ko": "ko_KR"}
UNITS = {"thousand": 1_000, "million": 1_000_000}
# Headline figures round to the unit (the report's own habit: 636,311 thousand KRW); tables keep the detail the
# report prints (9,999.9 thousand KRW).
_HEADLINE = {"thousand": "#,##0", "million": "#,##0.0"}
_DETAIL = {"thousand": "#,##0.##", "million": "#,##0.###"}


def _locale(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["en"])


def _missing(value) -> bool:
    return value is None or (not isinstance(value, (list, dict, str)) and pd.isna(value))


def number(value, lang: str) -> str:
    if _missing(value):
        return "–"
    return format_decimal(value, format="#,##0.##", locale=_locale(lang))


@functools.lru_cache(maxsize=16384)
def _decimal(value, pattern: str, locale: str) -> str:
    """Babel's format_decimal, remembered: a table of thousands of members repeats the same few hundred values (a
    country's score for each of its cities, ranks), and each Babel call costs tens of microseconds."""
    return format_decimal(value, format=pattern, locale=locale)


def integer(value, lang: str) -> str:
    if _missing(value):
        return "–"
    return _decimal(int(value), "#,##0", _locale(lang))


def in_unit(krw, unit: str) -> Decimal | None:
    """KRW as an exact decimal number of the display unit."""
    if _missing(krw):
        return None
    return Decimal(int(krw)) / UNITS[unit]


def money(krw, unit: str, lang: str, detail: bool = False) -> str:
    """An amount in the chosen unit, without the unit's name (the label or axis says it)."""
    value = in_unit(krw, unit)
    if value is None:
        return "–"
    pattern = (_DETAIL if detail else _HEADLINE)[unit]
    return format_decimal(value, format=pattern, locale=_locale(lang))


def score_places(scale: tuple[float, float]) -> int:
    """Decimals a score on this scale is shown with: four on a 0-1 index (as the UN's survey tables print the EGDI),
    two up to 10, one on a wider scale such as 0-100."""
    low, high = scale
    span = abs(float(high) - float(low)) if not _missing(low) and not _missing(high) else 1.0
    return 4 if span <= 1 else (2 if span <= 10 else 1)


def score(value, lang: str, scale: tuple[float, float] = (0.0, 1.0), signed: bool = False) -> str:
    """An assessment score with the decimals its scale takes; "–" for no data, never zero. `signed`: a difference with
    its sign (+0.2042, -0.0150), rounded the same way."""
    if _missing(value):
        return "–"
    places = score_places(scale)
    pattern = "#,##0." + "0" * places if places else "#,##0"
    if signed:
        pattern = f"+{pattern};-{pattern}"
    return _decimal(round(float(value), places), pattern, _locale(lang))


def percent(ratio, lang: str) -> str:
    if _missing(ratio):
        return "–"
    return format_percent(ratio, format="#,##0.0%", locale=_locale(lang))


# One form per precision in each language (issue #10: Korean showed "2016. 10. 11." beside "2016년 10월" in one column):
# CLDR skeletons, so a day reads 2016년 10월 11일 / 11 Oct 2016, a month 2016년 10월 / Oct 2016, a year 2016년 / 2016.
DATE_SKELETONS = {"day": "yMMMd", "month": "yMMM", "year": "y"}


def date(value, lang: str, precision: str = "day") -> str:
    if _missing(value):
        return "–"
    if isinstance(value, pd.Timestamp):
        value = value.date()
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return format_skeleton(DATE_SKELETONS.get(precision, DATE_SKELETONS["day"]), value, locale=_locale(lang))


def date_range(start, end, lang: str, precision: str = "day") -> str:
    first, last = date(start, lang, precision), date(end, lang, precision)
    return first if first == last else f"{first} – {last}"


def member_since(joined_on, first_seen_year, lang: str, t) -> str:
    """The join date where a source gives one, else the year the member is first seen (never an invented date)."""
    if not _missing(joined_on):
        return date(joined_on, lang)
    return t("since.first_seen", year=int(first_seen_year))


def _iso_part(text: str) -> tuple[dt.date, str]:
    parts = text.split("-")
    if len(parts) == 1:
        return dt.date(int(parts[0]), 1, 1), "year"
    if len(parts) == 2:
        return dt.date(int(parts[0]), int(parts[1]), 1), "month"
    return dt.date.fromisoformat(text), "day"


def period(text, lang: str) -> str:
    """An ISO 8601 date or interval as the data holds it (2015, 2015-04/2015-12) in the chosen language."""
    if _missing(text):
        return "–"
    try:
        pieces = [_iso_part(p) for p in str(text).split("/")]
    except ValueError:
        return str(text)
    (start, precision), (end, _) = pieces[0], pieces[-1]
    return date_range(start, end, lang, precision)
