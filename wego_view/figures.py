"""Figure builders: data in, plotly.graph_objects.Figure out; no Streamlit, no queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from wego_view import fmt, theme
from wego_view.i18n import localized

Translator = Callable[..., str]


def _plain(text) -> str:
    """Plotly reads a few HTML tags in labels (<a>, <b>, <span style>); data is shown as typed, never as markup."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _names(frame: pd.DataFrame, field: str, lang: str) -> pd.Series:
    return localized(frame, field, lang).map(_plain)


def _layout(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 17}},
        font={"family": theme.FONT_FAMILY, "color": theme.TEXT, "size": 13},
        paper_bgcolor=theme.BACKGROUND,
        plot_bgcolor=theme.BACKGROUND,
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        # Legends sit under the plot: above it they collide with the title on a phone's width.
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0, "xanchor": "left", "title": None},
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
            textposition="top left",
            line={"color": theme.PRIMARY, "width": 3},
            marker={"size": 9},
            name=t("members.reported"),
            customdata=list(zip(labels, history["source"].map(_plain))),
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
    """Members the registry lists per region beside WeGO's published regional counts."""
    regions = [t(f"region.{r}") for r in counts["region"]]
    fig = go.Figure()
    fig.add_bar(
        x=regions,
        y=counts["listed_members"],
        name=t("members.listed"),
        marker_color=theme.LISTED,
        text=[fmt.integer(v, lang) for v in counts["listed_members"]],
        textposition="outside",
    )
    reported = counts["reported_members"]
    if reported.notna().any():
        fig.add_bar(
            x=regions,
            y=reported,
            name=t("members.reported"),
            marker_color=theme.REPORTED,
            text=[fmt.integer(v, lang) if pd.notna(v) else "" for v in reported],
            textposition="outside",
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title=t("axis.members"), rangemode="tozero")
    return _layout(fig, t("members.by_region"), height=360)


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
    rates = [t("budget.rate_label", rate=fmt.percent(r, lang)) for r in lines["execution_rate"]]
    top = max(float(fmt.in_unit(v, unit)) for v in lines["budget_krw"]) if len(lines) else 0
    ends = [
        float(fmt.in_unit(max(b, g, e), unit)) + top * 0.01
        for b, g, e in zip(lines["budget_krw"], lines["granted_krw"], lines["executed_krw"])
    ]
    fig.add_scatter(
        y=names,
        x=ends,
        mode="text",
        text=rates,
        textposition="middle right",
        showlegend=False,
        hoverinfo="skip",
    )
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_yaxes(autorange="reversed", title=None)
    fig.update_xaxes(title=t("budget.axis_amount", unit=unit_name), range=[0, top * 1.3], tickformat=",")
    return _layout(fig, t("budget.bars_title", year=year, unit=unit_name), height=120 + 70 * len(lines))


def budget_hierarchy(
    lines: pd.DataFrame, spending: pd.DataFrame, year: int, unit: str, lang: str, t: Translator
) -> go.Figure:
    """Treemap of executed spending: line → sub-line → activity; the unitemized rest shown as its own box."""
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
    activity_names = _names(paid, "description", lang)

    def node_total(line_id) -> int:
        children = lines[lines["parent_line_id"] == line_id]
        own = paid[paid["line_id"] == line_id]
        executed = int(lines.loc[lines["line_id"] == line_id, "executed_krw"].iloc[0])
        if children.empty and own.empty:
            return executed
        parts = sum(node_total(c) for c in children["line_id"]) + int(own["amount_krw"].sum())
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
            label = activity_names.loc[idx]
            add(row["spending_id"], line_id, label if len(label) < 48 else label[:46] + "…", int(row["amount_krw"]))
            parts += int(row["amount_krw"])
        if (not children.empty or not own.empty) and total > parts:
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


def program_plan(programs: pd.DataFrame, year: int, unit: str, lang: str, t: Translator) -> go.Figure:
    """Each program's budget, grouped by strategic area; WeGO-funded beside partner-funded."""
    unit_name = t(f"unit.{unit}")
    frame = programs.copy()
    frame["label"] = [f"{pid[5:]} {name}" for pid, name in zip(frame["program_id"], _names(frame, "name", lang))]
    frame["label"] = [s if len(s) < 60 else s[:58] + "…" for s in frame["label"]]
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
            textposition="outside",
            customdata=part["funded_by"],
            hovertemplate="%{y}: %{text} " + unit_name + "<br>%{customdata}<extra></extra>",
        )
    fig.update_layout(barmode="overlay")
    fig.update_yaxes(autorange="reversed", title=t("col.area"))
    top = float(fmt.in_unit(frame["budget_krw"].max(), unit)) if len(frame) else 1
    fig.update_xaxes(title=t("budget.axis_amount", unit=unit_name), range=[0, top * 1.25])
    return _layout(fig, t("budget.plan_title", year=year, unit=unit_name), height=140 + 48 * len(frame))


def _month_end(day: dt.date) -> pd.Timestamp:
    # A phase ending on a day lasts through that day: the bar ends at the next midnight.
    return pd.Timestamp(day) + pd.Timedelta(days=1)


def program_gantt(
    phases: pd.DataFrame, events: pd.DataFrame, as_of: dt.date, year: int, lang: str, t: Translator
) -> go.Figure:
    """One bar per phase, coloured by strategic area; events as diamonds on their program; a line at as_of."""
    frame = phases.copy()
    frame["row"] = [f"{pid[5:]} · {name}" for pid, name in zip(frame["program_id"], _names(frame, "name", lang))]
    frame["row"] = [r if len(r) < 56 else r[:54] + "…" for r in frame["row"]]
    fig = go.Figure()
    for area, part in frame.groupby("area", sort=True):
        starts = pd.to_datetime(part["starts_on"])
        ends = [_month_end(d) for d in part["ends_on"]]
        fig.add_bar(
            y=part["row"],
            base=starts,
            x=[(e - s).total_seconds() * 1000 for s, e in zip(starts, ends)],
            orientation="h",
            name=t(f"area.{area}"),
            marker_color=theme.AREA_COLORS[int(area)],
            customdata=[fmt.date_range(s, e, lang) for s, e in zip(part["starts_on"], part["ends_on"])],
            hovertemplate="%{y}<br>%{customdata}<extra></extra>",
        )
    if not events.empty and not frame.empty:
        rows = []
        for ev in events.to_dict("records"):
            mine = frame[frame["program_id"] == ev["program_id"]]
            if mine.empty:
                continue
            inside = mine[(mine["starts_on"] <= ev["starts_on"]) & (mine["ends_on"] >= ev["starts_on"])]
            rows.append((ev, (inside if not inside.empty else mine).iloc[-1]["row"]))
        if rows:
            fig.add_scatter(
                x=[pd.Timestamp(ev["starts_on"]) for ev, _ in rows],
                y=[row for _, row in rows],
                mode="markers",
                marker={"symbol": "diamond", "size": 13, "color": theme.TEXT, "line": {"color": "white", "width": 1}},
                name=t("gantt.events"),
                customdata=[
                    (
                        _names(pd.DataFrame([ev]), "name", lang).iloc[0],
                        fmt.date_range(ev["starts_on"], ev["ends_on"], lang),
                    )
                    for ev, _ in rows
                ],
                hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
            )
    stamp = pd.Timestamp(as_of)
    fig.add_shape(
        type="line",
        x0=stamp,
        x1=stamp,
        y0=0,
        y1=1,
        yref="paper",
        line={"color": theme.VERMILLION, "width": 2, "dash": "dash"},
    )
    fig.add_annotation(
        x=stamp,
        y=1,
        yref="paper",
        text=t("gantt.as_of", date=fmt.date(as_of, lang)),
        showarrow=False,
        yanchor="bottom",
        font={"color": theme.VERMILLION},
    )
    fig.update_layout(barmode="overlay")
    fig.update_yaxes(
        autorange="reversed",
        title=None,
        categoryorder="array",
        categoryarray=list(frame["row"]),
        tickmode="array",
        tickvals=list(frame["row"]),
    )  # every phase labelled, however tight
    fig.update_xaxes(type="date", title=t("axis.date"), tickformat="%Y-%m")
    title = t("gantt.title", year=year, count=len(frame))
    fig = _layout(fig, title, height=200 + 26 * max(len(frame), 4))
    fig.update_layout(legend={"y": -0.08})
    return fig


def attendance_history(history: pd.DataFrame, lang: str, t: Translator) -> go.Figure:
    """Cities attending each general assembly and EXCOM meeting (bars) and people attending (diamonds, right axis),
    one labelled slot per meeting in date order."""
    frame = history.copy()
    frame["name"] = _names(frame, "name", lang)
    frame["slot"] = [
        f"{fmt.date(d, lang, 'year')} {t('history.short.' + k)}<br>{_plain(c) if isinstance(c, str) else '–'}"
        for d, k, c in zip(
            frame["starts_on"],
            frame["kind"],
            [ko if lang == "ko" and isinstance(ko, str) else en for en, ko in zip(frame["city"], frame["city_ko"])],
        )
    ]
    frame["when"] = [
        fmt.date_range(s, e, lang, p) for s, e, p in zip(frame["starts_on"], frame["ends_on"], frame["date_precision"])
    ]
    fig = go.Figure()
    for kind, color in (("general_assembly", theme.BLUE), ("excom", theme.SKY)):
        part = frame[(frame["kind"] == kind) & frame["cities"].notna()]
        fig.add_bar(
            x=part["slot"],
            y=part["cities"].astype(float),
            name=f"{t('event_kind.' + kind)}: {t('history.cities')}",
            marker_color=color,
            text=[fmt.integer(v, lang) for v in part["cities"]],
            textposition="outside",
            customdata=list(zip(part["when"], part["name"])),
            hovertemplate="%{customdata[1]}<br>%{customdata[0]}: %{y}<extra></extra>",
        )
    people = frame[frame["people"].notna()]
    fig.add_scatter(
        x=people["slot"],
        y=people["people"].astype(float),
        yaxis="y2",
        mode="markers",
        name=t("history.people"),
        marker={"symbol": "diamond", "size": 12, "color": theme.ORANGE, "line": {"color": "white", "width": 1}},
        customdata=list(zip(people["when"], people["name"])),
        hovertemplate="%{customdata[1]}<br>%{customdata[0]}: %{y}<extra></extra>",
    )
    cities_top = float(frame["cities"].max()) if frame["cities"].notna().any() else 1
    people_top = float(frame["people"].max()) if frame["people"].notna().any() else 1
    fig.update_layout(
        barmode="overlay",
        yaxis={"title": t("history.cities"), "range": [0, cities_top * 1.25]},
        yaxis2={
            "title": t("history.people"),
            "overlaying": "y",
            "side": "right",
            "range": [0, people_top * 1.25],
            "showgrid": False,
            "tickmode": "auto",
            "tickformat": ",d",
        },
    )
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(frame["slot"]), title=None, tickangle=0)
    years = pd.to_datetime(frame["starts_on"]).dt.year
    span = f"{years.min()}–{years.max()}" if len(years) else ""
    fig = _layout(fig, t("history.title", span=span), height=400)
    fig.update_layout(legend={"y": -0.25})  # below the two-line meeting labels
    return fig
