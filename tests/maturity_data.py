"""Test-only CeDS results for an export folder, from a fixed seed, through the secretariat's template (issue #11).

add_ceds(folder, as_of) sets the CeDS framework's configuration in a copy of an export folder (its scale, answer
scale, band rule, four bands and the dimensions' weights) and writes a seeded city_results.csv: three editions
(as_of.year - 4, - 2 and as_of.year), most active local-government members assessed, some only in some editions, a
few never, a mix of per-question and per-dimension rows, and Seoul and one African member in every edition.

CeDS's real answer scale, scoring formula, weights and maturity stages are NOT public (../shared/reference/ceds.md):
every value here is a test value, and every generated row says so in its source. Nothing here is a real result.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from wego_data.schema import CITY_RESULTS

CEDS = "ceds"
SEED = 11
# Test values only: the real CeDS scale, answer scale, stages and weights are not public.
SCALE = (0, 100)
ANSWERS = (0, 4)
BAND_RULE = "lower_inclusive"
BANDS = (  # band_id, lower, name_en, name_ko
    ("level-1", 0, "Level 1", "1단계"),
    ("level-2", 25, "Level 2", "2단계"),
    ("level-3", 50, "Level 3", "3단계"),
    ("level-4", 75, "Level 4", "4단계"),
)
WEIGHTS = {  # dimension_id -> weight in its parent (the investigations: in the overall score)
    "maturity": 0.6,
    "systems": 0.4,
    "governance": 2,
    "policy": 1,
    "resources": 1,
    "ict-network": 1.5,
    "citizens": 1,
    "service-infra": 1.5,
    "e-admin": 1,
    "e-life": 1,
    "e-industry": 0.5,
    "e-infra": 1.5,
}
LEAVES = (
    "governance",
    "policy",
    "resources",
    "ict-network",
    "citizens",
    "service-infra",
    "e-admin",
    "e-life",
    "e-industry",
    "e-infra",
)
# Questions per leaf in the test rows (the platform has about 90 and 110 in all; fewer keep the files small).
QUESTIONS = 5
LOCAL_KINDS = ("city", "region", "district")
EDITION_GAPS = (4, 2, 0)  # years before the as-of year
ALWAYS = ("seoul",)  # plus the first active African member (by member_id): assessed in every edition
TEST_SOURCE = "generated for tests (tests/maturity_data.py, seed {seed}); not a real CeDS result"
CONFIG_SOURCE = "test values (tests/maturity_data.py): the real CeDS scale, stages and weights are not public"


def _read(folder: Path, table: str) -> tuple[list[str], list[dict]]:
    with (folder / f"{table}.csv").open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _write(folder: Path, table: str, header: list[str], rows: list[dict]) -> None:
    with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: row.get(c, "") for c in header} for row in rows)


def editions(as_of: dt.date) -> list[int]:
    return [as_of.year - gap for gap in EDITION_GAPS]


def configure(folder: Path) -> None:
    """Set the test CeDS configuration in frameworks, framework_bands and framework_dimensions."""
    header, rows = _read(folder, "frameworks")
    ceds = next(r for r in rows if r["framework_id"] == CEDS)
    ceds.update(
        scale_min=str(SCALE[0]),
        scale_max=str(SCALE[1]),
        answer_min=str(ANSWERS[0]),
        answer_max=str(ANSWERS[1]),
        band_rule=BAND_RULE,
    )
    _write(folder, "frameworks", header, rows)

    header, rows = _read(folder, "framework_bands")
    rows = [r for r in rows if r["framework_id"] != CEDS]
    for seq, (band_id, lower, name_en, name_ko) in enumerate(BANDS, start=1):
        rows.append(
            dict(
                framework_id=CEDS,
                band_id=band_id,
                seq=str(seq),
                lower=str(lower),
                name_en=name_en,
                name_ko=name_ko,
                source=CONFIG_SOURCE,
            )
        )
    _write(folder, "framework_bands", header, rows)

    header, rows = _read(folder, "framework_dimensions")
    for row in rows:
        if row["framework_id"] == CEDS:
            row["weight"] = f"{WEIGHTS[row['dimension_id']]:g}"
    _write(folder, "framework_dimensions", header, rows)


def city_results(folder: Path, as_of: dt.date, seed: int = SEED, gaps: bool = True) -> list[dict]:
    """Seeded template rows for the folder's active local-government members (members.csv). `gaps`: now and then a
    city leaves a domain out, so that its investigation and overall score have no data (a warning each)."""
    rng = random.Random(seed)
    source = TEST_SOURCE.format(seed=seed)
    _, members = _read(folder, "members")
    local = sorted(
        (m for m in members if m["status"] == "active" and m["kind"] in LOCAL_KINDS), key=lambda m: m["member_id"]
    )
    african = next(m["member_id"] for m in local if m["region"] == "Africa")
    always = {*ALWAYS, african}
    rows = []
    for member in local:
        member_id = member["member_id"]
        # A few never take part (no data); the others take part in most rounds.
        if member_id not in always and rng.random() < 0.15:
            continue
        level = 85.0 if member_id == "seoul" else rng.uniform(20, 80)
        for edition in editions(as_of):
            if member_id not in always and rng.random() < 0.25:
                continue  # skipped this round
            level = min(SCALE[1] - 5, level + rng.uniform(-3, 6))
            last = as_of - dt.timedelta(days=1) if edition == as_of.year else dt.date(edition, 12, 31)
            first = dt.date(edition, 1, 1)
            assessed_on = first + dt.timedelta(days=rng.randint(0, (last - first).days))
            # Now and then a city leaves a domain out: its investigation and overall score then have no data.
            left_out = member_id not in always and rng.random() < 0.05
            skipped = rng.choice(LEAVES[6:]) if left_out and gaps else None
            for dim in LEAVES:
                if dim == skipped:
                    continue
                target = max(SCALE[0], min(SCALE[1], level + rng.gauss(0, 8)))
                base = dict(
                    framework_id=CEDS,
                    member_id=member_id,
                    edition=str(edition),
                    assessed_on=assessed_on.isoformat(),
                    dimension_id=dim,
                    source=source,
                )
                if rng.random() < 0.5:
                    rows.append(dict(base, question_id="", score=f"{target:.1f}"))
                    continue
                mean = ANSWERS[0] + (target - SCALE[0]) / (SCALE[1] - SCALE[0]) * (ANSWERS[1] - ANSWERS[0])
                for q in range(1, QUESTIONS + 1):
                    answer = max(ANSWERS[0], min(ANSWERS[1], round(mean + rng.uniform(-1, 1))))
                    rows.append(dict(base, question_id=f"{dim}-q{q:02d}", score=str(answer)))
    return rows


def add_ceds(folder: Path, as_of: dt.date, seed: int = SEED, gaps: bool = True) -> list[dict]:
    """Configure CeDS in the export folder and write its city_results.csv; the rows written."""
    folder = Path(folder)
    configure(folder)
    rows = city_results(folder, as_of, seed, gaps)
    _write(folder, "city_results", list(CITY_RESULTS.column_names), rows)
    return rows
