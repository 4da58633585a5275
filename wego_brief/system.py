"""What the pack needs from the machine: a Chromium for plotly's export, and the Noto Sans CJK font for the text.

Nothing here downloads anything: a missing browser or font is reported with the Debian package that provides it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from wego_brief.errors import BriefError

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALL_CHROMIUM = "install Chromium: apt-get install chromium (or set BROWSER_PATH to a Chromium or Chrome executable)"

NOTO_DIR = Path("/usr/share/fonts/opentype/noto")
# Face 1 of the Noto Sans CJK collections is the Korean one (KR); fc-match says so where it is installed.
NOTO_FILES = {"": NOTO_DIR / "NotoSansCJK-Regular.ttc", "B": NOTO_DIR / "NotoSansCJK-Bold.ttc"}
NOTO_KR_FACE = 1
INSTALL_NOTO = "install the Noto Sans CJK font: apt-get install fonts-noto-cjk"
# Noto Sans CJK lacks a few Latin letters the data uses (ğ in Muğla, ş, ı) and the ↳ arrow: DejaVu Sans fills in.
DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
DEJAVU_FILES = {"": DEJAVU_DIR / "DejaVuSans.ttf", "B": DEJAVU_DIR / "DejaVuSans-Bold.ttf"}


def _executable(path: str | os.PathLike | None) -> bool:
    return bool(path) and Path(path).is_file() and os.access(path, os.X_OK)


def find_browser() -> str:
    """The Chromium plotly's export drives: BROWSER_PATH when it names one, else Chromium or Chrome on PATH.

    Sets BROWSER_PATH to what it found (kaleido's own lookup reads it). BrowserMissing when there is none.
    """
    configured = os.environ.get("BROWSER_PATH")
    if _executable(configured):
        return str(configured)
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if _executable(found):
            os.environ["BROWSER_PATH"] = found
            return found
    if not configured and _executable(DEBIAN_CHROMIUM):
        os.environ["BROWSER_PATH"] = str(DEBIAN_CHROMIUM)
        return str(DEBIAN_CHROMIUM)
    where = (
        f"BROWSER_PATH={configured!r} is not an executable and no Chromium is on PATH"
        if configured
        else ("no Chromium or Chrome on PATH")
    )
    raise BriefError(f"cannot draw the charts: {where}; {INSTALL_CHROMIUM}")


@dataclass(frozen=True)
class Face:
    path: str
    index: int  # the face in a .ttc collection, 0 for a single font file


@dataclass(frozen=True)
class Fonts:
    main: dict[str, Face]  # style ("" or "B") -> Noto Sans CJK KR
    fallback: dict[str, Face]  # style -> DejaVu Sans, empty when it is not installed


def _fc_match(pattern: str, family: str) -> Face | None:
    """fc-match's answer when it is really the family asked for (fc-match always answers something)."""
    if not shutil.which("fc-match"):
        return None
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}\t%{index}\t%{family}", pattern],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    parts = out.split("\t")
    if len(parts) != 3 or family not in parts[2].split(",") or not Path(parts[0]).is_file():
        return None
    try:
        return Face(parts[0], int(parts[1] or 0))
    except ValueError:
        return None


def _find(family: str, files: dict[str, Path], face: int) -> dict[str, Face]:
    found = {}
    for style, path in files.items():
        match = _fc_match(f"{family}:bold" if style == "B" else family, family)
        if match is not None and (style != "B" or "Bold" in Path(match.path).name):
            found[style] = match
        elif path.is_file():
            found[style] = Face(str(path), face)
    return found


def find_fonts() -> Fonts:
    """Noto Sans CJK KR regular and bold (required), DejaVu Sans as the fallback for the letters it lacks."""
    main = _find("Noto Sans CJK KR", NOTO_FILES, NOTO_KR_FACE)
    if "" not in main:
        raise BriefError(f"no Korean font (Noto Sans CJK KR) found; {INSTALL_NOTO}")
    main.setdefault("B", main[""])
    fallback = _find("DejaVu Sans", DEJAVU_FILES, 0)
    if "" in fallback:
        fallback.setdefault("B", fallback[""])
    return Fonts(main=main, fallback=fallback)
