"""The one palette: Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), darkened where
needed so that every chart mark reaches 3:1 against the chart's background (WCAG 1.4.11, issue #10).

Every chart and map takes its colours from here; .streamlit/config.toml repeats PRIMARY, TEXT, BACKGROUND,
SECONDARY_BACKGROUND and the inline-code colours (tests/test_a11y.py keeps them equal and checks every ratio).
"""

from __future__ import annotations

import functools

# Okabe & Ito (2008), each darkened in lightness only (its hue and saturation kept) until it stands 3:1 against
# white; orange, sky blue, reddish purple and vermillion further apart than that so that each pair still differs
# under simulated protanopia, deuteranopia and tritanopia (tests/test_a11y.py measures both). Original values in
# the comments.
ORANGE = "#C28600"  # #E69F00: 2.25:1 against white
SKY = "#1D99E0"  # #56B4E9: 2.31:1
GREEN = "#00946C"  # #009E73: 3.42:1, darker to stay apart from sky blue for a tritanope
# #F0E442 (1.32:1); only the budget treemap's seventh tile, which carries its label: darkened until it differs from
# the other six under each simulation, which takes it to a dark olive.
YELLOW = "#474206"
BLUE = "#0072B2"  # unchanged: 5.19:1
VERMILLION = "#B65000"  # #D55E00: 3.87:1, darker to stay apart from the darker orange for a deuteranope
PURPLE = "#C5679B"  # #CC79A7: 3.06:1
GREY = "#6B7280"
# Small text on SECONDARY_BACKGROUND (the PDF's key-figure cards) needs 4.5:1: GREY gives 4.41:1 and GREEN 3.52:1.
MUTED_TEXT = "#4B5563"  # 6.9:1
UP_TEXT = "#007A59"  # GREEN darker: 4.88:1
DOWN_TEXT = VERMILLION  # 4.63:1

PRIMARY = BLUE
# Streamlit draws captions (the "Data as of" stamp among them) in TEXT at 60 % opacity: #1F2937 gave them 4.03:1
# on white; this one gives 4.68:1 on white and 4.53:1 on the sidebar's SECONDARY_BACKGROUND (AA: 4.5:1).
TEXT = "#111827"
BACKGROUND = "#FFFFFF"
SECONDARY_BACKGROUND = "#F1F5F9"
# Inline code (`python -m wego_data ...` in notices): Streamlit's derived green was 3.0:1 on its fill.
CODE_TEXT = TEXT
CODE_BACKGROUND = SECONDARY_BACKGROUND
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
# Maturity bands, lowest first (issue #11): warm to cool, so the order reads without the legend's words too; each
# already 3:1 against white and apart under the colour-vision simulations (tests/test_a11y.py). "No data" is grey.
BAND_COLORS = (VERMILLION, ORANGE, SKY, BLUE, GREEN, PURPLE)
NO_DATA = GREY


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
