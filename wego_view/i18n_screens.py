"""Strings of phone and tablet layouts (issue #10)."""

SCREENS_CATALOG: dict[str, dict[str, str]] = {
    # a table on a phone: its key columns, then the whole table on demand
    "screens.all_columns": {"en": "All {count} columns", "ko": "전체 {count}개 열"},
}
