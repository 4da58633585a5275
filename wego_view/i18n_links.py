"""Strings of copied links, history and clicks on charts (issue #10)."""

LINKS_CATALOG: dict[str, dict[str, str]] = {}
