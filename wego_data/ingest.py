"""Validate an export folder and publish it as a new snapshot; on any error nothing is written."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import shutil
import time
from pathlib import Path

from wego_data import snapshots, store
from wego_data.validate import Problem, Result, validate_folder

# An as-of date is the day an export describes, so it is today or in the past; a little later is allowed (an export
# prepared for a meeting next month), no more: the newest snapshot is everyone's default, and one dated 9999-12-31
# would stay the default for good (issue #9). WEGO_ASOF_MARGIN_DAYS sets the margin in days.
ASOF_MARGIN_VARIABLE, ASOF_MARGIN_DAYS = "WEGO_ASOF_MARGIN_DAYS", 31
# How long an ingest waits for another one publishing to the same folder before it gives up.
LOCK_WAIT_SECONDS = 600.0


class IngestError(Exception):
    def __init__(self, message: str, problems: list[Problem] = (), unlisted: int = 0):
        super().__init__(message)
        self.problems = list(problems)
        self.unlisted = unlisted  # problems counted but not kept (validate.MAX_KEPT_PER_RULE)


def latest_as_of(today: dt.date | None = None, environ=None) -> dt.date:
    """The latest as-of date an ingest accepts: today plus WEGO_ASOF_MARGIN_DAYS (default 31) days."""
    environ = os.environ if environ is None else environ
    text = environ.get(ASOF_MARGIN_VARIABLE, "").strip()
    if not text:
        margin = ASOF_MARGIN_DAYS
    elif text.isascii() and text.isdigit() and len(text) <= 5:
        margin = int(text)
    else:
        raise IngestError(
            f"{ASOF_MARGIN_VARIABLE} must be a whole number of days, e.g. {ASOF_MARGIN_DAYS}; it is {text!r}"
        )
    return (today or dt.date.today()) + dt.timedelta(days=margin)


@contextlib.contextmanager
def _exclusive(loc: store.LocalLocation | store.S3Location):
    """Hold the snapshot folder for one ingest at a time, and clear what killed ingests left in it.

    The lock is flock() on the snapshot folder itself (no lock file to list or leave behind); the kernel releases it
    when its holder exits, even by SIGKILL, so it never goes stale. Inside it no other ingest is publishing, so
    every temporary folder (snapshots.TMP_PREFIX) is a leftover of a killed publish and is removed. S3 has no
    temporary folders (store.py) and no lock."""
    if not isinstance(loc, store.LocalLocation):
        yield
        return
    root = loc.root
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise IngestError(f"cannot open the snapshot folder {root}: {exc.strerror}") from None
    try:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IngestError(
                        f"another ingest is still publishing to {root} after {LOCK_WAIT_SECONDS:g} s of waiting; "
                        "wait for it to finish (or stop it), then run this one again"
                    ) from None
                time.sleep(0.1)
        remove_leftovers(root)
        yield
    finally:
        os.close(fd)  # releases the lock


def remove_leftovers(root: Path) -> list[str]:
    """Remove the temporary folders killed publishes left in a local snapshot folder; call it only while holding
    the ingest lock. Returns the names removed; one that cannot be removed stays (the next ingest tries again)."""
    removed = []
    try:
        entries = list(root.iterdir())
    except OSError:
        return removed
    for path in entries:
        if not path.name.startswith(snapshots.TMP_PREFIX):
            continue
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()  # a link is removed, never followed
        except OSError:
            continue
        removed.append(path.name)
    return removed


def ingest(
    folder: Path,
    *,
    as_of: dt.date,
    snapshot_id: str | None = None,
    label: str = "",
    label_ko: str = "",
    base: snapshots.Base = None,
    not_after: dt.date | None = None,
) -> tuple[snapshots.Snapshot, Result]:
    """Validate `folder` and publish it to `base` (a data folder, a location or URI; None: WEGO_SNAPSHOTS or data/).

    `not_after`: the latest as-of date accepted, latest_as_of() for staff ingests (the command line, build_sample).
    None accepts any date, for generated data dated in the future (tests/later.py, tools/bench.py)."""
    snapshot_id = snapshot_id or as_of.isoformat()
    if not snapshots.is_valid_id(snapshot_id):
        raise IngestError(
            f"'{snapshot_id}' is not a snapshot id: use a date, optionally with a suffix (2016-10-11-excom)"
        )
    if not snapshot_id.startswith(as_of.isoformat()):
        raise IngestError(f"the snapshot id '{snapshot_id}' must start with its as-of date {as_of.isoformat()}")
    if not_after is not None and as_of > not_after:
        raise IngestError(
            f"the as-of date {as_of.isoformat()} is after {not_after.isoformat()}, the latest accepted (today plus "
            f"{ASOF_MARGIN_VARIABLE}, default {ASOF_MARGIN_DAYS} days): give the date the export describes; the "
            "newest snapshot becomes everyone's default"
        )
    loc = snapshots.location(base)
    with _exclusive(loc):
        if snapshots.exists(snapshot_id, loc):
            raise IngestError(f"snapshot {snapshot_id} already exists; snapshots are immutable, choose another --id")
        result = validate_folder(folder)
        if result.errors:
            raise IngestError(
                f"{result.error_count:,} error(s) in {folder}; nothing was published",
                result.problems,
                result.more_errors + result.more_warnings,
            )
        try:
            snap = snapshots.publish(
                result.tables,
                snapshot_id=snapshot_id,
                as_of=as_of,
                label=label,
                label_ko=label_ko,
                inputs=result.inputs,
                warnings=[p.to_dict() for p in result.warnings],
                base=loc,
            )
        except snapshots.SnapshotExists as exc:
            raise IngestError(str(exc)) from None
    return snap, result


def sample_sources(base: Path | None = None) -> list[dict]:
    """The sample exports under data/source, described by data/source/samples.json (id, as_of, labels)."""
    source = (base or snapshots.data_dir()) / "source"
    return json.loads((source / "samples.json").read_text(encoding="utf-8"))


def build_sample(base: Path | None = None, *, to: snapshots.Base = None) -> list[str]:
    """Publish every sample snapshot that does not exist yet, through the same ingest path as staff use.

    The exports come from <base>/source; they go to `to` when given, else to <base>/snapshots when base is given,
    else where WEGO_SNAPSHOTS says (or data/snapshots)."""
    target = to if to is not None else base
    base = base or snapshots.data_dir()
    built = []
    for sample in sample_sources(base):
        if snapshots.exists(sample["id"], target):
            continue
        ingest(
            base / "source" / sample["id"],
            as_of=dt.date.fromisoformat(sample["as_of"]),
            snapshot_id=sample["id"],
            label=sample["label_en"],
            label_ko=sample.get("label_ko", ""),
            base=target,
            not_after=latest_as_of(),
        )
        built.append(sample["id"])
    return built
