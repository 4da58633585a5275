"""The maturity tables in the contract (issue #11): the samples validate with them; each rule on frameworks, bands,
dimensions and assessments blocks a bad export with its exact message and publishes nothing; an export without the
four files, and a snapshot published before they existed, read them as empty."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from conftest import SOURCE, read_table, tree_digest, write_table
from maturity_data import configure

from wego_data import ingest, snapshots, warehouse
from wego_data.validate import validate_folder
from wego_data.warehouse import Warehouse

NEWEST = "2025-11-01"
MATURITY = ("frameworks", "framework_bands", "framework_dimensions", "assessments")
# What the sample exports warn about without any fault (tests/test_validate.py checks its text).
SAMPLE_WARNING = "spending within executed"


@pytest.fixture
def export(tmp_path):
    """A writable copy of the newest sample export, with the test CeDS configuration (tests/maturity_data.py)."""
    folder = tmp_path / "export"
    shutil.copytree(SOURCE / NEWEST, folder)
    configure(folder)
    return folder


def set_cell(folder, table, match, column, value) -> int:
    """Set one cell of the first row matching `match`; the row's number as a spreadsheet shows it."""
    header, rows = read_table(folder, table)
    for index, row in enumerate(rows):
        if all(row[k] == v for k, v in match.items()):
            row[column] = value
            write_table(folder, table, header, rows)
            return index + 2
    raise AssertionError(f"no row of {table} matches {match}")


def add_row(folder, table, **values) -> int:
    header, rows = read_table(folder, table)
    rows.append({c: values.get(c, "") for c in header})
    write_table(folder, table, header, rows)
    return len(rows) + 1


def copy_row(folder, table, match, **changes) -> int:
    header, rows = read_table(folder, table)
    row = next(r for r in rows if all(r[k] == v for k, v in match.items()))
    rows.append({**row, **changes})
    write_table(folder, table, header, rows)
    return len(rows) + 1


KOR_2024 = {"framework_id": "egdi", "edition": "2024", "subject": "KOR", "dimension_id": ""}
CEDS_ROW = dict(framework_id="ceds", edition="2024", dimension_id="", published="false", source="test")


def _no_ceds_scale(f):
    set_cell(f, "frameworks", {"framework_id": "ceds"}, "scale_min", "")
    set_cell(f, "frameworks", {"framework_id": "ceds"}, "scale_max", "")
    return add_row(f, "assessments", **CEDS_ROW, subject="seoul", score="50")


# (id, how to break the export (returns the row), file, column, rule, value, the exact message)
CASES = [
    (
        "overall twice",
        lambda f: copy_row(f, "assessments", KOR_2024, score="0.5"),
        "assessments.csv",
        "framework_id, edition, subject, dimension_id",
        "unique key",
        "egdi / 2024 / KOR / ",
        "the key (framework_id, edition, subject, dimension_id) repeats an earlier row",
    ),
    (
        "scale half given",
        lambda f: set_cell(f, "frameworks", {"framework_id": "egdi"}, "scale_max", ""),
        "frameworks.csv",
        "scale_max",
        "scale",
        "0",
        "'scale_min' and 'scale_max' go together: give both or neither",
    ),
    (
        "scale upside down",
        lambda f: set_cell(f, "frameworks", {"framework_id": "egdi"}, "scale_min", "1"),
        "frameworks.csv",
        "scale_max",
        "scale",
        "1",
        "'scale_max' must be greater than 'scale_min' (1)",
    ),
    (
        "answers half given",
        lambda f: set_cell(f, "frameworks", {"framework_id": "ceds"}, "answer_min", ""),
        "frameworks.csv",
        "answer_min",
        "answer scale",
        "4",
        "'answer_min' and 'answer_max' go together: give both or neither",
    ),
    (
        "answers upside down",
        lambda f: set_cell(f, "frameworks", {"framework_id": "ceds"}, "answer_min", "5"),
        "frameworks.csv",
        "answer_max",
        "answer scale",
        "4",
        "'answer_max' must be greater than 'answer_min' (5)",
    ),
    (
        "bands without a rule",
        lambda f: set_cell(f, "frameworks", {"framework_id": "egdi"}, "band_rule", ""),
        "frameworks.csv",
        "band_rule",
        "band rule",
        None,
        "the framework has bands in framework_bands.csv: set 'band_rule' (lower_inclusive or upper_inclusive) to say "
        "in which band a score on a boundary falls",
    ),
    (
        "a rule without bands",
        lambda f: set_cell(f, "frameworks", {"framework_id": "epart"}, "band_rule", "lower_inclusive"),
        "frameworks.csv",
        "band_rule",
        "band rule",
        "lower_inclusive",
        "the framework has no bands in framework_bands.csv: leave 'band_rule' empty, or add its bands",
    ),
    (
        "band seq gap",
        lambda f: set_cell(f, "framework_bands", {"band_id": "very-high"}, "seq", "5"),
        "framework_bands.csv",
        "seq",
        "band order",
        "5",
        "the bands of 'egdi' are numbered 1 to 4 without a gap or a repeat, lowest first: this band should be 4",
    ),
    (
        "band lower not increasing",
        lambda f: set_cell(f, "framework_bands", {"band_id": "high"}, "lower", "0.2"),
        "framework_bands.csv",
        "lower",
        "band bounds",
        "0.2",
        "'lower' must be greater than that of the band before it ('middle', 0.25): each band starts above the one "
        "below",
    ),
    (
        "band beyond the scale",
        lambda f: set_cell(f, "framework_bands", {"band_id": "level-4"}, "lower", "150"),
        "framework_bands.csv",
        "lower",
        "band bounds",
        "150",
        "'lower' must lie within the scale of 'ceds', 0 to 100 (frameworks.csv)",
    ),
    (
        "lowest band above the minimum",
        lambda f: set_cell(f, "framework_bands", {"band_id": "low"}, "lower", "0.1"),
        "framework_bands.csv",
        "lower",
        "band bounds",
        "0.1",
        "the lowest band of 'egdi' must start at the scale's minimum, 0 (frameworks.csv, scale_min)",
    ),
    (
        "dimension loop",
        lambda f: set_cell(f, "framework_dimensions", {"dimension_id": "maturity"}, "parent_id", "governance"),
        "framework_dimensions.csv",
        "parent_id",
        "dimension cycle",
        "governance",
        "the parents of 'ceds' dimensions make a loop (maturity → governance → maturity): a dimension cannot be part "
        "of itself; fix 'parent_id'",
    ),
    (
        "parent in another framework",
        lambda f: set_cell(f, "framework_dimensions", {"dimension_id": "governance"}, "parent_id", "osi"),
        "framework_dimensions.csv",
        "parent_id",
        "reference",
        "ceds / osi",
        "'parent_id' names no row of framework_dimensions (framework_id, dimension_id)",
    ),
    (
        "city subject not a member",
        lambda f: add_row(f, "assessments", **CEDS_ROW, subject="atlantis", score="50"),
        "assessments.csv",
        "subject",
        "subject",
        "atlantis",
        "'ceds' assesses cities: 'subject' must be a member_id of members.csv",
    ),
    (
        "country subject not ISO3",
        lambda f: set_cell(f, "assessments", KOR_2024, "subject", "Korea"),
        "assessments.csv",
        "subject",
        "subject",
        "Korea",
        "'egdi' assesses countries: 'subject' must be an ISO 3166-1 alpha-3 code, e.g. KOR",
    ),
    (
        "country subject an unknown code",
        lambda f: set_cell(f, "assessments", KOR_2024, "subject", "KRO"),
        "assessments.csv",
        "subject",
        "subject",
        "KRO",
        "'egdi' assesses countries: 'KRO' is not an ISO 3166-1 alpha-3 country code known to GeoNames "
        "(data/reference/countries.csv); check the country's code",
    ),
    (
        "score without a scale",
        _no_ceds_scale,
        "assessments.csv",
        "score",
        "score scale",
        "50",
        "'ceds' has no scale: set scale_min/scale_max in frameworks.csv before giving scores",
    ),
    (
        "score beyond the scale",
        lambda f: set_cell(f, "assessments", KOR_2024, "score", "1.5"),
        "assessments.csv",
        "score",
        "score range",
        "1.5",
        "'score' must lie within the scale of 'egdi', 0 to 1 (frameworks.csv)",
    ),
    (
        "unknown band",
        lambda f: set_cell(f, "assessments", KOR_2024, "band", "level-4"),
        "assessments.csv",
        "band",
        "band",
        "level-4",
        "'band' names no band of 'egdi' in framework_bands.csv (low, middle, high, very-high)",
    ),
    (
        "band against the score",
        lambda f: set_cell(f, "assessments", KOR_2024, "band", "high"),
        "assessments.csv",
        "band",
        "band",
        "high",
        "a score of 0.96789 falls in the band 'very-high' by the framework's band_rule (lower_inclusive), not 'high'; "
        "correct the band or leave it empty",
    ),
    (
        "published differs",
        lambda f: set_cell(f, "assessments", KOR_2024, "published", "false"),
        "assessments.csv",
        "published",
        "published",
        "false",
        "'published' must equal the framework's flag in frameworks.csv (true): only the committee sees results that "
        "are not published",
    ),
    (
        "rank without a score",
        lambda f: set_cell(f, "assessments", KOR_2024, "score", ""),
        "assessments.csv",
        "rank",
        "rank",
        "4",  # the Republic of Korea's 2024 rank
        "a rank without a score: give the score, or leave 'rank' empty where there is no data",
    ),
]


def test_the_samples_validate_with_the_maturity_tables():
    for sample in ingest.sample_sources():
        result = validate_folder(SOURCE / sample["id"])
        assert result.errors == [], sample["id"]
        assert [p.rule for p in result.warnings] == [SAMPLE_WARNING]
        assert len(result.tables["assessments"]) > 1000  # the EGDI of every member's country


def test_the_test_configuration_is_valid(export):
    result = validate_folder(export)
    assert result.errors == []
    assert [p.rule for p in result.warnings] == [SAMPLE_WARNING]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_maturity_rule_blocks_with_its_message(case, export, data_dir):
    _, breaker, file, column, rule, value, message = case
    row = breaker(export)
    result = validate_folder(export)
    assert [(p.file, p.row, p.column, p.rule, p.value, p.message) for p in result.errors] == [
        (file, row, column, rule, value, message)
    ]
    before = tree_digest(data_dir / "snapshots")
    with pytest.raises(ingest.IngestError) as caught:
        ingest.ingest(export, as_of=dt.date(2025, 11, 2), base=data_dir)
    assert [p.message for p in caught.value.problems if p.severity == "error"] == [message]
    assert tree_digest(data_dir / "snapshots") == before


@pytest.mark.parametrize(
    ("rule", "band", "errors"),
    [
        ("lower_inclusive", "very-high", []),
        ("lower_inclusive", "high", ["'very-high'"]),
        ("upper_inclusive", "high", []),
        ("upper_inclusive", "very-high", ["'high'"]),
    ],
)
def test_a_score_on_a_boundary_falls_by_the_band_rule(export, rule, band, errors):
    set_cell(export, "frameworks", {"framework_id": "egdi"}, "band_rule", rule)
    set_cell(export, "assessments", KOR_2024, "score", "0.75")
    set_cell(export, "assessments", KOR_2024, "band", band)
    found = [p.message for p in validate_folder(export).errors]
    assert len(found) == len(errors)
    for message, expected in zip(found, errors, strict=True):
        assert f"falls in the band {expected}" in message


def test_a_dimension_score_and_no_data_are_not_duplicates(export):
    """The overall row (dimension_id empty) and a dimension's row of one subject are two keys; so are two subjects'
    overall rows: only a repeated overall row of one subject is a repeat."""
    add_row(export, "assessments", **CEDS_ROW, subject="seoul", score="50")
    add_row(export, "assessments", **{**CEDS_ROW, "dimension_id": "governance"}, subject="seoul", score="60")
    add_row(export, "assessments", **CEDS_ROW, subject="addis-ababa")  # not assessed: no data
    assert validate_folder(export).errors == []


# ---- an export, and a snapshot, from before the maturity tables

COUNTS_SQL = """
select 'frameworks' as table_name, count(*) as row_count from wego_frameworks($frameworks, $audience, $as_of)
union all
select 'framework_bands', count(*) from wego_framework_bands($framework_bands, $audience, $as_of)
union all
select 'framework_dimensions', count(*) from wego_framework_dimensions($framework_dimensions, $audience, $as_of)
union all
select 'assessments', count(*) from wego_assessments($assessments, $audience, $as_of)
"""


@pytest.fixture
def counting(tmp_path, monkeypatch):
    """A query that counts the maturity tables' rows, run through Warehouse.query as a page's queries are."""
    folder = tmp_path / "sql"
    shutil.copytree(warehouse.SQL_DIR, folder)  # the dashboard's queries, and this one
    (folder / "maturity_counts_test.sql").write_text(COUNTS_SQL + "\n", encoding="utf-8")
    monkeypatch.setattr(warehouse, "SQL_DIR", folder)
    warehouse.load_sql.cache_clear()
    yield lambda wh, snapshot_id: dict(wh.query("maturity_counts_test", snapshot_id).itertuples(index=False))
    warehouse.load_sql.cache_clear()


def test_an_export_without_the_maturity_files_publishes_them_empty(tmp_path, counting):
    folder = tmp_path / "export"
    shutil.copytree(SOURCE / NEWEST, folder)
    for name in MATURITY:
        (folder / f"{name}.csv").unlink()
    result = validate_folder(folder)
    assert result.errors == []
    snap, _ = ingest.ingest(folder, as_of=dt.date(2025, 11, 1), base=tmp_path / "data")
    assert {name: snap.row_counts[name] for name in MATURITY} == dict.fromkeys(MATURITY, 0)
    wh = Warehouse(tmp_path / "data", audience="committee")
    try:
        assert counting(wh, snap.snapshot_id) == dict.fromkeys(MATURITY, 0)
        members = wh.query(
            "members", snap.snapshot_id, excom_only=False, member_type=None, region=None, search=None, status=None
        )
        assert len(members) == len(result.tables["members"])
    finally:
        wh.close()


def test_a_snapshot_from_before_the_maturity_tables_is_good_and_reads_them_empty(data_dir, tmp_path, counting):
    copy = tmp_path / "data" / "snapshots"
    shutil.copytree(data_dir / "snapshots" / NEWEST, copy / NEWEST)
    manifest_path = copy / NEWEST / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for name in MATURITY:
        del manifest["row_counts"][name]
        del manifest["checksums"][name]
        (copy / NEWEST / f"{name}.parquet").unlink()
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")

    scanned = snapshots.scan(tmp_path / "data")
    assert [s.snapshot_id for s in scanned.good] == [NEWEST] and scanned.unusable == []
    wh = Warehouse(tmp_path / "data", audience="committee")
    try:
        assert counting(wh, NEWEST) == dict.fromkeys(MATURITY, 0)
    finally:
        wh.close()
    # the published one, untouched, reads its rows
    wh = Warehouse(data_dir, audience="committee")
    try:
        assert counting(wh, NEWEST)["assessments"] == manifest_row_count(data_dir, "assessments") > 1000
    finally:
        wh.close()


def manifest_row_count(data_dir, table) -> int:
    manifest = json.loads((data_dir / "snapshots" / NEWEST / "manifest.json").read_text(encoding="utf-8"))
    return manifest["row_counts"][table]


def test_a_component_outside_the_scale_is_kept_with_a_warning(export):
    """The UN's 2003 HCI of Micronesia is 1.422 on a 0-1 index: a member there must not block the export, and the
    value is kept as published, with a warning that names it; an overall score outside the scale still blocks."""
    row = set_cell(export, "assessments", {**KOR_2024, "dimension_id": "hci"}, "score", "1.422")
    result = validate_folder(export)
    assert result.error_count == 0
    warned = [p for p in result.warnings if p.rule == "score range"]
    assert [(p.file, p.row, p.column, p.value) for p in warned] == [("assessments.csv", row, "score", "1.422")]
    assert warned[0].message == (
        "KOR 2024: the hci score 1.422 lies outside the scale of 'egdi' (0 to 1); kept as the source gives it"
    )
    hci = result.tables["assessments"]
    assert (
        hci[(hci["subject"] == "KOR") & (hci["edition"] == 2024) & (hci["dimension_id"] == "hci")]["score"].iloc[0]
        == 1.422
    )
    set_cell(export, "assessments", KOR_2024, "score", "1.2")
    assert [p.rule for p in validate_folder(export).errors] == ["score range"]
