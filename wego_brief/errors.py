"""The one error the briefing pack raises: its message is a single line a person can act on."""

from __future__ import annotations


class BriefError(Exception):
    """Why the pack cannot be made (unknown snapshot, bad language, no browser, no font, ...): one line."""
