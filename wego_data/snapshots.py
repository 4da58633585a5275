"""Dated, immutable parquet snapshots: layout, listing, verification and atomic publishing, locally or on S3 (store.py).

Verification (issue #9): a snapshot is listed only when its files are the ones its manifest describes. Checked on
every listing, cheaply because the expensive facts about a file are memoized by the file's identity (see _Memo):

    local folder  every table file exists and is readable; its size and sha256 equal the manifest's "checksums"
                  (recorded since issue #9; older manifests have none and skip this); its parquet footer reads and
                  gives the manifest's row count.
    S3            every table file the manifest names is in the LIST of the prefix; its size equals the manifest's
                  (where recorded); its parquet footer reads and gives the manifest's row count. Not checked: the
                  sha256 (it would download every byte on every new process). Sizes and footers come through the
                  connection's DuckDB metadata caches, so on a long-lived connection (the Warehouse's) an object
                  overwritten after that connection first read it is seen only by a new connection; a deleted one
                  drops out of the next LIST and is seen at once.

A snapshot that fails is listed apart (Scan.unusable) with the reason, and is never the default: list_snapshots()
gives the good ones only, and get_snapshot() raises SnapshotUnusable (a KeyError) for it.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

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
    checksums: dict | None = None  # table -> {"bytes": n, "sha256": hex}; None in manifests from before issue #9

    def has(self, table: str) -> bool:
        """Whether the snapshot was published with this table: one published before an optional table was added to
        the contract (schema.Table.optional) has no file of it and reads it as empty (table_path)."""
        return table in self.row_counts

    def table_path(self, table: str) -> Path | str:
        if table not in TABLES:
            raise KeyError(table)
        if not self.has(table):
            return empty_table(table)
        name = self.table_file(table)
        return f"{self.path}/{name}" if isinstance(self.path, str) else self.path / name

    def table_file(self, table: str) -> str:
        """The table's file relative to the snapshot: members.parquet locally, <build>/members.parquet on S3."""
        return (self.files or {}).get(table, f"{table}.parquet")


@dataclass(frozen=True)
class Unusable:
    """A snapshot that is published (it has a folder, or a manifest on S3) but cannot be used, and why."""

    snapshot_id: str
    reason: str  # plain English: "members.parquet is missing"
    path: Path | str  # where it is, as Snapshot.path
    file: str | None  # the file at fault, relative to path ("manifest.json", "members.parquet"); None: the folder
    # What is wrong, for a caller that words it itself: missing, unreadable, manifest, size, checksum, footer, rows.
    problem: str


@dataclass(frozen=True)
class Scan:
    """Every published snapshot of a location: the good ones oldest first (as list_snapshots), the others by id."""

    good: list[Snapshot]
    unusable: list[Unusable]


class SnapshotUnusable(KeyError):
    """get_snapshot() of a snapshot that exists but fails verification; a KeyError, as for an unknown id.
    `.unusable` says what is wrong (as scan() would); `.snapshot_id` and `.reason` are its fields."""

    def __init__(self, unusable: Unusable):
        super().__init__(unusable.snapshot_id)
        self.unusable = unusable
        self.snapshot_id = unusable.snapshot_id
        self.reason = unusable.reason

    def __str__(self) -> str:
        return f"snapshot {self.snapshot_id} cannot be used: {self.reason}"


class SnapshotsUnreadable(store.StoreError):
    """The local snapshots folder exists but cannot be listed: a setup problem to fix, not 'no snapshot yet'."""

    def __init__(self, path: Path, detail: str):
        super().__init__(
            f"cannot read the snapshots folder {path}: {detail}. Give the user the dashboard runs as read and "
            f"execute permission on it (chmod a+rx {path}), or point WEGO_SNAPSHOTS at the right folder"
        )
        self.path = path


class _Damage(Exception):
    """Raised inside verification; becomes an Unusable (scan) or a SnapshotUnusable (get_snapshot)."""

    def __init__(self, file: str | None, problem: str, reason: str):
        super().__init__(reason)
        self.file, self.problem, self.reason = file, problem, reason

    def unusable(self, snapshot_id: str, path: Path | str) -> Unusable:
        return Unusable(snapshot_id, self.reason, path, self.file, self.problem)


def _why(exc: OSError) -> str:
    """'permission denied' rather than '[Errno 13] Permission denied: '/long/path''."""
    return exc.strerror.lower() if exc.strerror else str(exc)


# The tables every snapshot has; an optional one (added to the contract later) may be absent from an older manifest.
CORE_TABLES = frozenset(name for name, table in TABLES.items() if not table.optional)


def _names_tables(keys) -> bool:
    """Whether a manifest's table names are every core table and no unknown one."""
    return CORE_TABLES <= set(keys) <= set(TABLES)


def empty_dir() -> Path:
    """A per-user folder of empty tables, one parquet per optional table in the contract's current schema (what a
    snapshot published before the table was added reads); the warehouse allows DuckDB to read it."""
    digest = hashlib.sha256(repr([(t.name, str(arrow_schema(t))) for t in TABLES.values()]).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"wego-empty-tables-{os.getuid()}" / digest


@functools.cache
def empty_table(table: str) -> Path:
    folder = empty_dir()
    path = folder / f"{table}.parquet"
    if not path.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{table}.{os.getpid()}.parquet"
        pq.write_table(arrow_schema(TABLES[table]).empty_table(), tmp)
        os.replace(tmp, path)  # atomic: a reader in another process sees the whole file or none
    return path


def _files(manifest: dict) -> dict | None:
    """The manifest's table files: absent locally; on S3 exactly <build>/<table>.parquet for every table it has."""
    if "files" not in manifest:
        return None
    files = manifest["files"]
    if not isinstance(files, dict) or not _names_tables(files):
        raise ValueError("the manifest's files do not name every table")
    for table, name in files.items():
        build, _, file = str(name).partition("/")
        if not (store.BUILD.fullmatch(build) and file == f"{table}.parquet"):
            raise ValueError(f"the manifest names {name!r} for {table}")
    return dict(files)


def _row_counts(manifest: dict) -> dict:
    counts = manifest["row_counts"]
    if not isinstance(counts, dict) or not _names_tables(counts):
        raise ValueError("its row_counts do not give a number of rows for every table")
    if any(type(n) is not int or n < 0 for n in counts.values()):
        raise ValueError("its row_counts do not give a number of rows for every table")
    return counts


def _checksums(manifest: dict) -> dict | None:
    """{table: {"bytes": n, "sha256": hex}} for every table; None for a manifest from before they were recorded."""
    if "checksums" not in manifest:
        return None
    checksums = manifest["checksums"]
    if not isinstance(checksums, dict) or set(checksums) != set(manifest["row_counts"]):
        raise ValueError("its checksums do not cover every table")
    for table, entry in checksums.items():
        ok = isinstance(entry, dict) and type(entry.get("bytes")) is int and entry["bytes"] >= 0
        if not (ok and isinstance(entry.get("sha256"), str) and re.fullmatch(r"[0-9a-f]{64}", entry["sha256"])):
            raise ValueError(f"its checksum of {table} is not a size and a sha256")
    return {t: dict(e) for t, e in checksums.items()}


def _from_manifest(manifest: dict, path: Path | str) -> Snapshot:
    if not isinstance(manifest, dict):
        raise ValueError("it is not a JSON object")
    return Snapshot(
        snapshot_id=manifest["snapshot_id"],
        as_of=dt.date.fromisoformat(manifest["as_of"]),
        label=manifest.get("label", ""),
        label_ko=manifest.get("label_ko", ""),
        created_at=manifest["created_at"],
        row_counts=_row_counts(manifest),
        inputs=manifest["inputs"],
        warnings=tuple(manifest.get("warnings", ())),
        path=path,
        files=_files(manifest),
        checksums=_checksums(manifest),
    )


def _parse(content: bytes, snapshot_id: str, path: Path | str) -> Snapshot:
    """The snapshot a manifest describes, or _Damage saying why it cannot be read."""
    try:
        snap = _from_manifest(json.loads(content.decode("utf-8")), path)
    except KeyError as exc:
        raise _Damage(store.MANIFEST, "manifest", f"manifest.json cannot be read: it has no {exc.args[0]}") from None
    except (ValueError, TypeError, AttributeError) as exc:
        raise _Damage(store.MANIFEST, "manifest", f"manifest.json cannot be read: {exc}") from None
    if snap.snapshot_id != snapshot_id:
        # A manifest copied from elsewhere would put another snapshot's name (and counts) on these files.
        raise _Damage(store.MANIFEST, "manifest", f"manifest.json describes snapshot {snap.snapshot_id!r}")
    return snap


def _load(path: Path) -> Snapshot:
    return _from_manifest(json.loads((path / store.MANIFEST).read_text(encoding="utf-8")), path)


def _s3_snapshot(loc: store.S3Location, snapshot_id: str, content: bytes) -> Snapshot:
    return _from_manifest(json.loads(content.decode("utf-8")), loc.join(snapshot_id))


# ---- verification --------------------------------------------------------------------------------------------------


class _Facts(NamedTuple):
    """What a table file says about itself: its footer's row count, and its sha256 where the manifest has one."""

    num_rows: int
    sha256: str | None


class _Memo:
    """Facts about files, keyed by each file's identity, so a listing re-reads (or re-hashes) only what changed.

    Process-wide on purpose: the app re-lists every 30 s from every session, and a bench table is 100+ MB to hash.
    A key holds everything a change of the file changes (locally its inode, size, mtime and ctime, which no tool
    can set back), so a memoized fact is never stale. Only successes are kept: a failure is looked at again on the
    next listing. One lock, held while computing: two sessions listing at once hash a file once, not twice."""

    def __init__(self, size: int = 4096):
        self._size = size
        self._facts: collections.OrderedDict[tuple, _Facts] = collections.OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, compute) -> _Facts:
        with self._lock:
            if key in self._facts:
                self._facts.move_to_end(key)
                return self._facts[key]
            facts = self._facts[key] = compute()
            while len(self._facts) > self._size:
                self._facts.popitem(last=False)
            return facts


_MEMO = _Memo()


def _sha256(file) -> str:
    """The sha256 of an open binary file, from its start."""
    file.seek(0)
    return hashlib.file_digest(file, "sha256").hexdigest()


def _checksum(path: Path) -> dict:
    """A file's entry in the manifest's checksums."""
    with path.open("rb") as f:
        return {"bytes": os.fstat(f.fileno()).st_size, "sha256": _sha256(f)}


def _local_facts(path: Path, name: str, with_sha256: bool) -> _Facts:
    try:
        f = path.open("rb")
    except OSError as exc:
        raise _Damage(name, "unreadable", f"{name} cannot be read: {_why(exc)}") from None
    with f:
        try:
            num_rows = pq.read_metadata(f).num_rows  # the footer only: a few KB whatever the table's size
        except (OSError, ValueError, pa.ArrowException) as exc:
            raise _Damage(
                name, "footer", f"{name} is not a readable parquet file (truncated or damaged): {exc}"
            ) from None
        return _Facts(num_rows, _sha256(f) if with_sha256 else None)


def _compare(snap: Snapshot, table: str, name: str, size: int, facts) -> None:
    """The checks every location shares: size (where recorded) before anything is read, then rows, then sha256."""
    expected = (snap.checksums or {}).get(table)
    if expected and size != expected["bytes"]:
        raise _Damage(
            name, "size", f"{name} is {size:,} bytes, the manifest says {expected['bytes']:,} (truncated or replaced)"
        )
    found = facts()
    if found.num_rows != snap.row_counts[table]:
        raise _Damage(name, "rows", f"{name} has {found.num_rows:,} rows, the manifest says {snap.row_counts[table]:,}")
    if expected and found.sha256 is not None and found.sha256 != expected["sha256"]:
        raise _Damage(name, "checksum", f"{name} does not match its checksum (changed or damaged after publishing)")


def _verify_local(path: Path, snapshot_id: str) -> Snapshot:
    """The snapshot in this folder when every file is as its manifest says; _Damage otherwise."""
    if not path.is_dir():
        raise _Damage(None, "missing", f"{path.name} is a file, not a snapshot folder")
    if not os.access(path, os.R_OK | os.X_OK):
        raise _Damage(None, "unreadable", "its folder cannot be read: permission denied")
    try:
        content = (path / store.MANIFEST).read_bytes()
    except FileNotFoundError:
        raise _Damage(store.MANIFEST, "missing", "manifest.json is missing") from None
    except OSError as exc:
        raise _Damage(store.MANIFEST, "unreadable", f"manifest.json cannot be read: {_why(exc)}") from None
    snap = _parse(content, snapshot_id, path)
    for table in snap.row_counts:
        name, file = snap.table_file(table), snap.table_path(table)
        try:
            info = file.stat()
        except FileNotFoundError:
            raise _Damage(name, "missing", f"{name} is missing") from None
        except OSError as exc:
            raise _Damage(name, "unreadable", f"{name} cannot be read: {_why(exc)}") from None
        if not stat.S_ISREG(info.st_mode):
            raise _Damage(name, "missing", f"{name} is not a file")
        with_sha256 = snap.checksums is not None
        key = (
            "local",
            str(file),
            info.st_dev,
            info.st_ino,
            info.st_size,
            info.st_mtime_ns,
            info.st_ctime_ns,
            with_sha256,
        )
        facts = functools.partial(_MEMO.get, key, functools.partial(_local_facts, file, name, with_sha256))
        _compare(snap, table, name, info.st_size, facts)
    return snap


def _verify_s3(snap: Snapshot, objects: dict[str, tuple[int, int]], con) -> Snapshot:
    """The snapshot when every file its manifest names is listed with the right size and footer; _Damage otherwise.

    `objects`: store.objects() of the location, one LIST. The footer is read (two ranged GETs) once per object per
    process; the sha256 is not checked on S3 (see the module docstring)."""
    for table in snap.row_counts:
        name, uri = snap.table_file(table), snap.table_path(table)
        if uri not in objects:
            raise _Damage(name, "missing", f"{name} is missing")
        size, modified = objects[uri]
        facts = functools.partial(_MEMO.get, ("s3", uri, size, modified), functools.partial(_s3_facts, con, uri, name))
        _compare(snap, table, name, size, facts)
    return snap


def _s3_facts(con, uri: str, name: str) -> _Facts:
    try:
        return _Facts(store.parquet_rows(con, uri), None)
    except store.StoreError as exc:
        raise _Damage(name, "footer", f"{name} is not a readable parquet file: {exc}") from None


def _local_ids(root: Path) -> list[str]:
    """The names of the folder's entries that are snapshot ids; a build folder (.tmp-*) or stray file is not one."""
    try:
        with os.scandir(root) as entries:
            ids = sorted(e.name for e in entries if is_valid_id(e.name))
    except FileNotFoundError:
        return []  # nothing published yet
    except NotADirectoryError:
        raise SnapshotsUnreadable(root, "it is a file, not a folder") from None
    except OSError as exc:
        raise SnapshotsUnreadable(root, _why(exc)) from None
    if not os.access(root, os.X_OK):
        # Listed but not entered: every snapshot in it would look damaged, when the folder's mode is what is wrong.
        raise SnapshotsUnreadable(root, "permission denied (it can be listed but not entered)")
    return ids


def scan(base: Base = None, *, con=None) -> Scan:
    """Every published snapshot, verified: the good ones oldest first, the unusable ones with the reason.

    Published means a folder named as a snapshot id locally (the only way one appears is a complete publish, so a
    damaged one is reported, not skipped), a manifest on S3 (a build without one was never published). Raises
    SnapshotsUnreadable when the local folder cannot be listed, store.StoreError when S3 cannot be reached.
    `con`: a store.connect() connection (or cursor) to use on S3; without one, one is opened for this call."""
    loc = location(base)
    good, unusable = [], []
    if isinstance(loc, store.S3Location):
        with _s3(loc, con) as s3:
            found = [(i, text) for i, text in store.manifests(s3, loc) if is_valid_id(i)]
            objects = store.objects(s3, loc) if found else {}
            for snapshot_id, content in found:
                path = loc.join(snapshot_id)
                try:
                    good.append(_verify_s3(_parse(content, snapshot_id, path), objects, s3))
                except _Damage as damage:
                    unusable.append(damage.unusable(snapshot_id, path))
    else:
        for snapshot_id in _local_ids(loc.root):
            path = loc.root / snapshot_id
            try:
                good.append(_verify_local(path, snapshot_id))
            except _Damage as damage:
                unusable.append(damage.unusable(snapshot_id, path))
    return Scan(sorted(good, key=lambda s: (s.as_of, s.snapshot_id)), sorted(unusable, key=lambda u: u.snapshot_id))


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
    """The usable published snapshots, oldest first (scan().good). Each unusable one is reported as a warning, so
    it is never hidden silently; scan() gives them with their reasons. `con`: as for scan()."""
    found = scan(base, con=con)
    for bad in found.unusable:
        warnings.warn(f"snapshot {bad.snapshot_id} skipped: {bad.reason}", stacklevel=2)
    return found.good


def get_snapshot(snapshot_id: str, base: Base = None, *, con=None) -> Snapshot:
    """The published snapshot with this id, verified as scan() does. KeyError for an id that is not published (the
    id never reaches a path unchecked); SnapshotUnusable, a KeyError with the reason, for one that fails."""
    if not isinstance(snapshot_id, str) or not is_valid_id(snapshot_id):
        raise KeyError(snapshot_id)
    loc = location(base)
    path = loc.join(snapshot_id) if isinstance(loc, store.S3Location) else loc.root / snapshot_id
    try:
        if isinstance(loc, store.S3Location):
            with _s3(loc, con) as s3:
                content = store.manifest(s3, loc, snapshot_id)
                if content is None:
                    raise KeyError(snapshot_id)
                return _verify_s3(_parse(content, snapshot_id, path), store.objects(s3, loc, snapshot_id), s3)
        if snapshot_id not in _local_ids(loc.root):
            raise KeyError(snapshot_id)
        return _verify_local(path, snapshot_id)
    except _Damage as damage:
        raise SnapshotUnusable(damage.unusable(snapshot_id, path)) from None


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


def _manifest(meta: dict, counts: dict, checksums: dict) -> dict:
    """The manifest of a snapshot; `meta` holds publish()'s snapshot_id, as_of, label, label_ko, inputs, warnings.

    `checksums` ({table: {"bytes": n, "sha256": hex}}) let a listing tell a damaged or replaced file (issue #9)."""
    return {
        "snapshot_id": meta["snapshot_id"],
        "as_of": meta["as_of"].isoformat(),
        "label": meta["label"],
        "label_ko": meta["label_ko"],
        "created_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "row_counts": counts,
        "checksums": checksums,
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
        counts, files, checksums = {}, {}, {}
        for name in TABLES:
            arrow = _arrow(name, tables[name])
            files[name] = f"{build}/{name}.parquet"
            store.write_parquet(con, arrow, loc.join(snapshot_id, files[name]))
            counts[name] = arrow.num_rows
            # DuckDB wrote the bytes, so they are read back to be hashed: one download of the snapshot per publish.
            size, sha256 = store.digest(con, loc.join(snapshot_id, files[name]))
            checksums[name] = {"bytes": size, "sha256": sha256}
        manifest = {**_manifest(meta, counts, checksums), "files": files}
        text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
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
        counts, checksums = {}, {}
        for name in TABLES:
            arrow = _arrow(name, tables[name])
            path = tmp / f"{name}.parquet"
            pq.write_table(arrow, path, compression="zstd")
            _fsync(path)
            counts[name] = arrow.num_rows
            checksums[name] = _checksum(path)  # the bytes on disk, read back (from the page cache)
        manifest = _manifest(meta, counts, checksums)
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
