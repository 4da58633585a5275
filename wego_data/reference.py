"""Reference data shipped with the project: countries (GeoNames) and the world outline (Natural Earth)."""

from __future__ import annotations

import csv
import functools
import json
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "data" / "reference"


@functools.cache
def countries() -> dict[str, dict[str, str]]:
    """ISO3 -> {iso2, name_en, continent, wego_region, exception}; from GeoNames via tools/make_countries.py."""
    with (REFERENCE_DIR / "countries.csv").open(encoding="utf-8") as f:
        return {row["iso3"]: row for row in csv.DictReader(f)}


def region_of(iso3: str) -> str:
    return countries()[iso3]["wego_region"]


@functools.cache
def world_geojson() -> dict:
    """Natural Earth 1:110m country outlines (public domain), the offline basemap."""
    with (REFERENCE_DIR / "countries_110m.geojson").open(encoding="utf-8") as f:
        return json.load(f)
