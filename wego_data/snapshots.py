"""Dated, immutable parquet snapshots: layout, listing and atomic publishing, in a local folder or on S3 (store.py)."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
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

from wego_data import store
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


Base = Path | str | store.LocalLocation | store.S3Location | None


def location(base: Base = None) -> store.LocalLocation | store.S3Location:
    """Where snapshots live. `base` is a data folder (snapshots in <base>/snapshots, as always), a location, or a
    URI (s3://bucket/prefix, file:///folder); None means WEGO_SNAPSHOTS when set, else <data folder>/snapshots."""
    if isinstance(base, store.LocalLocation | store.S3Location):
        return base
    if isinstance(base, str) and "://" in base:
        return store.parse(base)
    if base is not None:
        return store.LocalLocation(snapshots_dir(Path(base)).resolve())
    configured = os.environ.get("WEGO_SNAPSHOTS", "").strip()
    return store.parse(configured) if configured else store.LocalLocation(snapshots_dir())


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
    path: Path | str  # a Path in a local folder, an s3:// URI string on S3
    files: dict | None = None  # table -> file relative to path, where the manifest names them (S3 builds)

    def table_path(self, table: str) -> Path | str:
        if table not in TABLES:
            raise KeyError(table)
        name = (self.files or {}).get(table, f"{table}.parquet")
        return f"{self.path}/{name}" if isinstance(self.path, str) else self.path / name


def _files(manifest: dict) -> dict | None:
    """The manifest's table files: absent locally; on S3 exactly <build>/<table>.parquet for every table."""
    if "files" not in manifest:
        return None
    files = manifest["files"]
    if not isinstance(files, dict) or set(files) != set(TABLES):
        raise ValueError("the manifest's files do not name every table")
    for table, name in files.items():
        build, _, file = str(name).partition("/")
        if not (store.BUILD.fullmatch(build) and file == f"{table}.parquet"):
            raise ValueError(f"the manifest names {name!r} for {table}")
    return dict(files)


def _from_manifest(manifest: dict, path: Path | str) -> Snapshot:
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
        files=_files(manifest),
    )


def _load(path: Path) -> Snapshot:
    return _from_manifest(json.loads((path / "manifest.json").read_text(encoding="utf-8")), path)


def _s3_snapshot(loc: store.S3Location, snapshot_id: str, content: bytes) -> Snapshot:
    return _from_manifest(json.loads(content.decode("utf-8")), loc.join(snapshot_id))


@contextlib.contextmanager
def _s3(loc: store.S3Location, con=None):
    """The caller's connection (the Warehouse's, already locked down), else one of our own for this call."""
    if con is not None:
        yield con
        return
    own = store.connect(loc)
    try:
        yield own
    finally:
        own.close()


def list_snapshots(base: Base = None, *, con=None) -> list[Snapshot]:
    """Every published snapshot, oldest first. Only ids with a manifest are listed: a local build folder (.tmp-*)
    or an S3 build whose manifest was never written is not. `con`: a store.connect() connection to use on S3."""
    loc = location(base)
    if isinstance(loc, store.S3Location):
        with _s3(loc, con) as s3:
            found = [(i, functools.partial(_s3_snapshot, loc, i, text)) for i, text in store.manifests(s3, loc)]
    else:
        paths = loc.root.iterdir() if loc.root.is_dir() else ()
        found = [
            (path.name, functools.partial(_load, path))
            for path in paths
            if path.is_dir() and is_valid_id(path.name) and (path / "manifest.json").is_file()
        ]
    listed = []
    for snapshot_id, load in found:
        if not is_valid_id(snapshot_id):
            continue
        try:
            listed.append(load())
        except (OSError, ValueError, KeyError, TypeError) as exc:
            # A damaged manifest hides that one snapshot; the others stay available.
            warnings.warn(f"snapshot {snapshot_id} skipped: its manifest.json cannot be read ({exc})", stacklevel=2)
    return sorted(listed, key=lambda s: (s.as_of, s.snapshot_id))


def get_snapshot(snapshot_id: str, base: Base = None, *, con=None) -> Snapshot:
    """The published snapshot with this id; KeyError for anything else (the id never reaches a path unchecked)."""
    if not isinstance(snapshot_id, str) or not is_valid_id(snapshot_id):
        raise KeyError(snapshot_id)
    loc = location(base)
    if isinstance(loc, store.S3Location):
        with _s3(loc, con) as s3:
            content = store.manifest(s3, loc, snapshot_id)
        if content is None:
            raise KeyError(snapshot_id)
        try:
            return _s3_snapshot(loc, snapshot_id, content)
        except (ValueError, KeyError, TypeError):
            raise KeyError(snapshot_id) from None
    path = loc.root / snapshot_id
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


def exists(snapshot_id: str, base: Base = None) -> bool:
    """Whether the id is taken: a folder of that name locally (even a damaged one), a manifest on S3."""
    loc = location(base)
    if isinstance(loc, store.S3Location):
        with _s3(loc) as s3:
            return store.manifest(s3, loc, snapshot_id) is not None
    return (loc.root / snapshot_id).exists()


def _manifest(meta: dict, counts: dict) -> dict:
    """The manifest of a snapshot; `meta` holds publish()'s snapshot_id, as_of, label, label_ko, inputs, warnings."""
    return {
        "snapshot_id": meta["snapshot_id"],
        "as_of": meta["as_of"].isoformat(),
        "label": meta["label"],
        "label_ko": meta["label_ko"],
        "created_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "row_counts": counts,
        "inputs": dict(sorted(meta["inputs"].items())),
        "warnings": meta["warnings"],
    }


def _arrow(name: str, frame: pd.DataFrame) -> pa.Table:
    table = TABLES[name]
    frame = _sorted(table, frame)
    return pa.Table.from_pandas(frame[list(table.column_names)], schema=arrow_schema(table), preserve_index=False)


def _publish_s3(tables: dict[str, pd.DataFrame], loc: store.S3Location, meta: dict) -> Snapshot:
    """Tables under a new build folder, then the manifest naming them, last (the reasoning is in store.py)."""
    snapshot_id = meta["snapshot_id"]
    taken = f"snapshot {snapshot_id} already exists in {loc.uri}; snapshots are immutable, choose another --id"
    with _s3(loc) as con:
        if store.manifest(con, loc, snapshot_id) is not None:
            raise SnapshotExists(taken)
        build = store.new_build()
        counts, files = {}, {}
        for name in TABLES:
            arrow = _arrow(name, tables[name])
            files[name] = f"{build}/{name}.parquet"
            store.write_parquet(con, arrow, loc.join(snapshot_id, files[name]))
            counts[name] = arrow.num_rows
        text = json.dumps({**_manifest(meta, counts), "files": files}, ensure_ascii=False, indent=2) + "\n"
        # Checked again just before the manifest: what is left to a concurrent ingest of this id is one PUT's time.
        if store.manifest(con, loc, snapshot_id) is not None:
            raise SnapshotExists(taken)
        store.write_manifest(con, loc, snapshot_id, text)
        written = store.manifest(con, loc, snapshot_id)
    if written != text.encode("utf-8"):
        raise SnapshotExists(
            f"the manifest of {snapshot_id} in {loc.uri} is not the one this ingest wrote: another ingest of the same "
            "id ran at the same time; check the snapshot"
        )
    return _s3_snapshot(loc, snapshot_id, written)


def publish(
    tables: dict[str, pd.DataFrame],
    *,
    snapshot_id: str,
    as_of: dt.date,
    label: str,
    label_ko: str = "",
    inputs: dict[str, str],
    warnings: list[dict],
    base: Base = None,
) -> Snapshot:
    """Write a complete snapshot into a temporary folder beside the target, fsync it, then rename it into place
    (on S3: tables under a new build folder, then the manifest; see store.py).

    A crash at any point leaves either the whole snapshot or no listed folder at all.
    """
    if not is_valid_id(snapshot_id):
        raise ValueError(f"'{snapshot_id}' is not a snapshot id (a date, optionally with a suffix: 2016-10-11-excom)")
    meta = {"snapshot_id": snapshot_id, "as_of": as_of, "label": label, "label_ko": label_ko}
    meta |= {"inputs": inputs, "warnings": warnings}
    loc = location(base)
    if isinstance(loc, store.S3Location):
        return _publish_s3(tables, loc, meta)
    root = loc.root
    root.mkdir(parents=True, exist_ok=True)
    target = root / snapshot_id
    if target.exists():
        raise SnapshotExists(f"snapshot {snapshot_id} already exists; snapshots are immutable, choose another --id")
    tmp = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{snapshot_id}-", dir=root))
    try:
        counts = {}
        for name in TABLES:
            arrow = _arrow(name, tables[name])
            path = tmp / f"{name}.parquet"
            pq.write_table(arrow, path, compression="zstd")
            _fsync(path)
            counts[name] = arrow.num_rows
        manifest = _manifest(meta, counts)
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
