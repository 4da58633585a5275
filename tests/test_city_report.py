"""The city diagnosis report (issue #11): its PDF read back with pypdf, its XLSX with openpyxl, the command line's
errors; every figure checked against values computed here from the snapshot's parquet files."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import PROJECT, pdf_reader

from wego_brief import ChoiceError, build_city_report
from wego_view import city_report, fmt
from wego_view.i18n import CATALOG, country

NEWEST = "2025-11-01"
EDITION = 2024  # the newest EGDI edition the sample's newest snapshot carries (its as-of is after it)
ARTIFACTS = PROJECT / "artifacts"


class Text(str):
    """Text with its whitespace dropped (pypdf guesses spaces from glyph positions), answering `phrase in text` for a
    phrase with its whitespace dropped, as tests/test_brief.py reads the pack."""

    def __new__(cls, text: str):
        return super().__new__(cls, "".join(text.split()))

    def __contains__(self, phrase) -> bool:
        return str.__contains__(self, "".join(str(phrase).split()))


def pages(pdf: bytes) -> list[Text]:
    return [Text(page.extract_text()) for page in pdf_reader(pdf).pages]


def t(lang: str, key: str, **values) -> str:
    text = CATALOG[key][lang]
    return text.format(**values) if values else text


# ---- the figures, straight from the parquet files -----------------------------------------------------------------


def table(base: Path, snapshot: str, name: str) -> pd.DataFrame:
    return pd.read_parquet(base / "snapshots" / snapshot / f"{name}.parquet")


def as_of(base: Path, snapshot: str) -> str:
    return json.loads((base / "snapshots" / snapshot / "manifest.json").read_text())["as_of"]


def scores_by_member(base: Path, snapshot: str, framework: str, edition: int) -> pd.DataFrame:
    """Each active city/region/district member's scores (one column per dimension, "" the overall), by the subject
    the framework scores (the member itself, or its country)."""
    members = table(base, snapshot, "members")
    members = members[(members["status"] == "active") & members["kind"].isin(["city", "region", "district"])]
    frameworks = table(base, snapshot, "frameworks").set_index("framework_id")
    level = frameworks.loc[framework, "level"]
    found = table(base, snapshot, "assessments")
    found = found[(found["framework_id"] == framework) & (found["edition"] == edition)]
    wide = found.assign(dimension=found["dimension_id"].fillna("")).pivot_table(
        index="subject", columns="dimension", values="score", aggfunc="first"
    )
    subject = members["member_id"] if level == "city" else members["country_iso3"]
    out = wide.reindex(subject.to_numpy())
    out.index = members["member_id"].to_numpy()
    out["region"] = members["region"].to_numpy()
    return out


def four(value: float) -> str:
    """A 0-1 score as the page prints it: four decimals (the same digits in English and Korean)."""
    return f"{value:.4f}"


def dimension_names(base: Path, snapshot: str, framework: str, lang: str) -> dict[str, str]:
    dims = table(base, snapshot, "framework_dimensions")
    dims = dims[dims["framework_id"] == framework]
    return dict(zip(dims["dimension_id"], dims[f"name_{lang}"], strict=True))


# ---- the PDFs: each built once for the module ---------------------------------------------------------------------


def _build(warehouse, member: str, lang: str, framework: str = "egdi", edition: int | None = EDITION) -> bytes:
    pdf = build_city_report(warehouse, NEWEST, lang, member, framework, edition)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"city-report-{member}-{framework}-{lang}.pdf").write_bytes(pdf)
    return pdf


@pytest.fixture(scope="module")
def seoul_en(warehouse) -> bytes:
    return _build(warehouse, "seoul", "en")


@pytest.fixture(scope="module")
def seoul_ko(warehouse) -> bytes:
    return _build(warehouse, "seoul", "ko")


@pytest.fixture(scope="module")
def addis_en(warehouse) -> bytes:
    return _build(warehouse, "addis-ababa", "en")


@pytest.fixture(scope="module")
def addis_ko(warehouse) -> bytes:
    return _build(warehouse, "addis-ababa", "ko")


@pytest.fixture(scope="module")
def hong_kong_en(warehouse) -> bytes:
    return _build(warehouse, "hong-kong", "en")


@pytest.fixture
def reports(request):
    """The module's PDFs by name, built only when a test asks for them."""
    return lambda name: request.getfixturevalue(name)


CASES = [
    ("seoul_en", "seoul", "en"),
    ("seoul_ko", "seoul", "ko"),
    ("addis_en", "addis-ababa", "en"),
    ("addis_ko", "addis-ababa", "ko"),
]


@pytest.mark.parametrize(("fixture", "member", "lang"), CASES)
def test_names_the_city_framework_edition_and_place(reports, data_dir, fixture, member, lang):
    first = pages(reports(fixture))[0]
    members = table(data_dir, NEWEST, "members").set_index("member_id")
    frameworks = table(data_dir, NEWEST, "frameworks").set_index("framework_id")
    assert t(lang, "report.title") in first
    assert members.loc[member, f"name_{lang}"] in first
    assert frameworks.loc["egdi", f"name_{lang}"] in first
    assert t(lang, "report.edition_year", edition=EDITION) in first
    assert t(lang, f"region.{members.loc[member, 'region']}") in first
    # A country framework says plainly that the city reads its country's score, and the caveat of the UN's own.
    assert frameworks.loc["egdi", f"caveat_{lang}"] in first
    said = t(
        lang,
        "report.country_level",
        framework=frameworks.loc["egdi", f"name_{lang}"],
        city=members.loc[member, f"name_{lang}"],
        country=country(members.loc[member, "country_iso3"], lang),
    )
    assert said in first


@pytest.mark.parametrize(("fixture", "member", "lang"), CASES)
def test_scores_and_averages_are_the_parquet_figures(reports, data_dir, fixture, member, lang):
    """Each dimension's row reads: its name, the city's score, the members' average, the region's average, the gap,
    as four-decimal numbers equal to the means computed here (a country once per member in it)."""
    text = Text("".join(pages(reports(fixture))))
    wide = scores_by_member(data_dir, NEWEST, "egdi", EDITION)
    region = wide.loc[member, "region"]
    names = {"": t(lang, "report.overall"), **dimension_names(data_dir, NEWEST, "egdi", lang)}
    assert names.keys() == {"", "osi", "hci", "tii"}
    for dimension, name in names.items():
        score = wide.loc[member, dimension]
        members = wide[dimension].mean()  # pandas skips the members without a score (no data, not zero)
        in_region = wide.loc[wide["region"] == region, dimension].mean()
        row = f"{name}{four(score)}{four(members)}{four(in_region)}{score - members:+.4f}"
        assert Text(row) in text, (dimension, row)
    assert t(lang, "report.kpi.members_help", count=str(wide[""].notna().sum())) in text


def test_snapshot_and_as_of_on_every_page(seoul_en, seoul_ko, addis_en, data_dir):
    date = as_of(data_dir, NEWEST)
    for pdf, lang in ((seoul_en, "en"), (seoul_ko, "ko"), (addis_en, "en")):
        texts = pages(pdf)
        assert len(texts) >= 2
        stamp = t(
            lang, "report.footer", snapshot=NEWEST, date=fmt.date(date, lang), city="|", framework="|", edition=""
        )
        head = stamp.split("|")[0]
        for number, page in enumerate(texts, start=1):
            assert head in page, (lang, number)
            assert t(lang, "brief.page", page=number, pages=len(texts)) in page


def test_weakest_dimensions_are_named_by_the_stated_rule(addis_en, addis_ko, seoul_en, data_dir):
    """Addis Ababa (Ethiopia): the two dimensions furthest below the members' average, computed here; Seoul (Korea)
    has none below it, and the report says none is named."""
    wide = scores_by_member(data_dir, NEWEST, "egdi", EDITION)
    shortfall = {d: wide[d].mean() - wide.loc["addis-ababa", d] for d in ("osi", "hci", "tii")}
    below = sorted((d for d, s in shortfall.items() if s > 0), key=lambda d: -shortfall[d])[: city_report.WEAKEST]
    assert below, "the sample's Ethiopia is below the members' average somewhere"
    for pdf, lang in ((addis_en, "en"), (addis_ko, "ko")):
        text = Text("".join(pages(pdf)))
        names = dimension_names(data_dir, NEWEST, "egdi", lang)
        assert t(lang, "report.weakest.heading") in text
        assert t(lang, "report.weakest.rule", count=city_report.WEAKEST) in text
        named = text[text.index(Text(t(lang, "report.weakest.rule", count=city_report.WEAKEST))) :]
        named = Text(named[: named.index(Text(t(lang, "report.change.heading")))])
        for d in below:
            assert names[d] in named
        for d in set(names) - set(below):
            assert names[d] not in named
        # in order, furthest below first
        positions = [named.index(Text(names[d])) for d in below]
        assert positions == sorted(positions)
    seoul = Text("".join(pages(seoul_en)))
    assert t("en", "report.weakest.none_below", city="Seoul") in seoul


def test_a_member_without_a_score_reads_no_data_never_zero(hong_kong_en, data_dir):
    wide = scores_by_member(data_dir, NEWEST, "egdi", EDITION)
    assert wide.loc["hong-kong", ["", "osi", "hci", "tii"]].isna().all()
    text = Text("".join(pages(hong_kong_en)))
    assert "Hong Kong" in text
    assert t("en", "report.no_score", city="Hong Kong", framework="X", edition=EDITION).split("X")[0] in text
    row = Text(f"{t('en', 'report.overall')}{t('en', 'report.no_data')}{four(wide[''].mean())}")
    assert row in text
    assert "0.0000" not in text
    assert t("en", "report.weakest.no_data", city="Hong Kong") in text


def test_change_since_the_previous_edition(seoul_en, data_dir):
    """EGDI editions are every two years here: Seoul's 2024 report compares with 2022, computed from the parquet."""
    now = scores_by_member(data_dir, NEWEST, "egdi", EDITION).loc["seoul", ""]
    editions = sorted(table(data_dir, NEWEST, "assessments").query("framework_id == 'egdi'")["edition"].unique())
    previous = int(editions[editions.index(EDITION) - 1])
    then = scores_by_member(data_dir, NEWEST, "egdi", previous).loc["seoul", ""]
    text = Text("".join(pages(seoul_en)))
    assert t("en", "report.change.intro", city="Seoul", previous=previous) in text
    assert Text(f"{t('en', 'report.overall')}{four(then)}{four(now)}{now - then:+.4f}") in text


def test_xlsx_about_sheet_and_numbers_as_numbers(warehouse, data_dir):
    from wego_brief import content

    ctx = content.context(warehouse, NEWEST, "en", "thousand", None)
    report = city_report.build(ctx, "seoul", "egdi", EDITION)
    book = openpyxl.load_workbook(io.BytesIO(city_report.workbook(ctx, report)))
    about = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True)}
    assert book.worksheets[0].title == t("en", "report.about")
    assert about[t("en", "report.city")] == "Seoul"
    assert about[t("en", "report.snapshot")].startswith(NEWEST)
    assert about[t("en", "report.as_of")] == fmt.date(as_of(data_dir, NEWEST), "en")
    assert about[t("en", "report.edition")] == str(EDITION)
    assert "UN DESA" in about[t("en", "report.source")]
    assert [ws.title for ws in book.worksheets[1:]] == [tb.title for tb in report.tables]
    scores = book[t("en", "report.scores.table")]
    rows = list(scores.iter_rows(values_only=True))
    header, body = rows[0], {r[0]: r for r in rows[1:]}
    wide = scores_by_member(data_dir, NEWEST, "egdi", EDITION)
    assert header[:3] == (t("en", "report.col.dimension"), t("en", "report.col.score"), t("en", "report.col.members"))
    overall = body[t("en", "report.overall")]
    assert isinstance(overall[1], float) and overall[1] == pytest.approx(wide.loc["seoul", ""], abs=1e-12)
    assert overall[2] == pytest.approx(wide[""].mean(), abs=1e-9)
    editions = book[t("en", "report.history.table")]
    years = {r[0]: r for r in list(editions.iter_rows(values_only=True))[1:]}
    assert isinstance(years[EDITION][0], int) and years[EDITION][1] == pytest.approx(wide.loc["seoul", ""])
    assert isinstance(years[EDITION][2], int)  # the UN's rank, as a number


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--city", "atlantis", "--framework", "egdi"], "no active member city 'atlantis'"),
        (["--city", "seoul", "--framework", "nope"], "unknown framework 'nope'"),
        (["--city", "seoul", "--framework", "egdi", "--edition", "2023"], "no edition 2023 of 'egdi'"),
        (["--city", "seoul"], "--city needs --framework"),
    ],
)
def test_cli_says_what_to_fix_in_one_line(data_dir, tmp_path, args, says):
    env = {**os.environ, "WEGO_DATA_DIR": str(data_dir)}
    run = subprocess.run(
        [sys.executable, "-m", "wego_brief", *args, "--snapshot", NEWEST, "--out", str(tmp_path / "x.pdf")],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("python -m wego_brief: ") and says in lines[0], run.stderr
    assert not (tmp_path / "x.pdf").exists()


# ---- CeDS: a city framework, with seeded results (tests/maturity_data.py) -------------------------------------------


@pytest.fixture(scope="module")
def ceds(ceds_data_dir):
    from wego_data.warehouse import Warehouse

    wh = Warehouse(ceds_data_dir, audience="committee")
    yield wh
    wh.close()


def test_ceds_report_of_seoul_with_change_and_national_context(ceds, ceds_data_dir):
    found = table(ceds_data_dir, NEWEST, "assessments")
    editions = sorted(int(e) for e in found.loc[found["framework_id"] == "ceds", "edition"].unique())
    assert len(editions) >= 2
    edition, previous = editions[-1], editions[-2]
    pdf = build_city_report(ceds, NEWEST, "en", "seoul", "ceds", edition)
    (ARTIFACTS / "city-report-seoul-ceds-en.pdf").write_bytes(pdf)
    text = Text("".join(pages(pdf)))
    frameworks = table(ceds_data_dir, NEWEST, "frameworks").set_index("framework_id")
    assert frameworks.loc["ceds", "name_en"] in text
    wide = scores_by_member(ceds_data_dir, NEWEST, "ceds", edition)
    before = scores_by_member(ceds_data_dir, NEWEST, "ceds", previous)
    assert t("en", "report.change.intro", city="Seoul", previous=previous) in text
    now, then = wide.loc["seoul", ""], before.loc["seoul", ""]
    assert pd.notna(now) and pd.notna(then)
    # a 0-100 scale: one decimal
    assert Text(f"{t('en', 'report.overall')}{then:.1f}{now:.1f}{now - then:+.1f}") in text
    assert Text(f"{t('en', 'report.overall')}{now:.1f}{wide[''].mean():.1f}") in text
    # a city framework: the country's EGDI of its latest edition as national context
    assert t("en", "report.national.heading") in text
    egdi = scores_by_member(ceds_data_dir, NEWEST, "egdi", EDITION).loc["seoul", ""]
    assert Text(f"{frameworks.loc['egdi', 'name_en']}{EDITION}{four(egdi)}") in text
    for page in pages(pdf):
        assert NEWEST in page


def test_ceds_parts_stand_indented_under_their_investigation(ceds, ceds_data_dir):
    from wego_brief import content

    dims = table(ceds_data_dir, NEWEST, "framework_dimensions")
    dims = dims[dims["framework_id"] == "ceds"]
    ctx = content.context(ceds, NEWEST, "en", "thousand", None)
    report = city_report.build(ctx, "seoul", "ceds")
    scores = next(tb for tb in report.tables if tb.title == t("en", "report.scores.table"))
    shown = dict(zip(scores.data["dimension"], scores.text["dimension"]))
    for row in dims.to_dict("records"):
        top = pd.isna(row["parent_id"]) or row["parent_id"] == ""
        assert shown[row["name_en"]] == (row["name_en"] if top else "\u2003" + row["name_en"]), row["dimension_id"]
    assert shown[t("en", "report.overall")] == t("en", "report.overall")
    # The workbook keeps the names as they are.
    book = openpyxl.load_workbook(io.BytesIO(city_report.workbook(ctx, report)))
    names = [r[0] for r in list(book[scores.title].iter_rows(values_only=True))[1:]]
    assert names == list(scores.data["dimension"]) and not any(n.startswith("\u2003") for n in names)


def test_public_reader_gets_no_unpublished_ceds_report(ceds_data_dir):
    from wego_data.warehouse import Warehouse

    wh = Warehouse(ceds_data_dir, audience="public")
    try:
        with pytest.raises(ChoiceError, match="no results"):
            build_city_report(wh, NEWEST, "en", "seoul", "ceds", None)
    finally:
        wh.close()
