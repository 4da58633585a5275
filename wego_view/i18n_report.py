"""Strings of the city diagnosis report, PDF and XLSX (issue #11)."""

REPORT_CATALOG: dict[str, dict[str, str]] = {}
