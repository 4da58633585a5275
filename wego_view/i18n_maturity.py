"""Strings of the Digital maturity page and section (issue #11)."""

MATURITY_CATALOG: dict[str, dict[str, str]] = {}
