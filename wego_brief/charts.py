"""Plotly's own export (kaleido) through the system Chromium: every chart of a pack in one browser session."""

from __future__ import annotations

import asyncio
import concurrent.futures
import io
import queue
from collections.abc import Callable
from dataclasses import dataclass

import plotly.graph_objects as go
from PIL import Image as PILImage

from wego_brief.errors import BriefError
from wego_brief.system import INSTALL_CHROMIUM, find_browser

# Charts are laid out 900 px wide, as on a desktop screen, and printed at most 180 mm wide (A4 less 15 mm margins):
# scale 3 gives 2,700 px across 180 mm, about 380 dpi, so no chart prints below 200 dpi.
WIDTH_PX = 900
SCALE = 3
DEFAULT_HEIGHT_PX = 500
TIMEOUT_S = 60


@dataclass(frozen=True)
class Image:
    png: bytes
    width_px: int
    height_px: int


def _opts(fig: go.Figure) -> dict:
    return {"format": "png", "width": WIDTH_PX, "height": int(fig.layout.height or DEFAULT_HEIGHT_PX), "scale": SCALE}


async def _render(browser: str, figures: list[go.Figure], done: queue.Queue) -> list[bytes]:
    import kaleido  # imported here: only making a pack needs it

    # mathjax=False: kaleido would otherwise load MathJax from a CDN; plotly.js comes from the plotly package.
    async with kaleido.Kaleido(n=1, timeout=TIMEOUT_S, mathjax=False, path=browser) as k:
        results: list[bytes] = []
        for fig in figures:
            results.append(await k.calc_fig(fig, opts=_opts(fig)))
            done.put(len(results))
        return results


def export(figures: list[go.Figure], progress: Callable[[int], None] | None = None) -> list[Image]:
    """PNG images of the figures, in order. BriefError (one line) when there is no browser or it fails.

    progress(n) is called on the caller's thread after each chart (Streamlit elements update only from there).
    """
    browser = find_browser()
    if not figures:
        return []
    done: queue.Queue = queue.Queue()
    # A thread of its own, so this works whether or not the caller already runs an event loop (Streamlit, Jupyter).
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(asyncio.run, _render(browser, figures, done))
        while True:
            try:
                count = done.get(timeout=0.05)
            except queue.Empty:
                if future.done() and done.empty():
                    break
                continue
            if progress:
                progress(count)
        try:
            pngs = future.result()
        except Exception as exc:  # kaleido and choreographer raise many kinds; the caller wants one line
            reason = " ".join(str(exc).split())[:300] or type(exc).__name__
            raise BriefError(f"Chromium ({browser}) could not draw the charts: {reason}; {INSTALL_CHROMIUM}") from exc
    images = []
    for png in pngs:
        with PILImage.open(io.BytesIO(png)) as picture:
            width, height = picture.size
        images.append(Image(png, width, height))
    return images
