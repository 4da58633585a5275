"""The errors the briefing pack raises: each message is a single line a person can act on."""

from __future__ import annotations


class BriefError(Exception):
    """Why the pack cannot be made (unknown snapshot, bad language, no browser, no font, ...): one line."""


class ChoiceError(BriefError):
    """A city report asked for a member, framework or edition the snapshot does not have: a usage mistake (the CLI
    exits 2), one line saying what to choose."""
