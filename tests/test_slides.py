"""Projector slides in a real browser (issue #10): every slide of the newest and the oldest sample snapshot fills a
16:9 frame at 1920x1080 and 1280x720 with nothing outside it, chart type at least 18 px at 1080p, no two axis labels
of a chart (or its title) overlapping; the title slide's QR code is the follow link, in the viewer's language."""

from __future__ import annotations

import re
import urllib.parse

import pytest
import segno
from conftest import PROJECT
from screens import SIZES, Visit

from wego_view import i18n

pytestmark = pytest.mark.browser

SHOTS = PROJECT / "artifacts" / "screenshots"
NEWEST, OLDEST = "2025-11-01", "2016-04-26"  # of the sample snapshots (tests/conftest.py data_dir)
CASES = [
    pytest.param(snapshot, size, id=f"{snapshot}-{size}")
    for snapshot in (NEWEST, OLDEST)
    for size in ("projector", "projector720")
]
MIN_CHART_FONT_PX = 18  # at 1080p
FILLED = 0.8  # the slide's content reaches at least this share of the screen's height

# Everything a person sees on the slide: Streamlit's elements and what they draw, every chart text, table row and
# image. A box outside the viewport is a cut or scrolled-away part of the slide.
MEASURE = """() => {
    const W = innerWidth, H = innerHeight;
    const main = document.querySelector('[data-testid="stMain"]');
    const seen = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0
        && getComputedStyle(el).visibility !== 'hidden'; };
    const what = el => (el.dataset && el.dataset.testid) || el.tagName.toLowerCase() + ' '
        + (el.textContent || '').trim().slice(0, 40);
    const parts = [...main.querySelectorAll('[data-testid="stElementContainer"], [data-testid="stElementContainer"] *'
        + ':is(p, h1, h2, h3, li, tr, img, button, [data-testid="stMetric"], svg.main-svg, svg text)')].filter(seen);
    const outside = parts.map(el => [what(el), el.getBoundingClientRect()])
        .filter(([, r]) => r.left < -1 || r.top < -1 || r.right > W + 1 || r.bottom > H + 1)
        .map(([name, r]) => `${name}: ${Math.round(r.left)},${Math.round(r.top)} to ${Math.round(r.right)},`
            + `${Math.round(r.bottom)}`);
    const bottom = Math.max(0, ...parts.map(el => el.getBoundingClientRect().bottom));
    const fonts = [...main.querySelectorAll('[data-testid="stPlotlyChart"] svg text')]
        .filter(t => t.textContent.trim() && seen(t))
        .map(t => [t.textContent.trim().slice(0, 40), parseFloat(getComputedStyle(t).fontSize)]);
    // Axis labels of each chart (the timeline's phases and programs among them) whose boxes meet.
    const overlaps = [];
    for (const chart of main.querySelectorAll('[data-testid="stPlotlyChart"]')) {
        const title = [...chart.querySelectorAll('.gtitle')].filter(seen);
        for (const axis of ['.ytick text', '.xtick text']) {
            // An axis's labels with the chart's title: a label under the title is as unreadable as two together.
            const labels = [...chart.querySelectorAll(axis), ...title].filter(t => t.textContent.trim() && seen(t))
                .map(t => [t.textContent.trim(), t.getBoundingClientRect()]);
            for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) {
                const [a, p] = labels[i], [b, q] = labels[j];
                const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
                const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
                if (w > 0.5 && h > 0.5) overlaps.push(`${a} x ${b}`);
            }
        }
    }
    // A chart drawn smaller than the room it was given (Plotly sized from a scaled box) leaves the frame empty.
    const undersized = [...main.querySelectorAll('[data-testid="stPlotlyChart"]')].map(chart => {
        // The room is the chart's slot in the slide: its element container (the frame inside is scaled back up for
        // Streamlit's measure, wego_ui/slides.py, so its own box is larger than what shows).
        const room = chart.closest('[data-testid="stElementContainer"]').getBoundingClientRect();
        const svg = chart.querySelector('svg.main-svg');
        const drawn = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
        return [chart.querySelector('.gtitle')?.textContent || '', room, drawn];
    }).filter(([, room, drawn]) => drawn.width < 0.95 * room.width || drawn.height < 0.95 * room.height)
      .map(([name, room, drawn]) => `${name}: drawn ${Math.round(drawn.width)}x${Math.round(drawn.height)} in `
        + `${Math.round(room.width)}x${Math.round(room.height)}`);
    return {scroll: main.scrollHeight - main.clientHeight, outside, bottom, H, fonts, overlaps, undersized,
        charts: main.querySelectorAll('[data-testid="stPlotlyChart"]').length};
}"""
SETTLED = """n => { const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]');
    return [...charts].every(c => c.querySelector('.main-svg .xtick, .main-svg .ytick, .main-svg .scatterlayer'))
        && !document.querySelector('[data-testid="stStatusWidget"]'); }"""


def _open(visit: Visit, query: str, number: int):
    page = visit.page
    page.goto(f"{visit.server}/?{query}", wait_until="domcontentloaded")
    position = page.get_by_text(re.compile(rf"^{number} / \d+$"))
    position.first.wait_for(timeout=45_000)
    visit.wait_idle()
    page.wait_for_function(SETTLED, arg=None, timeout=45_000)
    # Plotly lays a chart out again once its container has its final size: measure when two readings agree.
    last = page.evaluate(MEASURE)
    for _ in range(20):
        page.wait_for_timeout(400)
        now = page.evaluate(MEASURE)
        if now == last:
            break
        last = now
    return page, int(position.first.inner_text().split("/")[1]), last


@pytest.mark.parametrize("snapshot,size", CASES)
def test_every_slide_fills_the_frame_and_nothing_is_cut(browser, sample_server, snapshot, size):
    width, height = SIZES[size]
    visit = Visit(browser, sample_server, size)
    problems: list[str] = []
    number, total = 1, None
    try:
        while total is None or number <= total:
            page, total, found = _open(visit, f"present=1&snapshot={snapshot}&slide={number}", number)
            shot = SHOTS / f"slide-{snapshot}-{number}-{width}x{height}.png"
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot))
            where = f"slide {number}/{total} of {snapshot} at {width}x{height} ({shot.name})"
            if page.locator('[data-testid="stException"]').count():
                problems.append(f"{where}: an exception")
            if found["scroll"] > 1:
                problems.append(f"{where}: the slide scrolls by {found['scroll']} px")
            problems += [f"{where}: outside the screen: {o}" for o in found["outside"]]
            if found["bottom"] < FILLED * found["H"]:
                problems.append(f"{where}: the content ends at {found['bottom']:.0f} of {found['H']} px")
            if height == 1080:
                small = [f"{text!r} {px}px" for text, px in found["fonts"] if px < MIN_CHART_FONT_PX]
                if small:
                    problems.append(f"{where}: chart text under {MIN_CHART_FONT_PX} px: {small[:8]}")
                if found["charts"] and not found["fonts"]:
                    problems.append(f"{where}: a chart with no text drawn")
            problems += [f"{where}: labels overlap: {o}" for o in found["overlaps"][:8]]
            problems += [f"{where}: chart smaller than its room: {u}" for u in found["undersized"]]
            number += 1
    finally:
        visit.close()
    assert total and total >= 5, f"{snapshot}: {total} slides"
    assert not problems, "\n".join(problems)


def _qr_matrix(data_uri: str) -> list[list[bool]]:
    """The dark modules of a QR code drawn by segno as SVG: one path of horizontal runs ("M x y", "m dx dy",
    "h n"), each run n modules dark on row floor(y), scaled by the SVG's own scale."""
    assert data_uri.startswith("data:image/svg+xml"), data_uri[:40]
    svg = urllib.parse.unquote(data_uri.split(",", 1)[1])
    width = float(re.search(r"width=['\"](\d+(?:\.\d+)?)", svg)[1])
    scale = re.search(r"transform=['\"]scale\((\d+(?:\.\d+)?)\)", svg)
    k = float(scale[1]) if scale else 1.0
    path = re.search(r"<path[^>]* d=['\"]([^'\"]+)", svg)[1]
    size = round(width / k)
    grid = [[False] * size for _ in range(size)]
    x = y = 0.0
    for op, a, b in re.findall(r"([MmHh])\s*(-?\d+(?:\.\d+)?)(?:[ ,](-?\d+(?:\.\d+)?))?", path):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            run = float(a)
            for column in range(round(x), round(x + run)):
                grid[int(y)][column] = True
            x += run
    return grid


def _expected(url: str) -> list[list[bool]]:
    """The same URL's QR code, module by module, with the two-module quiet zone the slide draws."""
    matrix = segno.make(url, error="m", micro=False).matrix
    size = len(matrix) + 4
    grid = [[False] * size for _ in range(size)]
    for row, line in enumerate(matrix):
        for column, dark in enumerate(line):
            grid[row + 2][column + 2] = bool(dark)
    return grid


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_title_slide_carries_the_follow_link(browser, sample_server, lang):
    visit = Visit(browser, sample_server, "projector")
    try:
        page, _, _ = _open(visit, f"present=1&snapshot={OLDEST}&lang={lang}", 1)
        follow = f"{sample_server}/?follow=1&lang={lang}"
        code = page.locator(".slide-follow img.qr")
        assert code.count() == 1 and code.is_visible()
        # Its accessible name says what it is and where it leads; the address is printed beside it.
        assert code.get_attribute("alt") == i18n.translate(lang, "slides.qr_name", url=follow)
        assert page.get_by_role("img", name=i18n.translate(lang, "slides.qr_name", url=follow)).count() == 1
        assert page.locator(".slide-follow .url").inner_text().strip() == follow
        drawn = _qr_matrix(code.get_attribute("src"))
        assert drawn == _expected(follow), "the QR code on the slide is not the follow link's"
        assert drawn != _expected(f"{sample_server}/?follow=1&lang={'ko' if lang == 'en' else 'en'}")
        box = code.bounding_box()
        assert box["width"] >= 200, f"the QR code is {box['width']:.0f} px wide on a 1920 px screen"
        page.screenshot(path=str(SHOTS / f"slide-{OLDEST}-1-qr-{lang}.png"))
        # The link leads somewhere: a phone that opens it follows, in that language.
        phone = Visit(browser, sample_server, "phone")
        try:
            heading = i18n.translate(lang, "nav.overview")
            phone.open(follow.removeprefix(sample_server + "/"), heading)
            assert phone.page.get_by_role("button", name=i18n.translate(lang, "meeting.detach")).count() == 1
        finally:
            phone.close()
    finally:
        visit.close()
