"""Draws a chart or a map on a page: toolbar, accessible name, the camera button's file name."""

from __future__ import annotations

import streamlit as st


def is_phone() -> bool:
    """A phone's browser says so in its User-Agent ("Mobile"); maps then start zoomed out to fit a narrow screen."""
    agent = st.context.headers.get("User-Agent", "") if st.context.headers else ""
    return "Mobile" in agent


def chart(fig, name: str, key: str | None = None, alt: str | None = None, select: str | None = None) -> None:
    """A plotly chart whose camera button saves a sharp PNG named after what it shows."""
    config = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": name, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
        # A touch screen shows the toolbar all the time, over the chart's title on a phone's width: none there.
        "displayModeBar": not is_phone(),
    }
    # alt: the chart's accessible name (role="figure", aria-label) for screen readers
    st.plotly_chart(fig, config=config, key=key, alt=alt)


def deck(deck, height: int, alt: str | None = None, select: str | None = None) -> None:
    """A pydeck map; alt is its accessible name."""
    st.pydeck_chart(deck, height=height, alt=alt)
