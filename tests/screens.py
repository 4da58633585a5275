"""Shared by the browser tests: a page visit at a named screen size in a fresh browser context, and full-page
screenshots (Streamlit scrolls inside its main container)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

# Screens delegates and presenters use (issue #10): a laptop, a phone, a tablet held sideways, two projectors.
SIZES = {
    "desktop": (1440, 900),
    "phone": (390, 844),
    "tablet": (1024, 768),
    "projector": (1920, 1080),
    "projector720": (1280, 720),
}
PHONE_AGENT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.0 Mobile/15E148 Safari/604.1"
)


class Visit:
    """One page load in a fresh context, recording every request the page makes."""

    def __init__(self, browser, server, size):
        width, height = SIZES[size]
        phone = size == "phone"  # a tablet is touch too, but sends a desktop-class agent here
        self.context = browser.new_context(
            viewport={"width": width, "height": height},
            device_scale_factor=1,
            is_mobile=phone,
            has_touch=phone,
            user_agent=PHONE_AGENT if phone else None,
        )
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.page.on("request", lambda req: self.requests.append(req.url))
        self.statuses: dict[str, int] = {}
        self.page.on("response", lambda resp: self.statuses.__setitem__(urlparse(resp.url).path, resp.status))
        self.server = server

    def open(self, query: str, heading: str):
        self.page.goto(f"{self.server}/{query}", wait_until="domcontentloaded")
        self.page.get_by_role("heading", name=heading, exact=True).first.wait_for(timeout=45_000)
        self.page.wait_for_load_state("networkidle")
        self.wait_idle()
        return self.page

    def wait_idle(self):
        # Streamlit shows a "running" status widget while the script runs; wait until it has gone.
        self.page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=45_000)
        self.page.wait_for_timeout(1200)

    def foreign_hosts(self) -> set[str]:
        own = urlparse(self.server).netloc
        return {
            urlparse(u).netloc
            for u in self.requests
            if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).netloc != own
        }

    def close(self):
        self.context.close()


def full_screenshot(page, path: Path) -> None:
    """Streamlit scrolls inside its main container, so a full-page shot needs a viewport as tall as the content."""
    path.parent.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]), 9000)})
    page.wait_for_timeout(1500)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
