"""The dashboard in a real browser: Debian's Chromium driven by Playwright against a server on loopback (issue #3).

Every page at desktop and phone width renders without a Streamlit exception, maps draw, the Gantt has one bar
per phase, and the page asks no host but the test server. Screenshots go to artifacts/screenshots/ for people.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import PROJECT, streamlit_server
from screens import PHONE_AGENT, Visit, full_screenshot  # noqa: F401

pytestmark = pytest.mark.browser

PRESENTER_KEY = "browser-test-key"
SHOTS = PROJECT / "artifacts" / "screenshots"
PAGES = [
    ("overview", "Overview", "개요"),
    ("members", "Members", "회원"),
    ("offices", "Regional offices", "지역사무소"),
    ("programs", "Programs and events", "사업 및 행사"),
    ("budget", "Budget and spending", "예산 및 집행"),
    ("changes", "What changed", "변경 사항"),
    ("present", "WeGO at a glance", "한눈에 보는 WeGO"),
]


@contextlib.contextmanager
def serve(data_dir: Path):
    """A new `streamlit run app.py` process on a free loopback port; yields its base URL."""
    env = {**os.environ, "WEGO_DATA_DIR": str(data_dir), "WEGO_PRESENTER_KEY": PRESENTER_KEY}
    with streamlit_server(PROJECT / "app.py", env) as (base, _proc):
        yield base


@pytest.fixture(scope="module")
def server(data_dir):
    with serve(data_dir) as base:
        yield base


@pytest.fixture
def fresh_server(data_dir):
    """A server process of its own, so that the test's first request is the first the process ever serves."""
    with serve(data_dir) as base:
        yield base


def _canvas_has_drawing(page, selector: str) -> bool:
    from PIL import Image

    canvas = page.locator(selector).first
    canvas.wait_for(timeout=20_000)
    image = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB")
    colours = image.getcolors(maxcolors=1_000_000) or []
    background = max(colours)[1] if colours else None
    drawn = sum(count for count, colour in colours if colour != background)
    return len(colours) > 20 and drawn > 0.05 * image.width * image.height


def test_a_deep_link_works_as_the_first_request(browser, server):
    # Defined first so that it runs first against a fresh server: a shared link to /members must open Members even
    # when nobody has loaded the overview since the server started (Streamlit's legacy pages/ handling otherwise
    # runs the page without app.py).
    visit = Visit(browser, server, "desktop")
    try:
        page = visit.open("members?snapshot=2016-04-26&region=Europe", "Members")
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.get_by_text("Where the members are (11 shown)").is_visible()
    finally:
        visit.close()


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("path,title_en,title_ko", PAGES)
def test_every_page_renders(browser, server, path, title_en, title_ko, lang, size):
    visit = Visit(browser, server, size)
    try:
        query = ("" if path == "overview" else path) + f"?lang={lang}&snapshot=2016-04-26"
        page = visit.open(query, title_en if lang == "en" else title_ko)
        assert page.locator('[data-testid="stException"]').count() == 0
        stamp = "Data as of" if lang == "en" else "데이터 기준일"
        assert page.get_by_text(stamp).first.is_visible()
        if path in ("members", "offices", "programs"):
            assert _canvas_has_drawing(page, '[data-testid="stDeckGlJsonChart"] canvas')
            # The basemap came as the static file (issue #8), not inside the map's message.
            assert visit.statuses.get("/app/static/countries_110m.geojson") in (200, 304), visit.statuses
        full_screenshot(page, SHOTS / f"{path}-{lang}-{size}.png")
        assert visit.foreign_hosts() == set(), visit.foreign_hosts()
    finally:
        visit.close()


def test_gantt_has_one_bar_per_phase(browser, server):
    visit = Visit(browser, server, "desktop")
    try:
        page = visit.open("programs?snapshot=2016-04-26", "Programs and events")
        gantt = page.locator(".js-plotly-plot").first
        gantt.wait_for()
        bars = gantt.locator("g.barlayer g.point path")
        assert bars.count() == 27
        assert "27 phases" in gantt.inner_text()
        area = page.goto(f"{server}/programs?snapshot=2016-04-26&area=4", wait_until="domcontentloaded")
        assert area is not None
        page.get_by_role("heading", name="Programs and events", exact=True).first.wait_for()
        visit.wait_idle()
        assert page.locator(".js-plotly-plot").first.locator("g.barlayer g.point path").count() == 10
    finally:
        visit.close()


def test_members_map_filter_by_url_and_download(browser, server):
    visit = Visit(browser, server, "desktop")
    try:
        # A public visitor (no sign-in): the applicants are the committee's (tests/test_signin.py signs in).
        page = visit.open("members?snapshot=2016-10-11-excom&region=Africa", "Members")
        assert page.get_by_text("Where the members are (8 shown)").is_visible()
        with page.expect_download() as download:
            page.get_by_role("button", name="Download CSV").click()
        text = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert "Addis Ababa" in text and "Nairobi" in text and "Sennar State" in text
        assert "Sejong" not in text and "Yakutsk" not in text
        assert page.locator('[data-testid="stException"]').count() == 0
        assert visit.foreign_hosts() == set()
    finally:
        visit.close()


SLIDE_TITLES = [
    "WeGO at a glance",
    "(a) WeGO operations and main programs for 2016 and 2017",
    "(b) Evaluation of the Asia and Europe regional offices",
    "(c) Admission and withdrawal of members",
    "(d) Preparation of the 4th general assembly in 2017",
]  # the overview, then the 2016 EXCOM's four agenda items (the meeting in view of 2016-10-11-excom)


@pytest.mark.parametrize("projector", [(1920, 1080), (1280, 720)], ids=["1080p", "720p"])
def test_presentation_mode_on_a_projector(browser, server, projector):
    width, height = projector
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    try:
        page.goto(f"{server}/?present=1&snapshot=2016-10-11-excom", wait_until="domcontentloaded")
        for number, title in enumerate(SLIDE_TITLES, start=1):
            page.get_by_role("heading", name=title, exact=True).first.wait_for(timeout=45_000)
            page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
            page.wait_for_timeout(1200)
            assert page.locator('[data-testid="stException"]').count() == 0
            assert not page.locator('[data-testid="stSidebar"]').is_visible()
            assert page.get_by_text("Data as of 11 Oct 2016").first.is_visible()
            assert page.get_by_text(f"{number} / {len(SLIDE_TITLES)}").is_visible()
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"present-{number}-{width}x{height}.png"))
            if number < len(SLIDE_TITLES):
                page.keyboard.press("ArrowRight")  # the Next button's keyboard shortcut
        own = urlparse(server).netloc
        assert {urlparse(u).netloc for u in requests if urlparse(u).scheme in ("http", "https")} <= {own}
    finally:
        context.close()


def test_a_delegate_follows_the_presenter(browser, server):
    presenter = Visit(browser, server, "desktop")
    follower = Visit(browser, server, "desktop")
    try:
        page = presenter.open("?snapshot=2016-10-11-excom", "Overview")
        key = page.get_by_label("Presenter key", exact=True).and_(page.locator("input"))
        key.fill(PRESENTER_KEY)
        key.press("Enter")
        page.get_by_text("You are presenting").wait_for()
        assert PRESENTER_KEY not in page.url

        watcher = follower.open("?follow=1&lang=ko", "개요")
        assert watcher.get_by_text("2016-10-11-excom").first.is_visible()

        page.get_by_test_id("stSidebarNavLink").filter(has_text="Members").click()
        page.get_by_role("heading", name="Members", exact=True).wait_for()
        presenter.wait_idle()
        page.get_by_label("Region", exact=True).and_(page.locator("input")).click()
        page.get_by_role("option", name="Africa").click()
        page.get_by_text("Where the members are (8 shown)").wait_for()

        # The follower keeps Korean and shows the presenter's page and filter (the benchmark times how fast).
        watcher.get_by_text("회원 분포 (8곳 표시)").wait_for(timeout=15_000)
        assert watcher.get_by_role("heading", name="회원", exact=True).is_visible()
        assert watcher.locator('[data-testid="stException"]').count() == 0

        watcher.get_by_role("button", name="혼자 둘러보기").click()
        watcher.get_by_role("button", name="발표자 팔로우").wait_for()
        page.get_by_test_id("stSidebarNavLink").filter(has_text="Budget and spending").click()
        page.get_by_role("heading", name="Budget and spending", exact=True).wait_for()
        watcher.wait_for_timeout(3000)
        assert watcher.get_by_role("heading", name="회원", exact=True).is_visible()
        assert presenter.foreign_hosts() == set() and follower.foreign_hosts() == set()
    finally:
        presenter.close()
        follower.close()


# A server process per test below: Streamlit reads the pages/ folder next to app.py as a legacy page list until the
# process's first st.navigation call (wego_ui/state.py explains), so only the first requests of a process show how the
# app copes with it.
NAV_LINKS = [
    "Overview",
    "Members",
    "Regional offices",
    "Programs and events",
    "Budget and spending",
    "What changed",
    "Digital maturity",
    "Presentation",
]


def _select(page, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).and_(page.locator("input")).click()
    page.get_by_role("option", name=option, exact=True).click()


def _selected(page, label: str) -> str:
    return page.get_by_role("combobox", name=label, exact=True).input_value()


def _nav_links(page) -> list[str]:
    # A link's text is its Material icon's ligature name, then its title.
    return [link.inner_text().split("\n")[-1].strip() for link in page.get_by_test_id("stSidebarNavLink").all()]


def test_fresh_server_deep_link_is_the_first_request(browser, fresh_server):
    visit = Visit(browser, fresh_server, "desktop")
    try:
        page = visit.open("members?snapshot=2016-10-11-excom&region=Africa", "Members")
        assert page.get_by_text("Where the members are (8 shown)").is_visible()
        assert _selected(page, "Region") == "Africa"
        assert _selected(page, "Data snapshot") == "11 Oct 2016 · Eve of the 2016 EXCOM (Beyoğlu)"
        with page.expect_download() as download:
            page.get_by_role("button", name="Download CSV").click()
        listed = Path(download.value.path()).read_text(encoding="utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(listed.split("\n\n", 1)[1])))  # after the snapshot and filter lines
        assert sorted(row["Name"] for row in rows) == [
            "Addis Ababa",
            "Dakar",
            "Dar es Salaam",
            "Harare",
            "Khartoum State",
            "Maputo",
            "Nairobi",
            "Sennar State",
        ]
        assert {row["Region"] for row in rows} == {"Africa"}
        full_screenshot(page, SHOTS / "fresh-server-deep-link.png")
        # The frame drew the page (the sidebar's settings and app.py's page list), not Streamlit's pages/ listing.
        assert _nav_links(page) == NAV_LINKS, _nav_links(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert "/members" in page.url and "region=Africa" in page.url
    finally:
        visit.close()


@pytest.mark.parametrize(
    "path,heading,label,option,effect",
    [
        ("?snapshot=2016-10-11-excom", "Overview", "Money unit", "million KRW", "(million KRW)"),
        ("members?snapshot=2016-10-11-excom", "Members", "Region", "Africa", "Where the members are (8 shown)"),
    ],
    ids=["sidebar-on-overview", "filter-on-members"],
)
def test_fresh_server_keeps_the_first_interaction(browser, fresh_server, path, heading, label, option, effect):
    visit = Visit(browser, fresh_server, "desktop")
    try:
        page = visit.open(path, heading)
        _select(page, label, option)
        visit.wait_idle()
        assert _selected(page, label) == option
        assert page.get_by_text(effect).first.is_visible()
        # And still after another run of the app, which would reset a widget whose state was lost.
        _select(page, "Language · 언어", "English")
        visit.wait_idle()
        assert _selected(page, label) == option
        assert page.get_by_role("heading", name=heading, exact=True).is_visible()
        assert _nav_links(page) == NAV_LINKS, _nav_links(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        page.screenshot(path=str(SHOTS / f"fresh-server-first-interaction-{heading.lower()}.png"))
    finally:
        visit.close()


@pytest.mark.parametrize("first", ["presenter", "follower", "presenter", "follower"])
def test_fresh_server_follower_follows_the_presenter(browser, fresh_server, first, request):
    # Who opens first matters: the first session of a process is the one Streamlit serves through its legacy
    # pages/ handling. The follower must get the presenter's page with its title and content, and keep them (the bug
    # was a page without its title, or the old page). How fast, against the 2 s promise, is measured by `make bench`
    # (follower latency on a fresh server): timings belong there, not in a test on a shared, loaded CI machine.
    presenter = Visit(browser, fresh_server, "desktop")
    follower = Visit(browser, fresh_server, "desktop")
    try:
        if first == "follower":
            watcher = follower.open("?follow=1", "Overview")
        page = presenter.open("?snapshot=2016-10-11-excom", "Overview")
        key = page.get_by_label("Presenter key", exact=True).and_(page.locator("input"))
        key.fill(PRESENTER_KEY)
        key.press("Enter")
        page.get_by_text("You are presenting").wait_for()
        presenter.wait_idle()
        if first == "presenter":
            watcher = follower.open("?follow=1", "Overview")
        watcher.get_by_text("You follow the presenter").wait_for(timeout=5_000)
        follower.wait_idle()

        timings: list[str] = []
        for target, content in [
            ("Members", "Where the members are (40 shown)"),
            ("Budget and spending", "Budget lines"),
            ("Members", "Where the members are (40 shown)"),
        ]:
            page.get_by_test_id("stSidebarNavLink").filter(has_text=target).click()
            start = time.monotonic()
            main = watcher.get_by_test_id("stMain")
            main.get_by_role("heading", name=target, exact=True).wait_for(timeout=15_000)
            main.get_by_text(content, exact=True).first.wait_for(timeout=15_000)
            timings.append(f"{target}: {time.monotonic() - start:.2f} s")
            assert "snapshot=2016-10-11-excom" in watcher.url
            presenter.wait_idle()
            follower.wait_idle()
            # Still there once both sessions are idle: no later run took the page's title or content away.
            assert main.get_by_role("heading", name=target, exact=True).is_visible(), target
            assert main.get_by_text(content, exact=True).first.is_visible(), content
            assert watcher.locator('[data-testid="stException"]').count() == 0
        watcher.screenshot(path=str(SHOTS / f"fresh-server-follower-{request.node.callspec.id}.png"))
        (SHOTS / f"fresh-server-follower-{request.node.callspec.id}.txt").write_text(
            "\n".join(timings), encoding="utf-8"
        )
    finally:
        presenter.close()
        follower.close()
