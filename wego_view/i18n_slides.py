"""Strings of projector slides and the follow link's QR code (issue #10)."""

SLIDES_CATALOG: dict[str, dict[str, str]] = {}
