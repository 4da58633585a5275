"""Command line: the briefing pack without the app (the app's sidebar runs it as a subprocess).

    python -m wego_brief --snapshot 2016-04-26 --lang ko --watermark "EXCOM – confidential" --out brief.pdf
        [--unit thousand|million] [--filter region=Africa ...] [--progress]

The city diagnosis report of one member city (issue #11), from the same renderer:

    python -m wego_brief --city seoul --framework egdi --edition 2024 --snapshot 2025-11-01 --lang ko --out seoul.pdf

(--edition left out: the framework's latest; --audience public: published results only.)

--out - writes the PDF's bytes to stdout (and nothing else goes there). --progress prints how far it is to stderr,
one JSON object a line: {"done": 0.4, "message": "Drawing the charts (2 of 6)"}.

Exit 0 with the file written; 1 with one line on stderr saying why not (unknown snapshot, no browser, no font,
unwritable path, ...), the last line on stderr; 2 for a usage mistake (and for a city report's member, framework or
edition the snapshot does not have, with a line saying what to choose). WEGO_DATA_DIR selects the data folder, as
everywhere in the project.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from wego_brief.errors import BriefError, ChoiceError

PROG = "python -m wego_brief"
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not argparse's usage block
        print(f"{PROG}: {message} (see --help)", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _filter(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"'{text}' is not NAME=VALUE (for example region=Africa)")
    return key.strip(), value.strip()


def _filter_names() -> str:
    from wego_view import params

    return ", ".join(params.FILTERS)


def parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog=PROG,
        description="Write the EXCOM briefing pack (PDF) of one snapshot, or with --city a city's diagnosis report.",
    )
    p.add_argument("--snapshot", required=True, help="snapshot id, e.g. 2016-04-26 (see: python -m wego_data list)")
    p.add_argument("--lang", default="en", help="en or ko (default en)")
    p.add_argument("--unit", default="thousand", help="thousand or million KRW (default thousand)")
    p.add_argument(
        "--audience",
        choices=("committee", "public"),
        default="committee",
        help="who the pack is for: committee (default: all data) or public (what the public link shows)",
    )
    p.add_argument("--watermark", help="text drawn diagonally on every page, e.g. 'EXCOM – confidential'")
    p.add_argument("--out", type=Path, help="the PDF to write, or - for stdout (default brief-<snapshot>-<lang>.pdf)")
    p.add_argument(
        "--filter",
        type=_filter,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help=f"a page filter as in the app's URL, repeated for several: {_filter_names()}",
    )
    p.add_argument("--city", metavar="MEMBER_ID", help="write the city diagnosis report of this member, e.g. seoul")
    p.add_argument("--framework", help="with --city: the framework id, e.g. egdi (see the Digital maturity page)")
    p.add_argument("--edition", type=int, help="with --city: the edition (year); default the framework's latest")
    p.add_argument(
        "--progress",
        action="store_true",
        help='print progress to stderr, one JSON object a line: {"done": 0.4, "message": "..."}',
    )
    return p


def _check_writable(path: Path) -> None:
    """Say at once, before minutes of work, when the file cannot be written."""
    if path.is_dir():
        raise BriefError(f"cannot write {path}: it is a folder")
    folder = path.parent
    if not folder.is_dir():
        raise BriefError(f"cannot write {path}: there is no folder {folder}")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise BriefError(f"cannot write {path}: permission denied")


def _write(path: Path, data: bytes) -> None:
    """Write beside the target and rename, so a failed write never leaves half a PDF. A target that exists and is not
    a regular file (/dev/null, a named pipe) is written into: renaming over it would replace the device itself."""
    if path.exists() and not path.is_file():
        try:
            with path.open("wb") as f:
                f.write(data)
        except OSError as exc:
            raise BriefError(f"cannot write {path}: {exc.strerror or exc}") from None
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise BriefError(f"cannot write {path}: {exc.strerror or exc}") from None


def _progress_lines(fraction: float, message: str) -> None:
    print(json.dumps({"done": round(fraction, 3), "message": message}), file=sys.stderr, flush=True)


def _to_stdout(make) -> bytes:
    """Run make() with file descriptor 1 pointing at stderr, so that nothing but the PDF reaches stdout (a library or
    the browser writing there would corrupt it); then write the PDF to the real stdout."""
    sys.stdout.flush()
    real = os.dup(1)
    try:
        os.dup2(2, 1)
        try:
            data = make()
        finally:
            sys.stdout.flush()
            os.dup2(real, 1)
        with os.fdopen(os.dup(real), "wb") as out:
            out.write(data)
        return data
    finally:
        os.close(real)


def check_city(p: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """The city report's options go together; the pack's own (filters, watermark) do not apply to it."""
    if args.city is None:
        if args.framework is not None or args.edition is not None:
            p.error("--framework and --edition go with --city")
        return
    if not args.city.strip():
        p.error("--city needs a member id, e.g. --city seoul")
    if not args.framework:
        p.error("--city needs --framework, e.g. --framework egdi")
    if args.filter or args.watermark:
        p.error("--filter and --watermark are for the briefing pack, not for --city")


def run(args: argparse.Namespace) -> int:
    from wego_brief import build_city_report, build_pdf, content
    from wego_data.warehouse import Warehouse

    content.check_language(args.lang)
    content.check_unit(args.unit)
    to_stdout = args.out is not None and str(args.out) == "-"
    if args.city is not None:
        edition = f"-{args.edition}" if args.edition is not None else ""
        default = f"city-report-{args.city}-{args.framework}{edition}-{args.snapshot}-{args.lang}.pdf"
    else:
        default = f"brief-{args.snapshot}-{args.lang}.pdf"
    out = args.out or Path(default)
    if not to_stdout:
        _check_writable(out)

    def make() -> bytes:
        wh = Warehouse(audience=args.audience)
        try:
            if args.city is not None:
                return build_city_report(
                    wh,
                    args.snapshot,
                    args.lang,
                    args.city.strip(),
                    args.framework,
                    args.edition,
                    unit=args.unit,
                    progress=_progress_lines if args.progress else None,
                )
            return build_pdf(
                wh,
                args.snapshot,
                args.lang,
                unit=args.unit,
                watermark=args.watermark,
                filters=dict(args.filter),
                progress=_progress_lines if args.progress else None,
            )
        finally:
            wh.close()

    if to_stdout:
        try:
            _to_stdout(make)
        except BrokenPipeError:
            raise BriefError("cannot write the PDF to stdout: the reader closed it") from None
        return EXIT_OK
    data = make()
    _write(out, data)
    print(f"wrote {out} ({len(data) // 1024} KiB)")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    check_city(p, args)
    try:
        return run(args)
    except ChoiceError as exc:  # a member, framework or edition to choose again: a usage mistake
        print(f"{PROG}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BriefError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # never a traceback: one line that says what went wrong
        reason = " ".join(str(exc).split()) or "no detail"
        print(f"{PROG}: unexpected {type(exc).__name__}: {reason}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
