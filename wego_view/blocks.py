"""The typed blocks a section is built of. Renderers (Streamlit pages, presentation slides, the PDF) only draw them.

Each block says where it is shown (`on`): the screen, the slides, the PDF. A block shown on the screen only (a map,
a wide table) is still built once, in the section; the slide and the PDF simply leave it out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

SCREEN, SLIDES, PDF = "screen", "slides", "pdf"
EVERYWHERE = frozenset({SCREEN, SLIDES, PDF})
SCREEN_AND_PDF = frozenset({SCREEN, PDF})
SCREEN_ONLY = frozenset({SCREEN})


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 2: a section's subheading; 3: a heading inside a column
    on: frozenset = EVERYWHERE


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"  # body | note (smaller, muted) | strong
    on: frozenset = EVERYWHERE


@dataclass(frozen=True)
class Notice:
    """A sentence set apart: info (a fact to know), warning (a difference to look at), empty (nothing to show)."""

    text: str
    kind: str = "info"  # info | warning | empty
    on: frozenset = EVERYWHERE


@dataclass(frozen=True)
class Kpi:
    label: str
    value: str
    help: str | None = None
    note: str | None = None  # e.g. "latest available: Apr 2016" when the figure is older than the snapshot
    delta: str | None = None  # e.g. "▲12 since 2016-04-26"
    delta_sign: int = 0  # +1 up, -1 down, 0 no change or unknown


@dataclass(frozen=True)
class Kpis:
    items: tuple[Kpi, ...]
    on: frozenset = EVERYWHERE


@dataclass(frozen=True)
class Column:
    """One column of a table: `key` in Table.data, its heading, and how values are typed.

    kind: text | integer | money (KRW in the data, shown in the chosen unit) | percent (a ratio) | date | level."""

    key: str
    label: str
    kind: str = "text"
    wide: bool = False


@dataclass(frozen=True)
class Table:
    """Rows of typed values: `data` holds raw values (numbers as numbers, KRW as integers, ratios as ratios) and
    `text` the same cells as shown (formatted in the chosen language and unit). Downloads are made from `data`."""

    name: str  # file name of the downloads, e.g. wego-members-2016-04-26
    title: str  # sheet name and accessible caption
    columns: tuple[Column, ...]
    data: pd.DataFrame
    text: pd.DataFrame
    widths: tuple[float, ...] | None = None  # relative column widths in the PDF
    downloads: bool = True
    on: frozenset = SCREEN_AND_PDF

    def __hash__(self) -> int:
        return id(self)


@dataclass(frozen=True)
class Chart:
    figure: Any  # plotly.graph_objects.Figure
    name: str  # file name of the PNG download
    alt: str  # the chart's accessible name and the PDF's caption
    key: str
    on: frozenset = EVERYWHERE
    # The URL filter a click on a mark sets (issue #10), to the mark's customdata; None: clicks do nothing.
    select: str | None = None

    def __hash__(self) -> int:
        return id(self)


@dataclass(frozen=True)
class Map:
    deck: Any  # pydeck.Deck
    alt: str
    legend: tuple[tuple[str, str], ...] = ()  # (label, colour)
    legend_note: str = ""
    height: int = 520
    on: frozenset = frozenset({SCREEN, SLIDES})
    # The URL filter a click on a point sets (issue #10), to the point's value of that name; None: clicks do nothing.
    select: str | None = None

    def __hash__(self) -> int:
        return id(self)


@dataclass(frozen=True)
class Card:
    title: str
    subtitle: str
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Cards:
    items: tuple[Card, ...]
    on: frozenset = SCREEN_AND_PDF


@dataclass(frozen=True)
class Link:
    """A link to a section with filters: a page link on screen, text elsewhere."""

    label: str
    section: str
    params: tuple[tuple[str, str], ...] = ()
    detail: tuple[str, ...] = ()  # lines under the link, e.g. the decisions taken on the item
    code: str = ""


@dataclass(frozen=True)
class Links:
    items: tuple[Link, ...]
    on: frozenset = EVERYWHERE


@dataclass(frozen=True)
class Row:
    """Blocks side by side on a wide screen (one column each); one after the other on slides' narrow parts and in
    the PDF."""

    columns: tuple[tuple[Any, ...], ...]
    widths: tuple[float, ...] = ()
    on: frozenset = EVERYWHERE


@dataclass(frozen=True)
class Filter:
    """A control that narrows the section (drawn as a select box or toggle on screen, named in the PDF's footer)."""

    param: str  # name in wego_view.params
    label: str
    options: tuple = ()
    labels: tuple[str, ...] = ()  # what each option is called, in the chosen language
    default: Any = None


@dataclass(frozen=True)
class Section:
    """What a section says: its id, title, and blocks in order."""

    id: str
    title: str
    blocks: tuple = field(default_factory=tuple)
    note: str | None = None  # e.g. "Agenda item (a) …"


def walk(blocks):
    """Every block, descending into rows."""
    for block in blocks:
        if isinstance(block, Row):
            for column in block.columns:
                yield from walk(column)
        else:
            yield block


def shown_on(blocks, medium: str) -> list:
    return [b for b in blocks if medium in getattr(b, "on", EVERYWHERE)]


# ---- text in Markdown -----------------------------------------------------------------------------------------------
# A block's text is data as much as wording; where a renderer hands it to Markdown (Streamlit's st.markdown, captions,
# alerts, headings, page-link labels) it must show as typed: no emphasis, link, image, HTML, autolink, directive or
# icon (issue #9).

# U+2060 WORD JOINER: no width, no glyph, no line break; read and copied as the text around it.
WORD_JOINER = "\u2060"
# Where a word joiner goes. Streamlit's Markdown turns these runs into something else *after* parsing, on the text
# nodes, where a backslash escape is already gone: GFM's literal autolinks (https://..., www.x.y, a@b.c, mailto: and
# xmpp:), Streamlit's directives and icons (:red[...], :material/...:, :streamlit:, :help), and its typography
# (-> <- <-> -- >= <= ~=). A word joiner after the colon, between "www" and its dot, after the @ and inside those
# pairs leaves none of them whole; the text looks the same.
_UNLINK = re.compile(r"(?<=:)(?=\S)|(?i:(?<=www)(?=\.))|(?<=@)(?=\S)|(?<=[-<>~])(?=[-<>=])")
# Markdown's own syntax, escaped with a backslash: inline everywhere (code, emphasis, strikethrough, links and
# images, HTML and <autolinks>, tables, math, entities), block syntax where it starts a line (headings, lists, setext
# underlines). Brackets escaped, "(" and "!" start nothing.
_INLINE = re.compile(r"([\\`*_~\[\]<>|$&])")
_LINE_START = re.compile(r"(?m)^([ \t]*)([#+=-]|\d+[.)])")


def unlinkable(text) -> str:
    """`text` with a word joiner wherever Streamlit's Markdown would make a link, directive, icon or typographic sign of
    it, for text that is escaped elsewhere (wego_ui.layout.section)."""
    return _UNLINK.sub(WORD_JOINER, str(text))


def markdown_text(text) -> str:
    """`text` as Markdown source that Streamlit shows exactly as typed: the syntax escaped, no autolink."""
    escaped = _INLINE.sub(r"\\\1", unlinkable(text))
    return _LINE_START.sub(lambda m: m[1] + m[2][:-1] + "\\" + m[2][-1], escaped)
