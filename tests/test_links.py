"""Links and clicks (issue #10): the URL always names its snapshot, Back and Forward move through filter changes, and
a click on a region's bar or a member's point filters the page, written to the URL; a clicked value is checked like a
URL value."""

from __future__ import annotations

import math
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import PROJECT, run_app
from screens import Visit, full_screenshot

from wego_data import diff, queries
from wego_data.warehouse import Warehouse
from wego_view import blocks, i18n, maps, params, sections
from wego_view.context import SnapshotInfo, ViewContext

SHOTS = PROJECT / "artifacts" / "screenshots"
EXCOM = "2016-10-11-excom"
BAD_LINK = "Ignored a link setting that is not valid here: region"


# ---- the pure parts ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "selection,expected",
    [
        ({"points": [{"x": "Asia", "customdata": "Asia"}]}, "Asia"),
        ({"points": [{"customdata": ["Africa", "8"]}]}, "Africa"),  # several values per mark: the first names it
        ({"points": [{"x": "Asia"}]}, None),  # a mark without customdata names nothing
        ({"points": []}, None),
        ({}, None),
        (None, None),
    ],
)
def test_the_value_a_clicked_bar_names(selection, expected):
    assert params.plotly_clicked(selection) == expected


@pytest.mark.parametrize(
    "selection,expected",
    [
        ({"indices": {"members": [3]}, "objects": {"members": [{"region": "Europe", "lat": 1}]}}, "Europe"),
        ({"indices": {}, "objects": {}}, None),
        ({"objects": {"members": [{"lat": 1}]}}, None),
        (None, None),
    ],
)
def test_the_value_a_clicked_point_names(selection, expected):
    assert params.deck_clicked(selection, "region") == expected


@pytest.mark.parametrize(
    "name,raw,expected",
    [
        ("region", "Africa", ("Africa", True)),
        ("region", None, (None, True)),  # nothing clicked: nothing to do, nothing refused
        ("region", "Atlantis", (None, False)),
        ("region", "africa", (None, False)),  # values are case-sensitive, as in a URL
        ("region", "Africa" + "x" * 5000, (None, False)),
        ("region", "<img src=x onerror=alert(1)>", (None, False)),
        ("area", 2, (2, True)),  # a number's customdata arrives as a number
        ("area", "9", (None, False)),
        ("snapshot", "2016-04-26", (None, False)),  # not a filter: a click never changes the snapshot
        ("lang", "ko", (None, False)),
        ("nosuch", "x", (None, False)),
        ("year", "2016", (None, False)),  # values only the data knows: no click sets them
    ],
)
def test_a_clicked_value_is_checked_like_a_url_value(name, raw, expected):
    assert params.clicked_value(name, raw) == expected


def test_only_the_snapshot_is_pinned():
    assert params.PINNED == ("snapshot",)


def test_every_clickable_chart_and_map_has_its_line_in_both_languages():
    # The sections name which filter a click sets; the line under the chart says so in the viewer's language.
    for prefix in ("links.hint_bar.", "links.hint_point."):
        keys = [k for k in i18n.CATALOG if k.startswith(prefix)]
        assert keys, prefix
        for key in keys:
            assert key.removeprefix(prefix) in params.FILTERS
            assert i18n.CATALOG[key]["en"] and i18n.CATALOG[key]["ko"] != i18n.CATALOG[key]["en"]


# ---- the URL through AppTest -----------------------------------------------------------------------------------------


def _newest(data_dir: Path) -> str:
    wh = Warehouse(data_dir, audience="public")
    try:
        return wh.snapshots()[-1].snapshot_id  # oldest first
    finally:
        wh.close()


def test_a_link_without_a_snapshot_opens_the_newest_and_pins_it(data_dir):
    newest = _newest(data_dir)
    at = run_app("pages/members.py", "public")
    assert at.query_params["snapshot"] == newest
    assert at.sidebar.selectbox(key="url_snapshot").value == newest
    assert f"snapshot {newest}" in " ".join(c.value for c in at.caption)
    # A link that names the snapshot keeps it, and a filter does not drop it.
    at = run_app("pages/members.py", "public", snapshot=EXCOM)
    at.selectbox(key="url_region").set_value("Africa").run()
    assert at.query_params["snapshot"] == EXCOM and at.query_params["region"] == "Africa"


def _heading(at) -> str:
    # A section's heading is the page's h2, drawn as Markdown "## …" (wego_ui/layout.heading, issue #10).
    texts = [m.value.lstrip("#").strip() for m in at.markdown if m.value.startswith("#")]
    return next(text for text in texts if text.startswith("Where the members are"))


def test_back_gives_the_filters_of_the_url_it_lands_on():
    at = run_app("pages/members.py", "public", snapshot=EXCOM)
    everyone = _heading(at)
    at.selectbox(key="url_region").set_value("Africa").run()
    africa = dict(at.query_params)
    assert _heading(at) == "Where the members are (8 shown)"
    at.selectbox(key="url_region").set_value("Europe").run()
    assert at.query_params["region"] == "Europe"
    # Back: the browser reruns the page with the previous URL; the control takes its value, not its own.
    at.query_params.clear()
    at.query_params.update(africa)
    at.run()
    assert at.selectbox(key="url_region").value == "Africa"
    assert _heading(at) == "Where the members are (8 shown)"
    assert at.query_params["region"] == "Africa"
    del at.query_params["region"]
    at.run()
    assert at.selectbox(key="url_region").value == params.ALL
    assert _heading(at) == everyone
    assert "region" not in at.query_params
    assert not at.warning


def test_the_page_menu_keeps_the_sessions_settings():
    # Streamlit's page menu opens a page with an empty query string: the snapshot, language and unit stay the
    # session's (and the URL gets the snapshot again); the old page's filters do not follow.
    at = run_app("pages/members.py", "public", snapshot=EXCOM, lang="ko", unit="million", region="Africa")
    at.query_params.clear()
    at.switch_page("pages/budget.py").run()
    assert not at.exception
    assert at.sidebar.selectbox(key="url_snapshot").value == EXCOM
    assert at.sidebar.selectbox(key="url_lang").value == "ko"
    assert at.sidebar.selectbox(key="url_unit").value == "million"
    assert dict(at.query_params) == {"snapshot": EXCOM, "lang": "ko", "unit": "million"}


# ---- in the browser ------------------------------------------------------------------------------------------------


def _query(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


def _select(page, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).and_(page.locator("input")).click()
    page.get_by_role("option", name=option, exact=True).click()


def _selected(page, label: str) -> str:
    return page.get_by_role("combobox", name=label, exact=True).input_value()


@pytest.fixture(autouse=True)
def _sample_data(monkeypatch, data_dir):
    """AppTest reads the sample snapshots of this run, whatever an earlier test left in the environment or in
    Streamlit's caches (the warehouse and the snapshot list are cached per process)."""
    import streamlit as st

    monkeypatch.setenv("WEGO_DATA_DIR", str(data_dir))
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(scope="module")
def public(data_dir):
    """The warehouse as the browser's unsigned visitor reads it: the counts a page must show."""
    wh = Warehouse(data_dir, audience="public")
    yield wh
    wh.close()


def _shown(public, region: str | None = None) -> str:
    return f"Where the members are ({len(queries.members(public, EXCOM, region=region))} shown)"


def _members_visit(browser, sample_server, size: str = "desktop"):
    visit = Visit(browser, sample_server, size)
    page = visit.open(f"members?snapshot={EXCOM}", "Members")
    return visit, page


@pytest.mark.browser
def test_back_and_forward_move_through_filter_changes(browser, sample_server, public):
    visit, page = _members_visit(browser, sample_server)
    try:
        _select(page, "Region", "Africa")
        visit.wait_idle()
        assert _query(page) == {"snapshot": EXCOM, "region": "Africa"}
        _select(page, "Region", "Europe")
        visit.wait_idle()
        assert _query(page) == {"snapshot": EXCOM, "region": "Europe"}
        assert page.get_by_text(_shown(public, "Europe")).is_visible()
        page.go_back()
        visit.wait_idle()
        assert _query(page) == {"snapshot": EXCOM, "region": "Africa"}
        assert _selected(page, "Region") == "Africa"
        assert page.get_by_text(_shown(public, "Africa")).is_visible()
        page.go_back()
        visit.wait_idle()
        assert _query(page) == {"snapshot": EXCOM}
        assert _selected(page, "Region") == "All"
        assert page.get_by_text(_shown(public)).is_visible()
        page.go_forward()
        visit.wait_idle()
        assert _query(page) == {"snapshot": EXCOM, "region": "Africa"}
        assert _selected(page, "Region") == "Africa"
        assert page.get_by_text(_shown(public, "Africa")).is_visible()
        full_screenshot(page, SHOTS / "links-back-forward.png")
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        visit.close()


@pytest.mark.browser
def test_a_link_without_a_snapshot_gets_one_and_keeps_it_across_pages(browser, sample_server, data_dir):
    newest = _newest(data_dir)
    visit = Visit(browser, sample_server, "desktop")
    try:
        page = visit.open("members", "Members")
        assert _query(page) == {"snapshot": newest}
        _select(page, "Data snapshot", "11 Oct 2016 · Eve of the 2016 EXCOM (Beyoğlu)")
        visit.wait_idle()
        assert _query(page) == {"snapshot": EXCOM}
        page.get_by_test_id("stSidebarNavLink").filter(has_text="Regional offices").click()
        page.get_by_role("heading", name="Regional offices", exact=True).wait_for()
        visit.wait_idle()
        assert urlparse(page.url).path == "/offices" and _query(page) == {"snapshot": EXCOM}
        assert page.get_by_text(f"snapshot {EXCOM}").first.is_visible()
        # The copied address means the same in another browser.
        copied = page.url
    finally:
        visit.close()
    visit = Visit(browser, sample_server, "desktop")
    try:
        page = visit.open(copied.removeprefix(sample_server + "/"), "Regional offices")
        assert page.get_by_text(f"snapshot {EXCOM}").first.is_visible()
    finally:
        visit.close()


def _region_bar(page, region: str):
    """The plotly chart of members by region and its first trace's bar for `region` (found by its customdata)."""
    chart = page.locator(".js-plotly-plot").filter(has_text="Members by region").first
    chart.wait_for()
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    index = chart.evaluate("(g, r) => g.data[0].customdata.indexOf(r)", region)
    assert index >= 0, region
    box = chart.locator("g.barlayer g.trace").first.locator("g.point").nth(index).bounding_box()
    return chart, (box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.6)


@pytest.mark.browser
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_clicking_a_region_bar_filters_the_page(browser, sample_server, public, size):
    visit, page = _members_visit(browser, sample_server, size)
    try:
        chart, (x, y) = _region_bar(page, "Asia")
        if size == "phone":
            # plotly selects a mark on a touch screen at the second tap: the first shows the bar's values (its
            # click-to-select reads the hover data, which only the tap's own click sets); the line says so.
            page.touchscreen.tap(x, y)
            chart.locator("g.hoverlayer g.hovertext").first.wait_for()
            page.wait_for_timeout(800)
            assert "region" not in _query(page)
            page.touchscreen.tap(x, y)
        else:
            page.mouse.click(x, y)
        visit.wait_idle()
        assert _query(page) == {"snapshot": EXCOM, "region": "Asia"}
        assert _selected(page, "Region") == "Asia"
        assert page.get_by_text(_shown(public, "Asia")).is_visible()
        if size == "desktop":  # the table's rows: its CSV download lists Asia's members only
            with page.expect_download() as download:
                page.get_by_role("button", name="Download CSV").first.click()
            text = Path(download.value.path()).read_text(encoding="utf-8-sig")
            rows = [line for line in text.split("\n\n", 1)[1].splitlines()[1:] if line]
            assert len(rows) == len(queries.members(public, EXCOM, region="Asia"))
            assert "Seoul" in text and "Nairobi" not in text
        assert page.get_by_text("Click a region's bar (on a touch screen, tap it twice)").is_visible()
        full_screenshot(page, SHOTS / f"links-bar-click-{size}.png")
        page.go_back()
        visit.wait_idle()
        assert _query(page) == {"snapshot": EXCOM}
        assert page.get_by_text(_shown(public)).is_visible()
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        visit.close()


def _mercator_y(lat: float) -> float:
    lat = max(-80.0, min(80.0, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi) * 512


def _member_points(public) -> tuple:
    """The members map as the server builds it for this visitor: its initial view and its points."""
    known = tuple(SnapshotInfo(s.snapshot_id, s.as_of, s.label, s.label_ko) for s in reversed(public.snapshots()))
    this = next(s for s in known if s.snapshot_id == EXCOM)
    ctx = ViewContext(
        this,
        "en",
        "thousand",
        lambda name, sid, **p: getattr(queries, name)(public, sid, **p),
        lambda a, b: diff.diff(public, a, b),
        known,
        audience="public",
    )
    block = next(b for b in blocks.walk(sections.members(ctx)) if isinstance(b, blocks.Map))
    deck, _height = maps.fitted(block.deck, block.height, phone=False)  # framed as a desktop screen gets it
    layer = next(layer for layer in deck.layers if layer.id == "members")
    return deck.initial_view_state, layer.data


@pytest.mark.browser
def test_clicking_a_map_point_filters_the_page(browser, sample_server, public):
    view, points = _member_points(public)
    visit, page = _members_visit(browser, sample_server)
    try:
        canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
        canvas.scroll_into_view_if_needed()
        page.wait_for_timeout(800)
        box = canvas.bounding_box()
        scale = 2**view.zoom
        # Web Mercator, north up, no pitch: where deck.gl draws each point on the canvas.
        spots = [
            (
                box["x"] + box["width"] / 2 + (p["lon"] - view.longitude) / 360 * 512 * scale,
                box["y"] + box["height"] / 2 - (_mercator_y(p["lat"]) - _mercator_y(view.latitude)) * scale,
                p,
            )
            for p in points
        ]

        def room(i: int) -> float:
            return min(math.dist(spots[i][:2], s[:2]) for j, s in enumerate(spots) if j != i)

        # The point with most room around it, inside the canvas: a click there can only hit that point.
        inside = [
            i
            for i, (x, y, _) in enumerate(spots)
            if box["x"] + 20 < x < box["x"] + box["width"] - 20 and box["y"] + 20 < y < box["y"] + box["height"] - 20
        ]
        x, y, point = spots[max(inside, key=room)]
        tooltip = page.locator(".deck-tooltip")
        # The projection above is exact to a pixel or two; the point is found by its tooltip near that spot.
        for dx, dy in [(0, 0), *((dx, dy) for r in (3, 6, 9) for dx in (-r, 0, r) for dy in (-r, 0, r) if dx or dy)]:
            page.mouse.move(x + dx, y + dy)
            page.wait_for_timeout(150)
            if tooltip.is_visible():
                x, y = x + dx, y + dy
                break
        tooltip.wait_for()
        assert tooltip.inner_text().split("\n")[0] == point["tooltip"].split("\n")[0]  # the point we think
        page.mouse.click(x, y)
        # The selection reaches the server after deck.gl's click, then the page reruns: wait for the URL to say so.
        page.wait_for_function("() => location.search.includes('region=')", timeout=20_000)
        visit.wait_idle()
        region = point["region"]
        assert _query(page) == {"snapshot": EXCOM, "region": region}
        assert _selected(page, "Region") == region
        assert page.get_by_text(_shown(public, region)).is_visible()
        full_screenshot(page, SHOTS / "links-map-click.png")
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        visit.close()


@pytest.mark.browser
def test_an_unknown_region_from_a_click_or_a_link_is_refused(browser, sample_server, public):
    visit, page = _members_visit(browser, sample_server)
    try:
        # What the browser sends back is not trusted: a bar whose customdata was changed in the page names a region
        # that does not exist; the click is refused with the notice a bad link gets, and nothing changes.
        chart, (x, y) = _region_bar(page, "Asia")
        chart.evaluate(
            "g => { for (const t of [g.data[0], g._fullData[0]]) { t.customdata = t.customdata.slice(); "
            "t.customdata[t.customdata.indexOf('Asia')] = 'Atlantis'; } }"
        )
        page.mouse.click(x, y)
        visit.wait_idle()
        assert page.get_by_text(BAD_LINK).is_visible()
        assert _query(page) == {"snapshot": EXCOM}
        assert _selected(page, "Region") == "All"
        assert page.get_by_text(_shown(public)).is_visible()
        full_screenshot(page, SHOTS / "links-refused-click.png")
        page = visit.open(f"members?snapshot={EXCOM}&region=Atlantis", "Members")
        assert page.get_by_text(BAD_LINK).is_visible()
        assert _selected(page, "Region") == "All"
        assert page.get_by_text(_shown(public)).is_visible()
    finally:
        visit.close()
