"""Phone and tablet layouts (issue #10, point 1): every page at 390x844 and 1024x768, in English and Korean.

On the shared sample server, each page is measured as a delegate's screen shows it: nothing wider than the screen
(the document and Streamlit's main container scroll no sideways), no text cut at the screen's or its chart's edge,
Plotly's tool bar never over a chart's title, the KPI strip short enough that the first chart is near the top, the
key columns of every table on screen, and on the programs page a list of every phase with its status on the phone.
Full-page screenshots go to artifacts/screenshots/phone-<page>-<lang>.png and tablet-<page>-<lang>.png.
"""

from __future__ import annotations

import pytest
from conftest import PROJECT
from screens import Visit, full_screenshot

pytestmark = pytest.mark.browser

SHOTS = PROJECT / "artifacts" / "screenshots"
SNAPSHOT = "2016-04-26"
PAGES = [
    ("overview", "Overview", "개요"),
    ("members", "Members", "회원"),
    ("offices", "Regional offices", "지역사무소"),
    ("programs", "Programs and events", "사업 및 행사"),
    ("budget", "Budget and spending", "예산 및 집행"),
    ("changes", "What changed", "변경 사항"),
    ("maturity", "Digital maturity", "전자정부 성숙도"),
]
PHASES_2016 = 27  # program phases of the 2016 plan in the 2016-04-26 sample (tests/test_browser.py counts the bars)
KPI_STRIP_MAX_PX = {"phone": 440, "tablet": 300}  # six figures: three rows of two on a phone, two of three else

# What a delegate sees wrongly on a narrow screen, measured in the page:
# - overflow: the document or Streamlit's main container wider than its box (a sideways scroll);
# - cut: visible text past the screen's left or right edge (HTML text by its line boxes; chart text, ticks, titles,
#   legends and annotations, also past its chart's own box);
# - covered: a chart's tool bar (.modebar, wherever it is laid out, shown or not) on the chart's title (.gtitle);
# - kpis: the height of each KPI strip; tables: the column headings each table shows, left to right;
# - phases: the timeline list's items as shown (empty where the list is hidden).
MEASURE = r"""
() => {
  const W = document.documentElement.clientWidth;
  const main = document.querySelector('[data-testid="stMain"]');
  const shows = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) return false;
    for (let a = el; a && a.nodeType === 1; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return false;
    }
    return true;
  };
  const rect = (el) => { const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const overlap = (a, b) =>
    Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) *
    Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
  const cut = [];
  // HTML text: every visible text node's line boxes inside the screen, left to right.
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    if (!text || !node.parentElement || node.parentElement.closest('svg, [data-testid="stSidebar"]')) continue;
    if (!shows(node.parentElement)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width <= 0) continue;
      const past = Math.max(-r.left, r.right - W);
      if (past > 1) { cut.push({text: text.slice(0, 60), past: Math.round(past)}); break; }
    }
  }
  // Text an element cuts off itself: a box that hides what overflows it (an ellipsis, a clip) while its own text
  // runs wider than it.
  for (const el of main.querySelectorAll('p, span, div, label, a, li, h1, h2, h3, h4, td, th')) {
    if (el.closest('svg, [data-testid="stDataFrame"]')) continue;
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !shows(el)) continue;
    const s = getComputedStyle(el);
    if (!['hidden', 'clip'].includes(s.overflowX) && s.textOverflow !== 'ellipsis') continue;
    if (el.scrollWidth > el.clientWidth + 1)
      cut.push({text: el.textContent.trim().slice(0, 60), past: el.scrollWidth - el.clientWidth, clipped: true});
  }
  const covered = [];
  const charts = Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]')).filter(shows);
  for (const chart of charts) {
    const box = rect(chart);
    for (const el of chart.querySelectorAll('svg text')) {
      if (!el.textContent.trim() || !shows(el)) continue;
      const r = rect(el);
      const past = Math.max(box.left - r.left, r.right - box.right, -r.left, r.right - W);
      if (past > 1) cut.push({text: el.textContent.slice(0, 60), past: Math.round(past), chart: true});
    }
    // Text Plotly clips to the plot area (a bar's or a point's text where the trace clips on its axes): inside it.
    const area = chart.querySelector('.nsewdrag');
    for (const el of area ? chart.querySelectorAll('.bartext, .textpoint text') : []) {
      if (!el.textContent.trim() || !shows(el) || !el.closest('[clip-path]')) continue;
      const r = rect(el);
      const a = rect(area);
      const past = Math.max(a.left - r.left, r.right - a.right, a.top - r.top, r.bottom - a.bottom);
      if (past > 1) cut.push({text: el.textContent.slice(0, 60), past: Math.round(past), plot: true});
    }
    const title = chart.querySelector('.gtitle');
    for (const bar of chart.querySelectorAll('.modebar')) {
      if (!title) break;
      const area = overlap(rect(bar), rect(title));
      if (bar.getBoundingClientRect().width > 0 && area > 0)
        covered.push({title: title.textContent, area: Math.round(area)});
    }
  }
  const kpis = Array.from(document.querySelectorAll('[class*="st-key-wego-kpis"]')).filter(shows)
    .map((el) => Math.round(el.getBoundingClientRect().height));
  // A table's columns as its grid names them (the grid's own accessible table), and how far its columns run past
  // the grid's width (a sideways scroll inside the grid).
  const tables = Array.from(document.querySelectorAll('[data-testid="stDataFrame"]'))
    .filter((f) => shows(f) && !f.closest('[data-testid="stExpander"] details:not([open])')).map((frame) => {
    const scroller = frame.querySelector('.dvn-scroller');
    return {
      columns: Array.from(frame.querySelectorAll('th[role="columnheader"]')).map((th) => th.textContent.trim()),
      beyond: scroller ? scroller.scrollWidth - scroller.clientWidth : null,
    };
  });
  const phases = Array.from(document.querySelectorAll('[class*="st-key-wego-phases"] li li')).filter(shows)
    .map((li) => li.textContent.trim());
  const firstChart = charts.length ? Math.round(rect(charts[0]).top + main.scrollTop) : null;
  return {
    width: W,
    overflow: [document.documentElement.scrollWidth - document.documentElement.clientWidth,
               main.scrollWidth - main.clientWidth],
    cut, covered, kpis, tables, phases, charts: charts.length, firstChart,
  };
}
"""


def open_page(visit: Visit, path: str, lang: str):
    """The page at the visit's size, once Streamlit has run it and its charts have drawn."""
    title = {p: (en, ko) for p, en, ko in PAGES}[path][lang == "ko"]
    query = ("" if path == "overview" else path) + f"?lang={lang}&snapshot={SNAPSHOT}"
    page = visit.open(query, title)
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]'))
                .every((c) => c.querySelector('.js-plotly-plot .main-svg'))""",
        timeout=45_000,
    )
    page.wait_for_timeout(1500)  # Plotly lays a chart out again once it knows its width (automargin)
    return page


def measure(page) -> dict:
    return page.evaluate(MEASURE)


CASES = [
    pytest.param(path, lang, size, id=f"{path}-{lang}-{size}")
    for size in ("phone", "tablet")
    for lang in ("en", "ko")
    for path, _, _ in PAGES
]
# The columns a phone shows first in the sample's tables (wego_ui.render.KEY_COLUMNS picks them), as headed.
PHONE_KEY_COLUMNS = {
    ("members", "en"): [["Region", "Listed in the registry", "Reported by WeGO"], ["Name", "Country", "Region"]],
    ("members", "ko"): [["지역", "명부 기재", "WeGO 발표"], ["이름", "국가", "지역"]],
}


@pytest.mark.parametrize("path,lang,size", CASES)
def test_a_narrow_screen_shows_everything_within_its_width(browser, sample_server, path, lang, size):
    visit = Visit(browser, sample_server, size)
    try:
        page = open_page(visit, path, lang)
        assert page.locator('[data-testid="stException"]').count() == 0
        found = measure(page)
        full_screenshot(page, SHOTS / f"{size}-{path}-{lang}.png")
    finally:
        visit.close()
    height = {"phone": 844, "tablet": 768}[size]
    assert found["overflow"] == [0, 0], f"the page scrolls sideways by {found['overflow']} px"
    assert not found["cut"], f"text cut at the screen's or its chart's edge: {found['cut']}"
    assert not found["covered"], f"the tool bar sits on a chart's title: {found['covered']}"
    for strip in found["kpis"]:
        assert strip <= KPI_STRIP_MAX_PX[size], f"the KPI strip is {strip} px tall"
    if found["firstChart"] is not None and path in ("overview", "budget"):
        # Figures first, then their chart: within the first screen or two.
        assert found["firstChart"] < 2 * height, f"the first chart starts {found['firstChart']} px down"
    if size == "phone":
        for table in found["tables"]:
            # Every table a phone shows fits its width: no column pushed past the grid's edge.
            assert table["beyond"] is not None and table["beyond"] <= 1, found["tables"]
            assert 2 <= len(table["columns"]) <= 3, found["tables"]
        if (path, lang) in PHONE_KEY_COLUMNS:
            assert [t["columns"] for t in found["tables"]] == PHONE_KEY_COLUMNS[path, lang]
    if path == "programs":
        listed = size == "phone" or lang == "ko"  # a Korean timeline needs a tablet's width for its labels too
        assert len(found["phases"]) == (PHASES_2016 if listed else 0), found["phases"]
        if listed:
            status = ("In progress", "Planned", "Done") if lang == "en" else ("진행 중", "예정", "완료")
            assert all(any(word in phase for word in status) for phase in found["phases"]), found["phases"]
