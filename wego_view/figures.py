"""Figure builders: data in, plotly.graph_objects.Figure out; no Streamlit, no queries."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from wego_view import fmt, theme
from wego_view.i18n import localized

Translator = Callable[..., str]


def plotly_text(text) -> str:
    """Data as Plotly shows it as typed, never as markup (issue #9): escaped for every string Plotly draws (text,
    hover text, customdata shown through a template, category and tick labels, legend names, annotations).

    Plotly reads a few HTML tags there (<a href>, <b>, <br>, <span style>, ...) and decodes &amp; &lt; &gt; and numeric
    character references, so escaping & < > is enough and exact. html.escape would also turn quotes into &quot;,
    which Plotly does not decode (it would show the entity). Plotly makes no link of a bare URL, and a data value
    substituted into a template is not read as a template again: only the template strings themselves, which never
    hold data, are."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain_text(text) -> str:
    """plotly_text undone: the text as typed, for a renderer that escapes it its own way."""
    return str(text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _names(frame: pd.DataFrame, field: str, lang: str) -> pd.Series:
    return localized(frame, field, lang).map(plotly_text)


def _cut(text: str, width: int) -> str:
    """`text` cut to at most `width` characters, the last an ellipsis; cut before it is escaped, never inside an
    entity."""
    return text if len(text) <= width else text[: width - 1] + "…"


# Plotly's tool bar takes the top 36 px of a chart, at its right end; titles start below it, so that however long a
# title runs on a narrow screen the tool bar never sits on it (issue #10).
TOOLBAR_PX = 40
_TITLE_LINE_PX = 24
_SUBTITLE_LINE_PX = 20


def _title(title: str) -> dict:
    """The chart's title below the tool bar's band; a closing "(unit)" on a line of its own (a subtitle), so that a
    title still fits a phone's width."""
    head, space, tail = title.rpartition(" (")
    text, subtitle = (head, "(" + tail) if space and head and tail.endswith(")") else (title, "")
    out = {
        "text": text,
        "x": 0,
        "xanchor": "left",
        "xref": "container",
        "y": 1,
        "yanchor": "top",
        "yref": "container",
        "pad": {"t": TOOLBAR_PX, "l": 10},
        "font": {"size": 17},
    }
    if subtitle:
        out["subtitle"] = {"text": subtitle, "font": {"size": 13, "color": theme.GREY}}
    return out


def _title_room(title: str) -> int:
    """The top margin a title takes beyond the 60 px the figures' heights were chosen for."""
    return TOOLBAR_PX + _TITLE_LINE_PX + (_SUBTITLE_LINE_PX if "subtitle" in _title(title) else 0) + 14 - 60


def _layout(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    heading = _title(title)
    top = 60 + _title_room(title)
    fig.update_layout(
        title=heading,
        font={"family": theme.FONT_FAMILY, "color": theme.TEXT, "size": 13},
        paper_bgcolor=theme.BACKGROUND,
        plot_bgcolor=theme.BACKGROUND,
        height=height + top - 60,  # the plot keeps the height it was given: the title's room is added
        margin={"l": 10, "r": 10, "t": top, "b": 10},
        # Legends sit at the foot of the figure (above the plot they collide with the title on a phone's width); placed
        # against the figure, not the plot, they never cover an axis's labels however the labels wrap or turn.
        legend={
            "orientation": "h",
            "yref": "container",
            "yanchor": "bottom",
            "y": 0,
            "x": 0,
            "xanchor": "left",
            "title": None,
        },
        hoverlabel={"font": {"family": theme.FONT_FAMILY}},
        separators=".,",
    )
    fig.update_xaxes(gridcolor=theme.SECONDARY_BACKGROUND, zerolinecolor=theme.LAND, automargin=True)
    fig.update_yaxes(gridcolor=theme.SECONDARY_BACKGROUND, zerolinecolor=theme.LAND, automargin=True)
    return fig


def membership_over_time(history: pd.DataFrame, lang: str, t: Translator) -> go.Figure:
    """Published member totals (reported_figures members_total) over time."""
    labels = [fmt.date(d, lang, p) for d, p in zip(history["as_of"], history["as_of_precision"])]
    fig = go.Figure(
        go.Scatter(
            x=pd.to_datetime(history["as_of"]),
            y=history["value"],
            mode="lines+markers+text",
            text=[fmt.integer(v, lang) for v in history["value"]],
            # The first label to the right of its point: to its left it sat on the axis's numbers.
            textposition=["top right"] + ["top left"] * (len(history) - 1) if len(history) else "top left",
            line={"color": theme.PRIMARY, "width": 3},
            marker={"size": 9},
            name=t("members.reported"),
            customdata=list(zip(labels, history["source"].map(plotly_text))),
            hovertemplate="%{customdata[0]}: %{y}<br>%{customdata[1]}<extra></extra>",
        )
    )
    top = float(history["value"].max()) if len(history) else 1
    fig.update_yaxes(title=t("overview.membership_axis"), range=[0, top * 1.18])
    fig.update_xaxes(title=None)
    years = pd.to_datetime(history["as_of"]).dt.year if len(history) else pd.Series([], dtype=int)
    span = f"{years.min()}–{years.max()}" if len(years) else ""
    return _layout(fig, t("overview.membership", span=span), height=360)


def members_by_region(counts: pd.DataFrame, lang: str, t: Translator) -> go.Figure:
    """Members the registry lists per region beside WeGO's published regional counts: horizontal bars, so a region's
    name reads whole on any width (turned labels under upright bars were cut on a phone, issue #10)."""
    regions = [t(f"region.{r}") for r in counts["region"]]
    fig = go.Figure()
    fig.add_bar(
        y=regions,
        x=counts["listed_members"],
        orientation="h",
        name=t("members.listed"),
        marker_color=theme.LISTED,
        text=[fmt.integer(v, lang) for v in counts["listed_members"]],
        customdata=list(counts["region"]),  # a click on a bar filters by its region (wego_ui.charts.chart)
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}: %{text}<extra>" + t("members.listed") + "</extra>",
    )
    reported = counts["reported_members"]
    if reported.notna().any():
        fig.add_bar(
            y=regions,
            x=reported,
            orientation="h",
            name=t("members.reported"),
            marker_color=theme.REPORTED,
            text=[fmt.integer(v, lang) if pd.notna(v) else "" for v in reported],
            customdata=list(counts["region"]),
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra>" + t("members.reported") + "</extra>",
        )
    values = pd.concat([counts["listed_members"], reported]).dropna()
    top = float(values.max()) if len(values) else 1
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_yaxes(autorange="reversed", title=None)
    # Room past the longest bar for its number (three digits at most), however narrow the plot.
    fig.update_xaxes(title=t("axis.members"), range=[0, top * 1.22], rangemode="tozero")
    return _layout(fig, t("members.by_region"), height=150 + 46 * max(len(regions), 3))


def budget_vs_executed(lines: pd.DataFrame, year: int, unit: str, lang: str, t: Translator) -> go.Figure:
    """Budget, granted and executed per line (grouped bars), the execution rate written on each group."""
    names = [("↳ " * int(d)) + n for d, n in zip(lines["depth"], _names(lines, "name", lang))]
    unit_name = t(f"unit.{unit}")
    fig = go.Figure()
    for col, key in (
        ("budget_krw", "budget.kpi_budget"),
        ("granted_krw", "budget.kpi_granted"),
        ("executed_krw", "budget.kpi_executed"),
    ):
        values = [float(fmt.in_unit(v, unit)) for v in lines[col]]
        fig.add_bar(
            y=names,
            x=values,
            name=t(key),
            orientation="h",
            marker_color=theme.MONEY_COLORS[col],
            customdata=[fmt.money(v, unit, lang, detail=True) for v in lines[col]],
            hovertemplate="%{y}: %{customdata} " + unit_name + "<extra>" + t(key) + "</extra>",
        )
    # The execution rate on the executed bar (the legend names the bar): inside a long one, after a short one, so it
    # never runs past a phone's edge (issue #10; written after the bars with its words, it did).
    longest = max([float(v) for v in lines["budget_krw"].fillna(0)] + [1.0])
    fig.data[-1].update(
        text=[fmt.percent(r, lang) for r in lines["execution_rate"]],
        textposition=["inside" if float(v or 0) >= longest * 0.4 else "outside" for v in lines["executed_krw"]],
        insidetextanchor="end",
        textfont={"size": 11},
        constraintext="none",  # Plotly would shrink the number to the bar's thickness
        cliponaxis=False,
    )
    amounts = [v for col in ("budget_krw", "granted_krw", "executed_krw") for v in lines[col] if pd.notna(v)]
    top = max((float(fmt.in_unit(v, unit)) for v in amounts), default=0)
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_yaxes(autorange="reversed", title=None)
    fig.update_xaxes(title=t("budget.axis_amount", unit=unit_name), range=[0, top * 1.04], tickformat=",", nticks=3)
    return _layout(fig, t("budget.bars_title", year=year, unit=unit_name), height=120 + 70 * len(lines))


def budget_hierarchy(
    lines: pd.DataFrame,
    spending: pd.DataFrame,
    year: int,
    unit: str,
    lang: str,
    t: Translator,
    by_line: pd.DataFrame | None = None,
) -> go.Figure:
    """Treemap of executed spending: line → sub-line → activity; the unitemized rest shown as its own box.

    `spending` may hold only the largest activities of each line; `by_line` (every activity counted and summed per
    line) then adds one "N more activities" box per line, so the boxes still add up at any data size (issue #8)."""
    ids, parents, labels, values, hover = [], [], [], [], []
    names = dict(zip(lines["line_id"], _names(lines, "name", lang)))
    root = "total"

    def add(node_id, parent, label, krw):
        ids.append(node_id)
        parents.append(parent)
        labels.append(label)
        values.append(float(fmt.in_unit(krw, unit)))
        hover.append(fmt.money(krw, unit, lang, detail=True))

    paid = spending[spending["line_id"].notna() & spending["amount_krw"].notna()]
    activity_names = localized(paid, "description", lang).map(lambda name: plotly_text(_cut(name, 47)))

    counted = {}
    if by_line is not None:
        for line_id, count, krw in zip(by_line["line_id"], by_line["paid_activities"], by_line["amount_krw"]):
            if pd.notna(line_id) and pd.notna(krw):
                counted[line_id] = (int(count), int(krw))

    def own_paid(line_id) -> int:
        own = paid[paid["line_id"] == line_id]
        return counted[line_id][1] if line_id in counted else int(own["amount_krw"].sum())

    def node_total(line_id) -> int:
        children = lines[lines["parent_line_id"] == line_id]
        own = paid[paid["line_id"] == line_id]
        executed = int(lines.loc[lines["line_id"] == line_id, "executed_krw"].iloc[0])
        if children.empty and own.empty and line_id not in counted:
            return executed
        parts = sum(node_total(c) for c in children["line_id"]) + own_paid(line_id)
        return max(parts, executed)

    def walk(line_id, parent):
        total = node_total(line_id)
        add(line_id, parent, names[line_id], total)
        children = lines[lines["parent_line_id"] == line_id]
        own = paid[paid["line_id"] == line_id]
        parts = 0
        for child in children["line_id"]:
            parts += walk(child, line_id)
        for idx, row in own.iterrows():
            add(row["spending_id"], line_id, activity_names.loc[idx], int(row["amount_krw"]))
            parts += int(row["amount_krw"])
        more = counted.get(line_id, (len(own), 0))[0] - len(own)
        if more > 0:
            rest_krw = own_paid(line_id) - int(own["amount_krw"].sum())
            add(f"{line_id}-more", line_id, t("budget.more_activities", count=fmt.integer(more, lang)), rest_krw)
            parts += rest_krw
        if (not children.empty or not own.empty or line_id in counted) and total > parts:
            add(f"{line_id}-rest", line_id, t("budget.not_itemized"), total - parts)
        return total

    top = lines[lines["parent_line_id"].isna()]
    grand = sum(node_total(line) for line in top["line_id"])
    cycle = [theme.BLUE, theme.ORANGE, theme.GREEN, theme.PURPLE, theme.SKY, theme.VERMILLION, theme.YELLOW]
    colours = {line: cycle[i % len(cycle)] for i, line in enumerate(top["line_id"])}
    add(root, "", t("budget.total"), grand)
    for line in top["line_id"]:
        walk(line, root)
    unit_name = t(f"unit.{unit}")
    top_of = {}
    for node, parent in zip(ids, parents):
        top_of[node] = node if parent == root else top_of.get(parent)
    fig = go.Figure(
        go.Treemap(
            ids=ids,
            parents=parents,
            labels=labels,
            values=values,
            branchvalues="total",
            customdata=hover,
            hovertemplate="%{label}<br>%{customdata} " + unit_name + "<extra></extra>",
            texttemplate="%{label}<br>%{customdata}",
            maxdepth=3,
            marker={"colors": [colours.get(top_of.get(i), theme.SECONDARY_BACKGROUND) for i in ids]},
            root={"color": theme.SECONDARY_BACKGROUND},
        )
    )
    return _layout(fig, t("budget.tree_title", year=year, unit=unit_name), height=460)


PLAN_LABEL_COLUMNS = 26  # a program plan's row labels longer than this end in "…"; the hover has the full name


def program_plan(programs: pd.DataFrame, year: int, unit: str, lang: str, t: Translator) -> go.Figure:
    """Each program's budget, grouped by strategic area; WeGO-funded beside partner-funded."""
    unit_name = t(f"unit.{unit}")
    frame = programs.copy()
    names = localized(frame, "name", lang)
    # Labels short enough to leave a phone's plot room for its bars (issue #10); the hover names the program whole.
    frame["full"] = [plotly_text(f"{pid[5:]} {name}") for pid, name in zip(frame["program_id"], names)]
    frame["label"] = [
        plotly_text(_shorten(f"{pid[5:]} {name}", PLAN_LABEL_COLUMNS)) for pid, name in zip(frame["program_id"], names)
    ]
    # who pays, named in Korean on a Korean page where the data has it (issue #10), else as the data names it
    payers_ko = frame["funded_by_ko"] if "funded_by_ko" in frame else pd.Series(None, index=frame.index, dtype=object)
    frame["payer"] = [
        ko if lang == "ko" and isinstance(ko, str) and ko.strip() else f for f, ko in zip(frame["funded_by"], payers_ko)
    ]
    fig = go.Figure()
    for funded, key in ((True, "wego"), (False, "external")):
        part = frame[frame["is_wego_funded"] == funded]
        if part.empty:
            continue
        fig.add_bar(
            y=[[t(f"area.{a}")[:1] + " " for a in part["area"]], part["label"]],
            x=[float(fmt.in_unit(v, unit)) for v in part["budget_krw"]],
            orientation="h",
            name=t(f"funding.{key}"),
            marker_color=theme.FUNDING_COLORS[key],
            text=[fmt.money(v, unit, lang, detail=True) for v in part["budget_krw"]],
            textposition="auto",  # inside a long bar, after a short one: never past a narrow plot's end
            # who pays is data (issue #9: it reached the hover as markup); WeGO's own budget is named in the language
            customdata=[
                (full, t("funding.wego") if f == "wego" else plotly_text(payer))
                for full, f, payer in zip(part["full"], part["funded_by"], part["payer"])
            ],
            hovertemplate="%{customdata[0]}: %{text} " + unit_name + "<br>%{customdata[1]}<extra></extra>",
        )
    fig.update_layout(barmode="overlay")
    # No axis title: the area numbers are the legend's and the table's, and a turned title was cut on a phone.
    fig.update_yaxes(autorange="reversed", title=None)
    top = float(fmt.in_unit(frame["budget_krw"].max(), unit)) if len(frame) else 1
    fig.update_xaxes(title=t("budget.axis_amount", unit=unit_name), range=[0, top * 1.3], nticks=3)
    return _layout(fig, t("budget.plan_title", year=year, unit=unit_name), height=140 + 48 * len(frame))


def _month_end(day: dt.date) -> pd.Timestamp:
    # A phase ending on a day lasts through that day: the bar ends at the next midnight.
    return pd.Timestamp(day) + pd.Timedelta(days=1)


PHASE_STATUSES = ("done", "in_progress", "planned")


def phase_status(starts_on, ends_on, as_of) -> str:
    """done, in_progress or planned by the dates alone: the contract records no completion, so 'late' is unknowable."""
    day = pd.Timestamp(as_of).normalize()
    if pd.Timestamp(ends_on).normalize() < day:
        return "done"
    if pd.Timestamp(starts_on).normalize() > day:
        return "planned"
    return "in_progress"


def _shorten(text: str, width: int) -> str:
    """`text` cut to `width` columns with an ellipsis, a Hangul or other wide character counting two columns."""

    def columns(ch: str) -> int:
        return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1

    if sum(columns(ch) for ch in text) <= width:
        return text
    used, cut = 1, 0  # one column for the ellipsis
    for ch in text:
        if used + columns(ch) > width:
            break
        used += columns(ch)
        cut += 1
    return text[:cut].rstrip(" ,;:·-–(") + "…"


def _tint(hex_color: str, white: float = 0.72) -> str:
    """The colour mixed with `white` parts of white: the background of a planned (hatched) bar."""
    r, g, b, _ = theme.rgb(hex_color)
    return "#" + "".join(f"{round(c + (255 - c) * white):02X}" for c in (r, g, b))


GANTT_LABEL_COLUMNS = 30  # tick labels longer than this end in "…"; the hover has the full name
_GANTT_ROW_PX = 24
_STATUS_SWATCH = {  # the legend's key to the bar styles (grey: the status, not the area)
    "done": {"color": theme.GREY, "line": {"color": theme.GREY, "width": 1}},
    "in_progress": {"color": theme.GREY, "line": {"color": theme.TEXT, "width": 2.5}},
    "planned": {"color": _tint(theme.GREY), "line": {"color": theme.GREY, "width": 1}},
}


def program_gantt(
    phases: pd.DataFrame,
    events: pd.DataFrame,
    as_of: dt.date,
    year: int,
    lang: str,
    t: Translator,
    *,
    window: tuple[dt.date, dt.date] | None = None,
) -> go.Figure:
    """One bar per phase, coloured by strategic area, styled by its status on as_of (done solid, in progress
    outlined, planned hatched); each program a bold row above its phases; events as diamonds on their phase.

    The x axis shows `window` (first and last day, both drawn whole), by default the program year: a phase or event
    outside it is clipped, not dropped. The as-of line is drawn only when as_of falls inside the window.
    """
    first, last = window or (dt.date(year, 1, 1), dt.date(year, 12, 31))
    lo, hi = pd.Timestamp(first), _month_end(last)
    stamp = pd.Timestamp(as_of)
    frame = phases.reset_index(drop=True).copy()
    frame["phase"] = localized(frame, "name", lang)
    frame["program"] = [
        name or str(pid) for name, pid in zip(localized(frame, "program_name", lang), frame["program_id"])
    ]
    # Row keys are ids (unique even where two phases share a name); the axis shows names through ticktext.
    frame["row"] = [f"phase:{pid}:{seq}" for pid, seq in zip(frame["program_id"], frame["seq"])]
    frame["status"] = [phase_status(s, e, as_of) for s, e in zip(frame["starts_on"], frame["ends_on"])]
    rows, labels, programs = [], [], []
    for pid, part in frame.groupby("program_id", sort=False):
        key = f"program:{pid}"
        rows.append(key)
        labels.append(f"<b>{plotly_text(_shorten(part['program'].iloc[0], GANTT_LABEL_COLUMNS))}</b>")
        programs.append((key, part))
        for row, phase in zip(part["row"], part["phase"]):
            rows.append(row)
            labels.append(plotly_text(_shorten(phase, GANTT_LABEL_COLUMNS)))
    status_text = {s: t(f"gantt.status.{s}") for s in PHASE_STATUSES}
    fig = go.Figure()
    for area, part in frame.groupby("area", sort=True):
        colour = theme.AREA_COLORS[int(area)]
        starts = pd.to_datetime(part["starts_on"])
        ends = [_month_end(d) for d in part["ends_on"]]
        status = list(part["status"])
        fig.add_bar(
            y=part["row"],
            base=starts,
            x=[(e - s).total_seconds() * 1000 for s, e in zip(starts, ends)],
            orientation="h",
            name=t(f"area.{area}"),
            legendgroup=f"area-{area}",
            showlegend=False,  # the swatch below stands for it: a bar's own would copy its first phase's status style
            marker={
                "color": colour,
                "line": {
                    "color": [theme.TEXT if s == "in_progress" else colour for s in status],
                    "width": [2.5 if s == "in_progress" else (1 if s == "planned" else 0) for s in status],
                },
                "pattern": {
                    "shape": ["/" if s == "planned" else "" for s in status],
                    "fillmode": "replace",
                    "fgcolor": colour,
                    "bgcolor": _tint(colour),
                    "size": 7,
                    "solidity": 0.25,
                },
            },
            customdata=[
                (
                    plotly_text(program),
                    plotly_text(phase),
                    fmt.date_range(s, e, lang),
                    t("gantt.status.hover", date=fmt.date(as_of, lang), status=status_text[st]),
                    st,
                )
                for program, phase, s, e, st in zip(
                    part["program"], part["phase"], part["starts_on"], part["ends_on"], status
                )
            ],
            hovertemplate="<b>%{customdata[1]}</b><br>%{customdata[0]}<br>%{customdata[2]}<br>%{customdata[3]}"
            "<extra></extra>",
        )
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            marker={"symbol": "square", "size": 13, "color": colour},
            name=t(f"area.{area}"),
            legendgroup=f"area-{area}",
            hoverinfo="skip",
        )
    for key, part in programs:  # a thin line on the program's row from its first phase's start to its last's end
        fig.add_scatter(
            x=[pd.Timestamp(part["starts_on"].min()), _month_end(part["ends_on"].max())],
            y=[key, key],
            mode="lines",
            line={"color": theme.AREA_COLORS[int(part["area"].iloc[0])], "width": 3},
            opacity=0.55,
            showlegend=False,
            hoverinfo="skip",
        )
    if not events.empty and not frame.empty:
        placed = []
        for ev in events.to_dict("records"):
            mine = frame[frame["program_id"] == ev["program_id"]]
            if mine.empty:
                continue
            inside = mine[(mine["starts_on"] <= ev["starts_on"]) & (mine["ends_on"] >= ev["starts_on"])]
            placed.append((ev, (inside if not inside.empty else mine).iloc[-1]["row"]))
        if placed:
            fig.add_scatter(
                x=[pd.Timestamp(ev["starts_on"]) for ev, _ in placed],
                y=[row for _, row in placed],
                mode="markers",
                marker={"symbol": "diamond", "size": 13, "color": theme.TEXT, "line": {"color": "white", "width": 1}},
                name=t("gantt.events"),
                customdata=[
                    (
                        _names(pd.DataFrame([ev]), "name", lang).iloc[0],
                        fmt.date_range(ev["starts_on"], ev["ends_on"], lang),
                    )
                    for ev, _ in placed
                ],
                hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
            )
    shown = [s for s in PHASE_STATUSES if s in set(frame["status"])]
    for status in shown:  # the key to the bar styles, for the statuses drawn; no data of its own
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            marker={"symbol": "square", "size": 13, **_STATUS_SWATCH[status]},
            name=status_text[status],
            legendgroup="status",
            legendgrouptitle={"text": t("gantt.status.title", date=fmt.date(as_of, lang))},
            hoverinfo="skip",
        )
    if lo <= stamp < hi:  # a line at as_of only where the window shows that day
        fig.add_shape(
            type="line",
            x0=stamp,
            x1=stamp,
            y0=0,
            y1=1,
            yref="paper",
            line={"color": theme.VERMILLION, "width": 2, "dash": "dash"},
        )
        # The label stands above the plot's right end, in the line's colour: wherever the day falls it never runs
        # past the chart's edge, however narrow the screen.
        fig.add_annotation(
            x=1,
            xref="paper",
            xanchor="right",
            y=1,
            yref="paper",
            text=t("gantt.as_of", date=fmt.date(as_of, lang)),
            showarrow=False,
            yanchor="bottom",
            font={"color": theme.VERMILLION},
        )
    fig.update_layout(barmode="overlay")
    fig.update_yaxes(
        type="category",
        autorange="reversed",
        title=None,
        categoryorder="array",
        categoryarray=rows,
        tickmode="array",
        tickvals=rows,
        ticktext=labels,
    )  # every program and phase labelled, however tight
    # Months of the window, upright and every quarter, so that a phone's narrow plot still reads them; the year is in
    # the title (Plotly names months in English: Korean gets "4월").
    fig.update_xaxes(
        type="date",
        title=None,
        tickformat="%b" if lang == "en" else "%-m월",
        dtick="M3" if (hi - lo).days > 200 else "M1",
        tickangle=0,
        range=[lo, hi],
    )
    title = t("gantt.title", year=year, count=len(frame))
    height = 200 + _GANTT_ROW_PX * max(len(rows), 4)
    fig = _layout(fig, title, height=height)
    return fig


def gantt_phases(fig: go.Figure) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """The phases a program_gantt figure draws, as a list for narrow screens (issue #10): each program with its phases
    in the chart's order, each phase as (name, period, status), names as typed (not escaped)."""
    found: dict[str, tuple[str, str, str, str]] = {}
    for trace in fig.data:
        if trace.type != "bar" or trace.customdata is None:
            continue
        for row, data in zip(trace.y, trace.customdata):
            found[row] = (plain_text(data[0]), plain_text(data[1]), str(data[2]), str(data[4]))
    out: list[tuple[str, list[tuple[str, str, str]]]] = []
    for row in fig.layout.yaxis.categoryarray or ():
        if row not in found:
            continue
        program, phase, period, status = found[row]
        if not out or out[-1][0] != program:
            out.append((program, []))
        out[-1][1].append((phase, period, status))
    return out


ATTENDANCE_ROW_PX = 32
ATTENDANCE_MAX_HEIGHT = 2000  # past ~65 meetings the rows get thinner and Plotly skips labels rather than overlap


def _meeting_labels(frame: pd.DataFrame, lang: str, t: Translator) -> list[str]:
    """'2016 EXCOM · Beyoğlu' per meeting (Korean names in Korean); the month, then a count, where that repeats."""
    cities = [
        ko if lang == "ko" and isinstance(ko, str) and ko.strip() else en
        for en, ko in zip(frame["city"], frame.get("city_ko", pd.Series([None] * len(frame), index=frame.index)))
    ]

    def label(day, kind, city, precision) -> str:
        text = f"{fmt.date(day, lang, precision)} {t('history.short.' + kind)}"
        return text + (f" · {plotly_text(city)}" if isinstance(city, str) and city.strip() else "")

    labels = [label(d, k, c, "year") for d, k, c in zip(frame["starts_on"], frame["kind"], cities)]
    repeated = {x for x in labels if labels.count(x) > 1}
    labels = [
        label(d, k, c, "month") if x in repeated else x
        for x, d, k, c in zip(labels, frame["starts_on"], frame["kind"], cities)
    ]
    seen: dict[str, int] = {}
    distinct = []
    for x in labels:
        seen[x] = seen.get(x, 0) + 1
        distinct.append(x if seen[x] == 1 else f"{x} ({seen[x]})")
    return distinct


def attendance_history(history: pd.DataFrame, lang: str, t: Translator) -> go.Figure:
    """Cities attending each general assembly and EXCOM meeting and people attending, as two bars per meeting: one
    row per meeting in date order (oldest on top), labelled year, kind and city, the full name in the hover; the
    figure grows with the number of meetings so the labels never overlap."""
    frame = history.reset_index(drop=True).copy()
    frame["name"] = _names(frame, "name", lang)
    frame["slot"] = _meeting_labels(frame, lang, t)
    frame["when"] = [
        fmt.date_range(s, e, lang, p) for s, e, p in zip(frame["starts_on"], frame["ends_on"], frame["date_precision"])
    ]
    fig = go.Figure()
    series = [
        ("cities", frame["kind"] == "general_assembly", theme.BLUE, "general_assembly"),
        ("cities", frame["kind"] == "excom", theme.SKY, "excom"),
        ("people", pd.Series(True, index=frame.index), theme.ORANGE, None),
    ]
    for column, chosen, colour, kind in series:
        part = frame[chosen & frame[column].notna()]
        what = t(f"history.{column}")
        fig.add_bar(
            y=part["slot"],
            x=part[column].astype(float),
            orientation="h",
            offsetgroup=column,  # the two kinds' cities share a slot: people sit just below the cities
            name=f"{t('event_kind.' + kind)}: {what}" if kind else what,
            marker_color=colour,
            text=[fmt.integer(v, lang) for v in part[column]],
            textposition="outside",
            textfont={"size": 11},
            constraintext="none",  # Plotly would shrink the numbers to the bar's thickness
            cliponaxis=False,
            customdata=list(zip(part["when"], part["name"])),
            hovertemplate="<b>%{customdata[1]}</b><br>%{customdata[0]}<br>" + what + ": %{text}<extra></extra>",
        )
    bare = frame[frame["cities"].isna() & frame["people"].isna()]
    if len(bare):  # say so, rather than leave an empty row that reads as zero
        fig.add_scatter(
            y=bare["slot"],
            x=[0] * len(bare),
            mode="text",
            text=["\u00a0" + t("history.no_figures")] * len(bare),
            textposition="middle right",
            textfont={"color": theme.GREY, "size": 12},
            showlegend=False,
            customdata=list(zip(bare["when"], bare["name"])),
            hovertemplate="<b>%{customdata[1]}</b><br>%{customdata[0]}<extra></extra>",
        )
    values = pd.concat([frame["cities"], frame["people"]]).dropna()
    top = float(values.max()) if len(values) else 1
    fig.update_layout(barmode="group", bargap=0.22, bargroupgap=0.04)
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=list(frame["slot"]),
        autorange="reversed",
        title=None,
        ticklabelstandoff=6,
    )
    fig.update_xaxes(title=t("history.axis"), range=[0, top * 1.15], tickformat=",d", rangemode="tozero")
    years = pd.to_datetime(frame["starts_on"]).dt.year
    span = f"{years.min()}–{years.max()}" if len(years) else ""
    title = t("history.title", span=span)
    height = min(170 + ATTENDANCE_ROW_PX * max(len(frame), 4), ATTENDANCE_MAX_HEIGHT - _title_room(title))
    fig = _layout(fig, title, height=height)
    return fig
