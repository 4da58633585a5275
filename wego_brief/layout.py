"""The pack on A4 pages: the cover and contents, then each part's wego_view blocks drawn as they are (those shown on
the PDF; a row's columns one after the other; maps are for the screen), written as HTML and set by WeasyPrint as a
tagged PDF/UA-1 document (issue #10): headings, tables with header cells, figures with alt text, the document's
language and title; a running footer and the optional watermark on every page; table headers repeated on every page
a table runs onto, and never a table's first or last row alone on a page.
"""

from __future__ import annotations

import base64
import html
import re
import unicodedata
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

from wego_brief import content as c
from wego_brief.system import Fonts
from wego_view import blocks as b
from wego_view import theme

NUMERIC = ("integer", "money", "percent", "level", "score")  # column kinds printed right-aligned
MAIN_FAMILY, FALLBACK_FAMILY = "Noto Sans CJK KR", "DejaVu Sans"
# A4 less the margins (15 mm at the top and sides, 22 mm at the foot for the footer): what a chart may fill.
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_MM, FOOT_MM = 15, 22
CONTENT_WIDTH_MM = PAGE_WIDTH_MM - 2 * MARGIN_MM
CONTENT_HEIGHT_MM = PAGE_HEIGHT_MM - MARGIN_MM - FOOT_MM
CHART_MAX_HEIGHT_MM = CONTENT_HEIGHT_MM - 24  # room for its caption: a long Gantt shrinks to one page, never splits
# A part that spills a few lines onto a page of their own gets its charts drawn smaller, down to MIN_CHART_SCALE, or
# a page break earlier, so that no page is near-empty; SPILL is "a few lines": the share of the text area below which
# a part's last page counts as near-empty.
SPILL, MIN_CHART_SCALE = 0.3, 0.6
WATERMARK_GREY = "#969696"
WARN_FILL, INFO_FILL = "#FFF6E5", "#E8F2FA"


@dataclass(frozen=True)
class Fit:
    """What the measuring changed: the chart scale of a part by its number, the headings a new page starts at."""

    scales: dict[int, float] = field(default_factory=dict)
    breaks: frozenset[str] = frozenset()
    tight: frozenset[int] = frozenset()  # parts whose tables are set with less space between the rows


def heading_id(part: int, heading: int) -> str:
    return f"part-{part}-h{heading}"


# ---- text -----------------------------------------------------------------------------------------------------------


def text_normalizer(fonts: Fonts) -> Callable[[str], str]:
    """With DejaVu Sans installed, text as it is (the letters Noto Sans CJK lacks, ğ, ş, ı, ↳, fall back to it);
    without, those letters lose their accents instead of printing as boxes."""
    if fonts.fallback:
        return lambda text: text
    from fontTools.ttLib import TTFont

    face = fonts.main[""]
    with TTFont(face.path, fontNumber=face.index, lazy=True) as font:
        cmap = set(font.getBestCmap())

    def normalize(text: str) -> str:
        out = []
        for ch in text:
            if ord(ch) in cmap or ch in "\n\r\t ":
                out.append(ch)
                continue
            base = "".join(x for x in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(x))
            base = {"ı": "i", "↳": "→"}.get(ch, base)
            out.append(base if base and all(ord(x) in cmap for x in base) else "?")
        return "".join(out)

    return normalize


def css_string(text: str) -> str:
    """`text` as a CSS string, every character but letters, digits and spaces written as a hex escape: data (a filter a
    person typed) can never end the string or the rule."""
    return '"' + "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):06x}" for ch in text) + '"'


def page_label_content(label: str) -> str:
    """'page {page} of {pages}' as CSS content: the words as strings, the placeholders as page counters."""
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", label):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)


def watermark_url(text: str) -> str:
    """The watermark as an SVG page background: grey text across the page's diagonal, behind the content, drawn
    as text (it reads back from the PDF) and kept out of the document's structure (a background, not content)."""
    size = min(16.0, 300 / max(len(text), 1))  # mm; a long text shrinks to stay inside the diagonal
    svg = (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{PAGE_WIDTH_MM}mm' height='{PAGE_HEIGHT_MM}mm' "
        f"viewBox='0 0 {PAGE_WIDTH_MM} {PAGE_HEIGHT_MM}'>"
        f"<text x='{PAGE_WIDTH_MM / 2}' y='{PAGE_HEIGHT_MM / 2}' text-anchor='middle' dominant-baseline='middle' "
        f"font-family='{MAIN_FAMILY}' font-weight='bold' font-size='{size:.2f}' fill='{WATERMARK_GREY}' "
        f"fill-opacity='0.3' transform='rotate(-45 {PAGE_WIDTH_MM / 2} {PAGE_HEIGHT_MM / 2})'>"
        f"{html.escape(text)}</text></svg>"
    )
    return "data:image/svg+xml," + urllib.parse.quote(svg, safe="")


# ---- the style ------------------------------------------------------------------------------------------------------


def stylesheet(brief: c.Brief, fonts: Fonts, watermark: str | None, normalize: Callable[[str], str]) -> str:
    families = f'"{MAIN_FAMILY}"' + (f', "{FALLBACK_FAMILY}"' if fonts.fallback else "") + ", sans-serif"
    background = (
        f'background: url("{watermark_url(normalize(watermark))}") no-repeat 0 0 / 100% 100%;' if watermark else ""
    )
    footer = css_string(normalize(brief.footer))
    return f"""
@page {{
  size: A4; margin: {MARGIN_MM}mm {MARGIN_MM}mm {FOOT_MM}mm; font-family: {families}; {background}
  @bottom-left {{
    content: {footer}; width: 78%; vertical-align: top; padding-top: 1.6mm; margin-top: 6.5mm;
    border-top: 0.2mm solid {theme.LAND}; font-size: 7pt; color: {theme.GREY};
  }}
  @bottom-right {{
    content: {page_label_content(brief.page_label)}; width: 22%; vertical-align: top; text-align: right;
    padding-top: 1.6mm; margin-top: 6.5mm; border-top: 0.2mm solid {theme.LAND}; font-size: 7pt; color: {theme.GREY};
  }}
}}
html {{ font-family: {families}; font-size: 9.5pt; line-height: 1.42; color: {theme.TEXT}; }}
body {{ margin: 0; }}
h1, h2, h3, h4 {{ bookmark-level: none; break-after: avoid; margin: 0; line-height: 1.25; }}
p {{ margin: 0 0 2mm; orphans: 2; widows: 2; }}
.muted, .note {{ color: {theme.GREY}; font-size: 8.5pt; }}
.strong {{ font-weight: bold; margin-top: 3mm; break-after: avoid; }}

.cover {{ padding-top: 14mm; border-top: 9mm solid {theme.PRIMARY}; margin-top: -{MARGIN_MM}mm; }}
.cover .brand {{ font-size: 13pt; font-weight: bold; color: {theme.PRIMARY}; margin: 10mm 0 1mm; }}
.cover .org {{ font-size: 9pt; color: {theme.GREY}; margin-bottom: 9mm; }}
.cover h1 {{ font-size: 26pt; margin: 0 0 7mm -5.6mm; padding-left: 4mm; border-left: 1.6mm solid {theme.PRIMARY}; }}
.cover .meeting-label {{ color: {theme.GREY}; margin: 0 0 0.5mm; }}
.cover .meeting {{ font-size: 14pt; font-weight: bold; color: {theme.PRIMARY}; margin-bottom: 2mm; }}
table.facts {{ margin: 5mm 0 2mm; border-collapse: collapse; }}
table.facts th {{ text-align: left; font-weight: normal; color: {theme.GREY}; width: 38mm; padding: 0.6mm 0;
  vertical-align: top; font-size: 9pt; }}
table.facts td {{ font-size: 10pt; padding: 0.6mm 0; }}

header.report-head {{ border-top: 4mm solid {theme.PRIMARY}; margin-top: -{MARGIN_MM}mm; padding-top: 5mm;
  margin-bottom: 4mm; }}
.report-head .brand {{ font-size: 9pt; font-weight: bold; color: {theme.PRIMARY}; margin: 0 0 1mm; }}
.report-head h1 {{ bookmark-level: 1; bookmark-label: content(text); font-size: 17pt; color: {theme.PRIMARY};
  padding-bottom: 1.2mm; border-bottom: 0.6mm solid {theme.PRIMARY}; margin-bottom: 1mm; }}
.report-head table.facts {{ margin: 2mm 0 0; }}
.report-head table.facts th {{ font-size: 8pt; width: 32mm; padding: 0.3mm 0; }}
.report-head table.facts td {{ font-size: 8.5pt; padding: 0.3mm 0; }}

nav.contents {{ margin-top: 8mm; }}
nav.contents h2 {{ font-size: 12pt; color: {theme.PRIMARY}; padding-bottom: 1.5mm; margin-bottom: 2mm;
  border-bottom: 0.2mm solid {theme.LAND}; }}
nav.contents ol {{ list-style: none; margin: 0; padding: 0; }}
nav.contents li {{ margin: 0 0 1.2mm; }}
nav.contents a {{ color: {theme.TEXT}; text-decoration: none; font-size: 10.5pt; }}
nav.contents a::after {{ content: leader(" ") target-counter(attr(href), page); }}
nav.contents .toc-note {{ margin: 0 0 0 5mm; font-size: 8pt; color: {theme.GREY}; }}

section.part, .new-page {{ break-before: page; }}
section.part > h1 {{ bookmark-level: 1; bookmark-label: content(text); font-size: 17pt; color: {theme.PRIMARY};
  padding-bottom: 1.2mm; border-bottom: 0.6mm solid {theme.PRIMARY}; margin-bottom: 3mm; }}
section.part > .agenda {{ font-size: 8.5pt; color: {theme.GREY}; margin-bottom: 3mm; }}
h2 {{ font-size: 12pt; margin: 4mm 0 1.5mm; }}
h3 {{ font-size: 10.5pt; margin: 3mm 0 1.2mm; }}
.card h2 {{ font-size: 10.5pt; margin: 3mm 0 1.2mm; }}

.notice {{ padding: 1.5mm 3mm 1.5mm 4mm; border-left: 1.2mm solid {theme.PRIMARY}; background: {INFO_FILL};
  break-inside: avoid; }}
.notice.warning {{ border-left-color: {theme.ORANGE}; background: {WARN_FILL}; }}
.notice.empty {{ padding: 0; border: 0; background: none; color: {theme.GREY}; }}

ul.kpis {{ list-style: none; margin: 0 0 3mm; padding: 0; display: grid; grid-template-columns: 1fr 1fr 1fr;
  gap: 4mm; }}
ul.kpis li {{ background: {theme.SECONDARY_BACKGROUND}; border-left: 0.9mm solid {theme.PRIMARY};
  border-radius: 1.5mm; padding: 3mm 3mm 3mm 4mm; break-inside: avoid; }}
ul.kpis .label {{ font-size: 8pt; color: {theme.MUTED_TEXT}; margin: 0; }}
ul.kpis .value {{ font-size: 18pt; font-weight: bold; margin: 0.5mm 0 1mm; line-height: 1.2; }}
ul.kpis .more {{ font-size: 7pt; color: {theme.MUTED_TEXT}; margin: 0 0 0.6mm; line-height: 1.3; }}
ul.kpis .more.up {{ color: {theme.UP_TEXT}; }}
ul.kpis .more.down {{ color: {theme.DOWN_TEXT}; }}

table.data {{ width: 100%; border-collapse: collapse; margin: 1mm 0 4mm; font-size: 8pt; line-height: 1.3; }}
table.data.dense {{ font-size: 7pt; }}
table.data th, table.data td {{ padding: 0.9mm 1.6mm; vertical-align: top; text-align: left;
  border-bottom: 0.15mm solid {theme.LAND}; }}
table.data thead th {{ background: {theme.PRIMARY}; color: #FFFFFF; font-weight: bold; }}
table.data tbody tr:nth-child(even) td {{ background: {theme.SECONDARY_BACKGROUND}; }}
table.data .num {{ text-align: right; }}
tr {{ break-inside: avoid; }}
table.data tbody tr:first-child, table.data tbody tr:nth-last-child(2) {{ break-after: avoid; }}
.tight table.data {{ line-height: 1.2; }}
.tight table.data th, .tight table.data td {{ padding-top: 0.45mm; padding-bottom: 0.45mm; }}

.card {{ break-inside: avoid; margin-bottom: 2mm; }}
.card table.rows {{ width: 100%; border-collapse: collapse; font-size: 8pt; line-height: 1.3; margin: 1mm 0 2mm; }}
.card table.rows th {{ text-align: left; font-weight: normal; width: 60%; }}
.card table.rows th, .card table.rows td {{ padding: 0.9mm 1.6mm; border-bottom: 0.15mm solid {theme.LAND};
  vertical-align: top; }}
.card table.rows td {{ text-align: right; }}

ul.links {{ list-style: none; margin: 0 0 3mm; padding: 0; }}
ul.links li {{ margin: 0 0 1.6mm; break-inside: avoid; }}
ul.links .title {{ margin: 0 0 0.8mm; }}
ul.links .detail {{ margin: 0 0 0.5mm 5mm; font-size: 8.5pt; color: {theme.GREY}; }}

figure.chart {{ margin: 1mm 0 4mm; break-inside: avoid; text-align: center; }}
figure.chart img {{ display: block; margin: 0 auto 1mm; }}
figure.chart figcaption {{ text-align: left; font-size: 7.5pt; color: {theme.GREY}; }}
"""


# ---- the blocks -----------------------------------------------------------------------------------------------------


class Writer:
    """The pack's HTML, block by block; every string a block carries is data, escaped where it is written."""

    def __init__(self, brief: c.Brief, normalize: Callable[[str], str], fit: Fit | None = None):
        self.brief, self.normalize, self.out = brief, normalize, []
        self.fit, self.scale, self.number, self.headings, self.last_level = fit or Fit(), 1.0, 0, 0, 1

    def text(self, value) -> str:
        return html.escape(self.normalize(str(value)), quote=True)

    def add(self, markup: str) -> None:
        self.out.append(markup)

    # ---- blocks

    def level(self, wanted: int) -> int:
        """A heading's level, never more than one below the heading before it (a part's title is level 1): PDF/UA
        readers, like screen readers, take a skipped level for a missing heading."""
        self.last_level = min(wanted, self.last_level + 1)
        return self.last_level

    def heading(self, block: b.Heading) -> None:
        level = self.level(2 if block.level <= 2 else 3)
        self.headings += 1
        name = heading_id(self.number, self.headings)
        breaks = ' class="new-page"' if name in self.fit.breaks else ""
        self.add(f'<h{level} id="{name}"{breaks}>{self.text(block.text)}</h{level}>')

    def paragraph(self, block: b.Paragraph) -> None:
        style = {"note": "note", "strong": "strong"}.get(block.style, "")
        self.add(f'<p class="{style}">{self.text(block.text)}</p>' if style else f"<p>{self.text(block.text)}</p>")

    def notice(self, block: b.Notice) -> None:
        kind = block.kind if block.kind in ("info", "warning", "empty") else "info"
        self.add(f'<p class="notice {kind}">{self.text(block.text)}</p>')

    def kpis(self, block: b.Kpis) -> None:
        # A compact report's row of four figures fits one line (the pack's grid is three across).
        four = ' style="grid-template-columns: 1fr 1fr 1fr 1fr"' if self.brief.compact and len(block.items) == 4 else ""
        self.add(f'<ul class="kpis"{four}>')
        for kpi in block.items:
            self.add(f'<li><p class="label">{self.text(kpi.label)}</p><p class="value">{self.text(kpi.value)}</p>')
            for more in (kpi.help, kpi.note):
                if more:
                    self.add(f'<p class="more">{self.text(more)}</p>')
            if kpi.delta:
                way = {1: " up", -1: " down"}.get(kpi.delta_sign, "")  # a fall is not drawn as good news
                self.add(f'<p class="more{way}">{self.text(kpi.delta)}</p>')
            self.add("</li>")
        self.add("</ul>")

    def table(self, block: b.Table) -> None:
        keys = [col.key for col in block.columns]
        widths = list(block.widths) if block.widths and len(block.widths) == len(keys) else [1.0] * len(keys)
        total = sum(widths) or 1
        numeric = [col.kind in NUMERIC for col in block.columns]
        dense = " dense" if len(keys) > 7 else ""  # a screen-wide table still fits its words on A4
        self.add(f'<table class="data{dense}"><colgroup>')
        self.add("".join(f'<col style="width: {100 * w / total:.2f}%">' for w in widths))
        self.add("</colgroup><thead><tr>")
        for col, num in zip(block.columns, numeric, strict=True):
            self.add(f'<th scope="col"{" class=num" if num else ""}>{self.text(col.label)}</th>')
        self.add("</tr></thead>")
        rows = []
        for row in block.text[keys].itertuples(index=False, name=None):
            cells = "".join(
                f"<td{' class=num' if num else ''}>{self.text(cell)}</td>"
                for cell, num in zip(row, numeric, strict=True)
            )
            rows.append(f"<tr>{cells}</tr>")
        self.add(f"<tbody>{''.join(rows)}</tbody></table>")

    def chart(self, block: b.Chart) -> None:
        image = self.brief.images[id(block)]
        width, height = chart_size(image)
        width, height = width * self.scale, height * self.scale
        data = base64.b64encode(image.png).decode("ascii")
        self.add(
            f'<figure class="chart"><img src="data:image/png;base64,{data}" alt="{self.text(block.alt)}" '
            f'style="width: {width:.2f}mm; height: {height:.2f}mm">'
            f"<figcaption>{self.text(self.brief.caption(block.alt))}</figcaption></figure>"
        )

    def cards(self, block: b.Cards) -> None:
        for card in block.items:
            level = self.level(3)
            self.add(f'<div class="card"><h{level}>{self.text(card.title)}</h{level}>')
            self.add(f'<p class="note">{self.text(card.subtitle)}</p>')
            self.add('<table class="rows"><tbody>')
            for label, value in card.rows:
                self.add(f'<tr><th scope="row">{self.text(label)}</th><td>{self.text(value)}</td></tr>')
            self.add("</tbody></table></div>")

    def links(self, block: b.Links) -> None:
        """Each link as text (no address on paper): its code and label, the lines under it indented."""
        self.add('<ul class="links">')
        for link in block.items:
            self.add(f'<li><p class="title">{self.text(f"{link.code} {link.label}".strip())}</p>')
            for line in link.detail:
                self.add(f'<p class="detail">{self.text(line)}</p>')
            self.add("</li>")
        self.add("</ul>")

    def block(self, block) -> None:
        draw = {
            b.Heading: self.heading,
            b.Paragraph: self.paragraph,
            b.Notice: self.notice,
            b.Kpis: self.kpis,
            b.Table: self.table,
            b.Chart: self.chart,
            b.Cards: self.cards,
            b.Links: self.links,
        }.get(type(block))
        if draw is not None:  # a Map is for the screen and the slides; never marked for the PDF today
            draw(block)

    # ---- the cover, the contents, the parts

    def cover(self, cover: c.Cover) -> None:
        self.add(f'<header class="cover"><p class="brand">WeGO</p><p class="org">{self.text(cover.org)}</p>')
        self.add(f"<h1>{self.text(cover.title)}</h1>")
        self.add(f'<p class="meeting-label">{self.text(cover.meeting_label)}</p>')
        self.add(f'<p class="meeting">{self.text(cover.meeting)}</p>')
        if cover.meeting_note:
            self.add(f'<p class="note">{self.text(cover.meeting_note)}</p>')
        self.add('<table class="facts"><tbody>')
        for label, value in cover.facts:
            self.add(f'<tr><th scope="row">{self.text(label)}</th><td>{self.text(value)}</td></tr>')
        self.add("</tbody></table>")
        if cover.filters_note:
            self.add(f'<p class="note">{self.text(cover.filters_note)}</p>')
        self.add("</header>")

    def title_block(self, cover: c.Cover) -> None:
        """A compact report's head: the brand and what it is, its title (the document's h1) and its facts."""
        self.add(f'<header class="report-head"><p class="brand">WeGO · {self.text(cover.title)}</p>')
        self.add(f"<h1>{self.text(cover.meeting)}</h1>")
        self.add('<table class="facts"><tbody>')
        for label, value in cover.facts:
            self.add(f'<tr><th scope="row">{self.text(label)}</th><td>{self.text(value)}</td></tr>')
        self.add("</tbody></table></header>")

    def body(self, number: int, part: c.Part) -> None:
        """A compact report's one part, under the title block's h1 and on the same page (no title of its own)."""
        self.scale, self.number, self.headings = self.fit.scales.get(number, 1.0), number, 0
        self.last_level = 1
        tight = " tight" if number in self.fit.tight else ""
        self.add(f'<section class="report-body{tight}" id="part-{number}">')
        for block in c.pdf_blocks(part.blocks):
            self.block(block)
        self.add("</section>")

    def contents(self) -> None:
        self.add(f'<nav class="contents"><h2>{self.text(self.brief.contents_title)}</h2><ol>')
        for number, part in enumerate(self.brief.parts, start=1):
            self.add(f'<li><a href="#part-{number}">{self.text(part.title)}</a>')
            if part.note:
                self.add(f'<p class="toc-note">{self.text(part.note)}</p>')
            self.add("</li>")
        self.add("</ol></nav>")

    def part(self, number: int, part: c.Part) -> None:
        self.scale, self.number, self.headings = self.fit.scales.get(number, 1.0), number, 0
        self.last_level = 1
        tight = " tight" if number in self.fit.tight else ""
        self.add(f'<section class="part{tight}" id="part-{number}"><h1>{self.text(part.title)}</h1>')
        if part.note:
            self.add(f'<p class="agenda">{self.text(part.note)}</p>')
        for block in c.pdf_blocks(part.blocks):
            self.block(block)
        self.add("</section>")


def chart_size(image) -> tuple[float, float]:
    """A chart's printed width and height in mm: the text width, or less for a tall one, which shrinks to one page."""
    width = CONTENT_WIDTH_MM
    height = width * image.height_px / image.width_px
    if height > CHART_MAX_HEIGHT_MM:
        height = CHART_MAX_HEIGHT_MM
        width = height * image.width_px / image.height_px
    return width, height


def document(brief: c.Brief, fonts: Fonts, watermark: str | None, fit: Fit | None = None) -> str:
    """The pack as one HTML document (its language, title and author in the head; the style inline), its charts
    scaled and its pages broken as `fit` says."""
    normalize = text_normalizer(fonts)
    writer = Writer(brief, normalize, fit)
    if brief.compact:
        writer.title_block(brief.cover)
        for number, part in enumerate(brief.parts, start=1):
            writer.body(number, part)
        title = writer.text(f"{brief.cover.meeting} — {brief.cover.title}")
    else:
        writer.cover(brief.cover)
        writer.contents()
        for number, part in enumerate(brief.parts, start=1):
            writer.part(number, part)
        title = writer.text(f"{brief.cover.title} — {brief.cover.meeting}")
    return (
        f'<!doctype html><html lang="{brief.lang}"><head><meta charset="utf-8"><title>{title}</title>'
        '<meta name="author" content="WeGO"><meta name="generator" content="wego_brief">'
        f"<style>{stylesheet(brief, fonts, watermark, normalize)}</style></head><body>"
        + "".join(writer.out)
        + "</body></html>"
    )


VARIANT = "pdf/ua-1"


def _laid_out(brief: c.Brief, fonts: Fonts, watermark: str | None, fit: Fit):
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Everything the pack shows is inline (the charts as data: URLs): nothing is fetched, from the network or a file.
    fetcher = URLFetcher(allowed_protocols=("data",))
    return HTML(string=document(brief, fonts, watermark, fit), url_fetcher=fetcher).render(pdf_variant=VARIANT)


def _share(y_px: float) -> float:
    """A distance from the top of the page in CSS px as a share of the text area's height, from its top."""
    return (y_px * 25.4 / 96 - MARGIN_MM) / CONTENT_HEIGHT_MM


@dataclass(frozen=True)
class PartPages:
    first: int  # page index
    last: int
    used: dict[int, float]  # page index -> how far down the part reaches on it (a share of the text area)
    headings: dict[str, tuple[int, float]]  # heading id -> page index, its top (a share)


def part_pages(doc, parts: int) -> dict[int, PartPages]:
    """Where each part runs, read from the anchors of its section (one box on every page it runs onto) and its
    headings."""
    found: dict[int, PartPages] = {}
    for index, page in enumerate(doc.pages):
        for name, box in page.anchors.items():
            number, _, heading = name.removeprefix("part-").partition("-")
            if not number.isdigit() or not 1 <= int(number) <= parts:
                continue
            part = found.setdefault(int(number), PartPages(index, index, {}, {}))
            if heading:
                part.headings.setdefault(name, (index, _share(box[1])))
            else:
                part.used[index] = _share(box[3])
    return {n: PartPages(min(p.used), max(p.used), p.used, p.headings) for n, p in found.items() if p.used}


def refit(brief: c.Brief, doc, fit: Fit) -> Fit | None:
    """A layout that pulls back each part spilling onto a near-empty page: its charts drawn smaller by about the
    spill's height (never below MIN_CHART_SCALE), or else a new page at the heading that shares the last two pages
    most evenly, or else its tables set tighter. None when no part needs or allows a change."""
    scales, breaks, tight = dict(fit.scales), set(fit.breaks), set(fit.tight)
    for number, where in part_pages(doc, len(brief.parts)).items():
        used = where.used[where.last]
        if where.last == where.first or used > SPILL:
            continue
        part, scale = brief.parts[number - 1], fit.scales.get(number, 1.0)
        charts_mm = sum(
            chart_size(brief.images[id(block)])[1] * scale
            for block in c.pdf_blocks(part.blocks)
            if isinstance(block, b.Chart)
        )
        wanted = scale * (1 - (used * CONTENT_HEIGHT_MM + 8) / charts_mm) if charts_mm else 0  # 8 mm of gaps
        if wanted >= MIN_CHART_SCALE and number not in fit.scales:
            scales[number] = wanted
            continue
        before = where.last - 1
        candidates = [
            (min(top, where.used[before] - top + used), name)
            for name, (page, top) in where.headings.items()
            if page == before and top > 0.05 and name not in breaks
        ]
        # A compact report runs on under its title block: a page break there would leave its first page half empty.
        if candidates and max(candidates)[0] > used and not brief.compact:
            breaks.add(max(candidates)[1])
        elif any(isinstance(block, b.Table) for block in c.pdf_blocks(part.blocks)):
            tight.add(number)
    changed = Fit(scales, frozenset(breaks), frozenset(tight))
    return None if changed == fit else changed


def render(brief: c.Brief, fonts: Fonts, watermark: str | None) -> bytes:
    """The pack as PDF/UA-1 bytes. Laid out once; when a part spills a few lines onto a page of their own, laid out
    again with that part's charts smaller or a page break earlier (at most twice), never with more pages."""
    fit = Fit()
    doc = _laid_out(brief, fonts, watermark, fit)
    for _ in range(2):
        changed = refit(brief, doc, fit)
        if changed is None:
            break
        tried = _laid_out(brief, fonts, watermark, changed)
        if len(tried.pages) > len(doc.pages):
            break
        fit, doc = changed, tried
    return doc.write_pdf(pdf_variant=VARIANT)
