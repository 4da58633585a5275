"""Phone and tablet layouts (issue #10): the constant stylesheet for narrow screens."""

from __future__ import annotations


def style() -> None:
    """Narrow screens' stylesheet; a constant, no data in it."""
