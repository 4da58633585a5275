"""Validate an export folder and publish it as a new snapshot; on any error nothing is written."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from wego_data import snapshots
from wego_data.validate import Problem, Result, validate_folder


class IngestError(Exception):
    def __init__(self, message: str, problems: list[Problem] = ()):
        super().__init__(message)
        self.problems = list(problems)


def ingest(
    folder: Path,
    *,
    as_of: dt.date,
    snapshot_id: str | None = None,
    label: str = "",
    label_ko: str = "",
    base: snapshots.Base = None,
) -> tuple[snapshots.Snapshot, Result]:
    """Validate `folder` and publish it to `base` (a data folder, a location or URI; None: WEGO_SNAPSHOTS or data/)."""
    snapshot_id = snapshot_id or as_of.isoformat()
    if not snapshots.is_valid_id(snapshot_id):
        raise IngestError(
            f"'{snapshot_id}' is not a snapshot id: use a date, optionally with a suffix (2016-10-11-excom)"
        )
    if not snapshot_id.startswith(as_of.isoformat()):
        raise IngestError(f"the snapshot id '{snapshot_id}' must start with its as-of date {as_of.isoformat()}")
    if snapshots.exists(snapshot_id, base):
        raise IngestError(f"snapshot {snapshot_id} already exists; snapshots are immutable, choose another --id")
    result = validate_folder(folder)
    if result.errors:
        raise IngestError(f"{len(result.errors)} error(s) in {folder}; nothing was published", result.problems)
    try:
        snap = snapshots.publish(
            result.tables,
            snapshot_id=snapshot_id,
            as_of=as_of,
            label=label,
            label_ko=label_ko,
            inputs=result.inputs,
            warnings=[p.to_dict() for p in result.warnings],
            base=base,
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
        )
        built.append(sample["id"])
    return built
