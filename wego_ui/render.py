"""Draws a section's blocks (wego_view.blocks) with Streamlit, on a page or a projector slide; reads the section's
filters from its controls. What the blocks say is built in wego_view.sections, never here."""

from __future__ import annotations

import hashlib

import pandas as pd
import pyarrow as pa
import streamlit as st

from wego_ui import charts, data, layout, slides, state
from wego_view import blocks as b
from wego_view import export, figures, fmt, maps, params, sections
from wego_view.context import SnapshotInfo, ViewContext

# Page files of the sections (the page a link opens).
PAGE_FILES = {
    "overview": "pages/overview.py",
    "members": "pages/members.py",
    "offices": "pages/offices.py",
    "programs": "pages/programs.py",
    "budget": "pages/budget.py",
    "changes": "pages/changes.py",
    "maturity": "pages/maturity.py",
}


def view_context(ctx: state.Context | None = None, filters: dict | None = None) -> ViewContext:
    """The section builders' context for this run: snapshot, language, unit, and the cached queries."""
    ctx = ctx or state.current()
    known = tuple(
        SnapshotInfo(s["id"], s["as_of"], s["label"] or "", s["label_ko"] or "") for s in data.snapshot_list()
    )
    this = next((s for s in known if s.snapshot_id == ctx.snapshot_id), SnapshotInfo(ctx.snapshot_id, ctx.as_of))
    query, compare = data.query_for(ctx.audience), data.changes_for(ctx.audience)
    return ViewContext(this, ctx.lang, ctx.unit, query, compare, known, dict(filters or {}), ctx.audience)


def controls(section_id: str, vctx: ViewContext, container=None, columns: int | None = None) -> ViewContext:
    """Draw the section's filters (values in the URL, checked against their allowed values) and return the context
    with them set."""
    specs = sections.controls(section_id, vctx)
    if not specs:
        return vctx
    chosen = dict(vctx.filters)
    selects = [f for f in specs if f.options]
    others = [f for f in specs if not f.options]
    cols = (container or st).columns(columns or max(len(selects) + len([f for f in others if f.param == "q"]), 1))
    index = 0
    for spec in specs:
        param = params.PARAMS[spec.param]
        if param.kind == "choices":  # several of the options (the cities compared), a comma-separated list in the URL
            value = _multiselect(spec, param, cols[index % len(cols)])
            index += 1
            if value:
                chosen[spec.param] = value
        elif spec.options:
            labels = dict(zip(spec.options, spec.labels))
            value = state.selectbox(
                spec.param,
                spec.label,
                spec.options,
                spec.default,
                format_func=lambda v, labels=labels: labels.get(v, str(v)),
                parse=(lambda text, param=param: text if text == params.ALL else param.parse(text)),
                container=cols[index % len(cols)],
            )
            index += 1
            if value != params.ALL:
                chosen[spec.param] = value
        elif param.kind == "text":
            value = state.text(spec.param, spec.label, container=cols[index % len(cols)])
            index += 1
            if value:
                chosen[spec.param] = value
        elif param.kind == "flag":
            if state.toggle(spec.param, spec.label):
                chosen[spec.param] = True
    return vctx.with_filters(chosen)


class _Within:
    """Allowed lists of `options` (each one of them, at most `most`): what state.from_url checks a URL value with."""

    def __init__(self, options, most: int):
        self.options, self.most = set(options), most

    def __contains__(self, value) -> bool:
        return isinstance(value, tuple) and 0 < len(value) <= self.most and all(v in self.options for v in value)


def _multiselect(spec: b.Filter, param: params.Param, container) -> tuple:
    """A multiselect whose value lives in the URL as a comma-separated list, checked like any URL value (a list
    naming an unknown member, or more than params.MAX_CITIES, is refused with the bad-link notice)."""
    key = f"url_{spec.param}"
    labels = dict(zip(spec.options, spec.labels))
    if key not in st.session_state or not all(v in labels for v in st.session_state[key]):
        found = state.from_url(spec.param, _Within(spec.options, params.MAX_CITIES), (), param.parse)
        st.session_state[key] = list(found or ())
    value = tuple(
        container.multiselect(
            spec.label,
            spec.options,
            key=key,
            format_func=lambda v: labels.get(v, str(v)),
            max_selections=params.MAX_CITIES,
        )
    )
    state.to_url(spec.param, param.to_text(value) if value else None, None)
    return value


def section(section_id: str, vctx: ViewContext, medium: str = b.SCREEN) -> list:
    built = data.section_blocks(section_id, vctx)
    draw(built, vctx, medium)
    return built


def draw(items, vctx: ViewContext, medium: str = b.SCREEN) -> None:
    for block in b.shown_on(items, medium):
        _draw_one(block, vctx, medium)


def _draw_one(block, vctx: ViewContext, medium: str) -> None:
    if medium == b.SLIDES and slides.draw(block, vctx, draw):  # a projector's own drawing of this block, if it has one
        return
    if isinstance(block, b.Heading):
        layout.heading(block.text, block.level)
    elif isinstance(block, b.Paragraph):
        if block.style == "note":
            st.caption(b.markdown_text(block.text))
        elif block.style == "strong":
            st.markdown(f"**{b.markdown_text(block.text)}**")
        else:
            for line in block.text.split("\n"):
                st.markdown(b.markdown_text(line))
    elif isinstance(block, b.Notice):
        if block.kind == "warning":
            st.warning(b.markdown_text(block.text), icon=":material/difference:")
        elif block.kind == "empty":
            st.info(b.markdown_text(block.text), icon=":material/filter_alt_off:")
        else:
            st.info(b.markdown_text(block.text), icon=":material/info:")
    elif isinstance(block, b.Kpis):
        _kpis(block)
    elif isinstance(block, b.Table):
        _table(block, vctx, downloads=medium == b.SCREEN)
    elif isinstance(block, b.Chart):
        fig = block.figure
        if medium == b.SLIDES:
            fig = slides.slide_figure(fig)
        if medium == b.SCREEN and block.key == "gantt":
            _timeline(block, vctx)
        else:
            select = block.select if medium == b.SCREEN else None  # a slide is not filtered by a click
            charts.chart(fig, block.name, key=f"{block.key}-{medium}", alt=block.alt, select=select)
    elif isinstance(block, b.Map):
        deck, height = block.deck, block.height
        if medium == b.SCREEN:  # framed for a phone or for any other screen (a projector keeps the built frame)
            deck, height = maps.fitted(deck, height, phone=charts.is_phone())
        charts.deck(deck, height=height, alt=block.alt, select=block.select if medium == b.SCREEN else None)
        if block.legend:
            layout.legend(dict(block.legend), block.legend_note)
    elif isinstance(block, b.Cards):
        columns = st.columns(3)
        for index, card in enumerate(block.items):
            with columns[index % 3].container(border=True):
                st.markdown(f"**{b.markdown_text(card.title)}**")
                st.caption(b.markdown_text(card.subtitle))
                # One element for all of a card's rows (a pair of columns per row made offices 280 messages a run).
                st.markdown(
                    "  \n".join(f"{b.markdown_text(label)}: **{b.markdown_text(value)}**" for label, value in card.rows)
                )
    elif isinstance(block, b.Links):
        _links(block, vctx, linked=medium == b.SCREEN)
    elif isinstance(block, b.Row):
        if medium in (b.SCREEN, b.SLIDES):
            for column, content in zip(st.columns(list(block.widths) or len(block.columns)), block.columns):
                with column:
                    draw(content, vctx, medium)


def _key(kind: str, *parts) -> str:
    """A container's key (its CSS class st-key-<key>, which wego_ui/responsive.py styles): stable across runs, unique
    per content."""
    return f"wego-{kind}-" + hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:10]


def _kpis(block: b.Kpis) -> None:
    """The figures as one wrapping strip: three to a row on a wide screen, two on a phone (responsive.py), so that
    the first chart is not a screen and a half down (issue #10)."""
    with st.container(key=_key("kpis", *(k.label for k in block.items)), horizontal=True, wrap=True, gap="small"):
        for kpi in block.items:
            with st.container(gap=None):
                st.metric(
                    kpi.label,
                    kpi.value,
                    delta=kpi.delta,
                    delta_color="off" if kpi.delta_sign == 0 else ("normal" if kpi.delta_sign > 0 else "inverse"),
                    delta_arrow="off",
                    help=kpi.help,
                    border=True,
                )
                if kpi.note:
                    st.caption(b.markdown_text(kpi.note))


# Status of a phase in the narrow screens' timeline: a sign beside the word (the word carries the meaning). Plain
# characters, not Streamlit's icon directives: the list holds data, and no directive is read in a data-bearing text.
_STATUS_ICONS = {"done": "●", "in_progress": "◐", "planned": "○"}


def _timeline(block: b.Chart, vctx: ViewContext) -> None:
    """The program timeline as its chart on a wide screen and as a list of phases with their status on a narrow one
    (issue #10): both are drawn and responsive.py shows one by the screen's width. Korean labels need twice the room
    of English ones, so a Korean page switches to the list at a tablet's width already."""
    with st.container(key=f"wego-gantt-chart-{vctx.lang}"):
        charts.chart(block.figure, block.name, key=f"{block.key}-{b.SCREEN}", alt=block.alt, select=block.select)
    lines = []
    for program, phases in figures.gantt_phases(block.figure):
        lines.append(f"- **{b.markdown_text(program)}**")
        for phase, period, status in phases:
            icon = _STATUS_ICONS.get(status, "")
            lines.append(
                f"    - {b.markdown_text(phase)}  \n"
                f"      {b.markdown_text(period)} · {icon} {b.markdown_text(vctx.t(f'gantt.status.{status}'))}"
            )
    with st.container(key=f"wego-phases-{vctx.lang}"):
        st.markdown(f"**{b.markdown_text(figures.plain_text(block.figure.layout.title.text or ''))}**")
        st.caption(b.markdown_text(vctx.t("gantt.status.title", date=vctx.date(vctx.as_of))))
        st.markdown("\n".join(lines))


# Columns a phone shows first, by their key in the table: the rest are one tap away.
KEY_COLUMNS = frozenset(
    {"name", "country", "date", "event", "line", "executed_krw", "execution_rate", "activity", "amount_krw", "program"}
    | {"budget_krw", "office", "members", "region", "listed", "reported", "figure", "value", "change"}
    | {"edition", "score"}  # a maturity score and its edition (issue #11)
)
NARROW_COLUMNS = 3
PHONE_TABLE_PX = 330  # a 390 px phone's content column (358 px) less the grid's borders and a little room


def _shown(table: b.Table, unit: str) -> pa.Table:
    """The table as the screen shows it, as Arrow: built once per table and unit and shared by every session (the
    blocks themselves are cached), so a run only sends it instead of converting it again (issue #8)."""
    cached = _shown_cached(table, unit)
    # The cache is keyed by the table's identity; a different table that reuses a freed id is converted afresh.
    return cached[1] if cached[0] is table else _shown_frame(table, unit)


@st.cache_resource(max_entries=1024, show_spinner=False, hash_funcs={b.Table: id})
def _shown_cached(table: b.Table, unit: str) -> tuple[b.Table, pa.Table]:
    return table, _shown_frame(table, unit)


def _shown_frame(table: b.Table, unit: str) -> pa.Table:
    """Numbers stay numbers (right-aligned, sorted numerically); text columns carry the section's wording."""
    columns = {}
    for col in table.columns:
        raw = table.data[col.key]
        if col.kind == "money":
            columns[col.label] = pd.array(
                [None if pd.isna(v) else float(fmt.in_unit(v, unit)) for v in raw], dtype="Float64"
            )
        elif col.kind == "percent":
            columns[col.label] = pd.array([None if pd.isna(v) else float(v) * 100 for v in raw], dtype="Float64")
        elif col.kind in ("integer", "level"):
            columns[col.label] = raw.astype("Int64").array
        else:
            columns[col.label] = table.text[col.key].astype(str).array
    return pa.Table.from_pandas(pd.DataFrame(columns), preserve_index=False)


def _money_printf(unit: str) -> str:
    return "%,.1f" if unit == "thousand" else "%,.3f"


def _column(col: b.Column, unit: str, width=None):
    """A column's display: numbers formatted with thousands separators, a wide text column large."""
    if col.kind == "money":
        return st.column_config.NumberColumn(format=_money_printf(unit), width=width)
    if col.kind == "percent":
        return st.column_config.NumberColumn(format="%.1f%%", width=width)
    if col.kind in ("integer", "level"):
        return st.column_config.NumberColumn(format="%,d" if col.kind == "integer" else "%d", width=width)
    if col.wide or width:
        return st.column_config.TextColumn(width=width or "large")
    return None


def _table(table: b.Table, vctx: ViewContext, downloads: bool = True) -> None:
    """Numbers stay numbers (right-aligned, sorted numerically, formatted with thousands separators); text columns
    show the section's wording."""
    config = {c.label: _column(c, vctx.unit) for c in table.columns if _column(c, vctx.unit) is not None}
    shown = _shown(table, vctx.unit)
    key = _key_columns(table)
    if len(key) == len(table.columns):
        layout.table(shown, column_config=config)
    else:
        # A phone shows the key columns, the whole table in an expander; a wider screen the whole table. Both are
        # drawn and responsive.py shows one by the screen's width (the server cannot know it).
        with st.container(key=_key("wide", table.name)):
            layout.table(shown, column_config=config)
        # The key columns share a phone's width; a long value ends in "…" there and reads whole in the full table.
        share = PHONE_TABLE_PX // len(key)
        compact = {c.label: _column(c, vctx.unit, width=share) for c in key}
        with st.container(key=_key("narrow", table.name)):
            layout.table(shown, column_config=compact, column_order=[c.label for c in key])
            with st.expander(vctx.t("screens.all_columns", count=fmt.integer(len(table.columns), vctx.lang))):
                layout.table(shown, column_config=config)
    if downloads and table.downloads:
        preamble = preamble_rows(vctx)
        row = st.container(horizontal=True, gap="small")
        # The files are made when a delegate clicks (a callable, run on its own thread), not on every run of the page.
        for kind, make, mime in (
            ("csv", export.table_csv, "text/csv"),
            ("xlsx", export.table_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ):
            row.download_button(
                vctx.t(f"download.{kind}"),
                lambda make=make: make(table, vctx.unit, preamble),
                file_name=f"{table.name}.{kind}",
                mime=mime,
                on_click="ignore",
                icon=":material/download:",
                key=f"{kind}_{table.name}",
            )


def _key_columns(table: b.Table) -> list[b.Column]:
    """The columns a phone shows first: those named in KEY_COLUMNS, in the table's order, at most NARROW_COLUMNS;
    the first columns where none is named."""
    named = [c for c in table.columns if c.key in KEY_COLUMNS] or list(table.columns)
    return named[:NARROW_COLUMNS]


def filters_text(vctx: ViewContext) -> str:
    t = vctx.t
    parts = []
    for name in params.FILTERS:
        if name not in vctx.filters:
            continue
        param, value = params.PARAMS[name], vctx.filters[name]
        if param.kind == "flag":
            parts.append(t(param.label_key))
        elif param.value_prefix:
            parts.append(f"{t(param.label_key)} = {t(f'{param.value_prefix}.{value}')}")
        else:
            parts.append(f"{t(param.label_key)} = {param.to_text(value)}")
    return ", ".join(parts)


def preamble_rows(vctx: ViewContext) -> list[tuple[str, str]]:
    """The first rows of every download: which snapshot, as of when, with which filters."""
    t = vctx.t
    return [
        (t("brief.snapshot"), vctx.snapshot_id),
        (t("brief.as_of"), vctx.date(vctx.as_of)),
        (t("brief.filters"), filters_text(vctx) or t("brief.no_filters")),
    ]


def _links(block: b.Links, vctx: ViewContext, linked: bool = True) -> None:
    """Agenda items: page links on screen; on a projector (one page, no navigation) the item as text."""
    keep = {"lang": vctx.lang, "unit": vctx.unit, "snapshot": vctx.snapshot_id}
    for link in block.items:
        page = PAGE_FILES[sections.SECTIONS[link.section].page] if link.section in sections.SECTIONS else None
        label = f"{link.code} {link.label}".strip()
        if page and linked:
            st.page_link(
                page,
                label=b.markdown_text(label),
                icon=":material/arrow_forward:",
                query_params={**keep, **dict(link.params)},
            )
        else:
            st.markdown(b.markdown_text(label))
        for line in link.detail:
            st.caption(b.markdown_text(line))


__all__ = ["controls", "draw", "section", "view_context"]
