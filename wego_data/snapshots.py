"""Dated, immutable parquet snapshots: layout, listing and atomic publishing."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from wego_data.schema import TABLES, Table

PROJECT_DIR = Path(__file__).resolve().parents[1]
# A snapshot id is a date, optionally with a suffix: 2016-04-26, 2016-10-11-excom.
SNAPSHOT_ID = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:-[a-z0-9]+(?:-[a-z0-9]+)*)?$")
TMP_PREFIX = ".tmp-"


def data_dir() -> Path:
    """The data folder: WEGO_DATA_DIR when set, else the project's data/."""
    return Path(os.environ.get("WEGO_DATA_DIR") or PROJECT_DIR / "data").resolve()


def snapshots_dir(base: Path | None = None) -> Path:
    return (base or data_dir()) / "snapshots"


def is_valid_id(snapshot_id: str) -> bool:
    match = SNAPSHOT_ID.fullmatch(snapshot_id or "")
    if not match or len(snapshot_id) > 64:
        return False
    try:
        dt.date.fromisoformat(match.group(1))
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Snapshot:
    snapshot_id: str
    as_of: dt.date
    label: str
    label_ko: str
    created_at: str
    row_counts: dict
    inputs: dict
    warnings: tuple[dict, ...]
    path: Path

    def table_path(self, table: str) -> Path:
        if table not in TABLES:
            raise KeyError(table)
        return self.path / f"{table}.parquet"


def _load(path: Path) -> Snapshot:
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    return Snapshot(
        snapshot_id=manifest["snapshot_id"],
        as_of=dt.date.fromisoformat(manifest["as_of"]),
        label=manifest.get("label", ""),
        label_ko=manifest.get("label_ko", ""),
        created_at=manifest["created_at"],
        row_counts=manifest["row_counts"],
        inputs=manifest["inputs"],
        warnings=tuple(manifest.get("warnings", ())),
        path=path,
    )


def list_snapshots(base: Path | None = None) -> list[Snapshot]:
    """Every published snapshot, oldest first. Temporary build folders start with a dot and are never listed."""
    root = snapshots_dir(base)
    if not root.is_dir():
        return []
    found = []
    for path in root.iterdir():
        if not (path.is_dir() and is_valid_id(path.name) and (path / "manifest.json").is_file()):
            continue
        try:
            found.append(_load(path))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            # A damaged manifest hides that one snapshot; the others stay available.
            warnings.warn(f"snapshot {path.name} skipped: its manifest.json cannot be read ({exc})", stacklevel=2)
    return sorted(found, key=lambda s: (s.as_of, s.snapshot_id))


def get_snapshot(snapshot_id: str, base: Path | None = None) -> Snapshot:
    """The published snapshot with this id; KeyError for anything else (the id never reaches a path unchecked)."""
    if not isinstance(snapshot_id, str) or not is_valid_id(snapshot_id):
        raise KeyError(snapshot_id)
    path = snapshots_dir(base) / snapshot_id
    if not (path / "manifest.json").is_file():
        raise KeyError(snapshot_id)
    try:
        return _load(path)
    except (OSError, ValueError, KeyError, TypeError):
        raise KeyError(snapshot_id) from None


_ARROW_TYPES = {"text": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "date": pa.date32()}


def arrow_schema(table: Table) -> pa.Schema:
    return pa.schema([pa.field(c.name, _ARROW_TYPES[c.type], nullable=not c.required) for c in table.columns])


def _sorted(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    # Rows in key order so the same input always gives the same table, whatever the export's row order.
    return frame.sort_values(list(table.key), kind="stable").reset_index(drop=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class SnapshotExists(Exception):
    pass


def publish(
    tables: dict[str, pd.DataFrame],
    *,
    snapshot_id: str,
    as_of: dt.date,
    label: str,
    label_ko: str = "",
    inputs: dict[str, str],
    warnings: list[dict],
    base: Path | None = None,
) -> Snapshot:
    """Write a complete snapshot into a temporary folder beside the target, fsync it, then rename it into place.

    A crash at any point leaves either the whole snapshot or no listed folder at all.
    """
    if not is_valid_id(snapshot_id):
        raise ValueError(f"'{snapshot_id}' is not a snapshot id (a date, optionally with a suffix: 2016-10-11-excom)")
    root = snapshots_dir(base)
    root.mkdir(parents=True, exist_ok=True)
    target = root / snapshot_id
    if target.exists():
        raise SnapshotExists(f"snapshot {snapshot_id} already exists; snapshots are immutable, choose another --id")
    tmp = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{snapshot_id}-", dir=root))
    try:
        counts = {}
        for name, table in TABLES.items():
            frame = _sorted(table, tables[name])
            arrow = pa.Table.from_pandas(
                frame[list(table.column_names)], schema=arrow_schema(table), preserve_index=False
            )
            path = tmp / f"{name}.parquet"
            pq.write_table(arrow, path, compression="zstd")
            _fsync(path)
            counts[name] = len(frame)
        manifest = {
            "snapshot_id": snapshot_id,
            "as_of": as_of.isoformat(),
            "label": label,
            "label_ko": label_ko,
            "created_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            "row_counts": counts,
            "inputs": dict(sorted(inputs.items())),
            "warnings": warnings,
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        _fsync(tmp / "manifest.json")
        for path in tmp.iterdir():
            path.chmod(0o444)  # immutable once published
        tmp.chmod(0o755)  # mkdtemp makes it private; the app may run as another user than the ingest
        _fsync(tmp)
        try:
            # rename() onto an existing non-empty folder fails, so a concurrent publish cannot overwrite one.
            os.rename(tmp, target)
        except OSError as exc:
            raise SnapshotExists(f"snapshot {snapshot_id} already exists; choose another --id") from exc
        _fsync(root)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return _load(target)
