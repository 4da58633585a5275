"""Reference data shipped with the project: countries (GeoNames) and the world outline (Natural Earth)."""

from __future__ import annotations

import csv
import functools
import hashlib
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "data" / "reference"


@functools.cache
def countries() -> dict[str, dict[str, str]]:
    """ISO3 -> {iso2, name_en, continent, wego_region, exception}; from GeoNames via tools/make_countries.py."""
    with (REFERENCE_DIR / "countries.csv").open(encoding="utf-8") as f:
        return {row["iso3"]: row for row in csv.DictReader(f)}


def region_of(iso3: str) -> str:
    return countries()[iso3]["wego_region"]


# Served by Streamlit as a static file (server.enableStaticServing): the browser fetches it once and caches it.
STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
WORLD_GEOJSON = STATIC_DIR / "countries_110m.geojson"


@functools.cache
def world_geojson_url() -> str:
    """The basemap's address relative to the page, versioned by its content so that a cache may keep it for ever.

    Relative (no leading slash), so it resolves under a proxy's path prefix too."""
    digest = hashlib.sha256(WORLD_GEOJSON.read_bytes()).hexdigest()[:12]
    return f"app/static/{WORLD_GEOJSON.name}?v={digest}"
