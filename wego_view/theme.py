"""The one palette: Okabe–Ito colours (distinguishable with the common colour-vision deficiencies).

Every chart and map takes its colours from here; .streamlit/config.toml repeats PRIMARY, TEXT and
BACKGROUND (a test keeps them equal).
"""

from __future__ import annotations

import functools

ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#6B7280"

PRIMARY = BLUE
TEXT = "#1F2937"
BACKGROUND = "#FFFFFF"
SECONDARY_BACKGROUND = "#F1F5F9"
LAND = "#E2E8F0"
BORDER = "#FFFFFF"
FONT_FAMILY = '"Noto Sans CJK KR", "Noto Sans KR", "Source Sans Pro", sans-serif'

REGION_COLORS = {
    "Asia": BLUE,
    "Africa": ORANGE,
    "Europe": GREEN,
    "Americas": PURPLE,
    "Middle East": VERMILLION,
    "Oceania": SKY,
}
AREA_COLORS = {1: BLUE, 2: GREEN, 3: ORANGE, 4: PURPLE}
MONEY_COLORS = {"budget_krw": SKY, "granted_krw": BLUE, "executed_krw": GREEN}
FUNDING_COLORS = {"wego": BLUE, "external": ORANGE}
REPORTED, LISTED = GREY, BLUE


def rgb(hex_color: str, alpha: int = 255) -> list[int]:
    """'#0072B2' -> [0, 114, 178, alpha], the form deck.gl layers take."""
    value = hex_color.lstrip("#")
    return [int(value[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


@functools.cache
def favicon():
    """A small globe in the palette's blue, drawn here: a Material-icon favicon would be fetched from Google."""
    from PIL import Image, ImageDraw

    size = 64
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    blue, white = tuple(rgb(PRIMARY)), (255, 255, 255, 255)
    draw.ellipse((2, 2, size - 3, size - 3), fill=blue)
    draw.ellipse((20, 4, size - 21, size - 5), outline=white, width=3)
    draw.line((4, size // 2, size - 5, size // 2), fill=white, width=3)
    draw.arc((6, 12, size - 7, 40), start=200, end=340, fill=white, width=2)
    draw.arc((6, 24, size - 7, 52), start=20, end=160, fill=white, width=2)
    return image
