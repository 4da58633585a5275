"""Projector slides: a 1920x1080 stage scaled to the screen, the projector's drawing of charts, maps, tables and key
figures, and the follow link's QR code (issue #10)."""

from __future__ import annotations

import html
import itertools
import re
import urllib.parse

import plotly.graph_objects as go
import segno
import streamlit as st

from wego_view import blocks as b

# A slide is laid out once, on a stage of this size in CSS pixels, and the stage is scaled to the screen: a 1280x720
# projector shows exactly the 1080p slide at two thirds, so what fits and reads at 1080p fits there too, and the
# chart type measured at 1080p is the type on the stage.
STAGE_WIDTH, STAGE_HEIGHT = 1920, 1080
SLIDE_FONT = 18  # px: the smallest chart type on the stage (ticks, legends, labels, annotations)
TITLE_FONT = 24  # px: a chart's title
ROW_PX = 26  # px: the least pitch of a category row (an 18 px label's box is 23-25 px tall in Chromium)
# The stage's room for a chart alone on a slide, less its title, ticks and margins: past this many rows a timeline
# shows one row per program (its phases as segments on it; the hover still names each phase).
CHART_ROOM_PX = 860
QR_MODULE_PX = 7  # px: a module of the follow link's QR code on the stage (a version-3 code is 231 px wide)


# Streamlit sizes a Plotly chart from its frame's on-screen box (getBoundingClientRect), which the stage's scale has
# already shrunk; Plotly then draws that smaller size inside the stage, and the stage shrinks it once more (a chart
# at two thirds of its room at 720p). So the frame is scaled back up, making its on-screen box its size on the
# stage, and the plot inside scaled down by the stage's factor: Plotly draws at stage size and shows at screen size.
_PLOT_FRAME = ".st-key-slide-body [data-testid='stFullScreenFrame']:has(.js-plotly-plot)"
_PLOT = ".st-key-slide-body .js-plotly-plot"


def _scale_fallback() -> str:
    """Scale steps for browsers without typed CSS arithmetic (Chromium before 140, Firefox, Safari): the largest step
    at or below the screen's ratio to the stage, chosen by media queries on the bounding side."""
    steps = [round(1 - 0.05 * i, 2) for i in range(1, 13)]  # 0.95 ... 0.40
    rules = []
    for before, step in itertools.pairwise([1.0, *steps]):
        for side, stage, ratio in (("width", STAGE_WIDTH, "max"), ("height", STAGE_HEIGHT, "min")):
            rules.append(
                f"@media ({ratio}-aspect-ratio: 16/9) and (max-{side}: {int(stage * before) - 1}px) "
                f"{{ .stMain .block-container {{ scale: {step}; }} {_PLOT_FRAME} {{ scale: {1 / step:.4f}; }}"
                f" {_PLOT} {{ scale: {step}; }} }}"
            )
    return "".join(rules)


# A constant stylesheet: no data in it.
_STYLE = (
    "<style>"
    "[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'], [data-testid='stHeader'],"
    " [data-testid='stToolbar'], [data-testid='stExpandSidebarButton'], [data-testid='stDecoration']"
    " { display: none !important; }"
    # Stage type: every text on a slide at least 18 px (captions are 0.875 rem).
    "html { font-size: 22px; }"
    ".stMain { overflow: hidden !important; }"
    # The stage: fixed to the middle of the screen, laid out at 1920x1080 and scaled to fit (letterboxed when the
    # screen is not 16:9). A flex column: the heading takes what it needs, the body the rest.
    ".stMain .block-container { position: fixed; left: 50%; top: 50%; translate: -50% -50%;"
    f" width: {STAGE_WIDTH}px !important; max-width: none !important; height: {STAGE_HEIGHT}px;"
    " padding: 18px 48px 18px !important; display: flex; flex-direction: column; box-sizing: border-box; }"
    ".stMain .block-container > [data-testid='stVerticalBlock'] { flex: 1 1 0; min-height: 0; gap: 0.5rem; }"
    + _scale_fallback()
    + f".stMain .block-container {{ scale: min(calc(100vw / {STAGE_WIDTH}px), calc(100vh / {STAGE_HEIGHT}px)); }}"
    + f"{_PLOT_FRAME} {{ transform-origin: 0 0;"
    f" scale: max(calc({STAGE_WIDTH}px / 100vw), calc({STAGE_HEIGHT}px / 100vh)); }}"
    + f"{_PLOT} {{ transform-origin: 0 0;"
    f" scale: min(calc(100vw / {STAGE_WIDTH}px), calc(100vh / {STAGE_HEIGHT}px)); }}"
    ".st-key-slide-head h2 { padding: 0; }"
    # Headings inside a slide's body: one step down, close to what they head; key figures wrap, never cut.
    ".st-key-slide-body h3 { font-size: 1.35rem; padding: 0.3rem 0 0; }"
    ".st-key-slide-body [data-testid='stMetricLabel'] p, .st-key-slide-body [data-testid='stMetricDelta'] div"
    " { white-space: normal; overflow: visible; text-overflow: clip; }"
    # The body fills the stage below the heading; a chart or map in it (through rows and columns) takes the room
    # left by the text, never less than its own least height (set per chart).
    "[data-testid='stLayoutWrapper']:has(> .st-key-slide-body), .st-key-slide-body { flex: 1 1 0; }"
    ".st-key-slide-body :is([data-testid='stLayoutWrapper'], [data-testid='stVerticalBlock'],"
    " [data-testid='stHorizontalBlock'], [data-testid='stElementContainer']):has([class*='st-key-slide-fill'])"
    " { flex: 1 1 0; }"
    ".st-key-slide-body [data-testid='stHorizontalBlock']:has([class*='st-key-slide-fill']) { align-items: stretch; }"
    ".st-key-slide-body [data-testid='stColumn']:has([class*='st-key-slide-fill']) { display: flex;"
    " flex-direction: column; }"
    "[class*='st-key-slide-fill'] > [data-testid='stElementContainer'] { flex: 1 1 0; }"
    "[class*='st-key-slide-fill'] [data-testid='stFullScreenFrame'] { height: 100%; }"
    # Tables on a slide: every row shown, sized to its rows (a data grid scrolls inside itself and cuts rows).
    ".slide-table { width: 100%; border-collapse: collapse; font-size: 0.85rem; line-height: 1.2; }"
    ".slide-table caption { text-align: left; font-weight: 600; padding-bottom: 0.2rem; }"
    ".slide-table th { text-align: left; border-bottom: 2px solid #9CA3AF; padding: 0.15rem 0.5rem; }"
    ".slide-table td { border-bottom: 1px solid #E5E7EB; padding: 0.08rem 0.5rem; vertical-align: top; }"
    ".slide-table td.num, .slide-table th.num { text-align: right; font-variant-numeric: tabular-nums; }"
    # The follow link: its QR code and the address under it.
    ".slide-follow { display: flex; flex-direction: column; align-items: center; gap: 0.4rem; text-align: center; }"
    ".slide-follow img.qr { display: block; image-rendering: pixelated; }"
    ".slide-follow .url { font-size: 0.85rem; overflow-wrap: anywhere; word-break: break-all; color: #111827; }"
    "</style>"
)


def presentation_style() -> None:
    """Presentation mode: no sidebar, no toolbar, the stage scaled to the screen; a constant stylesheet."""
    st.html(_STYLE)


# ---- charts ------------------------------------------------------------------------------------------------------


def _category_rows(fig: go.Figure) -> list:
    axis = fig.layout.yaxis
    return list(axis.categoryarray) if axis.type == "category" and axis.categoryarray is not None else []


def _one_row_per_program(fig: go.Figure) -> go.Figure:
    """A program timeline with every phase moved onto its program's row (rows keyed "program:<id>" and
    "phase:<id>:<seq>" by wego_view.figures.program_gantt): a program's phases follow one another, so they read as
    segments of one bar; the hover still names each phase."""
    rows = [r for r in _category_rows(fig) if str(r).startswith("program:")]
    labels = dict(zip(fig.layout.yaxis.tickvals or (), fig.layout.yaxis.ticktext or ()))

    def program_row(row):
        text = str(row)
        return f"program:{text.split(':')[1]}" if text.startswith("phase:") else row

    for trace in fig.data:
        if trace.y is not None and trace.orientation != "v":
            trace.y = [program_row(y) if y is not None else None for y in trace.y]
    fig.update_yaxes(categoryarray=rows, tickvals=rows, ticktext=[labels.get(r, r) for r in rows])
    return fig.update_layout(bargap=0.45)


# A size inside a label's own markup (e.g. a rate under a bar's name); a data value never holds "<" (figures escape
# it), so only the figure builders' spans match.
_SPAN_SIZE = re.compile(r'(<span style="[^"<>]*?font-size:\s*)(\d+(?:\.\d+)?)px')


def _at_least(text):
    if not isinstance(text, str):
        return text
    return _SPAN_SIZE.sub(lambda m: f"{m[1]}{max(float(m[2]), SLIDE_FONT):g}px", text)


CHART_FRAME_PX = 150  # px: a chart's title, subtitle, x axis with its title, and margins on the stage


def needed_height(fig: go.Figure) -> int:
    """The least height at which a chart's category labels keep ROW_PX each, with room for title, ticks and
    margins."""
    rows = len(_category_rows(fig)) or len({str(y) for t in fig.data if t.orientation == "h" for y in (t.y or ())})
    return CHART_FRAME_PX + ROW_PX * rows if rows else 300


def latest_rows(fig: go.Figure, keep: int) -> go.Figure:
    """Only the last `keep` category rows of a chart (the newest, where rows run in time, as the attendance history's
    do), on the figure given: every per-point array of a horizontal trace and every annotation on a row follow."""
    rows = _category_rows(fig)
    kept = set(rows[-keep:])
    for trace in fig.data:
        if trace.y is None or trace.orientation == "v":
            continue
        ys = list(trace.y)
        mask = [y in kept for y in ys]
        for name, value in list(trace.to_plotly_json().items()):
            if isinstance(value, (list, tuple)) and len(value) == len(ys) and name not in ("x", "y"):
                trace[name] = [v for v, m in zip(value, mask) if m]
        trace.x = [v for v, m in zip(list(trace.x), mask) if m] if trace.x is not None else None
        trace.y = [v for v, m in zip(ys, mask) if m]
    fig.layout.annotations = [a for a in fig.layout.annotations or () if a.yref != "y" or a.y in kept]
    fig.update_yaxes(categoryarray=rows[-keep:])
    return fig


def slide_figure(fig: go.Figure, room: int = CHART_ROOM_PX) -> go.Figure:
    """The chart for the stage, on a copy (the built blocks are shared): all type at least SLIDE_FONT, the legend
    beside the plot (height is what a slide lacks), and a timeline too long for its `room` (stage px) one row per
    program. The height follows the slide (the figure's own is dropped)."""
    fig = go.Figure(fig)
    if len(_category_rows(fig)) * ROW_PX > room and any(str(r).startswith("phase:") for r in _category_rows(fig)):
        fig = _one_row_per_program(fig)
    big = {"size": SLIDE_FONT}
    fig.update_layout(
        font=big,
        title={"y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 8}, "font": {"size": TITLE_FONT}},
        title_subtitle_font={"size": SLIDE_FONT},
        height=None,
        legend={
            "font": big,
            "grouptitlefont": big,
            "orientation": "v",
            "yref": "paper",
            "y": 1,
            "yanchor": "top",
            "x": 1.01,
            "xanchor": "left",
        },
        hoverlabel={"font": big},
        margin={"l": 10, "r": 10, "t": 64, "b": 4},
    )
    fig.update_xaxes(tickfont=big, title_font=big)
    fig.update_yaxes(tickfont=big, title_font=big)
    for axis in (*fig.select_xaxes(), *fig.select_yaxes()):
        if axis.ticktext is not None:
            axis.ticktext = [_at_least(x) for x in axis.ticktext]
    for annotation in fig.layout.annotations or ():
        annotation.font.size = max(annotation.font.size or 0, SLIDE_FONT)
    for trace in fig.data:
        if "textfont" in trace and (trace.text is not None or trace.texttemplate):
            trace.textfont.size = max(trace.textfont.size or 0, SLIDE_FONT)
    return fig


_FILLS = "slide_fills"
_USED = "slide_used"  # stage px the slide's blocks drawn so far take, estimated (the server cannot measure)
HEAD_PX = 228  # the slide's heading row (a title on two lines) and the stage's padding, top and bottom
# What a block takes on the stage, estimated from its kind at 22 px type (measured on the sample slides at 1080p):
HEADING_PX, LINE_PX, NOTICE_PX, KPIS_PX, MAP_PX = 72, 34, 72, 170, 300
TABLE_PX, TABLE_ROW_PX = 64, 27  # a table's caption and header; each row


def _fill_key() -> str:
    """A fresh key for a container that takes the room left on the slide (one counter per run)."""
    count = st.session_state.get(_FILLS, 0) + 1
    st.session_state[_FILLS] = count
    return f"slide-fill-{count}"


def start() -> None:
    """Called once per slide run, before its blocks: the fill containers are numbered from 1 again, and the whole
    stage is free below the heading."""
    st.session_state[_FILLS] = 0
    st.session_state[_USED] = HEAD_PX


def _room() -> int:
    """Stage px left below what the slide has drawn so far."""
    return STAGE_HEIGHT - st.session_state.get(_USED, HEAD_PX)


GAP_PX = 12  # the stage's gap between two blocks (0.5 rem)


def _take(px: int) -> None:
    st.session_state[_USED] = st.session_state.get(_USED, HEAD_PX) + int(px) + GAP_PX


def estimate(block) -> int:
    """Stage px a block drawn by the page renderer takes on a slide (a rough measure, on the safe side)."""
    if isinstance(block, b.Heading):
        return HEADING_PX
    if isinstance(block, b.Paragraph):
        return LINE_PX * sum(1 + len(line) // 150 for line in block.text.split("\n"))
    if isinstance(block, b.Notice):
        return NOTICE_PX
    if isinstance(block, b.Links):
        # Each link and each line under it is an element of its own, with the stage's gap after it.
        return sum((LINE_PX + GAP_PX) * (1 + len(link.detail)) for link in block.items)
    return LINE_PX


def _fill(least_px: int):
    """A container that grows into the room the slide leaves, never shorter than `least_px`."""
    key = _fill_key()
    # A number only: the stylesheet carries no data.
    st.html(f"<style>.st-key-{key} {{ min-height: {int(least_px)}px; }}</style>")
    return st.container(key=key, gap=None)


def _chart(block: b.Chart, t) -> None:
    room = _room()
    fig = slide_figure(block.figure, room - CHART_FRAME_PX)
    rows = len(_category_rows(fig))
    if needed_height(fig) > room and rows and not any(str(r).startswith("program:") for r in _category_rows(fig)):
        # More rows than the slide has room for (a long attendance history under a table): the newest that fit, and
        # the title says so; the page and the pack show them all.
        keep = max(3, (room - CHART_FRAME_PX) // ROW_PX)
        fig = latest_rows(fig, keep)
        fig.update_layout(title_text=f"{fig.layout.title.text} · {t('slides.latest_rows', n=keep, total=rows)}")
    least = min(needed_height(fig), max(room, 200))
    # A chart of rows is given its height (on the stage, so the stage's scale applies to it as to the text): left to
    # stretch, Streamlit falls back to Plotly's 450 px where the slide's column has no height to give, and a slide with
    # a table above the chart ran off the screen. Other charts stretch into what the slide leaves.
    tight = bool(rows)
    _take(least)
    with _fill(least):
        # No toolbar on a projector: nobody zooms there, and it would sit on the title.
        st.plotly_chart(
            fig,
            height=int(least) if tight else "stretch",
            config={"displayModeBar": False, "displaylogo": False},
            key=f"{block.key}-slides",
            alt=block.alt,
        )


def _map(block: b.Map) -> None:
    _take(MAP_PX)
    with _fill(260):
        st.pydeck_chart(block.deck, height="stretch", alt=block.alt)
    if block.legend:
        from wego_ui import layout

        layout.legend(dict(block.legend), block.legend_note)


def table_html(table: b.Table) -> str:
    """The table as HTML with header cells, every row shown (escaped: data is text, never markup)."""
    numeric = {"integer", "money", "percent", "level"}
    head = "".join(
        f'<th scope="col"{" class=num" if c.kind in numeric else ""}>{html.escape(c.label)}</th>' for c in table.columns
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=num' if c.kind in numeric else ''}>{html.escape(str(table.text[c.key].iloc[i]))}</td>"
            for c in table.columns
        )
        + "</tr>"
        for i in range(len(table.text))
    )
    return (
        f'<table class="slide-table"><caption>{html.escape(table.title)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _kpis(block: b.Kpis) -> None:
    """Every key figure in one row: a slide has the width and lacks the height."""
    columns = st.columns(len(block.items) or 1)
    for column, kpi in zip(columns, block.items):
        with column:
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


def draw(block, vctx, draw_blocks) -> bool:
    """Draw `block` the projector's way and say True, or say False to let the page renderer draw it as on a screen.
    `draw_blocks(items, vctx, medium)` draws nested blocks (a Row's columns)."""
    if isinstance(block, b.Chart):
        _chart(block, vctx.t)
    elif isinstance(block, b.Map):
        _map(block)
    elif isinstance(block, b.Table):
        _take(TABLE_PX + TABLE_ROW_PX * len(block.text))
        st.html(table_html(block))
    elif isinstance(block, b.Kpis):
        _take(KPIS_PX)
        _kpis(block)
    elif isinstance(block, b.Row):
        # Side by side: the row takes what its tallest column takes.
        before, tallest = st.session_state.get(_USED, HEAD_PX), 0
        for column, content in zip(st.columns(list(block.widths) or len(block.columns)), block.columns):
            st.session_state[_USED] = before
            with column:
                draw_blocks(content, vctx, b.SLIDES)
            tallest = max(tallest, st.session_state[_USED])
        st.session_state[_USED] = max(before, tallest)
    else:
        _take(estimate(block))
        return False
    return True


# ---- the follow link ---------------------------------------------------------------------------------------------


def follow_url(page_url: str, lang: str) -> str:
    """The link delegates open to follow the presenter, in `lang`: the app's root (every page is one level below
    it, so this also holds under a base URL path) with follow=1."""
    parts = urllib.parse.urlsplit(page_url)
    root = parts.path[: parts.path.rfind("/") + 1] or "/"
    query = urllib.parse.urlencode({"follow": "1", "lang": lang})
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, root, query, ""))


def qr_data_uri(url: str) -> str:
    """The QR code of `url` as an SVG data URI, made here (no service)."""
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=QR_MODULE_PX, border=2, dark="#111827")


def qr_image(url: str, name: str) -> str:
    """The QR code as an inline SVG image named `name` (an <img>: st.html's sanitizer removes <svg> elements)."""
    return f'<img class="qr" src="{html.escape(qr_data_uri(url), quote=True)}" alt="{html.escape(name, quote=True)}">'


def follow_panel(url: str, t) -> None:
    """The title slide's QR code of the follow link with the address printed under it."""
    st.html(
        '<div class="slide-follow">'
        f"<strong>{html.escape(t('slides.follow_title'))}</strong>"
        f"{qr_image(url, t('slides.qr_name', url=url))}"
        f'<span class="url">{html.escape(url)}</span>'
        "</div>"
    )
