"""Charts with many categories stay readable in a real browser (issue #7, point 5).

Debian's Chromium, driven by Playwright, opens the Programs page (the program Gantt and the attendance history) on the
generated snapshot five years on (tests/later.py: 24 general assemblies and EXCOM meetings held) and on the
2025-11-01 sample, in English and Korean, at desktop and phone width, and walks every slide of the generated
snapshot's meeting on a projector (one of them has the attendance history). In each page it measures every tick label
of every Plotly chart (and the annotations and bar numbers) with getBoundingClientRect and counts the pairs of visible
labels on one axis that overlap. Beside that it finds text cut off at the chart's edge or covered (an axis title on its
tick labels, the legend on either, the tool bar on the title), checks that each chart carries the accessible name the
app writes for it (every wego_view Chart block has an alt, "the chart's accessible name"), and that the attendance
chart labels every meeting held, none skipped.

Screenshots go to artifacts/screenshots/charts-*.png for people to look at: the whole page, each chart cut from it, and
each slide as the projector shows it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import PROJECT, streamlit_server
from later import LATER_ID

pytestmark = pytest.mark.browser

SHOTS = PROJECT / "artifacts" / "screenshots"
SNAPSHOTS = [LATER_ID, "2025-11-01"]
LATER_HELD_MEETINGS = 24  # general assemblies and EXCOM meetings held by 2030-06-15 in tests/later.py's snapshot
SIZES = {"desktop": (1440, 900), "phone": (390, 844)}
PROJECTORS = {"1080p": (1920, 1080), "720p": (1280, 720)}
PHONE_AGENT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.0 Mobile/15E148 Safari/604.1"
)
HANGUL = re.compile("[\uac00-\ud7a3]")
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"

# Every Plotly chart on the page: its title, accessible name, and its labels grouped by the axis they belong to
# (tick labels per subplot and axis; the annotations of a chart together; a bar trace's numbers together), with
# - overlaps: the pairs of visible labels in one group whose boxes share more than 1 px²;
# - cut: visible text (tick labels, annotations, titles, legend) reaching more than 1 px past the chart's own box;
# - covered: an axis title on its own tick labels, the legend on tick labels or an axis title, or the chart title
#   under Plotly's tool bar where that shows.
MEASURE = r"""
() => {
  const shows = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) return false;
    for (let a = el; a && a.nodeType === 1; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return false;
      if (a.getAttribute('data-testid') === 'stPlotlyChart') break;
    }
    return true;
  };
  const visible = (el) => el.textContent.trim() !== '' && shows(el);
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return {text: el.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom};
  };
  const overlap = (a, b) =>
    Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) *
    Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
  const shownBoxes = (root, selector) => Array.from(root.querySelectorAll(selector)).filter(visible).map(box);
  // Only charts on screen: a phone shows the timeline as a list and hides its chart (issue #10).
  return Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]'))
    .filter((c) => c.getClientRects().length > 0).map((chart, index) => {
    const plot = chart.querySelector('.js-plotly-plot');
    const groups = {};
    const add = (key, el) => { (groups[key] = groups[key] || []).push(el); };
    if (plot) {
      plot.querySelectorAll('.xtick text, .ytick text').forEach((el) => {
        const subplot = el.closest('g.subplot');
        const layer = el.closest('g[class*="axislayer"]');
        const axis = el.closest('.xtick') ? 'x' : 'y';
        add(`${axis} ticks ${subplot ? subplot.getAttribute('class') : ''} ${layer ? layer.getAttribute('class') : ''}`,
            el);
      });
      plot.querySelectorAll('.annotation-text').forEach((el) => add('annotations', el));
      plot.querySelectorAll('g.trace.bars').forEach((trace, n) =>
        trace.querySelectorAll('.bartext').forEach((el) => add(`bar text ${n}`, el)));
    }
    const out = {};
    const overlaps = [];
    const where = [];
    for (const [key, elements] of Object.entries(groups)) {
      const shown = elements.filter(visible).map(box);
      out[key] = {all: elements.length, shown: shown.map((b) => b.text)};
      shown.forEach((b) => where.push([b.left, b.top, b.right, b.bottom].map(Math.round).join(',')));
      for (let i = 0; i < shown.length; i++)
        for (let j = i + 1; j < shown.length; j++) {
          const area = overlap(shown[i], shown[j]);
          if (area > 1) overlaps.push({group: key, a: shown[i].text, b: shown[j].text, area: Math.round(area)});
        }
    }
    const r = chart.getBoundingClientRect();
    const cut = [];
    const covered = [];
    if (plot) {
      for (const b of shownBoxes(plot, '.xtick text, .ytick text, .annotation-text, .gtitle, .g-xtitle text, '
                                      + '.g-ytitle text, .legendtext')) {
        const past = Math.max(r.left - b.left, b.right - r.right, r.top - b.top, b.bottom - r.bottom);
        if (past > 1) cut.push({text: b.text, past: Math.round(past)});
      }
      for (const axis of ['x', 'y'])
        for (const title of shownBoxes(plot, `.g-${axis}title text`))
          for (const tick of shownBoxes(plot, `.${axis}tick text`)) {
            const area = overlap(title, tick);
            if (area > 1) covered.push({a: title.text, b: tick.text, area: Math.round(area)});
          }
      // The legend covers a label with its entries, and with its opaque background where that is painted later.
      const entries = Array.from(plot.querySelectorAll(
        '.legend .legendtext, .legend .legendpoints, .legend .legendtitletext')).filter(shows);
      const backgrounds = Array.from(plot.querySelectorAll('.legend rect.bg')).filter((bg) => {
        const s = getComputedStyle(bg);
        return shows(bg) && s.fill !== 'none' && !/rgba\(.*, 0\)$/.test(s.fill) && parseFloat(s.fillOpacity) > 0;
      });
      const labels = Array.from(plot.querySelectorAll('.xtick text, .ytick text, .g-xtitle text, .g-ytitle text'))
        .filter(visible);
      for (const label of labels) {
        const below = (el) => el.compareDocumentPosition(label) & Node.DOCUMENT_POSITION_PRECEDING;
        for (const item of [...entries, ...backgrounds.filter(below)]) {
          const area = overlap(box(item), box(label));
          const what = item.tagName === 'rect' ? 'background' : (item.textContent || 'swatch');
          if (area > 1) covered.push({a: `legend ${what}`, b: label.textContent, area: Math.round(area)});
        }
      }
      for (const title of shownBoxes(plot, '.gtitle'))
        for (const button of Array.from(plot.querySelectorAll('.modebar-btn')).filter(shows)) {
          const area = overlap(title, box(button));
          if (area > 1) covered.push({a: title.text, b: `tool bar button ${button.getAttribute('data-title')}`,
                                      area: Math.round(area)});
        }
    }
    return {
      index,
      title: plot ? (plot.querySelector('.gtitle') || {textContent: ''}).textContent : '',
      role: chart.getAttribute('role'),
      name: chart.getAttribute('aria-label') ||
        (chart.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)
          .map((id) => (document.getElementById(id) || {textContent: ''}).textContent).join(' ').trim(),
      box: {left: r.left, top: r.top, width: r.width, height: r.height},
      layout: where.join(' '),  // where every label is: equal in two measurements once Plotly has settled
      groups: out,
      overlaps,
      cut,
      covered,
    };
  });
}
"""


@pytest.fixture(scope="module")
def server(later_data_dir):
    env = {**os.environ, "WEGO_DATA_DIR": str(later_data_dir)}
    env.pop("WEGO_PRESENTER_BOARD", None)
    with streamlit_server(PROJECT / "app.py", env) as (base, _proc):
        yield base


@pytest.fixture(scope="module")
def held_meetings(later_data_dir):
    """How many general assemblies and EXCOM meetings each snapshot has held, from the data the app reads."""
    from wego_data import queries
    from wego_data.warehouse import Warehouse

    wh = Warehouse(later_data_dir, audience="committee")
    try:
        return {sid: len(queries.assembly_history(wh, sid)) for sid in SNAPSHOTS}
    finally:
        wh.close()


def _t(lang: str):
    from wego_view.i18n import translator

    return translator(lang)


def _attendance_title(lang: str) -> str:
    """The start of the attendance chart's title ("Attendance, 2010–2029" -> "Attendance")."""
    return _t(lang)("history.title", span="").rstrip(", ")


def _context(browser, width: int, height: int, phone: bool = False):
    return browser.new_context(
        viewport={"width": width, "height": height},
        device_scale_factor=1,
        is_mobile=phone,
        has_touch=phone,
        user_agent=PHONE_AGENT if phone else None,
    )


def _settle(page, charts: int) -> None:
    """Wait until the script has run and at least `charts` Plotly charts have drawn their axes."""
    page.wait_for_function(IDLE, timeout=45_000)
    page.wait_for_function(
        """n => {
            const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]');
            return charts.length >= n && Array.from(charts).every(c => c.querySelector('.js-plotly-plot .xtick, '
                + '.js-plotly-plot .ytick'));
        }""",
        arg=charts,
        timeout=45_000,
    )
    page.wait_for_timeout(1500)  # Plotly's automargin redraws once after the first paint


def _measure(page) -> list[dict]:
    """MEASURE once the charts hold still: Plotly lays a chart out again after its first paint (automargin, the
    container's final width), so measure until two measurements half a second apart agree."""
    last = page.evaluate(MEASURE)
    for _ in range(30):
        page.wait_for_timeout(500)
        now = page.evaluate(MEASURE)
        if now == last:
            return now
        last = now
    pytest.fail("the charts kept moving for 15 s")


def _full_screenshot(page, path: Path, crops: dict[int, Path] | None = None) -> None:
    """Streamlit scrolls inside its main container, so a full-page shot needs a viewport as tall as the content.
    crops: chart index -> file for a picture of that chart alone, cut from the full page."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]), 9000)})
    page.wait_for_timeout(1500)
    page.screenshot(path=str(path))
    boxes = page.evaluate(
        """() => Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]'))
            .filter(c => c.getClientRects().length > 0).map(c => {
            const r = c.getBoundingClientRect();
            return [r.left, r.top, r.right, r.bottom];
        })"""
    )
    page.set_viewport_size(size)
    page.wait_for_timeout(1000)
    with Image.open(path) as full:
        for index, crop in (crops or {}).items():
            left, top, right, bottom = boxes[index]
            full.crop((max(int(left) - 8, 0), max(int(top) - 8, 0), int(right) + 8, int(bottom) + 8)).save(crop)


def _describe(charts: list[dict]) -> str:
    lines = []
    for c in charts:
        lines.append(f"chart {c['index']} {c['title']!r} (role={c['role']!r}, name={c['name']!r})")
        for o in c["overlaps"][:15]:
            lines.append(f"    overlap, {o['group']}: {o['a']!r} x {o['b']!r} ({o['area']} px²)")
        if len(c["overlaps"]) > 15:
            lines.append(f"    ... {len(c['overlaps']) - 15} more overlaps")
        for o in c["cut"][:15]:
            lines.append(f"    cut: {o['text']!r} reaches {o['past']} px past the chart's edge")
        if len(c["cut"]) > 15:
            lines.append(f"    ... {len(c['cut']) - 15} more cut")
        for o in c["covered"][:15]:
            lines.append(f"    covered: {o['a']!r} x {o['b']!r} ({o['area']} px²)")
    return "\n".join(lines)


def _latest_rows(title: str, lang: str) -> tuple[int, int] | None:
    """(shown, total) when a slide's chart title says it shows only the latest rows (wego_ui/slides.py)."""
    from wego_view import i18n

    pattern = re.escape(i18n.translate(lang, "slides.latest_rows", n="NNN", total="TTT"))
    found = re.search(pattern.replace("NNN", r"(\d+)").replace("TTT", r"(\d+)"), title)
    return (int(found[1]), int(found[2])) if found else None


def _meeting_labels(chart: dict) -> list[str]:
    """The attendance chart's visible category labels: one per meeting, on its y axis."""
    return [label for key, group in chart["groups"].items() if key.startswith("y ticks") for label in group["shown"]]


_PROGRAMS: dict[tuple[str, str, str], dict] = {}


def programs_page(browser, server, snapshot: str, lang: str, size: str) -> dict:
    """The Programs page's charts as measured in the browser, once per (snapshot, language, size)."""
    key = (snapshot, lang, size)
    if key not in _PROGRAMS:
        width, height = SIZES[size]
        context = _context(browser, width, height, phone=size == "phone")
        page = context.new_page()
        try:
            page.goto(f"{server}/programs?lang={lang}&snapshot={snapshot}", wait_until="domcontentloaded")
            title = _t(lang)("programs.title")
            page.get_by_role("heading", name=title, exact=True).first.wait_for(timeout=45_000)
            _settle(page, 2)  # the program Gantt and the attendance history
            charts = _measure(page)
            shot = SHOTS / f"charts-programs-{snapshot}-{lang}-{size}.png"
            crops = {}
            for chart in charts:
                kind = "attendance" if chart["title"].startswith(_attendance_title(lang)) else "gantt"
                crops[chart["index"]] = SHOTS / f"charts-{kind}-{snapshot}-{lang}-{size}.png"
            _full_screenshot(page, shot, crops)
            _PROGRAMS[key] = {
                "charts": charts,
                "errors": page.locator('[data-testid="stException"]').count(),
                "history_heading": page.get_by_role("heading", name=_t(lang)("programs.history")).count(),
                "shot": shot,
            }
        finally:
            context.close()
    return _PROGRAMS[key]


PROGRAM_CASES = [
    pytest.param(snapshot, lang, size, id=f"{snapshot}-{lang}-{size}")
    for snapshot in SNAPSHOTS
    for lang in ("en", "ko")
    for size in SIZES
]


@pytest.mark.parametrize("snapshot,lang,size", PROGRAM_CASES)
def test_programs_chart_labels_do_not_overlap(browser, server, snapshot, lang, size):
    found = programs_page(browser, server, snapshot, lang, size)
    charts = found["charts"]
    assert found["errors"] == 0, f"the page shows an exception; see {found['shot']}"
    # On a phone the timeline is a list (tests/test_phone.py checks it) and the plan chart is the one chart drawn.
    assert len(charts) >= (1 if size == "phone" else 2), _describe(charts)
    for chart in charts:
        ticks = [g for key, g in chart["groups"].items() if "ticks" in key]
        assert ticks and all(g["shown"] for g in ticks), f"a chart without visible tick labels:\n{_describe(charts)}"
    overlapping = [o for c in charts for o in c["overlaps"]]
    assert not overlapping, f"{len(overlapping)} overlapping label pairs; see {found['shot']}\n{_describe(charts)}"


@pytest.mark.parametrize("snapshot,lang,size", PROGRAM_CASES)
def test_programs_chart_text_is_not_cut_or_covered(browser, server, snapshot, lang, size):
    """Beyond overlaps on one axis: no label reaches past the chart's box (where the page cuts it off), no axis title
    sits on its tick labels, the legend covers neither, and the chart title is not under Plotly's tool bar where that
    shows."""
    found = programs_page(browser, server, snapshot, lang, size)
    charts = found["charts"]
    bad = [c for c in charts if c["cut"] or c["covered"]]
    assert not bad, f"text cut off or covered; see {found['shot']}\n{_describe(bad)}"


@pytest.mark.parametrize("snapshot,lang,size", PROGRAM_CASES)
def test_programs_charts_have_accessible_names(browser, server, snapshot, lang, size):
    charts = programs_page(browser, server, snapshot, lang, size)["charts"]
    assert charts
    for chart in charts:
        # Every wego_view Chart block has an alt text; st.plotly_chart(alt=...) writes it as the figure's aria-label.
        assert chart["role"] == "figure" and chart["name"].strip(), _describe(charts)
        if lang == "ko":
            assert HANGUL.search(chart["name"]), f"the Korean page names a chart in English:\n{_describe(charts)}"


@pytest.mark.parametrize("snapshot,lang,size", PROGRAM_CASES)
def test_attendance_chart_labels_every_held_meeting(browser, server, held_meetings, snapshot, lang, size):
    found = programs_page(browser, server, snapshot, lang, size)
    expected = held_meetings[snapshot]
    if snapshot == LATER_ID:
        assert expected == LATER_HELD_MEETINGS
    assert found["history_heading"] >= 1, f"no {_t(lang)('programs.history')!r} heading; see {found['shot']}"
    attendance = [c for c in found["charts"] if c["title"].startswith(_attendance_title(lang))]
    assert len(attendance) == 1, _describe(found["charts"])
    chart = attendance[0]
    labels = _meeting_labels(chart)
    assert len(labels) == expected, f"{len(labels)} meeting labels shown for {expected} meetings: {labels}"
    assert len(set(labels)) == expected, f"two meetings share a label: {labels}"


SLIDE_CASES = [
    pytest.param(lang, projector, id=f"{lang}-{projector}") for lang in ("en", "ko") for projector in PROJECTORS
]


@pytest.mark.parametrize("lang,projector", SLIDE_CASES)
def test_slides_chart_labels_stay_readable(browser, server, lang, projector):
    """Every slide of the generated snapshot's meeting, one of them the attendance history (the general-assembly
    item): no exception, no chart text overlapping, cut or covered, each chart named, every held meeting labelled.
    The screenshots show what the projector shows, without scrolling."""
    width, height = PROJECTORS[projector]
    context = _context(browser, width, height)
    page = context.new_page()
    problems: list[str] = []
    attendance_slides = []
    try:
        number, total = 1, None
        while total is None or number <= total:
            page.goto(
                f"{server}/?present=1&lang={lang}&snapshot={LATER_ID}&slide={number}", wait_until="domcontentloaded"
            )
            position = page.get_by_text(re.compile(rf"^{number} / \d+$"))
            position.first.wait_for(timeout=45_000)
            total = int(position.first.inner_text().split("/")[1])
            page.wait_for_function(IDLE, timeout=45_000)
            page.wait_for_timeout(1500)
            if page.locator('[data-testid="stPlotlyChart"]').count():
                _settle(page, 1)
            heading = page.locator("h1").first.inner_text()
            shot = SHOTS / f"charts-present-{lang}-{width}x{height}-{number}.png"
            charts = _measure(page)
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot))
            where = f"slide {number} {heading!r} ({shot.name})"
            if page.locator('[data-testid="stException"]').count():
                problems.append(f"{where}: the slide shows an exception")
            for chart in charts:
                if chart["overlaps"] or chart["cut"] or chart["covered"]:
                    problems.append(f"{where}: labels overlapping, cut or covered\n{_describe([chart])}")
                if chart["role"] != "figure" or not chart["name"].strip():
                    problems.append(f"{where}: chart {chart['title']!r} has no accessible name")
                elif lang == "ko" and not HANGUL.search(chart["name"]):
                    problems.append(f"{where}: chart {chart['title']!r} is named in English: {chart['name']!r}")
                if chart["title"].startswith(_attendance_title(lang)):
                    attendance_slides.append(number)
                    labels = _meeting_labels(chart)
                    # A slide with no room for every meeting shows the newest that fit and says so in the title
                    # ("the latest 13 of 24"); every one it shows is labelled, and the newest held meeting among them.
                    shown = _latest_rows(chart["title"], lang)
                    expected = shown[0] if shown else LATER_HELD_MEETINGS
                    if shown and shown[1] != LATER_HELD_MEETINGS:
                        problems.append(f"{where}: the title counts {shown[1]} meetings, not {LATER_HELD_MEETINGS}")
                    if len(labels) != expected or len(set(labels)) != expected:
                        problems.append(f"{where}: {len(labels)} meeting labels for {expected}: {labels}")
                    if not any(label.startswith(("2029", "2029년")) for label in labels):
                        problems.append(f"{where}: the newest meeting (2029) is not on the slide: {labels}")
            number += 1
    finally:
        context.close()
    assert attendance_slides, "no slide shows the attendance history"
    assert not problems, "\n".join(problems)
