"""Scale data for the benchmark (issue #8): the generated later snapshot grown to thousands of members, a hundred
thousand events and millions of spending rows, deterministically (a fixed seed; the same sizes give the same files).

`write_scale_export(dest, members=, events=, spending=)` writes an export folder (one CSV per table) that staff could
ingest: tests/later.py's five-more-years export plus generated members, events and spending rows, each saying in its
source that it is generated. The spending rows are written by DuckDB (10,000,000 rows in seconds); every value is a
function of the row number and the seed, never random state.

`publish_scale_snapshot(export, base)` publishes it. Validation is row-by-row Python and takes minutes for ten million
rows, so the big spending table goes in beside the validated small tables (members and events are validated in full);
the ingest benchmark measures the full path separately on 1,000,000 rows.

    .venv/bin/python tools/scale_data.py /tmp/scale --members 5000 --events 100000 --spending 10000000
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import later  # noqa: E402  (tests/later.py: the coherent five-more-years export this grows)

from wego_data import reference, snapshots  # noqa: E402
from wego_data.schema import TABLES  # noqa: E402
from wego_data.validate import validate_folder  # noqa: E402

SEED = 42
SCALE_ID = "2030-06-15-scale"
SOURCE = "generated for the benchmark (tools/scale_data.py, seed 42); not WeGO data"
EVENT_KINDS = ("forum", "workshop", "training", "study", "launch", "other")

SPENDING_SQL = """
with lines as (
    select fiscal_year, line_id, row_number() over (order by fiscal_year, line_id) - 1 as n
    from read_csv($lines, all_varchar = true)
),
generated as (
    select
        'scale-' || lpad(cast(i as varchar), 8, '0') as spending_id,
        hash(i, $seed) % (select count(*) from lines) as line_n,
        i
    from range($rows) as r(i)
)
select
    g.spending_id,
    cast(l.fiscal_year as bigint) as fiscal_year,
    l.line_id,
    cast(null as varchar) as program_id,
    cast(null as varchar) as event_id,
    'Generated activity ' || g.i as description_en,
    '생성된 활동 ' || g.i as description_ko,
    cast(1000 + hash(g.i, $seed + 1) % 49000 as bigint) as amount_krw,
    'wego' as paid_by,
    cast(null as varchar) as paid_by_ko,
    l.fiscal_year as period,
    cast(null as varchar) as place_en,
    cast(null as varchar) as participants_en,
from generated as g
join lines as l on l.n = g.line_n
order by g.spending_id
"""


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _write(path: Path, table: str, rows: list[dict]) -> None:
    columns = TABLES[table].column_names
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: row.get(c, "") for c in columns} for row in rows)


def _members(rows: list[dict], total: int, rng: random.Random) -> list[dict]:
    anchors = [(m["country_iso3"], float(m["latitude"]), float(m["longitude"])) for m in rows]
    countries = reference.countries()
    for i in range(len(rows), total):
        iso3, lat, lon = rng.choice(anchors)
        joined = dt.date(2011, 1, 1) + dt.timedelta(days=rng.randint(0, 6900))
        rows.append(
            {
                "member_id": f"scale-member-{i:05d}",
                "name_en": f"Scale City {i}",
                "name_ko": f"규모 도시 {i}",
                "kind": "city",
                "country_iso3": iso3,
                "region": countries[iso3]["wego_region"],
                "latitude": f"{max(-89.0, min(89.0, lat + rng.uniform(-2, 2))):.4f}",
                "longitude": f"{max(-179.0, min(179.0, lon + rng.uniform(-2, 2))):.4f}",
                "member_type": rng.choice(("full", "full", "full", "associate")),
                "status": "active",
                "joined_on": joined.isoformat(),
                "first_seen_year": str(joined.year),
                "excom_role": "none",
                "source": SOURCE,
            }
        )
    return rows


def _events(rows: list[dict], members: list[dict], total: int, rng: random.Random) -> list[dict]:
    hosts = [m for m in members if m["kind"] == "city" and m["status"] == "active"]
    as_of = later.LATER_AS_OF
    for i in range(len(rows), total):
        starts = dt.date(2011, 1, 1) + dt.timedelta(days=rng.randint(0, 7200))
        ends = starts + dt.timedelta(days=rng.randint(0, 3))
        if starts <= as_of <= ends:  # nothing generated is under way on the as-of date
            starts = ends = as_of + dt.timedelta(days=7)
        host = rng.choice(hosts)
        held = ends < as_of
        online = rng.random() < 0.1
        rows.append(
            {
                "event_id": f"scale-event-{i:06d}",
                "kind": rng.choice(EVENT_KINDS),
                "name_en": f"Generated event {i} ({'online' if online else host['name_en']})",
                "name_ko": f"생성된 행사 {i}",
                "starts_on": starts.isoformat(),
                "ends_on": ends.isoformat(),
                "date_precision": "day",
                "city": "" if online else host["name_en"],
                "city_ko": "" if online else (host["name_ko"] or host["name_en"]),
                "country_iso3": "" if online else host["country_iso3"],
                "latitude": "" if online else host["latitude"],
                "longitude": "" if online else host["longitude"],
                "is_online": "true" if online else "false",
                "host_member_id": host["member_id"],
                "people": str(rng.randint(10, 300)) if held else "",
                "cities": str(rng.randint(1, 40)) if held else "",
                "status": "held" if held else "planned",
                "source": SOURCE,
            }
        )
    return rows


def write_spending(dest: Path, lines_csv: Path, rows: int, seed: int = SEED, keep: Path | None = None) -> None:
    """Write `rows` generated spending rows (plus the rows of `keep`, an existing spending.csv) as dest."""
    con = duckdb.connect()
    generated = con.sql(SPENDING_SQL, params={"lines": str(lines_csv), "rows": rows, "seed": seed})
    if keep is not None:
        generated = _read_spending(con, keep).union(generated)
    generated.write_csv(str(dest), header=True)
    con.close()


def _read_spending(con: duckdb.DuckDBPyConnection, path: Path) -> duckdb.DuckDBPyRelation:
    """spending.csv typed as the contract says (column types from wego_data.schema, never from the file)."""
    types = {"text": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN", "date": "DATE"}
    columns = TABLES["spending"].columns
    return con.read_csv(str(path), header=True, dtype={c.name: types[c.type] for c in columns})


def write_scale_export(
    dest: Path, *, members: int = 5000, events: int = 100_000, spending: int = 10_000_000, seed: int = SEED
) -> Path:
    dest = Path(dest)
    later.write_later_export(dest, seed=seed)
    rng = random.Random(seed)
    member_rows = _members(_read(dest / "members.csv"), members, rng)
    _write(dest / "members.csv", "members", member_rows)
    _write(dest / "events.csv", "events", _events(_read(dest / "events.csv"), member_rows, events, rng))
    kept = dest / "spending.kept.csv"
    (dest / "spending.csv").rename(kept)
    generated = max(0, spending - len(_read(kept)))
    write_spending(dest / "spending.csv", dest / "budget_lines.csv", generated, seed, keep=kept)
    kept.unlink()
    return dest


def publish_scale_snapshot(export: Path, base: Path, snapshot_id: str = SCALE_ID) -> snapshots.Snapshot:
    """Validate every table but spending in full, then publish them with the spending table read by DuckDB."""
    small = export.parent / f"{export.name}-small"
    small.mkdir(exist_ok=True)
    for path in export.glob("*.csv"):
        target = small / path.name
        if path.name == "spending.csv":  # its first thousand rows are validated as a sample of the whole
            with path.open(encoding="utf-8") as f, target.open("w", encoding="utf-8") as out:
                out.writelines(line for _, line in zip(range(1001), f))
        else:
            target.write_bytes(path.read_bytes())
    result = validate_folder(small)
    if result.errors:
        raise SystemExit("\n".join(str(p) for p in result.errors[:10]))
    tables = dict(result.tables)
    con = duckdb.connect()
    tables["spending"] = _read_spending(con, export / "spending.csv").df()
    con.close()
    return snapshots.publish(
        tables,
        snapshot_id=snapshot_id,
        as_of=later.LATER_AS_OF,
        label="Scale data (generated for the benchmark)",
        label_ko="규모 시험 자료 (벤치마크용 생성)",
        inputs=result.inputs,
        warnings=[p.to_dict() for p in result.warnings],
        base=base,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--spending", type=int, default=10_000_000)
    parser.add_argument("--publish", type=Path, help="also publish it as a snapshot in this data folder")
    args = parser.parse_args()
    export = write_scale_export(args.dest, members=args.members, events=args.events, spending=args.spending)
    print(f"wrote {export}")
    if args.publish:
        snap = publish_scale_snapshot(export, args.publish)
        print(f"published {snap.snapshot_id}: {snap.row_counts}")


if __name__ == "__main__":
    main()
