"""The UN E-Government Development Index as assessments: the frameworks, bands, dimensions and scores an export
folder carries so that every member has its country's national context (issue #11).

Source of every number: UN DESA, United Nations E-Government Survey 2003–2024, via the E-Government Knowledgebase
Data Center; data/reference/egdi/README.md says how it was copied and checked and what its terms are. The values are
the UN's own (never recomputed), "no data" stays empty (never zero), and the framework rows say how to read them.

    python -m wego_data egdi data/source/2016-04-26 --as-of 2016-04-26

writes frameworks.csv, framework_bands.csv, framework_dimensions.csv and assessments.csv into an export folder for
the countries its members.csv names, with the editions published by the as-of date. The CeDS framework's public
structure (its investigations and dimensions) comes with it; its scale, weights and results do not (they are not
public: docs/ceds-template.md says how the secretariat adds them).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from wego_data.reference import REFERENCE_DIR

EGDI_CSV = REFERENCE_DIR / "egdi" / "egdi.csv"
SOURCE = "UN DESA, United Nations E-Government Survey {edition} (publicadministration.un.org/egovkb, Data Center)"
# When an edition was published, where a source says so: an export dated before it does not carry the edition. An
# edition without an entry counts as published by the end of its year.
PUBLISHED_BY = {
    2016: dt.date(2016, 7, 31),  # "launched in July 2016" (publicadministration.un.org/egovkb, Survey 2016 page)
    2022: dt.date(2022, 9, 28),  # "launched on 28 September 2022" (unpan.un.org/node/1748)
}
CAVEAT_EN = (
    "The UN rates countries against one another in each edition: a value is not strictly comparable with another "
    "edition's, so compare ranks and groups over time (UN DESA)."
)
CAVEAT_KO = (
    "UN은 회차마다 국가들을 서로 비교해 평가합니다. "
    "값은 다른 회차와 그대로 비교할 수 없으니, 시간에 따른 변화는 순위와 그룹으로 보십시오(UN DESA)."
)
EGDI_DEFINED = "UN DESA, E-Government Knowledgebase, Methodology (publicadministration.un.org/egovkb)"
BANDS_SOURCE = (
    "UN DESA country studies legend (very high > 0.75, high 0.50–0.75, middle 0.25–0.50, low < 0.25); the legend "
    "does not say where a boundary falls: the dashboard counts it in the group above"
)
CEDS_SOURCE = "WeGO, CeDS Online Platform (we-gov.org/uncategorized/ceds-online-platform/)"

FRAMEWORK_COLUMNS = (
    "framework_id name_en name_ko level scale_min scale_max higher_is_better answer_min answer_max band_rule "
    "comparable caveat_en caveat_ko published source"
).split()
FRAMEWORKS = [
    dict(
        framework_id="egdi",
        name_en="UN E-Government Development Index (EGDI)",
        name_ko="UN 전자정부발전지수(EGDI)",
        level="country",
        scale_min="0",
        scale_max="1",
        higher_is_better="true",
        band_rule="lower_inclusive",
        comparable="false",
        caveat_en=CAVEAT_EN,
        caveat_ko=CAVEAT_KO,
        published="true",
        source=EGDI_DEFINED,
    ),
    dict(
        framework_id="epart",
        name_en="UN E-Participation Index (EPI)",
        name_ko="UN 전자참여지수(EPI)",
        level="country",
        scale_min="0",
        scale_max="1",
        higher_is_better="true",
        comparable="false",
        caveat_en=CAVEAT_EN,
        caveat_ko=CAVEAT_KO,
        published="true",
        source=EGDI_DEFINED + "; a separate index, not part of the EGDI",
    ),
    dict(
        framework_id="ceds",
        name_en="City e-Government Diagnostic and Solution Framework (CeDS)",
        name_ko="도시 전자정부 진단 및 솔루션 프레임워크(CeDS)",
        level="city",
        higher_is_better="true",
        comparable="false",
        caveat_en=(
            "A self-assessment by each city's own officials (WeGO): read a change between editions with the city's "
            "notes, as the platform's questions may change between rounds."
        ),
        caveat_ko=(
            "각 도시 공무원이 스스로 진단한 결과입니다(WeGO). "
            "회차 사이의 변화는 도시의 설명과 함께 읽으십시오. 플랫폼의 질문은 회차마다 바뀔 수 있습니다."
        ),
        published="false",
        source=CEDS_SOURCE + "; scale, scoring formula and results are not public: set by the secretariat",
    ),
]
BAND_COLUMNS = "framework_id band_id seq lower name_en name_ko source".split()
BANDS = [
    ("egdi", "low", 1, "0", "Low", "낮음"),
    ("egdi", "middle", 2, "0.25", "Middle", "중간"),
    ("egdi", "high", 3, "0.5", "High", "높음"),
    ("egdi", "very-high", 4, "0.75", "Very high", "매우 높음"),
]
DIMENSION_COLUMNS = "framework_id dimension_id parent_id seq name_en name_ko questions weight source".split()
DIMENSIONS = [
    ("egdi", "osi", "", 1, "Online Service Index (OSI)", "온라인서비스지수(OSI)", "", EGDI_DEFINED),
    ("egdi", "hci", "", 2, "Human Capital Index (HCI)", "인적자본지수(HCI)", "", EGDI_DEFINED),
    ("egdi", "tii", "", 3, "Telecommunications Infrastructure Index (TII)", "통신인프라지수(TII)", "", EGDI_DEFINED),
    ("ceds", "maturity", "", 1, "e-Government maturity", "전자정부 성숙도", "90", CEDS_SOURCE + "; about 90 questions"),
    ("ceds", "governance", "maturity", 1, "Governance Mechanism", "거버넌스 체계", "", CEDS_SOURCE),
    ("ceds", "policy", "maturity", 2, "Policy & Institution", "정책 및 제도", "", CEDS_SOURCE),
    ("ceds", "resources", "maturity", 3, "Resource Capacity", "자원 역량", "", CEDS_SOURCE),
    ("ceds", "ict-network", "maturity", 4, "ICT Network", "ICT 네트워크", "", CEDS_SOURCE),
    ("ceds", "citizens", "maturity", 5, "Citizen Readiness", "시민 준비도", "", CEDS_SOURCE),
    ("ceds", "service-infra", "maturity", 6, "Public Service Infrastructure", "공공서비스 인프라", "", CEDS_SOURCE),
    (
        "ceds",
        "systems",
        "",
        2,
        "Current e-government systems",
        "전자정부 시스템 현황",
        "110",
        CEDS_SOURCE + "; about 110 questions",
    ),
    ("ceds", "e-admin", "systems", 1, "e-Admin (G2E)", "전자행정(G2E)", "", CEDS_SOURCE),
    ("ceds", "e-life", "systems", 2, "e-Life (G2C)", "전자생활(G2C)", "", CEDS_SOURCE),
    ("ceds", "e-industry", "systems", 3, "e-Industry (G2B)", "전자산업(G2B)", "", CEDS_SOURCE),
    ("ceds", "e-infra", "systems", 4, "e-Infra", "전자인프라", "", CEDS_SOURCE),
]
ASSESSMENT_COLUMNS = "framework_id edition subject dimension_id score rank band assessed_on published source".split()


def published(edition: int, as_of: dt.date) -> bool:
    """Whether an edition was out by `as_of`."""
    return as_of >= PUBLISHED_BY.get(edition, dt.date(edition, 12, 31))


def assessments(countries: set[str], as_of: dt.date, path: Path = EGDI_CSV) -> list[dict]:
    """The EGDI (overall and its three components) and the E-Participation Index of these countries, every edition
    published by `as_of`. A country the UN did not assess in an edition (no rank, every index 0.00000) has its rows
    with no score: no data, not zero."""
    rows = []
    with path.open(encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(f):
            edition = int(rec["edition"])
            if rec["country_iso3"] not in countries or not published(edition, as_of):
                continue
            assessed = bool(rec["egdi_rank"])
            base = dict(edition=str(edition), subject=rec["country_iso3"], published="true")
            # The publication; how it was copied (repository, path, commit) stays in data/reference/egdi/egdi.csv.
            base["source"] = SOURCE.format(edition=edition)
            rows.append(
                dict(
                    base,
                    framework_id="egdi",
                    dimension_id="",
                    score=rec["egdi"] if assessed else "",
                    rank=rec["egdi_rank"],
                )
            )
            for dim in ("osi", "hci", "tii"):
                rows.append(dict(base, framework_id="egdi", dimension_id=dim, score=rec[dim] if assessed else ""))
            rows.append(dict(base, framework_id="epart", dimension_id="", score=rec["epart"] if assessed else ""))
    return rows


def _write(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})


def write_folder(folder: Path, as_of: dt.date) -> int:
    """Write the four maturity tables into an export folder, for the countries of its members.csv; the number of
    assessment rows written."""
    with (folder / "members.csv").open(encoding="utf-8", newline="") as f:
        countries = {row["country_iso3"] for row in csv.DictReader(f)}
    _write(folder / "frameworks.csv", FRAMEWORK_COLUMNS, FRAMEWORKS)
    _write(
        folder / "framework_bands.csv",
        BAND_COLUMNS,
        [dict(zip(BAND_COLUMNS, (*band, BANDS_SOURCE), strict=True)) for band in BANDS],
    )
    _write(
        folder / "framework_dimensions.csv",
        DIMENSION_COLUMNS,
        [dict(zip(DIMENSION_COLUMNS, (*d[:6], d[6], "", d[7]), strict=True)) for d in DIMENSIONS],
    )
    rows = sorted(
        assessments(countries, as_of),
        key=lambda r: (r["framework_id"], int(r["edition"]), r["subject"], r["dimension_id"]),
    )
    _write(folder / "assessments.csv", ASSESSMENT_COLUMNS, rows)
    return len(rows)
