"""Accessible by test (issue #10): the theme's WCAG AA contrast, computed from wego_view/theme.py and
.streamlit/config.toml; and in the browser, on every page in both languages, axe-core, the page's language, its title,
its heading order and an accessible name on every chart and map."""

from __future__ import annotations

import itertools
import tomllib
import types
from pathlib import Path

import pytest
from screens import Visit

from wego_view import i18n, theme

PROJECT = Path(__file__).resolve().parent.parent
SHOTS = PROJECT / "artifacts" / "screenshots"


# --- contrast, from the palette (no browser) -------------------------------------------------------------------------


def luminance(hex_color: str) -> float:
    """WCAG 2.2 relative luminance of an sRGB colour '#RRGGBB'."""
    channels = [int(hex_color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def over(color: str, background: str, alpha: float) -> str:
    """`color` at `alpha` opacity over `background`, as the browser composites it."""
    fg, bg = ([int(c.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)] for c in (color, background))
    return "#" + "".join(f"{round(alpha * f + (1 - alpha) * b):02X}" for f, b in zip(fg, bg))


def test_the_contrast_formula_matches_known_values():
    # Reference points of the WCAG definition: black on white is 21:1, a colour on itself 1:1; #767676 is the
    # lightest grey that passes AA on white (4.54:1).
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#0072B2", "#0072B2") == pytest.approx(1.0)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert over("#000000", "#FFFFFF", 0.6) == "#666666"


def config_theme() -> dict:
    return tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]


def test_config_repeats_the_palette():
    config = config_theme()
    assert config["primaryColor"] == theme.PRIMARY
    assert config["textColor"] == theme.TEXT
    assert config["backgroundColor"] == theme.BACKGROUND
    assert config["secondaryBackgroundColor"] == theme.SECONDARY_BACKGROUND
    assert config["codeTextColor"] == theme.CODE_TEXT
    assert config["codeBackgroundColor"] == theme.CODE_BACKGROUND


# Streamlit 1.67 draws captions (st.caption: the "Data as of" stamp, notes under KPIs and charts) and widget help in
# its fadedText60, the text colour at 60 % opacity (frontend theme utils: transparentize(bodyText, 0.4)).
CAPTION_OPACITY = 0.6


@pytest.mark.parametrize("where", ["BACKGROUND", "SECONDARY_BACKGROUND"])  # the page, and the sidebar
def test_text_and_captions_reach_aa(where):
    background = getattr(theme, where)
    assert contrast(theme.TEXT, background) >= 4.5
    caption = over(theme.TEXT, background, CAPTION_OPACITY)
    assert contrast(caption, background) >= 4.5, f"captions {caption} on {background}"


def test_the_packs_key_figure_cards_reach_aa_and_a_fall_is_not_drawn_as_a_rise():
    """The PDF's cards (the pack, the city report) are SECONDARY_BACKGROUND with 7-8 pt text: label and note in
    MUTED_TEXT, a rise in UP_TEXT, a fall in DOWN_TEXT."""
    from wego_brief import layout
    from wego_view import blocks

    for name in ("MUTED_TEXT", "UP_TEXT", "DOWN_TEXT"):
        assert contrast(getattr(theme, name), theme.SECONDARY_BACKGROUND) >= 4.5, name
    writer = layout.Writer(types.SimpleNamespace(compact=False), str)
    figures = [("Overall score", "▲2.4 since 2023", 1), ("Overall score", "▼2.4 since 2023", -1), ("Staff", "–", 0)]
    writer.kpis(
        blocks.Kpis(tuple(blocks.Kpi(label, "88.5", delta=delta, delta_sign=sign) for label, delta, sign in figures))
    )
    html = "".join(writer.out)
    assert '<p class="more up">▲2.4 since 2023</p>' in html
    assert '<p class="more down">▼2.4 since 2023</p>' in html
    assert '<p class="more">–</p>' in html


def test_inline_code_reaches_aa():
    config = config_theme()
    assert contrast(config["codeTextColor"], config["codeBackgroundColor"]) >= 4.5


def chart_colours() -> dict[str, str]:
    """Every colour a chart or map draws a mark with, by where it comes from."""
    colours = {"PRIMARY": theme.PRIMARY, "REPORTED": theme.REPORTED, "LISTED": theme.LISTED, "YELLOW": theme.YELLOW}
    colours["TEXT"] = theme.TEXT  # the timeline's "in progress" marks and diamonds
    for group in ("REGION_COLORS", "AREA_COLORS", "MONEY_COLORS", "FUNDING_COLORS"):
        colours |= {f"{group}[{key}]": value for key, value in getattr(theme, group).items()}
    return colours


@pytest.mark.parametrize("name", sorted(chart_colours()))
def test_chart_marks_reach_3_to_1_against_the_chart_background(name):
    # WCAG 1.4.11 non-text contrast; the figures' paper and plot background is theme.BACKGROUND (wego_view/figures.py).
    colour = chart_colours()[name]
    assert contrast(colour, theme.BACKGROUND) >= 3.0, f"{name} {colour}: {contrast(colour, theme.BACKGROUND):.2f}:1"


# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB: how each colour looks with protanopia,
# deuteranopia and tritanopia.
CVD = {
    "typical": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def lab(hex_color: str, vision: str) -> tuple[float, float, float]:
    channels = [int(hex_color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    r, g, b = (min(max(sum(m * c for m, c in zip(row, linear)), 0.0), 1.0) for row in CVD[vision])
    x, y, z = (
        (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
    )

    def f(t):
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def difference(a: str, b: str, vision: str) -> float:
    """CIE76 ΔE between two colours as seen with `vision`."""
    return sum((p - q) ** 2 for p, q in zip(lab(a, vision), lab(b, vision))) ** 0.5


# The colours drawn side by side: the six regions (maps and bars) and the budget treemap's seven top-level tiles.
SETS = {
    "regions": dict(theme.REGION_COLORS),
    "treemap": {n: getattr(theme, n) for n in ("BLUE", "ORANGE", "GREEN", "PURPLE", "SKY", "VERMILLION", "YELLOW")},
}


@pytest.mark.parametrize("vision", sorted(CVD))
@pytest.mark.parametrize("group", sorted(SETS))
def test_darkened_colours_stay_apart_with_colour_blindness(group, vision):
    # Darkening only to 3:1 put orange and vermillion 3 ΔE apart for a deuteranope; Okabe-Ito's originals are at least
    # 16 apart. 12 is still a difference anyone sees at a glance.
    for (name_a, a), (name_b, b) in itertools.combinations(SETS[group].items(), 2):
        assert difference(a, b, vision) >= 12, f"{name_a} {a} / {name_b} {b} with {vision}"


# --- in the browser --------------------------------------------------------------------------------------------------

# (path and query, catalog key of the page's name in the navigation, of its h1)
PAGES = [
    ("", "nav.overview", "overview.title"),
    ("members", "nav.members", "members.title"),
    ("offices", "nav.offices", "offices.title"),
    ("programs", "nav.programs", "programs.title"),
    ("budget", "nav.budget", "budget.title"),
    ("changes", "nav.changes", "changes.title"),
    ("maturity", "nav.maturity", "nav.maturity"),
    ("?present=1", "nav.present", "present.overview"),
    # A slide with a table and an agenda item's title (the 2016 EXCOM's item (b), regional offices).
    ("?present=1&snapshot=2016-10-11-excom&slide=3", "nav.present", None),
]

# Violations that belong to Streamlit's own markup, not to this project's: (axe rule id, a selector of the Streamlit
# element the violating node sits in). Narrow by design: one rule inside one Streamlit-owned element each, never a
# rule switched off. Each says what it is and where it is reported upstream.
STREAMLIT_OWNED = [
    # The open list of a selectbox (React Aria's popover since Streamlit 1.6x, streamlit/streamlit#15438) is drawn at
    # the end of <body>, outside the page's landmarks: axe's best-practice "region". It appears only while a list is
    # open (the test below opens the language choice). No upstream issue found (searched streamlit/streamlit issues
    # for "region", "landmark", "selectbox popover" on 2026-11-26).
    ("region", '[data-testid="stSelectboxVirtualDropdown"]'),
]


def project_violations(page, violations: list[dict]) -> list[str]:
    """Each violating node as 'rule: selector (html)', less those inside a Streamlit-owned element listed above."""
    found = []
    for violation in violations:
        for node in violation["nodes"]:
            selector = node["target"][0] if isinstance(node["target"][0], str) else node["target"][0][0]
            owned = any(
                violation["id"] == rule
                and page.evaluate("([s, o]) => !!document.querySelector(s)?.closest(o)", [selector, owner])
                for rule, owner in STREAMLIT_OWNED
            )
            if not owned:
                found.append(f"{violation['id']}: {selector} ({node['html'][:160]})")
    return found


def run_axe(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    # axe-core's default rule set: WCAG 2.x A and AA and its best practices (heading-order, region, ...).
    return Axe().run(page).response["violations"]


# Pages that draw charts and maps, and how many (on the sample snapshots' newest): a page is checked once they are all
# drawn (Plotly and deck.gl arrive as their own scripts, after the page's text), and a page whose charts stopped being
# found at all fails.
FIGURES = {"": 1, "members": 2, "offices": 1, "programs": 3, "budget": 2, "maturity": 5}


def open_page(browser, server: str, query: str, size: str = "desktop") -> Visit:
    visit = Visit(browser, server, size)
    visit.page.goto(f"{server}/{query}", wait_until="domcontentloaded")
    visit.page.locator('[data-testid="stMain"] h1, [data-testid="stMain"] h2').first.wait_for(timeout=45_000)
    visit.page.wait_for_load_state("networkidle")
    visit.wait_idle()
    figures = 0 if "present=1" in query else FIGURES.get(query.split("?")[0], 0)
    visit.page.wait_for_function(
        'n => document.querySelectorAll(\'[data-testid="stPlotlyChart"], [data-testid="stDeckGlJsonChart"]\')'
        ".length >= n",
        arg=figures,
        timeout=45_000,
    )
    return visit


HEADINGS = """() => [...document.querySelectorAll('[data-testid="stMain"] :is(h1, h2, h3, h4, h5, h6)')]
    .filter(h => h.getClientRects().length > 0)
    .map(h => [Number(h.tagName[1]), h.textContent.trim()])"""

CHARTS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"], [data-testid="stDeckGlJsonChart"]')]
    .map(c => [c.dataset.testid, c.getAttribute('role'), (c.getAttribute('aria-label') || '').trim()])"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize(("path", "nav_key", "title_key"), PAGES, ids=[p[0] or "overview" for p in PAGES])
def test_every_page_is_accessible(browser, sample_server, path, nav_key, title_key, lang):
    t = i18n.translator(lang)
    query = path + (("&" if "?" in path else "?") + "lang=ko" if lang == "ko" else "")
    visit = open_page(browser, sample_server, query)
    page = visit.page
    try:
        # WCAG 3.1.1: the page says which language it is in; 2.4.2: its title names it, in that language.
        assert page.evaluate("() => document.documentElement.lang") == lang
        assert page.title() == t("app.tab_title", page=t(nav_key))

        # One h1 first (the page's, or the slide's title), then no level skipped.
        headings = page.evaluate(HEADINGS)
        assert headings, "no heading on the page"
        assert headings[0][0] == 1, f"the first heading is not an h1: {headings}"
        if title_key:
            assert headings[0][1] == t(title_key)
        assert [level for level, _ in headings].count(1) == 1, headings
        for (before, _), (level, text) in zip(headings, headings[1:]):
            assert level <= before + 1, f"h{before} then h{level} {text!r}: {headings}"

        # Every chart and map is a figure with a name, and the browser's accessibility tree has that name.
        charts = page.evaluate(CHARTS)
        for testid, role, name in charts:
            assert role == "figure" and name, f"{testid} without an accessible name"
            assert page.get_by_role("figure", name=name, exact=True).count() >= 1
        # The script that sets the language takes no room on the page.
        assert (
            page.evaluate(
                """() => document.querySelector('script[data-wego-lang]')
                .closest('[data-testid="stElementContainer"]').getBoundingClientRect().height"""
            )
            == 0
        )

        found = project_violations(page, run_axe(page))
        assert not found, "\n".join(found)
        if path in ("", "?present=1"):
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"a11y-{'present' if path else 'overview'}-{lang}.png"))
    finally:
        visit.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", sorted(FIGURES))
def test_charts_and_maps_are_found_and_named(browser, sample_server, path):
    visit = open_page(browser, sample_server, path)
    try:
        charts = visit.page.evaluate(CHARTS)
        assert len(charts) >= FIGURES[path], charts
        assert all(role == "figure" and name for _, role, name in charts), charts
    finally:
        visit.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_language_choice_marks_each_language_and_the_open_list_passes_axe(browser, sample_server, lang):
    """WCAG 3.1.2: "한국어" on an English page (and "English" on a Korean one) is marked with its own language, both in
    the closed choice and in its open list; axe finds nothing of the project's with the list open."""
    visit = open_page(browser, sample_server, "members" + ("?lang=ko" if lang == "ko" else ""), size="desktop")
    page = visit.page
    try:
        choice = page.locator('[data-testid="stSidebar"] input[role="combobox"]').first
        assert choice.input_value() == i18n.LANGUAGE_NAMES[lang]
        assert choice.get_attribute("lang") == lang
        choice.click()
        for code, name in i18n.LANGUAGE_NAMES.items():
            option = page.get_by_role("option", name=name, exact=True)
            option.wait_for(timeout=10_000)
            page.wait_for_function(
                "([n, c]) => [...document.querySelectorAll('[role=option]')]"
                ".some(o => o.textContent.trim() === n && o.lang === c)",
                arg=[name, code],
                timeout=5_000,
            )
        found = project_violations(page, run_axe(page))
        assert not found, "\n".join(found)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"a11y-language-choice-{lang}.png"))
    finally:
        visit.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "members", "?present=1"], ids=["overview", "members", "present"])
def test_phone_pages_pass_axe(browser, sample_server, path):
    """At 390 px (the sidebar folded away, the phone layout) in Korean, the language most pages are read in."""
    visit = open_page(browser, sample_server, path + ("&" if "?" in path else "?") + "lang=ko", size="phone")
    try:
        assert visit.page.evaluate("() => document.documentElement.lang") == "ko"
        found = project_violations(visit.page, run_axe(visit.page))
        assert not found, "\n".join(found)
    finally:
        visit.close()
