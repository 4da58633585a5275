"""Strings of phone and tablet layouts (issue #10)."""

SCREENS_CATALOG: dict[str, dict[str, str]] = {}
