"""Command line: python -m wego_data {build-sample, validate, ingest, list, diff, contract}.

Snapshots are read from and published to WEGO_SNAPSHOTS (a folder or s3://bucket/prefix) when set, else
<WEGO_DATA_DIR or data>/snapshots; --snapshots overrides both."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from wego_data import contract_doc, diff, ingest, snapshots, store
from wego_data.validate import MAX_LISTED, listing, validate_folder
from wego_data.warehouse import UnknownSnapshot, Warehouse

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 2, 1


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date YYYY-MM-DD") from None


def _count(text: str) -> int:
    if not (text.isascii() and text.isdigit()):
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number")
    return int(text)


def _location(args) -> store.LocalLocation | store.S3Location:
    """--snapshots when given (a folder or s3://bucket/prefix), else WEGO_SNAPSHOTS, else the data folder's."""
    return store.parse(args.snapshots) if args.snapshots else snapshots.location()


def cmd_build_sample(args) -> int:
    try:
        built = ingest.build_sample(to=_location(args))
    except ingest.IngestError as exc:
        print(f"build-sample: {exc}", file=sys.stderr)
        for line in listing(exc.problems, MAX_LISTED, exc.unlisted):
            print(f"  {line}", file=sys.stderr)
        return EXIT_ERRORS
    print("built: " + ", ".join(built) if built else "every sample snapshot already exists")
    return EXIT_OK


def _shown(args) -> int | None:
    """How many problems to print: --max-problems, 0 for all."""
    return args.max_problems or None


def cmd_validate(args) -> int:
    result = validate_folder(Path(args.folder))
    for line in result.listing(_shown(args)):
        print(line)
    print(f"{result.error_count:,} error(s), {result.warning_count:,} warning(s) in {args.folder}")
    return EXIT_ERRORS if result.errors else EXIT_OK


def cmd_ingest(args) -> int:
    try:
        snap, result = ingest.ingest(
            Path(args.folder),
            as_of=args.as_of,
            snapshot_id=args.id,
            label=args.label or "",
            label_ko=args.label_ko or "",
            base=_location(args),
            not_after=ingest.latest_as_of(),
        )
    except ingest.IngestError as exc:
        for line in listing(exc.problems, _shown(args), exc.unlisted):
            print(line, file=sys.stderr)
        print(f"ingest: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    for line in listing(result.warnings, _shown(args), result.more_warnings):
        print(line)
    print(f"published snapshot {snap.snapshot_id} (as of {snap.as_of}) with {result.warning_count:,} warning(s)")
    return EXIT_OK


def cmd_list(args) -> int:
    where = _location(args)
    scanned = snapshots.scan(where)
    if not scanned.good and not scanned.unusable:
        print(f"no snapshots in {where.uri}; run: python -m wego_data build-sample")
        return EXIT_OK
    for snap in scanned.good:
        counts = ", ".join(f"{name} {count}" for name, count in snap.row_counts.items())
        print(f"{snap.snapshot_id}  as of {snap.as_of}  {snap.label!r}  warnings {len(snap.warnings)}")
        print(f"    {counts}")
    for damaged in scanned.unusable:
        # Listed, never served: the dashboard skips it and says why; publish it again under a new id.
        print(f"{damaged.snapshot_id}  UNUSABLE: {damaged.reason}", file=sys.stderr)
    return EXIT_ERRORS if scanned.unusable else EXIT_OK


def cmd_diff(args) -> int:
    wh = Warehouse(_location(args), audience="committee")  # staff at the server: the whole record
    try:
        result = diff.diff(wh, args.old, args.new)
    except UnknownSnapshot as exc:
        print(f"diff: no snapshot {exc.args[0]!r}; see: python -m wego_data list", file=sys.stderr)
        return EXIT_USAGE
    print(diff.to_json(result) if args.json else diff.to_text(result), end="" if not args.json else "\n")
    return EXIT_OK


def cmd_egdi(args) -> int:
    from wego_data import egdi

    folder = Path(args.folder)
    if not (folder / "members.csv").is_file():
        print(
            f"egdi: {folder} has no members.csv; give the export folder whose members' countries to add",
            file=sys.stderr,
        )
        return EXIT_USAGE
    written = egdi.write_folder(folder, args.as_of)
    print(f"{folder}: frameworks, bands, dimensions and {written:,} assessments (UN DESA EGDI) written")
    return EXIT_OK


def cmd_contract(args) -> int:
    print(contract_doc.render(), end="")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wego_data", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument(
        "--snapshots",
        metavar="URI",
        help="where snapshots live: a folder or s3://bucket/prefix (default: $WEGO_SNAPSHOTS, else data/snapshots)",
    )
    sub.add_parser(
        "build-sample", parents=[where], help="publish every sample snapshot from data/source that is missing"
    )
    shown = argparse.ArgumentParser(add_help=False)
    shown.add_argument(
        "--max-problems",
        type=_count,
        default=MAX_LISTED,
        metavar="N",
        help=f"print at most N problems, then how many more there are (default {MAX_LISTED}; 0: all)",
    )
    p = sub.add_parser("validate", parents=[shown], help="check a folder of <table>.csv / <table>.xlsx exports")
    p.add_argument("folder")
    p = sub.add_parser("ingest", parents=[where, shown], help="validate a folder, then publish it as a new snapshot")
    p.add_argument("folder")
    p.add_argument(
        "--as-of",
        type=_date,
        required=True,
        help=f"the date the export describes (YYYY-MM-DD); at most today + ${ingest.ASOF_MARGIN_VARIABLE} days "
        f"(default {ingest.ASOF_MARGIN_DAYS})",
    )
    p.add_argument("--id", help="snapshot id (default: the as-of date); a date with an optional suffix")
    p.add_argument("--label", help="a short label shown in the snapshot picker")
    p.add_argument("--label-ko", help="the label in Korean")
    sub.add_parser("list", parents=[where], help="the published snapshots")
    p = sub.add_parser("diff", parents=[where], help="what changed between two snapshots")
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p = sub.add_parser(
        "egdi", help="write the UN EGDI of the members' countries (and the framework tables) into an export folder"
    )
    p.add_argument("folder")
    p.add_argument("--as-of", type=_date, required=True, help="the export's date: editions published by then")
    sub.add_parser("contract", help="print the data contract as Markdown (docs/data.md is generated from it)")
    args = parser.parse_args(argv)
    handler = {
        "build-sample": cmd_build_sample,
        "validate": cmd_validate,
        "ingest": cmd_ingest,
        "list": cmd_list,
        "diff": cmd_diff,
        "contract": cmd_contract,
        "egdi": cmd_egdi,
    }[args.command]
    try:
        return handler(args)
    except store.StoreError as exc:
        # A location that is misconfigured or out of reach: one line, not a traceback.
        print(f"{args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
