"""Projector slides: the stylesheet of presentation mode and a chart's copy sized for a projector."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

SLIDE_FONT = 15  # px: chart type on a projector (the figures are built at 13)


def presentation_style() -> None:
    """Presentation mode: no sidebar, no toolbar, large type for a projector; a constant stylesheet."""
    st.html(
        "<style>"
        "[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'], [data-testid='stHeader'],"
        " [data-testid='stToolbar'], [data-testid='stExpandSidebarButton'] { display: none !important; }"
        "html { font-size: clamp(17px, 1.25vw, 26px); }"
        ".stMain .block-container { padding-top: 1.2rem; padding-bottom: 1rem; max-width: 96vw; }"
        "</style>"
    )


def slide_figure(fig: go.Figure) -> go.Figure:
    """Larger type for a projector, on a copy: the built blocks are shared. The rows grow with the type, so that a
    timeline's or a bar chart's labels keep their spacing."""
    height = fig.layout.height * SLIDE_FONT / 13 if fig.layout.height else None
    return go.Figure(fig).update_layout(font={"size": SLIDE_FONT}, height=height)


def draw(block, vctx, draw_blocks) -> bool:
    """Draw `block` the projector's way and say True, or say False to let the page renderer draw it as on a screen.
    `draw_blocks(items, vctx, medium)` draws nested blocks (a Row's columns)."""
    return False
