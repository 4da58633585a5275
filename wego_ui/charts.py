"""Draws a chart or a map on a page: toolbar, accessible name, the camera button's file name, and a click on a mark
that filters the page (issue #10)."""

from __future__ import annotations

import streamlit as st

from wego_ui import state
from wego_view import i18n, params


def is_phone() -> bool:
    """A phone's browser says so in its User-Agent ("Mobile"); maps then start zoomed out to fit a narrow screen."""
    agent = st.context.headers.get("User-Agent", "") if st.context.headers else ""
    return "Mobile" in agent


def _click_key(key: str) -> str:
    """The widget key of a clickable chart or map: a new one after each click, so that the next run draws it without
    the mark highlighted (the filter's control and the URL say what is selected; a highlight left from a click would
    go on saying it after the filter changed)."""
    return f"{key}-click{st.session_state.get(f'_wego_clicks_{key}', 0)}"


def _on_click(key: str, name: str, read) -> None:
    """The callback of a click: the selection's value (read(selection)) to the URL filter `name`, checked."""
    widget = _click_key(key)
    selection = (st.session_state.get(widget) or {}).get("selection")
    raw = read(selection)
    if raw is None:  # a click beside the marks, or on the highlighted one again: nothing to filter by
        return
    st.session_state[f"_wego_clicks_{key}"] = st.session_state.get(f"_wego_clicks_{key}", 0) + 1
    state.clicked(name, raw)


def _hint(key: str) -> None:
    """A line under a clickable chart or map saying what a click does (a filter without its own line says nothing)."""
    if key in i18n.CATALOG:
        st.caption(state.translator()(key))


def chart(fig, name: str, key: str | None = None, alt: str | None = None, select: str | None = None) -> None:
    """A plotly chart whose camera button saves a sharp PNG named after what it shows. With `select` (a filter in
    wego_view.params), a click or tap on a mark sets that filter to the mark's customdata."""
    config = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": name, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
        # A touch screen shows the toolbar all the time, over the chart's title on a phone's width: none there.
        "displayModeBar": not is_phone(),
    }
    # alt: the chart's accessible name (role="figure", aria-label) for screen readers
    if select is None or key is None:
        st.plotly_chart(fig, config=config, key=key, alt=alt)
        return
    # One mark per click ("points", no box or lasso). Streamlit then sets dragmode "pan": a finger dragging across a
    # bar chart would move its bars out of view, so the axes are fixed and a tap only selects. (A copy: the block's
    # figure is cached and shared by every session.)
    fig = type(fig)(fig)
    fig.update_xaxes(fixedrange=True)
    fig.update_yaxes(fixedrange=True)
    st.plotly_chart(
        fig,
        config=config,
        key=_click_key(key),
        alt=alt,
        on_select=lambda: _on_click(key, select, params.plotly_clicked),
        selection_mode="points",
    )
    _hint(f"links.hint_bar.{select}")


def deck(deck, height: int, alt: str | None = None, select: str | None = None, key: str | None = None) -> None:
    """A pydeck map; alt is its accessible name. With `select`, a click or tap on a point (of a pickable layer with
    an id) sets that filter to the point's field of the same name."""
    if select is None:
        st.pydeck_chart(deck, height=height, alt=alt)
        return
    key = key or f"map-{select}"
    st.pydeck_chart(
        deck,
        height=height,
        alt=alt,
        key=_click_key(key),
        on_select=lambda: _on_click(key, select, lambda selection: params.deck_clicked(selection, select)),
        selection_mode="single-object",
    )
    _hint(f"links.hint_point.{select}")
