"""Damaged snapshots: files missing, truncated, replaced or unreadable, or a broken manifest (issue #9, point 4).

A snapshot whose files are not the ones its manifest describes is listed apart with the reason and is never the
default: the one before it is the newest. Each damage is done on the newest sample, 2025-11-01.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import boto3
import pyarrow.parquet as pq
import pytest
from conftest import SOURCE
from moto.server import ThreadedMotoServer

from wego_data import ingest, snapshots, store

NEWEST, BEFORE, OLDEST = "2025-11-01", "2016-10-11-excom", "2016-04-26"


def _chmod_blocks_reads() -> bool:
    """False as root (CI containers): chmod 000 keeps no one with CAP_DAC_OVERRIDE from reading a file."""
    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / "probe"
        probe.write_bytes(b"x")
        probe.chmod(0o000)
        try:
            probe.read_bytes()
        except PermissionError:
            return True
        return False


CHMOD_BLOCKS_READS = _chmod_blocks_reads()
ROOT_READS_ANYTHING = "runs as root: chmod does not keep root from reading a file or listing a folder"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """The three samples, published once through the real ingest path; tests damage copies of it."""
    base = tmp_path_factory.mktemp("pristine")
    shutil.copytree(SOURCE, base / "source")
    assert ingest.build_sample(base) == [OLDEST, BEFORE, NEWEST]
    return base


@pytest.fixture
def data(pristine, tmp_path) -> Path:
    base = tmp_path / "data"
    shutil.copytree(pristine / "snapshots", base / "snapshots")
    yield base
    (base / "snapshots").chmod(0o755)  # what a test made unreadable, so pytest can remove it
    (base / "snapshots" / NEWEST).chmod(0o755)


def writable(path: Path) -> Path:
    """Published files are read-only (0o444): a damage first makes its target writable, as a careless hand would."""
    path.chmod(0o644)
    return path


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def rewrite_manifest(folder: Path, manifest: dict) -> None:
    writable(folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def flip_a_byte(path: Path, offset: int = 100) -> None:
    """One byte of a data page changed: same size, and a footer that still reads with the right row count."""
    content = bytearray(path.read_bytes())
    content[offset] ^= 0xFF
    writable(path).write_bytes(bytes(content))


# Each damage changes the snapshot folder `snap` (the newest) and returns the reason the listing must give;
# `other` is an older snapshot's folder.


def truncate(snap: Path, other: Path) -> str:
    path = snap / "members.parquet"
    full = path.stat().st_size
    writable(path).write_bytes(path.read_bytes()[: full // 2])
    return f"members.parquet is {full // 2:,} bytes, the manifest says {full:,} (truncated or replaced)"


def overwrite_with_another_snapshots_file(snap: Path, other: Path) -> str:
    own = (snap / "members.parquet").stat().st_size
    writable(snap / "members.parquet").write_bytes((other / "members.parquet").read_bytes())
    theirs = (other / "members.parquet").stat().st_size
    assert theirs != own  # the samples' members differ in size; the same size would be the checksum's case
    return f"members.parquet is {theirs:,} bytes, the manifest says {own:,} (truncated or replaced)"


def change_one_byte(snap: Path, other: Path) -> str:
    flip_a_byte(snap / "members.parquet")
    return "members.parquet does not match its checksum (changed or damaged after publishing)"


def delete(snap: Path, other: Path) -> str:
    (snap / "members.parquet").unlink()
    return "members.parquet is missing"


def make_unreadable(snap: Path, other: Path) -> str:
    if not CHMOD_BLOCKS_READS:
        pytest.skip(ROOT_READS_ANYTHING)
    (snap / "members.parquet").chmod(0o000)
    return "members.parquet cannot be read: permission denied"


def break_the_manifest(snap: Path, other: Path) -> str:
    writable(snap / "manifest.json").write_text('{"snapshot_id": "2025-11-01", ', encoding="utf-8")
    return "manifest.json cannot be read: Expecting property name enclosed in double quotes: line 1 column 31 (char 30)"


def delete_the_manifest(snap: Path, other: Path) -> str:
    (snap / "manifest.json").unlink()
    return "manifest.json is missing"


def copy_another_snapshots_manifest(snap: Path, other: Path) -> str:
    writable(snap / "manifest.json").write_bytes((other / "manifest.json").read_bytes())
    return f"manifest.json describes snapshot '{other.name}'"


def change_a_row_count(snap: Path, other: Path) -> str:
    manifest = manifest_of(snap)
    rows = manifest["row_counts"]["members"]
    manifest["row_counts"]["members"] = rows + 1
    rewrite_manifest(snap, manifest)
    return f"members.parquet has {rows:,} rows, the manifest says {rows + 1:,}"


DAMAGES = [
    (truncate, "members.parquet", "size"),
    (overwrite_with_another_snapshots_file, "members.parquet", "size"),
    (change_one_byte, "members.parquet", "checksum"),
    (delete, "members.parquet", "missing"),
    (make_unreadable, "members.parquet", "unreadable"),
    (break_the_manifest, "manifest.json", "manifest"),
    (delete_the_manifest, "manifest.json", "missing"),
    (copy_another_snapshots_manifest, "manifest.json", "manifest"),
    (change_a_row_count, "members.parquet", "rows"),
]


def assert_listed_unusable(data: Path, reason: str, file: str | None, problem: str) -> None:
    found = snapshots.scan(data)
    assert found.unusable == [snapshots.Unusable(NEWEST, reason, data / "snapshots" / NEWEST, file, problem)]
    assert [s.snapshot_id for s in found.good] == [OLDEST, BEFORE]
    with pytest.warns(UserWarning, match=f"snapshot {NEWEST} skipped: "):
        listed = snapshots.list_snapshots(data)
    assert [s.snapshot_id for s in listed] == [OLDEST, BEFORE]  # the one before is the newest, so the default
    with pytest.raises(snapshots.SnapshotUnusable) as raised:
        snapshots.get_snapshot(NEWEST, data)
    assert isinstance(raised.value, KeyError) and raised.value.reason == reason
    assert raised.value.unusable == found.unusable[0]
    assert str(raised.value) == f"snapshot {NEWEST} cannot be used: {reason}"
    assert snapshots.get_snapshot(BEFORE, data).snapshot_id == BEFORE


def test_every_published_snapshot_verifies(data):
    found = snapshots.scan(data)
    assert ([s.snapshot_id for s in found.good], found.unusable) == ([OLDEST, BEFORE, NEWEST], [])


@pytest.mark.parametrize("damage,file,problem", DAMAGES, ids=[d.__name__ for d, _, _ in DAMAGES])
def test_a_damaged_snapshot_is_listed_unusable_and_never_the_default(data, damage, file, problem):
    folder = data / "snapshots"
    reason = damage(folder / NEWEST, folder / BEFORE)
    assert_listed_unusable(data, reason, file, problem)


@pytest.mark.parametrize("damage,file,problem", DAMAGES, ids=[d.__name__ for d, _, _ in DAMAGES])
def test_damage_after_a_good_listing_is_seen_on_the_next(data, damage, file, problem):
    """The memo must not hide a change: the app lists every 30 s, and a file can be damaged between two listings."""
    assert [s.snapshot_id for s in snapshots.scan(data).good] == [OLDEST, BEFORE, NEWEST]
    folder = data / "snapshots"
    reason = damage(folder / NEWEST, folder / BEFORE)
    assert_listed_unusable(data, reason, file, problem)


def test_a_change_that_keeps_size_and_time_is_still_seen(data):
    """A byte changed, the mtime set back (cp -p, touch -r): the ctime still moves, and the ctime is in the key."""
    path = data / "snapshots" / NEWEST / "members.parquet"
    assert snapshots.scan(data).unusable == []
    before = path.stat()
    flip_a_byte(path)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    while path.stat().st_ctime_ns == before.st_ctime_ns:  # the clock of file times ticks coarsely (a few ms)
        path.chmod(0o444)
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    reason = "members.parquet does not match its checksum (changed or damaged after publishing)"
    assert_listed_unusable(data, reason, "members.parquet", "checksum")


@pytest.fixture
def counted(monkeypatch):
    """How many times a table file is hashed and its footer read."""
    calls = {"sha256": 0, "footer": 0}
    real_sha256, real_footer = snapshots._sha256, pq.read_metadata

    def sha256(file):
        calls["sha256"] += 1
        return real_sha256(file)

    def footer(*args, **kwargs):
        calls["footer"] += 1
        return real_footer(*args, **kwargs)

    monkeypatch.setattr(snapshots, "_sha256", sha256)
    monkeypatch.setattr(pq, "read_metadata", footer)
    return calls


def test_an_unchanged_file_is_hashed_and_read_once(data, counted):
    tables = len(manifest_of(data / "snapshots" / NEWEST)["row_counts"])
    for _ in range(3):
        assert len(snapshots.scan(data).good) == 3
    snapshots.get_snapshot(NEWEST, data)
    assert counted == {"sha256": 3 * tables, "footer": 3 * tables}


def test_a_replaced_file_alone_is_hashed_again(data, counted):
    """The same bytes under a new inode (a restore from backup) are checked again, and only that file."""
    path = data / "snapshots" / NEWEST / "members.parquet"
    snapshots.scan(data)
    before = dict(counted)
    copy = path.with_name("copy")
    shutil.copy2(path, copy)
    os.replace(copy, path)
    assert len(snapshots.scan(data).good) == 3
    assert (counted["sha256"] - before["sha256"], counted["footer"] - before["footer"]) == (1, 1)


# ---- manifests from before checksums were recorded -----------------------------------------------------------------


def without_checksums(folder: Path) -> None:
    manifest = manifest_of(folder)
    del manifest["checksums"]
    rewrite_manifest(folder, manifest)


def test_the_manifest_records_each_files_size_and_sha256(data):
    folder = data / "snapshots" / NEWEST
    manifest = manifest_of(folder)
    assert set(manifest["checksums"]) == set(manifest["row_counts"])
    for table, entry in manifest["checksums"].items():
        content = (folder / f"{table}.parquet").read_bytes()
        assert entry == {"bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()}, table
    assert snapshots.get_snapshot(NEWEST, data).checksums == manifest["checksums"]


def test_a_snapshot_published_before_checksums_is_listed(data, counted):
    without_checksums(data / "snapshots" / NEWEST)
    found = snapshots.scan(data)
    assert [s.snapshot_id for s in found.good] == [OLDEST, BEFORE, NEWEST] and found.unusable == []
    assert found.good[-1].checksums is None
    assert counted["sha256"] == 2 * len(found.good[-1].row_counts)  # nothing to compare with: not hashed


@pytest.mark.parametrize(
    "damage,file,problem",
    [(truncate, "members.parquet", "footer"), (change_a_row_count, "members.parquet", "rows")],
    ids=["truncate", "change_a_row_count"],
)
def test_without_checksums_the_footer_and_row_counts_still_apply(data, damage, file, problem):
    folder = data / "snapshots"
    without_checksums(folder / NEWEST)
    expected = damage(folder / NEWEST, folder / BEFORE)
    found = snapshots.scan(data).unusable
    assert [(u.snapshot_id, u.file, u.problem) for u in found] == [(NEWEST, file, problem)]
    if problem == "footer":
        assert found[0].reason.startswith("members.parquet is not a readable parquet file (truncated or damaged): ")
    else:
        assert found[0].reason == expected


def test_a_changed_byte_passes_without_checksums(data):
    """What the checksums add: without them, a changed data page with an intact footer cannot be told."""
    without_checksums(data / "snapshots" / NEWEST)
    flip_a_byte(data / "snapshots" / NEWEST / "members.parquet")
    assert snapshots.scan(data).unusable == []


# ---- the folder itself ---------------------------------------------------------------------------------------------


def test_a_missing_snapshots_folder_means_no_snapshot_yet(tmp_path):
    assert snapshots.scan(tmp_path) == snapshots.Scan([], [])


def test_a_snapshots_path_that_is_a_file_is_an_error_not_an_empty_list(tmp_path):
    (tmp_path / "snapshots").write_text("not a folder", encoding="utf-8")
    with pytest.raises(snapshots.SnapshotsUnreadable, match="it is a file, not a folder") as raised:
        snapshots.list_snapshots(tmp_path)
    assert isinstance(raised.value, store.StoreError) and raised.value.path == tmp_path / "snapshots"


@pytest.mark.skipif(not CHMOD_BLOCKS_READS, reason=ROOT_READS_ANYTHING)
@pytest.mark.parametrize("mode,detail", [(0o000, "permission denied"), (0o644, "it can be listed but not entered")])
def test_an_unreadable_snapshots_folder_is_an_error_not_an_empty_list(data, mode, detail):
    folder = data / "snapshots"
    folder.chmod(mode)
    try:
        for call in (snapshots.scan, snapshots.list_snapshots, lambda base: snapshots.get_snapshot(BEFORE, base)):
            with pytest.raises(snapshots.SnapshotsUnreadable, match=detail) as raised:
                call(data)
            assert f"chmod a+rx {folder}" in str(raised.value)
    finally:
        folder.chmod(0o755)


@pytest.mark.skipif(not CHMOD_BLOCKS_READS, reason=ROOT_READS_ANYTHING)
def test_an_unreadable_snapshot_folder_is_listed_unusable(data):
    (data / "snapshots" / NEWEST).chmod(0o000)
    assert_listed_unusable(data, "its folder cannot be read: permission denied", None, "unreadable")


def test_a_file_named_as_a_snapshot_is_listed_unusable(data):
    (data / "snapshots" / "2026-01-01").write_text("stray", encoding="utf-8")
    assert snapshots.scan(data).unusable == [
        snapshots.Unusable(
            "2026-01-01",
            "2026-01-01 is a file, not a snapshot folder",
            data / "snapshots" / "2026-01-01",
            None,
            "missing",
        )
    ]


# ---- on S3 (moto's server on loopback, as tests/test_s3.py) --------------------------------------------------------

BUCKET = "wego-damaged"


@pytest.fixture(scope="module")
def s3(pristine):
    """An S3 bucket holding the samples under pristine/, published through the real path; a boto3 client for it."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    with pytest.MonkeyPatch.context() as mp:
        for name in ("AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL_S3", "WEGO_S3_ENDPOINT"):
            mp.delenv(name, raising=False)
        env = {
            "AWS_ACCESS_KEY_ID": "wego-test-key",
            "AWS_SECRET_ACCESS_KEY": "wego-test-secret",
            "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": f"http://{host}:{port}",
        }
        for name, value in env.items():
            mp.setenv(name, value)
        client = boto3.client("s3", endpoint_url=env["AWS_ENDPOINT_URL"])
        client.create_bucket(Bucket=BUCKET)
        assert ingest.build_sample(pristine, to=f"s3://{BUCKET}/pristine") == [OLDEST, BEFORE, NEWEST]
        yield client
    server.stop()


@pytest.fixture
def s3_copy(s3, request):
    """A copy of the pristine prefix for one test to damage: (URI, key prefix of the newest snapshot)."""
    prefix = f"t-{abs(hash(request.node.nodeid)):x}"
    for obj in s3.list_objects_v2(Bucket=BUCKET, Prefix="pristine/")["Contents"]:
        key = prefix + obj["Key"].removeprefix("pristine")
        s3.copy_object(Bucket=BUCKET, Key=key, CopySource={"Bucket": BUCKET, "Key": obj["Key"]})
    return f"s3://{BUCKET}/{prefix}", f"{prefix}/{NEWEST}"


def s3_members(s3, newest: str) -> str:
    manifest = json.loads(s3.get_object(Bucket=BUCKET, Key=f"{newest}/manifest.json")["Body"].read())
    return manifest["files"]["members"]


def s3_truncate(s3, newest: str) -> tuple[str, str]:
    name = s3_members(s3, newest)
    content = s3.get_object(Bucket=BUCKET, Key=f"{newest}/{name}")["Body"].read()
    s3.put_object(Bucket=BUCKET, Key=f"{newest}/{name}", Body=content[: len(content) // 2])
    return name, f"{name} is {len(content) // 2:,} bytes, the manifest says {len(content):,} (truncated or replaced)"


def s3_delete(s3, newest: str) -> tuple[str, str]:
    name = s3_members(s3, newest)
    s3.delete_object(Bucket=BUCKET, Key=f"{newest}/{name}")
    return name, f"{name} is missing"


def s3_garbage(s3, newest: str) -> tuple[str, str]:
    """Same size, but no parquet: only the footer tells (the sha256 is not checked on S3)."""
    name = s3_members(s3, newest)
    size = s3.head_object(Bucket=BUCKET, Key=f"{newest}/{name}")["ContentLength"]
    s3.put_object(Bucket=BUCKET, Key=f"{newest}/{name}", Body=b"x" * size)
    return name, f"{name} is not a readable parquet file: "


def s3_change_a_row_count(s3, newest: str) -> tuple[str, str]:
    manifest = json.loads(s3.get_object(Bucket=BUCKET, Key=f"{newest}/manifest.json")["Body"].read())
    rows = manifest["row_counts"]["members"]
    manifest["row_counts"]["members"] = rows + 1
    s3.put_object(Bucket=BUCKET, Key=f"{newest}/manifest.json", Body=json.dumps(manifest).encode())
    return manifest["files"][
        "members"
    ], f"{manifest['files']['members']} has {rows:,} rows, the manifest says {rows + 1:,}"


def s3_break_the_manifest(s3, newest: str) -> tuple[str, str]:
    s3.put_object(Bucket=BUCKET, Key=f"{newest}/manifest.json", Body=b"{not json")
    return "manifest.json", "manifest.json cannot be read: Expecting property name enclosed in double quotes: "


S3_DAMAGES = [s3_truncate, s3_delete, s3_garbage, s3_change_a_row_count, s3_break_the_manifest]


@pytest.mark.parametrize("damage", S3_DAMAGES, ids=[d.__name__ for d in S3_DAMAGES])
def test_a_damaged_snapshot_on_s3_is_listed_unusable(s3, s3_copy, damage):
    uri, newest = s3_copy
    file, reason = damage(s3, newest)
    found = snapshots.scan(uri)
    assert [(u.snapshot_id, u.file, u.path) for u in found.unusable] == [(NEWEST, file, f"{uri}/{NEWEST}")]
    assert found.unusable[0].reason.startswith(reason)
    assert [s.snapshot_id for s in found.good] == [OLDEST, BEFORE]
    with pytest.raises(snapshots.SnapshotUnusable) as raised:
        snapshots.get_snapshot(NEWEST, uri)
    assert raised.value.reason == found.unusable[0].reason


def test_s3_manifests_record_the_size_and_sha256_of_what_was_uploaded(s3):
    manifest = json.loads(s3.get_object(Bucket=BUCKET, Key=f"pristine/{NEWEST}/manifest.json")["Body"].read())
    for table, name in manifest["files"].items():
        content = s3.get_object(Bucket=BUCKET, Key=f"pristine/{NEWEST}/{name}")["Body"].read()
        assert manifest["checksums"][table] == {"bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()}


def test_a_file_deleted_on_s3_is_seen_through_a_connection_that_read_it_before(s3, s3_copy):
    """The Warehouse's connection lives as long as the process: a deletion shows in its next LIST."""
    uri, newest = s3_copy
    con = store.connect(store.parse(uri))
    try:
        assert [s.snapshot_id for s in snapshots.scan(uri, con=con).good] == [OLDEST, BEFORE, NEWEST]
        file, reason = s3_delete(s3, newest)
        assert [(u.snapshot_id, u.reason) for u in snapshots.scan(uri, con=con).unusable] == [(NEWEST, reason)]
    finally:
        con.close()
