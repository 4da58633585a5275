"""The pack on A4 pages with fpdf2: the cover and contents, then each part's wego_view blocks drawn as they are
(those shown on the PDF; a row's columns one after the other; maps are for the screen). WeGO palette, Noto Sans CJK
KR, a footer and the optional watermark on every page."""

from __future__ import annotations

import contextlib
import io
import unicodedata
from collections.abc import Callable

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from wego_brief import content as c
from wego_brief.system import Fonts
from wego_view import blocks as b
from wego_view import theme

MARGIN = 15  # mm, every side
FOOTER_SPACE = 20  # mm kept free at the bottom for the footer
FONT, FALLBACK = "noto", "dejavu"


def rgb(hex_color: str) -> tuple[int, int, int]:
    return tuple(theme.rgb(hex_color)[:3])


PRIMARY, TEXT, MUTED = rgb(theme.PRIMARY), rgb(theme.TEXT), rgb(theme.GREY)
BAND, RULE, WARN = rgb(theme.SECONDARY_BACKGROUND), rgb(theme.LAND), rgb(theme.ORANGE)
WARN_FILL, INFO_FILL = (255, 246, 229), (232, 242, 250)
UP = rgb(theme.GREEN)
NUMERIC = ("integer", "money", "percent", "level")  # column kinds printed right-aligned
WARN_FILL, INFO_FILL = (255, 246, 229), (232, 242, 250)
UP, DOWN = rgb(theme.GREEN), rgb(theme.VERMILLION)
NUMERIC = ("integer", "money", "percent", "level")  # column kinds printed right-aligned
WATERMARK = (150, 150, 150)
PAGES_ALIAS = "{nb}"  # fpdf2's alias for the page count (BriefPDF.page_count)


class BriefPDF(FPDF):
    def __init__(self, fonts: Fonts, footer: str, page_label: str, watermark: str | None):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=FOOTER_SPACE)
        self.footer_text, self.page_label, self.watermark = footer, page_label, watermark
        for style, face in fonts.main.items():
            self.add_font(FONT, style, face.path, collection_font_number=face.index)
        for style, face in fonts.fallback.items():
            self.add_font(FALLBACK, style, face.path, collection_font_number=face.index)
        if fonts.fallback:
            self.set_fallback_fonts([FALLBACK], exact_match=False)
        self._transliterate = not fonts.fallback
        # fpdf2 writes the page count in place of its alias ("{nb}") in any text drawn while the alias is set, data
        # included: set only while the footer draws its page label, and when the document is written (issue #9).
        self.alias_nb_pages(None)
        self.set_font(FONT, "", 9.5)
        self.set_text_color(*TEXT)
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)

    def normalize_text(self, text: str) -> str:
        """Without a fallback font, letters Noto Sans CJK lacks (ğ, ş, ı) lose their accents instead of vanishing."""
        text = super().normalize_text(text)
        if not self._transliterate or self.current_font is None:
            return text
        cmap = self.current_font.cmap
        out = []
        for ch in text:
            if ord(ch) in cmap or ch in "\n\r":
                out.append(ch)
                continue
            base = "".join(b for b in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(b))
            base = {"ı": "i", "↳": "→"}.get(ch, base)
            out.append(base if base and all(ord(b) in cmap for b in base) else "?")
        return "".join(out)

    # ---- every page ----

    def footer(self) -> None:
        # The last page's footer is drawn while the document is written (the alias set): the filters, which a person
        # typed, stay as typed; only the page label counts.
        with self.as_typed(), self.local_context(text_color=MUTED, draw_color=RULE, line_width=0.2):
            self.line(MARGIN, self.h - 14, self.w - MARGIN, self.h - 14)
            self.set_xy(MARGIN, self.h - 12.5)
            self.set_font(FONT, "", 7)
            label = self.page_label.format(page=self.page_no(), pages=PAGES_ALIAS)
            self.cell(w=self.epw * 0.78, h=4, text=self.footer_text, align="L")
            with self.page_count():
                self.cell(w=self.epw * 0.22, h=4, text=label, align="R")
        if self.watermark:
            self._draw_watermark(self.watermark)  # FPDF.text, which never reads the alias

    def _draw_watermark(self, text: str) -> None:
        with self.local_context(text_color=WATERMARK, fill_opacity=0.22):
            size = 44
            self.set_font(FONT, "B", size)
            width = self.get_string_width(text)
            if width > 210:  # keep it inside the page's diagonal
                size = size * 210 / width
                self.set_font(FONT, "B", size)
                width = self.get_string_width(text)
            cx, cy = self.w / 2, self.h / 2
            with self.rotation(45, cx, cy):
                self.text(cx - width / 2, cy + size * 0.35 / self.k / 2, text)

    @contextlib.contextmanager
    def _alias(self, alias: str | None):
        before = self.str_alias_nb_pages
        self.alias_nb_pages(alias)
        try:
            yield
        finally:
            self.alias_nb_pages(before)

    def page_count(self):
        """Text drawn inside shows the page count in place of PAGES_ALIAS; text drawn elsewhere shows it as typed."""
        return self._alias(PAGES_ALIAS)

    def as_typed(self):
        """Text drawn inside shows PAGES_ALIAS as typed, even while the document is written."""
        return self._alias(None)

    def output(self, *args, **kwargs):
        # fpdf2 writes the counts in when the document is written, and only while the alias is set.
        with self.page_count():
            return super().output(*args, **kwargs)

    # ---- helpers ----

    def ensure(self, height: float) -> None:
        """A page break now unless `height` mm still fit above the footer."""
        if self.y + height > self.page_break_trigger:
            self.add_page()

    def line_height(self, size_pt: float, factor: float = 1.45) -> float:
        return size_pt * factor / self.k

    def text_height(self, text: str, width: float, size_pt: float, style: str = "") -> float:
        self.set_font(FONT, style, size_pt)
        lines = self.multi_cell(width, self.line_height(size_pt), text, dry_run=True, output="LINES")
        return len(lines) * self.line_height(size_pt)

    def paragraph(self, text: str, size: float = 9.5, style: str = "", color=TEXT, after: float = 2.0) -> None:
        self.set_font(FONT, style, size)
        with self.local_context(text_color=color):
            self.multi_cell(0, self.line_height(size), text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        self.ln(after)


# ---- the cover and contents -----------------------------------------------------------------------------------------


def draw_cover(pdf: BriefPDF, cover: c.Cover) -> None:
    pdf.add_page()
    pdf.set_fill_color(*PRIMARY)
    pdf.rect(0, 0, pdf.w, 9, style="F")
    pdf.set_y(34)
    pdf.paragraph("WeGO", 13, "B", PRIMARY, after=1)
    pdf.paragraph(cover.org, 9, "", MUTED, after=10)
    pdf.paragraph(cover.title, 26, "B", TEXT, after=4)
    pdf.set_draw_color(*PRIMARY)
    pdf.set_line_width(0.8)
    pdf.line(MARGIN, pdf.y, MARGIN + 40, pdf.y)
    pdf.set_line_width(0.2)
    pdf.set_draw_color(*RULE)
    pdf.ln(6)
    pdf.paragraph(cover.meeting_label, 9.5, "", MUTED, after=0.5)
    pdf.paragraph(cover.meeting, 14, "B", PRIMARY, after=2)
    if cover.meeting_note:
        pdf.paragraph(cover.meeting_note, 9, "", MUTED, after=2)
    pdf.ln(5)
    label_w = 38
    for label, value in cover.facts:
        y = pdf.y
        pdf.set_font(FONT, "", 9)
        with pdf.local_context(text_color=MUTED):
            pdf.multi_cell(label_w, pdf.line_height(9), label, new_x=XPos.RIGHT, new_y=YPos.TOP, align="L")
        pdf.set_font(FONT, "", 10)
        pdf.multi_cell(0, pdf.line_height(9), value, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        pdf.set_y(max(pdf.y, y + pdf.line_height(9)) + 1.2)
    if cover.filters_note:
        pdf.ln(1)
        pdf.paragraph(cover.filters_note, 8, "", MUTED)
    pdf.ln(8)


def toc_renderer(title: str, notes: dict[str, str | None]) -> Callable:
    def contents(pdf: BriefPDF, outline) -> None:
        pdf.set_x(MARGIN)
        pdf.set_font(FONT, "B", 12)
        with pdf.local_context(text_color=PRIMARY):
            pdf.cell(0, 8, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_draw_color(*RULE)
        pdf.line(MARGIN, pdf.y, pdf.w - MARGIN, pdf.y)
        pdf.ln(2)
        for section in outline:
            if section.level != 0:
                continue
            link = pdf.add_link(page=section.page_number)
            pdf.set_font(FONT, "", 10.5)
            pdf.cell(pdf.epw - 14, 6.5, section.name, link=link)
            pdf.cell(14, 6.5, str(section.page_number), align="R", link=link, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            note = notes.get(section.name)
            if note:
                pdf.set_font(FONT, "", 8)
                with pdf.local_context(text_color=MUTED):
                    pdf.set_x(MARGIN + 5)
                    pdf.multi_cell(
                        pdf.epw - 19, pdf.line_height(8), note, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L"
                    )
            pdf.ln(1)

    def render(pdf: BriefPDF, outline) -> None:
        with pdf.as_typed():  # drawn while the document is written (BriefPDF.output): an agenda item stays as typed
            contents(pdf, outline)

    return render


def draw_part(pdf: BriefPDF, part: c.Part, new_page: bool = True) -> None:
    """A part's title (in the outline and contents) and, under it, the agenda item it answers."""
    if new_page:
        pdf.add_page()
    pdf.start_section(part.title)
    pdf.set_font(FONT, "B", 17)
    with pdf.local_context(text_color=PRIMARY):
        pdf.cell(0, 9, part.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    with pdf.local_context(draw_color=PRIMARY, line_width=0.6):
        pdf.line(MARGIN, pdf.y + 0.5, pdf.w - MARGIN, pdf.y + 0.5)
    pdf.ln(3)
    if part.note:
        pdf.paragraph(part.note, 8.5, "", MUTED, after=2)
    pdf.ln(1)


# ---- the blocks -----------------------------------------------------------------------------------------------------

HEADING_SIZES = {2: 12, 3: 10.5}


def draw_heading(pdf: BriefPDF, block: b.Heading) -> None:
    size = HEADING_SIZES.get(block.level, 10.5)
    height = pdf.text_height(block.text, pdf.epw, size, "B")
    pdf.ensure(height + 22)  # never alone at the foot of a page
    pdf.ln(2 if block.level <= 2 else 1)
    pdf.paragraph(block.text, size, "B", TEXT, after=1.5)


def draw_paragraph(pdf: BriefPDF, block: b.Paragraph) -> None:
    if block.style == "note":
        pdf.paragraph(block.text, 8.5, "", MUTED)
    elif block.style == "strong":
        pdf.ensure(14)
        pdf.ln(1)
        pdf.paragraph(block.text, 9.5, "B", TEXT, after=1)
    else:
        pdf.paragraph(block.text, 9.5)


def _boxed(pdf: BriefPDF, text: str, fill: tuple[int, int, int], accent: tuple[int, int, int]) -> None:
    inner = pdf.epw - 6
    height = pdf.text_height(text, inner, 9.5) + 3
    pdf.ensure(height)
    y = pdf.y
    pdf.set_fill_color(*fill)
    pdf.rect(MARGIN, y, pdf.epw, height, style="F")
    pdf.set_fill_color(*accent)
    pdf.rect(MARGIN, y, 1.2, height, style="F")
    pdf.set_xy(MARGIN + 4, y + 1.5)
    pdf.set_font(FONT, "", 9.5)
    pdf.multi_cell(inner - 1, pdf.line_height(9.5), text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.set_y(y + height + 2)


def draw_notice(pdf: BriefPDF, block: b.Notice) -> None:
    if block.kind == "warning":
        _boxed(pdf, block.text, WARN_FILL, WARN)
    elif block.kind == "info":
        _boxed(pdf, block.text, INFO_FILL, PRIMARY)
    else:  # empty: nothing to show, said plainly
        pdf.paragraph(block.text, 9.5, "", MUTED)


def draw_kpis(pdf: BriefPDF, block: b.Kpis, per_row: int = 3) -> None:
    """Each figure in a band: its label, value, and under it the help, the note and the change since the previous
    snapshot."""
    gap = 4
    width = (pdf.epw - gap * (per_row - 1)) / per_row
    inner = width - 7

    def lines(kpi: b.Kpi) -> list[tuple[str, tuple[int, int, int]]]:
        out = [(text, MUTED) for text in (kpi.help, kpi.note) if text]
        if kpi.delta:
            out.append((kpi.delta, UP if kpi.delta_sign else MUTED))  # green either way, as on screen
        return out

    for start in range(0, len(block.items), per_row):
        row = block.items[start : start + per_row]
        heights = [
            pdf.text_height(k.label, inner, 8) + 9 + sum(pdf.text_height(t, inner, 7) + 0.6 for t, _ in lines(k)) + 6
            for k in row
        ]
        height = max(heights)
        pdf.ensure(height + gap)
        y = pdf.y
        for i, kpi in enumerate(row):
            x = MARGIN + i * (width + gap)
            pdf.set_fill_color(*BAND)
            pdf.rect(x, y, width, height, style="F", round_corners=True, corner_radius=1.5)
            pdf.set_fill_color(*PRIMARY)
            pdf.rect(x, y + 2, 0.9, height - 4, style="F")
            pdf.set_xy(x + 4, y + 3)
            pdf.set_font(FONT, "", 8)
            with pdf.local_context(text_color=MUTED):
                pdf.multi_cell(inner, pdf.line_height(8), kpi.label, new_x=XPos.LEFT, new_y=YPos.NEXT, align="L")
            pdf.set_x(x + 4)
            pdf.set_font(FONT, "B", 18)
            pdf.cell(inner, 9, kpi.value, new_x=XPos.LEFT, new_y=YPos.NEXT)
            for text, color in lines(kpi):
                pdf.set_x(x + 4)
                pdf.set_font(FONT, "", 7)
                with pdf.local_context(text_color=color):
                    pdf.multi_cell(inner, pdf.line_height(7), text, new_x=XPos.LEFT, new_y=YPos.NEXT, align="L")
                pdf.set_y(pdf.y + 0.6)
        pdf.set_xy(MARGIN, y + height + gap)
    pdf.ln(1)


def _grid(
    pdf: BriefPDF,
    headers: list[str] | None,
    rows: list[list[str]],
    widths: tuple[float, ...],
    align: tuple[str, ...],
    keep: int,
    size: float = 8,
) -> None:
    """Rows under a heading row repeated on every page the table runs onto; the first `keep` rows stay with it."""
    pdf.set_font(FONT, "", size)
    pdf.set_fill_color(0)  # the default: fpdf2 would otherwise fill every cell with the last fill colour used
    line = pdf.line_height(size, 1.35)
    pdf.ensure(line * (min(keep, len(rows)) + (1 if headers else 0)) + 4)
    headings = FontFace(family=FONT, emphasis="BOLD", color=(255, 255, 255), fill_color=PRIMARY, size_pt=size)
    with pdf.local_context(draw_color=RULE, line_width=0.15):
        with pdf.table(
            width=pdf.epw,
            col_widths=widths,
            text_align=align,
            line_height=line,
            padding=(0.9, 1.6),
            v_align="TOP",
            borders_layout="HORIZONTAL_LINES",
            cell_fill_color=BAND,
            cell_fill_mode="ROWS" if headers else "NONE",
            headings_style=headings,
            first_row_as_headings=headers is not None,
            num_heading_rows=1 if headers else 0,
            repeat_headings=1,
        ) as table:
            for row in ([headers] if headers else []) + rows:
                table.row([str(cell) for cell in row])
    pdf.ln(3)


def draw_table(pdf: BriefPDF, block: b.Table) -> None:
    """Column labels over the shown cells; numbers right-aligned."""
    keys = [col.key for col in block.columns]
    widths = tuple(block.widths) if block.widths and len(block.widths) == len(keys) else (1,) * len(keys)
    align = tuple("RIGHT" if col.kind in NUMERIC else "LEFT" for col in block.columns)
    rows = [[str(cell) for cell in row] for row in block.text[keys].itertuples(index=False, name=None)]
    size = 8 if len(keys) <= 7 else 7  # a screen-wide table still fits its words on A4
    _grid(pdf, [col.label for col in block.columns], rows, widths, align, keep=3, size=size)


def draw_chart(pdf: BriefPDF, block: b.Chart, image, caption: str) -> None:
    caption_h = pdf.text_height(caption, pdf.epw, 7.5) + 2
    width = pdf.epw
    height = width * image.height_px / image.width_px
    room = pdf.page_break_trigger - pdf.t_margin - caption_h - 2
    if height > room:  # a tall chart (a long Gantt) shrinks to one page, never splits
        height = room
        width = height * image.width_px / image.height_px
    pdf.ensure(height + caption_h + 2)
    x = MARGIN + (pdf.epw - width) / 2
    pdf.image(io.BytesIO(image.png), x=x, y=pdf.y, w=width, h=height, alt_text=block.alt)
    pdf.set_y(pdf.y + height + 1)
    pdf.paragraph(caption, 7.5, "", MUTED, after=4)


def draw_cards(pdf: BriefPDF, block: b.Cards) -> None:
    """Each card under its own title and subtitle, its rows as a two-column table kept on one page."""
    for card in block.items:
        line = pdf.line_height(8, 1.35) + 1.8
        height = pdf.text_height(card.title, pdf.epw, 10.5, "B") + pdf.text_height(card.subtitle, pdf.epw, 8.5)
        pdf.ensure(height + line * len(card.rows) + 8)
        draw_heading(pdf, b.Heading(card.title, 3))
        pdf.paragraph(card.subtitle, 8.5, "", MUTED, after=1)
        _grid(pdf, None, [list(row) for row in card.rows], (3, 2), ("LEFT", "RIGHT"), keep=len(card.rows))


def draw_links(pdf: BriefPDF, block: b.Links) -> None:
    """Each link as text (no address on paper): its code and label, the lines under it indented."""
    for link in block.items:
        title = f"{link.code} {link.label}".strip()
        pdf.ensure(pdf.text_height(title, pdf.epw, 9.5) + 2)
        pdf.paragraph(title, 9.5, "", TEXT, after=0.8)
        for line in link.detail:
            pdf.set_x(MARGIN + 5)
            pdf.set_font(FONT, "", 8.5)
            with pdf.local_context(text_color=MUTED):
                pdf.multi_cell(pdf.epw - 5, pdf.line_height(8.5), line, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
            pdf.ln(0.5)
        pdf.ln(0.8)
    pdf.ln(1.2)


DRAW = {
    b.Heading: draw_heading,
    b.Paragraph: draw_paragraph,
    b.Notice: draw_notice,
    b.Kpis: draw_kpis,
    b.Table: draw_table,
    b.Cards: draw_cards,
    b.Links: draw_links,
    b.Map: lambda pdf, block: None,  # for the screen and the slides; never marked for the PDF today
}


def render(brief: c.Brief, fonts: Fonts, watermark: str | None) -> bytes:
    pdf = BriefPDF(fonts, brief.footer, brief.page_label, watermark)
    pdf.set_title(f"{brief.cover.title} — {brief.cover.meeting}")
    pdf.set_author("WeGO")
    pdf.set_creator("wego_brief")
    pdf.set_lang(brief.lang)
    draw_cover(pdf, brief.cover)
    pdf.insert_toc_placeholder(toc_renderer(brief.contents_title, {p.title: p.note for p in brief.parts}))
    for number, part in enumerate(brief.parts):
        # The contents placeholder already broke to a fresh page: the first part starts on it.
        draw_part(pdf, part, new_page=number > 0)
        for block in c.pdf_blocks(part.blocks):
            if isinstance(block, b.Chart):
                draw_chart(pdf, block, brief.images[id(block)], brief.caption(block.alt))
            else:
                DRAW[type(block)](pdf, block)
    return bytes(pdf.output())
