"""Figures of digital maturity (issue #11): pure builders, data in, plotly.graph_objects.Figure out.

A title arrives as plain text (it names frameworks, cities and bands from the data) and is escaped here; hover
templates hold no data (a trace's name is read as %{fullData.name}).

The labels arrive already in the reader's language (the section and the city report name dimensions, cities and
averages); numbers are formatted here through wego_view.fmt.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from wego_view import fmt, theme
from wego_view.figures import _layout, plotly_text

# Cities compared side by side take these colours in turn (at most five, params "cities"); averages are markers.
CITY_COLORS = (theme.BLUE, theme.ORANGE, theme.GREEN, theme.PURPLE, theme.SKY)
AVERAGE_SYMBOLS = ("diamond", "x-thin-open", "star", "cross")
# The overall score reads first and strongest; each dimension a thinner line.
SERIES_COLORS = (theme.TEXT, theme.BLUE, theme.ORANGE, theme.GREEN, theme.PURPLE, theme.SKY, theme.VERMILLION)
ROW_PX = 34


def _axis_range(scale: tuple[float, float]) -> list[float]:
    low, high = float(scale[0]), float(scale[1])
    return [low, high + (high - low) * 0.02]


def _wrapped(label: str, width: int = 18) -> str:
    """A long dimension name on lines of about `width` characters, so that on a phone the bars keep their room."""
    return "<br>".join(plotly_text(line) for line in textwrap.wrap(str(label), width) or [""])


def profile(
    rows: pd.DataFrame,
    average_label: str,
    title: str,
    scale: tuple[float, float],
    lang: str,
    markers: tuple[str, ...] = (),
) -> go.Figure:
    """Horizontal bars per dimension: each city a bar, the members' average (`average_label`, and any other average
    named in `markers`, e.g. a region's) a marker on the same row, so a city reads against the group rather than in
    a bare ranking (the EU's local e-government bench-learning). rows: dimension, who, score (NaN: no data)."""
    averages = [average_label, *[m for m in markers if m != average_label]]
    dimensions = list(dict.fromkeys(rows["dimension"]))
    shown = {d: _wrapped(d) for d in dimensions}
    fig = go.Figure()
    cities = [w for w in dict.fromkeys(rows["who"]) if w not in averages]
    for index, who in enumerate(cities):
        part = rows[rows["who"] == who].set_index("dimension").reindex(dimensions)
        scores = part["score"].astype(float)
        fig.add_bar(
            y=[shown[d] for d in dimensions],
            x=scores.fillna(0),
            orientation="h",
            name=plotly_text(who),
            marker_color=CITY_COLORS[index % len(CITY_COLORS)],
            text=[fmt.score(s, lang, scale) for s in scores],
            # Inside the bar where it fits (a long bar near the edge of a phone's narrow plot), past it where
            # the bar is short and there is room.
            textposition="auto",
            insidetextanchor="start",  # at the bar's base: the averages' markers sit nearer its end
            insidetextfont={"color": "white"},
            outsidetextfont={"color": theme.TEXT},
            cliponaxis=False,
            constraintext="none",
            hovertemplate="%{y}: %{text}<extra>%{fullData.name}</extra>",  # the name: data kept out of templates
        )
    for index, who in enumerate(a for a in averages if a in set(rows["who"])):
        part = rows[rows["who"] == who].set_index("dimension").reindex(dimensions)
        scores = part["score"].astype(float)
        fig.add_scatter(
            y=[shown[d] for d in dimensions],
            x=scores,
            mode="markers",
            name=plotly_text(who),
            marker={
                "symbol": AVERAGE_SYMBOLS[index % len(AVERAGE_SYMBOLS)],
                "size": 14,
                "color": theme.TEXT if index == 0 else theme.VERMILLION,
                "line": {"color": "white" if index == 0 else theme.VERMILLION, "width": 1.5},
            },
            customdata=[fmt.score(s, lang, scale) for s in scores],
            hovertemplate="%{y}: %{customdata}<extra>%{fullData.name}</extra>",
        )
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_yaxes(autorange="reversed", title=None, type="category")
    # Room past a bar for its number where it is drawn outside (the values are at most the scale's top).
    fig.update_xaxes(range=[float(scale[0]), float(scale[1]) + (float(scale[1]) - float(scale[0])) * 0.16])
    height = 120 + ROW_PX * max(len(dimensions), 1) * max(len(cities), 1) + 40
    return _layout(fig, plotly_text(title), height=max(height, 260))


def history(rows: pd.DataFrame, title: str, scale: tuple[float, float], lang: str) -> go.Figure:
    """One line per series (the overall score first, then each dimension) over the editions: rows: edition, series,
    score (NaN: no data, a gap in the line, never zero). Editions are years, on a category axis so that an uneven
    gap (2005, 2008) reads as the next edition, not as empty years."""
    frame = rows.copy()
    editions = sorted({int(e) for e in frame["edition"]})
    fig = go.Figure()
    for index, (series, part) in enumerate(frame.groupby("series", sort=False)):
        part = part.set_index(part["edition"].astype(int)).reindex(editions)
        scores = part["score"].astype(float)
        first = index == 0
        fig.add_scatter(
            x=[str(e) for e in editions],
            y=scores,
            mode="lines+markers",
            name=plotly_text(series),
            line={"color": SERIES_COLORS[index % len(SERIES_COLORS)], "width": 4 if first else 2},
            marker={"size": 9 if first else 6},
            connectgaps=False,
            customdata=[fmt.score(s, lang, scale) for s in scores],
            hovertemplate="%{x}: %{customdata}<extra>%{fullData.name}</extra>",
        )
    fig.update_xaxes(type="category", title=None)
    fig.update_yaxes(range=_axis_range(scale), title=None)
    return _layout(fig, plotly_text(title), height=360)


def band_counts(
    counts: pd.DataFrame,
    bands: list[tuple[str, str, str]],
    regions: list[tuple[str, str]],
    no_data: str,
    title: str,
    axis: str,
    lang: str,
) -> go.Figure:
    """Members per band in each region as horizontal stacked bars, the lowest band first and "no data" its own grey
    segment at the end. counts: region, band_id (None: no data), members; bands: (band_id, label, colour) lowest
    first; regions: (region, label) in the order shown."""
    order = [r for r, _ in regions]
    labels = [plotly_text(label) for _, label in regions]
    fig = go.Figure()
    segments = [*bands, (None, no_data, theme.GREY)]
    for band_id, label, colour in segments:
        if band_id is None:
            chosen = counts[counts["band_id"].isna()]
        else:
            chosen = counts[counts["band_id"] == band_id]
        members = chosen.groupby("region")["members"].sum().reindex(order).fillna(0).astype(int)
        if band_id is None and not members.any():
            continue
        fig.add_bar(
            y=labels,
            x=list(members),
            orientation="h",
            name=plotly_text(label),
            marker_color=colour,
            text=[fmt.integer(v, lang) if v else "" for v in members],
            textposition="inside",
            insidetextanchor="middle",
            textfont={"color": "white"},
            customdata=order,  # a click on a region's segment filters nothing yet: the region is the key
            hovertemplate="%{y}: %{x}<extra>%{fullData.name}</extra>",
        )
    totals = counts.groupby("region")["members"].sum().reindex(order).fillna(0)
    top = float(totals.max()) if len(totals) else 1
    fig.update_layout(barmode="stack", bargap=0.3, legend_traceorder="normal")  # lowest band first, as stacked
    fig.update_yaxes(autorange="reversed", title=None, type="category", categoryorder="array", categoryarray=labels)
    fig.update_xaxes(title=axis, range=[0, max(top, 1) * 1.04], tickformat=",d", rangemode="tozero")
    return _layout(fig, plotly_text(title), height=150 + 46 * max(len(labels), 3))


def spread(dist: pd.DataFrame, regions: list[tuple[str, str]], title: str, scale, lang: str, names: dict) -> go.Figure:
    """Each region's scores in one edition as a box drawn from the query's five figures (lowest, lower quartile,
    median, upper quartile, highest), horizontal so a region's name reads whole; its median and count on a second
    line of the label (written beside the box, they ran past a phone's edge). dist: region, low, q1, median, q3,
    high, members_scored; names: {"median": ..., "members": ...} in the reader's language."""
    frame = dist.set_index("region")
    shown = [(r, label) for r, label in regions if r in frame.index]
    labels = [
        f'{plotly_text(label)}<br><span style="font-size:11px">{plotly_text(names["median"])} '
        f"{fmt.score(frame.loc[r, 'median'], lang, scale)} · {plotly_text(names['members'])} "
        f"{fmt.integer(frame.loc[r, 'members_scored'], lang)}</span>"
        for r, label in shown
    ]
    fig = go.Figure()
    for (region, _), label in zip(shown, labels):
        row = frame.loc[region]
        colour = theme.REGION_COLORS.get(region, theme.BLUE)
        fig.add_trace(
            go.Box(
                y=[label],
                lowerfence=[float(row["low"])],
                q1=[float(row["q1"])],
                median=[float(row["median"])],
                q3=[float(row["q3"])],
                upperfence=[float(row["high"])],
                orientation="h",
                name=label,
                marker_color=colour,
                line={"color": colour, "width": 2},
                fillcolor="rgba(0,0,0,0)",
                showlegend=False,
                hoverinfo="skip",
            )
        )
    fig.update_yaxes(autorange="reversed", title=None, type="category", categoryorder="array", categoryarray=labels)
    fig.update_xaxes(range=_axis_range(scale), title=None)
    return _layout(fig, plotly_text(title), height=150 + 56 * max(len(labels), 3))
