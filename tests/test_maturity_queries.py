"""The digital-maturity queries (issue #11) against figures computed another way: the UN's published EGDI read
straight from data/reference/egdi/egdi.csv, band counts counted in pandas from the snapshot's parquet files."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from wego_data import egdi, queries
from wego_data.warehouse import Warehouse

NEWEST, OLDEST = "2025-11-01", "2016-04-26"
EGDI_CSV = Path(__file__).resolve().parents[1] / "data" / "reference" / "egdi" / "egdi.csv"


@pytest.fixture(scope="module")
def wh(data_dir):
    w = Warehouse(data_dir, audience="public")
    yield w
    w.close()


def _seoul(wh, snapshot=NEWEST) -> pd.DataFrame:
    frame = queries.maturity_scores(wh, snapshot, "egdi", member="seoul")
    return frame[frame["dimension_id"].isna()].set_index("edition")


def test_korea_egdi_rank_one_in_2010_2012_2014_and_value_2024(wh):
    seoul = _seoul(wh)
    assert seoul.loc[[2010, 2012, 2014], "rank"].tolist() == [1, 1, 1]
    assert seoul.loc[2024, "score"] == pytest.approx(0.96789, abs=0)
    assert seoul.loc[2024, "band_id"] == "very-high"
    assert seoul.loc[2024, "country_iso3"] == "KOR"


def test_every_published_value_of_every_member_country_is_read_back_unchanged(wh, data_dir):
    """Each overall and component score of each member's country in each edition equals the UN's string."""
    un = pd.read_csv(EGDI_CSV, dtype=str, keep_default_na=False)
    un = un.set_index(["edition", "country_iso3"])
    scores = queries.maturity_scores(wh, NEWEST, "egdi")
    assert not scores.empty
    checked = 0
    for row in scores.itertuples():
        published = (
            un.loc[(str(row.edition), row.country_iso3)] if (str(row.edition), row.country_iso3) in un.index else None
        )
        column = "egdi" if pd.isna(row.dimension_id) else row.dimension_id
        if published is None or not published["egdi_rank"]:
            assert pd.isna(row.score), f"{row.member_id} {row.edition}: no UN score, so no data (not zero)"
            continue
        assert row.score == float(published[column]), (row.member_id, row.edition, column)
        if column == "egdi":
            assert row.rank == int(published["egdi_rank"])
        checked += 1
    assert checked > 2000


def test_a_snapshot_carries_only_the_editions_published_by_its_date(wh):
    assert _seoul(wh, OLDEST).index.max() == 2014
    assert _seoul(wh, "2016-10-11-excom").index.max() == 2016
    assert _seoul(wh).index.max() == 2024
    assert egdi.published(2016, dt.date(2016, 7, 31)) and not egdi.published(2016, dt.date(2016, 7, 30))


@pytest.mark.parametrize("snapshot", [OLDEST, NEWEST])
def test_the_city_pickers_offer_each_member_scored_in_any_edition_once(wh, data_dir, snapshot):
    """Counted from the parquet files: active cities, regions and districts whose country has an overall EGDI in
    some edition (Hong Kong, which the UN does not rate, is not offered)."""
    folder = data_dir / "snapshots" / snapshot
    members = pd.read_parquet(folder / "members.parquet")
    members = members[(members["status"] == "active") & members["kind"].isin(["city", "region", "district"])]
    found = pd.read_parquet(folder / "assessments.parquet")
    rated = set(
        found.loc[(found["framework_id"] == "egdi") & found["dimension_id"].isna() & found["score"].notna(), "subject"]
    )
    expected = sorted(members.loc[members["country_iso3"].isin(rated), "member_id"])
    offered = queries.maturity_scored_members(wh, snapshot, "egdi")
    assert sorted(offered["member_id"]) == expected
    assert offered["member_id"].is_unique and "hong-kong" in set(members["member_id"]) - set(expected)


def _band_by_hand(score: float) -> str | None:
    """The four UN groups with the dashboard's boundary rule (a boundary counts in the group above), written out."""
    if pd.isna(score):
        return None
    if score >= 0.75:
        return "very-high"
    if score >= 0.5:
        return "high"
    if score >= 0.25:
        return "middle"
    return "low"


@pytest.mark.parametrize("snapshot,edition", [(NEWEST, 2024), (NEWEST, 2003), (OLDEST, 2014)])
def test_members_per_band_and_region_counted_independently(wh, data_dir, snapshot, edition):
    folder = data_dir / "snapshots" / snapshot
    members = pd.read_parquet(folder / "members.parquet")
    members = members[(members["status"] == "active") & members["kind"].isin(["city", "region", "district"])]
    scores = pd.read_parquet(folder / "assessments.parquet")
    overall = scores[
        (scores["framework_id"] == "egdi") & (scores["edition"] == edition) & scores["dimension_id"].isna()
    ].set_index("subject")["score"]
    expected: dict[tuple[str, str | None], int] = {}
    for member in members.itertuples():
        band = _band_by_hand(overall.get(member.country_iso3, float("nan")))
        expected[(member.region, band)] = expected.get((member.region, band), 0) + 1
    counts = queries.maturity_band_counts(wh, snapshot, "egdi", edition)
    got = {(r.region, None if pd.isna(r.band_id) else r.band_id): int(r.members) for r in counts.itertuples()}
    assert got == expected
    regions = list(dict.fromkeys(counts["region"]))
    order = ["Asia", "Africa", "Europe", "Americas", "Middle East", "Oceania"]
    assert regions == [r for r in order if r in regions]


def test_no_data_is_named_not_zero(wh):
    scores = queries.maturity_scores(wh, NEWEST, "egdi", 2024)
    overall = scores[scores["dimension_id"].isna()]
    missing = overall[overall["score"].isna()]
    assert missing["member_id"].tolist() == ["hong-kong"]  # not a UN member state: the UN gives it no index
    assert (overall["score"].dropna() > 0).all()


def test_averages_equal_the_mean_of_the_members_scores(wh):
    scores = queries.maturity_scores(wh, NEWEST, "egdi", 2024)
    averages = queries.maturity_averages(wh, NEWEST, "egdi", 2024)
    for (region, dim), row in averages.set_index(["region", "dimension_id"], drop=False).iterrows():
        mine = scores[scores["dimension_id"].isna() if pd.isna(dim) else scores["dimension_id"] == dim]
        if not pd.isna(region):
            mine = mine[mine["region"] == region]
        assert row["average"] == pytest.approx(mine["score"].dropna().mean(), rel=1e-12)
        assert row["members_scored"] == mine["score"].notna().sum()


def test_frameworks_and_their_structure(wh):
    frameworks = queries.maturity_frameworks(wh, NEWEST).set_index("framework_id")
    assert frameworks.loc["egdi", "editions"] == 12 and frameworks.loc["egdi", "latest_edition"] == 2024
    assert frameworks.loc["ceds", "editions"] == 0  # no invented CeDS results in the sample
    assert not frameworks.loc["egdi", "comparable"]
    bands = queries.maturity_bands(wh, NEWEST, "egdi")
    assert bands["band_id"].tolist() == ["low", "middle", "high", "very-high"]
    assert bands["upper"].tolist() == [0.25, 0.5, 0.75, 1.0]
    dims = queries.maturity_dimensions(wh, NEWEST, "ceds")
    assert dims[dims["top_level"]]["dimension_id"].tolist() == ["maturity", "systems"]
    assert dims.groupby("parent_id").size().to_dict() == {"maturity": 6, "systems": 4}


def test_distribution_quartiles(wh):
    dist = queries.maturity_distribution(wh, NEWEST, "egdi").set_index(["region", "edition"])
    scores = queries.maturity_scores(wh, NEWEST, "egdi", 2024)
    africa = scores[scores["dimension_id"].isna() & (scores["region"] == "Africa")]["score"].dropna()
    row = dist.loc[("Africa", 2024)]
    assert row["members_scored"] == len(africa)
    assert row["median"] == pytest.approx(africa.median())
    assert row["q1"] == pytest.approx(africa.quantile(0.25)) and row["q3"] == pytest.approx(africa.quantile(0.75))


def test_the_sample_exports_match_the_reference_file(tmp_path):
    """data/source/*/assessments.csv is what `python -m wego_data egdi` writes today: no hand edit, no drift."""
    source = Path(__file__).resolve().parents[1] / "data" / "source"
    with (source / "samples.json").open(encoding="utf-8") as f:
        import json

        samples = json.load(f)
    for sample in samples:
        folder = tmp_path / sample["id"]
        folder.mkdir()
        (folder / "members.csv").write_bytes((source / sample["id"] / "members.csv").read_bytes())
        egdi.write_folder(folder, dt.date.fromisoformat(sample["as_of"]))
        for name in ("frameworks", "framework_bands", "framework_dimensions", "assessments"):
            assert (folder / f"{name}.csv").read_bytes() == (source / sample["id"] / f"{name}.csv").read_bytes(), (
                sample["id"],
                name,
            )


def test_an_unknown_framework_reads_nothing(wh):
    assert queries.maturity_scores(wh, NEWEST, "x'; drop table members; --", 2024)["score"].isna().all()
    assert queries.maturity_editions(wh, NEWEST, "nope").empty


def test_the_reference_csv_is_the_shared_one():
    with EGDI_CSV.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 2316 and {r["edition"] for r in rows} == {
        "2003",
        "2004",
        "2005",
        "2008",
        "2010",
        "2012",
        "2014",
        "2016",
        "2018",
        "2020",
        "2022",
        "2024",
    }


def test_ceds_results_are_the_committees(ceds_data_dir):
    """CeDS results (published=false) reach a committee reader and no public query: the contract's audience rule."""
    committee = Warehouse(ceds_data_dir, audience="committee")
    public = committee.for_audience("public")
    try:
        for wh, scored in ((committee, True), (public, False)):
            frameworks = queries.maturity_frameworks(wh, NEWEST).set_index("framework_id")
            assert bool(frameworks.loc["ceds", "editions"] > 0) == scored
            scores = queries.maturity_scores(wh, NEWEST, "ceds", member="seoul")
            assert bool(scores["score"].notna().any()) == scored
            edition = int(
                queries.maturity_frameworks(committee, NEWEST).set_index("framework_id").loc["ceds", "latest_edition"]
            )
            averages = queries.maturity_averages(wh, NEWEST, "ceds", edition)
            assert (not averages.empty) == scored
            assert queries.maturity_distribution(wh, NEWEST, "ceds").empty != scored
            counts = queries.maturity_band_counts(wh, NEWEST, "ceds", edition)
            assert bool(counts["band_id"].notna().any()) == scored
            assert (not queries.maturity_scored_members(wh, NEWEST, "ceds").empty) == scored
    finally:
        committee.close()
