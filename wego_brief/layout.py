"""The blocks of content.py on A4 pages with fpdf2: WeGO palette, Noto Sans CJK KR, a footer on every page."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from wego_brief import content as c
from wego_brief.system import Fonts
from wego_view import theme

MARGIN = 15  # mm, every side
FOOTER_SPACE = 20  # mm kept free at the bottom for the footer
FONT, FALLBACK = "noto", "dejavu"


def rgb(hex_color: str) -> tuple[int, int, int]:
    return tuple(theme.rgb(hex_color)[:3])


PRIMARY, TEXT, MUTED = rgb(theme.PRIMARY), rgb(theme.TEXT), rgb(theme.GREY)
BAND, RULE, WARN = rgb(theme.SECONDARY_BACKGROUND), rgb(theme.LAND), rgb(theme.ORANGE)
WATERMARK = (150, 150, 150)


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
        with self.local_context(text_color=MUTED, draw_color=RULE, line_width=0.2):
            self.line(MARGIN, self.h - 14, self.w - MARGIN, self.h - 14)
            self.set_xy(MARGIN, self.h - 12.5)
            self.set_font(FONT, "", 7)
            label = self.page_label.format(page=self.page_no(), pages="{nb}")
            self.cell(w=self.epw * 0.78, h=4, text=self.footer_text, align="L")
            self.cell(w=self.epw * 0.22, h=4, text=label, align="R")
        if self.watermark:
            self._draw_watermark(self.watermark)

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


# ---- blocks ---------------------------------------------------------------------------------------------------------


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
    pdf.paragraph(cover.meeting, 15, "B", PRIMARY, after=1)
    if cover.meeting_detail:
        pdf.paragraph(cover.meeting_detail, 11, "", TEXT, after=8)
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
    def render(pdf: BriefPDF, outline) -> None:
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

    return render


def draw_section(pdf: BriefPDF, block: c.Section, new_page: bool = True) -> None:
    if new_page:
        pdf.add_page()
    pdf.start_section(block.title)
    pdf.set_font(FONT, "B", 17)
    with pdf.local_context(text_color=PRIMARY):
        pdf.cell(0, 9, block.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    with pdf.local_context(draw_color=PRIMARY, line_width=0.6):
        pdf.line(MARGIN, pdf.y + 0.5, pdf.w - MARGIN, pdf.y + 0.5)
    pdf.ln(3)
    if block.note:
        pdf.paragraph(block.note, 8.5, "", MUTED, after=2)
    pdf.ln(1)


def draw_heading(pdf: BriefPDF, block: c.Heading) -> None:
    height = pdf.text_height(block.text, pdf.epw, 12, "B")
    pdf.ensure(height + 22)  # never alone at the foot of a page
    pdf.ln(2)
    pdf.paragraph(block.text, 12, "B", TEXT, after=1.5)


def draw_para(pdf: BriefPDF, block: c.Para) -> None:
    if block.style == "note":
        pdf.paragraph(block.text, 8.5, "", MUTED)
    elif block.style == "strong":
        pdf.ensure(14)
        pdf.ln(1)
        pdf.paragraph(block.text, 9.5, "B", TEXT, after=1)
    elif block.style == "warn":
        inner = pdf.epw - 6
        height = pdf.text_height(block.text, inner, 9.5) + 3
        pdf.ensure(height)
        y = pdf.y
        pdf.set_fill_color(255, 246, 229)
        pdf.rect(MARGIN, y, pdf.epw, height, style="F")
        pdf.set_fill_color(*WARN)
        pdf.rect(MARGIN, y, 1.2, height, style="F")
        pdf.set_xy(MARGIN + 4, y + 1.5)
        pdf.set_font(FONT, "", 9.5)
        pdf.multi_cell(inner - 1, pdf.line_height(9.5), block.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        pdf.set_y(y + height + 2)
    else:
        pdf.paragraph(block.text, 9.5)


def draw_kpis(pdf: BriefPDF, block: c.Kpis, per_row: int = 3) -> None:
    gap = 4
    width = (pdf.epw - gap * (per_row - 1)) / per_row
    inner = width - 7
    for start in range(0, len(block.items), per_row):
        row = block.items[start : start + per_row]
        heights = [
            pdf.text_height(k.label, inner, 8) + 9 + (pdf.text_height(k.help, inner, 7) + 1 if k.help else 0) + 6
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
            if kpi.help:
                pdf.set_x(x + 4)
                pdf.set_font(FONT, "", 7)
                with pdf.local_context(text_color=MUTED):
                    pdf.multi_cell(inner, pdf.line_height(7), kpi.help, new_x=XPos.LEFT, new_y=YPos.NEXT, align="L")
        pdf.set_xy(MARGIN, y + height + gap)
    pdf.ln(1)


def draw_table(pdf: BriefPDF, block: c.Table, size: float = 8) -> None:
    pdf.set_font(FONT, "", size)
    pdf.set_fill_color(0)  # the default: fpdf2 would otherwise fill every cell with the last fill colour used
    line = pdf.line_height(size, 1.35)
    pdf.ensure(line * (block.keep + (1 if block.headers else 0)) + 4)
    headings = FontFace(family=FONT, emphasis="BOLD", color=(255, 255, 255), fill_color=PRIMARY, size_pt=size)
    align = block.align or ("LEFT",) * len(block.widths)
    with pdf.local_context(draw_color=RULE, line_width=0.15):
        with pdf.table(
            width=pdf.epw,
            col_widths=block.widths,
            text_align=align,
            line_height=line,
            padding=(0.9, 1.6),
            v_align="TOP",
            borders_layout="HORIZONTAL_LINES",
            cell_fill_color=BAND,
            cell_fill_mode="ROWS" if block.headers else "NONE",
            headings_style=headings,
            first_row_as_headings=block.headers is not None,
            num_heading_rows=1 if block.headers else 0,
            repeat_headings=1,
        ) as table:
            for row in ([block.headers] if block.headers else []) + block.rows:
                table.row([str(cell) for cell in row])
    pdf.ln(3)


def draw_chart(pdf: BriefPDF, block: c.Chart) -> None:
    image = block.image
    caption_h = pdf.text_height(block.caption, pdf.epw, 7.5) + 2
    width = pdf.epw
    height = width * image.height_px / image.width_px
    room = pdf.page_break_trigger - pdf.t_margin - caption_h - 2
    if height > room:  # a tall chart (a long Gantt) shrinks to one page, never splits
        height = room
        width = height * image.width_px / image.height_px
    pdf.ensure(height + caption_h + 2)
    x = MARGIN + (pdf.epw - width) / 2
    pdf.image(io.BytesIO(image.png), x=x, y=pdf.y, w=width, h=height, alt_text=block.caption)
    pdf.set_y(pdf.y + height + 1)
    pdf.paragraph(block.caption, 7.5, "", MUTED, after=4)


DRAW = {
    c.Section: draw_section,
    c.Heading: draw_heading,
    c.Para: draw_para,
    c.Kpis: draw_kpis,
    c.Table: draw_table,
    c.Chart: draw_chart,
}


def render(brief: c.Brief, fonts: Fonts, watermark: str | None) -> bytes:
    pdf = BriefPDF(fonts, brief.footer, brief.page_label, watermark)
    pdf.set_title(f"{brief.cover.title} — {brief.cover.meeting}")
    pdf.set_author("WeGO")
    pdf.set_creator("wego_brief")
    pdf.set_lang(brief.lang)
    draw_cover(pdf, brief.cover)
    notes = {b.title: b.note for b in brief.blocks if isinstance(b, c.Section)}
    pdf.insert_toc_placeholder(toc_renderer(brief.contents_title, notes))
    first = True
    for block in brief.blocks:
        if isinstance(block, c.Section) and first:
            # The contents placeholder already broke to a fresh page: the first section starts on it.
            first = False
            draw_section(pdf, block, new_page=False)
            continue
        DRAW[type(block)](pdf, block)
    return bytes(pdf.output())
