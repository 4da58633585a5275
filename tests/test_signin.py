"""Sign-in end to end (issue #9): st.login against a real OpenID Connect provider on loopback (oidc-provider-mock),
in Chromium. A delegate signs in and sees the committee's data, keeps it across a reload and signs out; a presenter
signs in, opens the projector view with one click and leads a follower from there, also after reloading it."""

from __future__ import annotations

import os
import re

import pytest
from conftest import PROJECT, free_port, streamlit_server
from playwright.sync_api import expect

pytest.importorskip("oidc_provider_mock")

DELEGATE = "delegate@wego.example"
PRESENTER = "presenter@wego.example"
VISITOR = "visitor@wego.example"
TIMEOUT = 30_000
SHOTS = PROJECT / "artifacts" / "screenshots"


@pytest.fixture(scope="module")
def provider():
    from oidc_provider_mock import User, run_server_in_thread

    users = [
        User(sub=DELEGATE, claims={"email": DELEGATE, "name": "Delegate Kim", "groups": ["wego-committee"]}),
        User(sub=PRESENTER, claims={"email": PRESENTER, "name": "Presenter Lee", "groups": ["wego-presenter"]}),
        User(sub=VISITOR, claims={"email": VISITOR, "name": "Visitor Park", "groups": []}),
    ]
    with run_server_in_thread(port=free_port(), user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def server(data_dir, provider, tmp_path_factory):
    port = free_port()
    secrets = tmp_path_factory.mktemp("signin") / "secrets.toml"
    secrets.write_text(
        f"""
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "tests-only-cookie-secret-{os.urandom(16).hex()}"
client_id = "wego-dashboard"
client_secret = "tests-only-client-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"

[wego.signin]
roles_claim = "groups"
committee = ["wego-committee"]
presenter = ["wego-presenter"]
""",
        encoding="utf-8",
    )
    env = {**os.environ, "WEGO_DATA_DIR": str(data_dir)}
    env.pop("WEGO_PRESENTER_KEY", None)
    with streamlit_server(PROJECT / "app.py", env, port=port, **{"secrets.files": str(secrets)}) as (base, _proc):
        yield base


def _sidebar(page):
    return page.get_by_test_id("stSidebar")


def sign_in(page, server: str, who: str) -> None:
    page.goto(server, wait_until="domcontentloaded")
    _sidebar(page).get_by_role("button", name="Sign in").click(timeout=TIMEOUT)
    # The provider's page: one button per predefined user.
    page.get_by_role("button", name=who).click(timeout=TIMEOUT)
    page.wait_for_url(re.compile(r"^http://127\.0\.0\.1:\d+/"), timeout=TIMEOUT)
    _sidebar(page).get_by_text("Signed in:").wait_for(timeout=TIMEOUT)


def members_shown(page) -> str:
    heading = page.get_by_text(re.compile(r"^Where the members are \(\d+ shown\)$"))
    heading.wait_for(timeout=TIMEOUT)
    return heading.inner_text()


def test_a_delegate_signs_in_sees_committee_data_keeps_it_on_reload_and_signs_out(browser, server):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    applicants = f"{server}/members?snapshot=2016-10-11-excom&status=applicant"
    try:
        page.goto(applicants, wait_until="domcontentloaded")
        assert members_shown(page) == "Where the members are (0 shown)"
        page.get_by_text("The list of applicants for admission is for the committee").first.wait_for(timeout=TIMEOUT)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "signin-public-applicants.png"))

        sign_in(page, server, DELEGATE)
        assert "Committee: you see all data." in _sidebar(page).inner_text()
        assert _sidebar(page).get_by_text("Briefing pack").count() >= 1
        page.goto(applicants, wait_until="domcontentloaded")
        assert members_shown(page) == "Where the members are (3 shown)"
        page.screenshot(path=str(SHOTS / "signin-committee-applicants.png"))

        page.reload(wait_until="domcontentloaded")  # the identity cookie outlives the session
        assert members_shown(page) == "Where the members are (3 shown)"
        assert "Signed in: Delegate Kim" in _sidebar(page).inner_text()

        _sidebar(page).get_by_role("button", name="Sign out").click(timeout=TIMEOUT)
        # Streamlit ends the provider's session too (its end-session page) and comes back signed out.
        page.get_by_role("button", name="End session").click(timeout=TIMEOUT)
        page.wait_for_url(re.compile(r"^http://127\.0\.0\.1:\d+/"), timeout=TIMEOUT)
        _sidebar(page).get_by_role("button", name="Sign in").wait_for(timeout=TIMEOUT)
        page.goto(applicants, wait_until="domcontentloaded")
        assert members_shown(page) == "Where the members are (0 shown)"
    finally:
        context.close()


def test_an_account_without_a_committee_role_stays_public(browser, server):
    context = browser.new_context()
    page = context.new_page()
    try:
        sign_in(page, server, VISITOR)
        assert "Your account has no committee role: public view." in _sidebar(page).inner_text()
        page.goto(f"{server}/members?snapshot=2016-10-11-excom&status=applicant", wait_until="domcontentloaded")
        assert members_shown(page) == "Where the members are (0 shown)"
    finally:
        context.close()


def _slide_title(page, after: str | None = None) -> str:
    """The slide's title (its h1). With `after`, the title that replaces it: the URL changes as the run starts, and the
    previous slide's title stays on screen until the run draws the next one."""
    title = page.locator("h1:visible").first  # a slide title is the page's h1 (st.title)
    title.wait_for(timeout=TIMEOUT)
    if after is not None:
        expect(title).not_to_have_text(after, timeout=TIMEOUT)
    return title.inner_text().strip()


def test_the_presenter_leads_followers_from_projector_mode_also_after_a_reload(browser, server):
    presenter = browser.new_context(viewport={"width": 1440, "height": 900})
    follower = browser.new_context(viewport={"width": 1024, "height": 768})
    try:
        page = presenter.new_page()
        sign_in(page, server, PRESENTER)
        assert "Presenter: you see all data and lead followers." in _sidebar(page).inner_text()
        page.screenshot(path=str(SHOTS / "signin-presenter.png"))
        # One click from the presenter's screen: the projector view opens in a new tab of the same browser.
        with presenter.expect_page() as opened:
            _sidebar(page).get_by_role("link", name="Open projector view").click(timeout=TIMEOUT)
        projector = opened.value
        projector.wait_for_load_state("domcontentloaded")
        assert "present=1" in projector.url
        assert _slide_title(projector) == "WeGO at a glance"

        delegate = follower.new_page()
        delegate.goto(f"{server}/?follow=1", wait_until="domcontentloaded")
        delegate.get_by_text("WeGO at a glance").first.wait_for(timeout=TIMEOUT)

        projector.get_by_role("button", name="Next").click(timeout=TIMEOUT)
        projector.wait_for_function("() => new URL(location.href).searchParams.get('slide') === '2'", timeout=TIMEOUT)
        title_two = _slide_title(projector, after="WeGO at a glance")
        delegate.get_by_role("heading", name=title_two).first.wait_for(timeout=TIMEOUT)

        # A reload of the projector tab keeps the role: the next slide still leads the follower.
        projector.reload(wait_until="domcontentloaded")
        projector.get_by_role("heading", name=title_two).first.wait_for(timeout=TIMEOUT)
        projector.get_by_role("button", name="Next").click(timeout=TIMEOUT)
        projector.wait_for_function("() => new URL(location.href).searchParams.get('slide') === '3'", timeout=TIMEOUT)
        title_three = _slide_title(projector, after=title_two)
        delegate.get_by_role("heading", name=title_three).first.wait_for(timeout=TIMEOUT)
    finally:
        presenter.close()
        follower.close()


def test_briefing_packs_wait_their_turn_with_the_position_shown(browser, server):
    """Two committee members ask for a pack at once: one is made at a time, the other shows its queue position,
    and both get their PDF."""
    contexts = [browser.new_context(viewport={"width": 1440, "height": 900}) for _ in range(2)]
    try:
        pages = []
        for context in contexts:
            page = context.new_page()
            sign_in(page, server, DELEGATE)
            page.goto(f"{server}/?snapshot=2016-04-26", wait_until="domcontentloaded")
            sidebar = _sidebar(page)
            sidebar.get_by_text("Briefing pack (PDF)").first.click(timeout=TIMEOUT)  # the expander
            pages.append(page)
        for page in pages:
            _sidebar(page).get_by_role("button", name="Briefing pack (PDF)").click(timeout=TIMEOUT)
        second = _sidebar(pages[1])
        second.get_by_text("Your briefing pack is number 1 in the queue").wait_for(timeout=TIMEOUT)
        for page in pages:
            _sidebar(page).get_by_role("button", name="Download the briefing pack").wait_for(timeout=120_000)
        assert second.get_by_text("in the queue").count() == 0  # gone once its turn came
    finally:
        for context in contexts:
            context.close()
