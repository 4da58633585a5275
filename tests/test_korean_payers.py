"""Who a program works with and who pays, in Korean (issue #10): programs.partner_ko and funded_by_ko and
spending.paid_by_ko, every name sourced in data/reference/names_ko.csv; 'wego' there is a code the catalog names."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from conftest import PROJECT, SOURCE, read_table, write_table

from wego_data import diff, queries
from wego_data.validate import validate_folder
from wego_view import blocks, figures, i18n, sections
from wego_view.context import SnapshotInfo, ViewContext

NEWEST = "2025-11-01"
NAMES_KO = PROJECT / "data" / "reference" / "names_ko.csv"
# (table, English column, Korean column): a name, or '; '-separated names, with the Korean in the same order
PAIRS = (
    ("programs", "partner", "partner_ko"),
    ("programs", "funded_by", "funded_by_ko"),
    ("spending", "paid_by", "paid_by_ko"),
)


def organizations() -> dict[str, dict]:
    with NAMES_KO.open(encoding="utf-8", newline="") as f:
        return {r["name_en"]: r for r in csv.DictReader(f) if r["kind"] == "organization"}


@pytest.mark.parametrize("snapshot", sorted(p.name for p in SOURCE.iterdir() if p.is_dir()))
def test_every_sample_partner_and_payer_has_its_sourced_korean_name(snapshot):
    known = organizations()
    report = (PROJECT / "data" / "reference" / "seed" / "wego-2016-council-report.ko.txt").read_text(encoding="utf-8")
    checked = 0
    for table, english, korean in PAIRS:
        for row in read_table(SOURCE / snapshot, table)[1]:
            if not row[english] or row[english] == "wego":
                assert not row[korean], (table, row)  # 'wego' is named by the catalog, an empty cell by nothing
                continue
            names = row[english].split("; ")
            assert row[korean].split("; ") == [known[n]["name_ko"] for n in names], (table, row)
            for name in names:
                if known[name]["source"].startswith("report:"):
                    assert known[name]["name_ko"] in report, known[name]
            checked += len(names)
    assert checked >= 6, "the samples name partners and payers: the test would prove nothing"


def test_a_payer_without_its_korean_name_is_a_warning_and_wego_is_not(tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    for path in (SOURCE / NEWEST).iterdir():
        (export / path.name).write_bytes(path.read_bytes())
    header, rows = read_table(export, "programs")
    paid = next(i for i, r in enumerate(rows) if r["funded_by"] != "wego")
    rows[paid]["funded_by_ko"] = ""
    write_table(export, "programs", header, rows)
    header, spending = read_table(export, "spending")
    write_table(
        export,
        "spending",
        [h for h in header if h != "paid_by_ko"],
        [{k: v for k, v in r.items() if k != "paid_by_ko"} for r in spending],
    )

    result = validate_folder(export)
    assert result.errors == []
    korean = [(p.file, p.row, p.column, p.value) for p in result.warnings if p.rule == "korean name"]
    # the payer named by a body, not the rows WeGO pays for ('wego' is a code): one warning each
    others = [(i + 2, r["paid_by"]) for i, r in enumerate(spending) if r["paid_by"] != "wego"]
    assert others and len(others) < len(spending)
    assert sorted(korean) == sorted(
        [("programs.csv", paid + 2, "funded_by_ko", rows[paid]["funded_by"])]
        + [("spending.csv", row, "paid_by_ko", name) for row, name in others]
    )
    [absent] = [p for p in result.warnings if p.rule == "added column"]
    assert (absent.file, absent.column) == ("spending.csv", "paid_by_ko")


def contexts(wh, lang: str) -> dict[str, ViewContext]:
    known = tuple(SnapshotInfo(s.snapshot_id, s.as_of, s.label, s.label_ko) for s in reversed(wh.snapshots()))

    def query(name, sid, **params):
        return getattr(queries, name)(wh, sid, **params)

    return {
        s.snapshot_id: ViewContext(
            s, lang, "thousand", query, lambda a, b: diff.diff(wh, a, b), known, audience="committee"
        )
        for s in known
    }


def table(built: list, prefix: str) -> pd.DataFrame:
    [found] = [b for b in blocks.walk(built) if isinstance(b, blocks.Table) and b.name.startswith(prefix)]
    return found.text


@pytest.mark.parametrize(
    ("lang", "partners", "payer", "wego", "paid_by"),
    [
        ("ko", "서울시 인재개발원; 한국정보화진흥원", "서울시 인재개발원", "WeGO 예산", "서울시 인재개발원"),
        (
            "en",
            "Seoul HRD Center; NIA",
            "Seoul Human Resource Development Center",
            "WeGO budget",
            "Seoul Human Resource Development Center",
        ),
    ],
)
def test_the_budget_page_names_partners_and_payers_in_its_language(warehouse, lang, partners, payer, wego, paid_by):
    built = sections.build("budget", contexts(warehouse, lang)[NEWEST])
    plan = table(built, "wego-programs-")
    by_program = {p.split(" ")[0]: r for p, r in zip(plan["program"], plan.to_dict("records"))}
    assert (by_program["3-1"]["partner"], by_program["3-1"]["funded_by"]) == (partners, payer)
    assert by_program["2-2"]["partner"] == (
        "서울시; UN ESCAP(UN 아시아태평양 경제사회위원회)"
        if lang == "ko"
        else "Seoul Metropolitan Government; UN ESCAP"
    )
    assert (by_program["2-1"]["partner"], by_program["2-1"]["funded_by"]) == ("–", wego)
    activities = table(built, "wego-activities-")
    assert sorted(set(activities["paid_by"])) == sorted({wego, paid_by})


def plan_frame(**korean) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "program_id": ["2016-1-1", "2016-3-1"],
            "area": [1, 3],
            "name_en": ["Forum", "Training"],
            "name_ko": ["포럼", "교육"],
            "budget_krw": [10_000_000, 14_000_000],
            "is_wego_funded": [True, False],
            "funded_by": ["wego", "Seoul Human Resource Development Center"],
            **korean,
        }
    )


@pytest.mark.parametrize(
    ("korean", "lang", "payer"),
    [
        ({"funded_by_ko": [None, "서울시 인재개발원"]}, "ko", "서울시 인재개발원"),
        ({"funded_by_ko": [None, "서울시 인재개발원"]}, "en", "Seoul Human Resource Development Center"),
        # a snapshot without the Korean name (or a frame without the column) shows the English one
        ({"funded_by_ko": [None, None]}, "ko", "Seoul Human Resource Development Center"),
        ({}, "ko", "Seoul Human Resource Development Center"),
    ],
)
def test_the_plan_chart_hover_names_who_pays(korean, lang, payer):
    t = i18n.translator(lang)
    fig = figures.program_plan(plan_frame(**korean), 2016, "thousand", lang, t)
    hovers = {trace.name: [c[1] for c in trace.customdata] for trace in fig.data}
    assert hovers == {t("funding.wego"): [t("funding.wego")], t("funding.external"): [payer]}
