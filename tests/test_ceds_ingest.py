"""The CeDS template (city_results.csv or .xlsx, docs/ceds-template.md) through validate and ingest (issue #11): good
files publish the scores the formula gives, computed here independently; each bad file gives its exact error and
publishes nothing."""

from __future__ import annotations

import collections
import datetime as dt
import math
import shutil
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest
from conftest import PROJECT, SOURCE, read_table, tree_digest, write_table
from maturity_data import ANSWERS, SCALE, WEIGHTS, add_ceds, configure

from wego_data import ingest, snapshots
from wego_data.schema import CITY_RESULTS
from wego_data.validate import validate_folder

NEWEST, AS_OF = "2025-11-01", dt.date(2025, 11, 1)
MATURITY_LEAVES = ("governance", "policy", "resources", "ict-network", "citizens", "service-infra")
SYSTEMS_LEAVES = ("e-admin", "e-life", "e-industry", "e-infra")
SAMPLE_WARNING = "spending within executed"


def expected_scores(rows: list[dict]) -> dict[tuple, float]:
    """The docs/ceds-template.md formula, applied to the template's rows: (member, edition, dimension or None) ->
    score rounded to 6 decimals; parents and the overall only where every part has a score."""
    by_leaf = collections.defaultdict(list)
    for r in rows:
        by_leaf[(r["member_id"], int(r["edition"]), r["dimension_id"])].append(r)
    leaf = {}
    for key, group in by_leaf.items():
        if group[0]["question_id"]:
            mean = math.fsum(float(r["score"]) for r in group) / len(group)
            leaf[key] = SCALE[0] + (mean - ANSWERS[0]) * (SCALE[1] - SCALE[0]) / (ANSWERS[1] - ANSWERS[0])
        else:
            leaf[key] = float(group[0]["score"])
    out = {}
    for member, edition in {(m, e) for m, e, _ in leaf}:
        parts = {}
        for parent, leaves in (("maturity", MATURITY_LEAVES), ("systems", SYSTEMS_LEAVES)):
            scores = [leaf.get((member, edition, d)) for d in leaves]
            if None not in scores:
                parts[parent] = math.fsum(WEIGHTS[d] * s for d, s in zip(leaves, scores)) / math.fsum(
                    WEIGHTS[d] for d in leaves
                )
        for (m, e, d), s in leaf.items():
            if (m, e) == (member, edition):
                computed = by_leaf[(m, e, d)][0]["question_id"] != ""
                out[(m, e, d)] = round(s, 6) if computed else s
        for parent, s in parts.items():
            out[(member, edition, parent)] = round(s, 6)
        if len(parts) == 2:
            overall = math.fsum(WEIGHTS[p] * parts[p] for p in parts) / math.fsum(WEIGHTS[p] for p in parts)
            out[(member, edition, None)] = round(overall, 6)
    return out


def published_scores(base, snapshot_id) -> dict[tuple, float]:
    """The CeDS scores of a published snapshot, read from its assessments parquet."""
    frame = pd.read_parquet(snapshots.get_snapshot(snapshot_id, base).table_path("assessments"))
    frame = frame[frame["framework_id"] == "ceds"]
    return {
        (r.subject, int(r.edition), None if pd.isna(r.dimension_id) else r.dimension_id): r.score
        for r in frame.itertuples()
    }


def to_xlsx(folder) -> None:
    """city_results.csv as the platform's workbook would hold it: numbers as numbers, dates as dates."""
    header, rows = read_table(folder, "city_results")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for r in rows:
        cells = dict(r)
        cells["edition"] = int(r["edition"])
        if r.get("score"):  # a header broken on purpose may have renamed it
            cells["score"] = float(r["score"])
        cells["assessed_on"] = dt.date.fromisoformat(r["assessed_on"]) if r["assessed_on"] else None
        sheet.append([cells[c] if cells[c] != "" else None for c in header])
    book.save(folder / "city_results.xlsx")
    (folder / "city_results.csv").unlink()


@pytest.fixture
def seeded(tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(SOURCE / NEWEST, folder)
    add_ceds(folder, AS_OF)
    return folder


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_good_template_publishes_the_formulas_scores(seeded, tmp_path, form):
    _, rows = read_table(seeded, "city_results")
    expected = expected_scores(rows)
    if form == "xlsx":
        to_xlsx(seeded)
    result = validate_folder(seeded)
    assert result.errors == []
    assert f"city_results.{form}" in result.inputs
    snap, _ = ingest.ingest(seeded, as_of=AS_OF, base=tmp_path / "data")
    got = published_scores(tmp_path / "data", snap.snapshot_id)
    assert got == expected
    # Seoul and an African member in every edition, overall scores among them; some parents with no data.
    editions = {e for _, e, _ in expected}
    assert len(editions) == 3
    assert {("seoul", e, None) for e in editions} <= got.keys()
    assert {("addis-ababa", e, None) for e in editions} <= got.keys()
    incomplete = [w for w in result.warnings if w.rule == "incomplete results"]
    assert incomplete and all((w.values["member"], w.values["edition"], None) not in got for w in incomplete)


def test_the_secretariats_commands_publish_a_template(seeded, tmp_path):
    validate = subprocess.run(
        [sys.executable, "-m", "wego_data", "validate", str(seeded)], capture_output=True, text=True, cwd=PROJECT
    )
    assert validate.returncode == 0, validate.stdout
    assert "0 error(s)" in validate.stdout
    target = tmp_path / "snapshots"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "wego_data",
            "ingest",
            str(seeded),
            "--as-of",
            AS_OF.isoformat(),
            "--snapshots",
            str(target),
        ],
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )
    assert run.returncode == 0, run.stderr
    assert f"published snapshot {NEWEST}" in run.stdout
    assert "[incomplete results]" in run.stdout


# ---- bad files: a small template, broken one way at a time

EDITION = "2024"


def small_template(folder) -> None:
    """Seoul with a score per dimension, Addis Ababa with answers for governance and scores elsewhere."""
    configure(folder)
    rows = []
    for member in ("seoul", "addis-ababa"):
        for i, dim in enumerate(MATURITY_LEAVES + SYSTEMS_LEAVES):
            base = dict(
                framework_id="ceds",
                member_id=member,
                edition=EDITION,
                assessed_on="2024-06-0" + str(1 + i % 9),
                dimension_id=dim,
                source="test template",
            )
            if member == "addis-ababa" and dim == "governance":
                rows += [dict(base, question_id=f"g{q}", score=str(q % 5)) for q in range(1, 4)]
            else:
                rows.append(dict(base, question_id="", score=str(40 + 3 * i)))
    write_table(folder, "city_results", list(CITY_RESULTS.column_names), rows)


@pytest.fixture
def small(tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(SOURCE / NEWEST, folder)
    small_template(folder)
    return folder


def test_the_small_template_gives_the_hand_computed_scores(small, tmp_path):
    """Addis Ababa's governance: answers 1, 2, 3 on 0–4, mean 2, so 50 on 0–100; its maturity the weighted mean."""
    result = validate_folder(small)
    assert result.errors == []
    frame = result.tables["assessments"]
    ceds = frame[frame["framework_id"] == "ceds"]
    addis = {r.dimension_id: r.score for r in ceds[ceds["subject"] == "addis-ababa"].itertuples()}
    assert addis["governance"] == 50.0
    scores = {"governance": 50.0, **{d: 40 + 3 * i for i, d in enumerate(MATURITY_LEAVES) if d != "governance"}}
    maturity = sum(WEIGHTS[d] * scores[d] for d in MATURITY_LEAVES) / sum(WEIGHTS[d] for d in MATURITY_LEAVES)
    assert addis["maturity"] == round(maturity, 6)
    assert len(ceds) == 2 * (10 + 2 + 1)
    assert set(ceds["published"]) == {False}
    seoul = ceds[ceds["subject"] == "seoul"]
    assert set(seoul["assessed_on"]) == {dt.date(2024, 6, 1 + i % 9) for i in range(10)}
    overall = seoul[seoul["dimension_id"].isna()].iloc[0]
    assert overall["assessed_on"] == dt.date(2024, 6, 9) and overall["source"] == "test template"


def test_a_city_missing_a_domain_has_no_systems_or_overall_score(small):
    header, rows = read_table(small, "city_results")
    write_table(
        small, "city_results", header, [r for r in rows if (r["member_id"], r["dimension_id"]) != ("seoul", "e-infra")]
    )
    result = validate_folder(small)
    assert result.errors == []
    seoul = {
        r.dimension_id
        for r in result.tables["assessments"].itertuples()
        if r.framework_id == "ceds" and r.subject == "seoul"
    }
    assert "maturity" in seoul and "systems" not in seoul and None not in seoul and len(seoul) == 9 + 1
    warning = next(w for w in result.warnings if w.rule == "incomplete results")
    assert warning.message == (
        "seoul 2024 ('ceds') has no result for e-infra, so 'systems' and the overall score have no score "
        "(no data, not zero)"
    )


def _rename_score(folder):
    header, rows = read_table(folder, "city_results")
    header[header.index("score")] = "value"
    write_table(
        folder,
        "city_results",
        header,
        [{**{k: v for k, v in r.items() if k != "score"}, "value": r["score"]} for r in rows],
    )
    return "city_results.csv", 1


def _edit(match, column, value, file="city_results.csv"):
    def breaker(folder):
        table = file.removesuffix(".csv")
        header, rows = read_table(folder, table)
        for index, row in enumerate(rows):
            if all(row[k] == v for k, v in match.items()):
                row[column] = value
                write_table(folder, table, header, rows)
                return file, index + 2
        raise AssertionError(match)

    return breaker


def _mixed(folder):
    header, rows = read_table(folder, "city_results")
    rows.append(dict(rows[0], member_id="addis-ababa", dimension_id="governance", question_id="", score="55"))
    write_table(folder, "city_results", header, rows)
    return "city_results.csv", len(rows) + 1


def _no_scale(folder):
    _edit({"framework_id": "ceds"}, "scale_min", "", "frameworks.csv")(folder)
    _edit({"framework_id": "ceds"}, "scale_max", "", "frameworks.csv")(folder)
    return "city_results.csv", 2


def _duplicate(folder):
    header, rows = read_table(folder, "assessments")
    rows.append(
        dict(
            framework_id="ceds",
            edition=EDITION,
            subject="seoul",
            dimension_id="",
            score="50",
            rank="",
            band="",
            assessed_on="",
            published="false",
            source="an earlier load",
        )
    )
    write_table(folder, "assessments", header, rows)
    return "city_results.csv", 2


BAD = [
    (
        "wrong header",
        _rename_score,
        "score",
        "required column",
        None,
        "the column 'score' is missing from the header; add it (docs/data.md, table city_results)",
    ),
    (
        "answer out of range",
        _edit({"member_id": "addis-ababa", "question_id": "g2"}, "score", "5"),
        "score",
        "answer range",
        "5",
        "an answer must lie within the answer scale of 'ceds', 0 to 4 (frameworks.csv)",
    ),
    (
        "unknown member",
        _edit({"member_id": "seoul", "dimension_id": "policy"}, "member_id", "atlantis"),
        "member_id",
        "reference",
        "atlantis",
        "'member_id' names no row of members (member_id)",
    ),
    (
        "non-leaf dimension",
        _edit({"member_id": "seoul", "dimension_id": "policy"}, "dimension_id", "maturity"),
        "dimension_id",
        "leaf dimension",
        "maturity",
        "'maturity' is made of other dimensions (governance, policy, resources, ict-network, citizens, "
        "service-infra): give the results of those, and the ingest computes 'maturity' from them",
    ),
    (
        "answers and a score",
        _mixed,
        "question_id",
        "answers or score",
        None,
        "addis-ababa 2024 'governance' has both a dimension score (this row, question_id empty) and answers to "
        "questions: give one or the other",
    ),
    (
        "no scale",
        _no_scale,
        "framework_id",
        "framework scale",
        "ceds",
        "'ceds' has no scale: set scale_min/scale_max in frameworks.csv (from the platform's scoring configuration) "
        "before loading its results",
    ),
    (
        "missing weight",
        _edit({"framework_id": "ceds", "dimension_id": "policy"}, "weight", "", "framework_dimensions.csv"),
        "weight",
        "weight",
        None,
        "'policy' of 'ceds' has no weight, which 'maturity' needs to be computed from city_results: set it from the "
        "platform's scoring configuration",
    ),
    (
        "already in assessments.csv",
        _duplicate,
        "member_id",
        "duplicate assessment",
        "ceds / 2024 / seoul / ",
        "seoul's 2024 overall score ('ceds') comes from this file and from assessments.csv row {last}: keep it in one "
        "of the two",
    ),
]


@pytest.mark.parametrize("form", ["csv", "xlsx"])
@pytest.mark.parametrize("case", BAD, ids=[c[0] for c in BAD])
def test_a_bad_template_gives_its_error_and_publishes_nothing(case, form, small, data_dir):
    _, breaker, column, rule, value, message = case
    file, row = breaker(small)
    message = message.format(last=len(read_table(small, "assessments")[1]) + 1)  # the row _duplicate added
    if form == "xlsx":
        to_xlsx(small)
        file = file.replace("city_results.csv", "city_results.xlsx")
    result = validate_folder(small)
    assert [(p.file, p.row, p.column, p.rule, p.value, p.message) for p in result.errors] == [
        (file, row, column, rule, value, message)
    ]
    before = tree_digest(data_dir / "snapshots")
    with pytest.raises(ingest.IngestError) as caught:
        ingest.ingest(small, as_of=AS_OF, snapshot_id=f"{NEWEST}-ceds", base=data_dir)
    assert [p.message for p in caught.value.problems if p.severity == "error"] == [message]
    assert tree_digest(data_dir / "snapshots") == before


def test_the_secretariats_validate_names_a_bad_template(small):
    _edit({"member_id": "addis-ababa", "question_id": "g2"}, "score", "5")(small)
    run = subprocess.run(
        [sys.executable, "-m", "wego_data", "validate", str(small)], capture_output=True, text=True, cwd=PROJECT
    )
    assert run.returncode == 2
    assert (
        "ERROR city_results.csv, row 13, column score: [answer range] an answer must lie within the answer scale of "
        "'ceds', 0 to 4 (frameworks.csv) (value: '5')"
    ) in run.stdout.splitlines()


def test_the_ceds_data_folder_carries_results_in_the_two_newest_snapshots(ceds_data_dir):
    """The fixture the maturity views test with: CeDS results (committee only) in the two newest samples."""
    samples = sorted(ingest.sample_sources(ceds_data_dir), key=lambda s: s["as_of"])
    for sample in samples:
        snap = snapshots.get_snapshot(sample["id"], ceds_data_dir)
        frame = pd.read_parquet(snap.table_path("assessments"))
        ceds = frame[frame["framework_id"] == "ceds"]
        if sample is samples[0]:
            assert ceds.empty
            continue
        as_of = dt.date.fromisoformat(sample["as_of"])
        overall = ceds[ceds["dimension_id"].isna()]
        assert set(overall["edition"]) == {as_of.year - 4, as_of.year - 2, as_of.year}
        for member in ("seoul", "addis-ababa"):
            assert set(overall[overall["subject"] == member]["edition"]) == set(overall["edition"])
        assert not ceds["published"].any()
