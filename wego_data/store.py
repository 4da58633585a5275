"""Where snapshots live (a local folder or an S3 prefix) and the DuckDB side of S3: access, lockdown, reads, writes.

Location. A local folder by default (`data/snapshots/`, or `$WEGO_DATA_DIR/snapshots/`), or what the environment
variable WEGO_SNAPSHOTS (the CLI's --snapshots) says: `s3://bucket/prefix`, or a local folder. S3 access settings
come from the standard AWS variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION or
AWS_DEFAULT_REGION, AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL) and WEGO_S3_ENDPOINT, WEGO_S3_URL_STYLE, WEGO_S3_USE_SSL
for S3-compatible servers. DuckDB reaches S3 through its httpfs extension, loaded from the duckdb-ext-httpfs package
(never downloaded), and the settings become one DuckDB secret created with bound values, scoped to the prefix.

Publishing on S3 keeps the local guarantee, a snapshot is listed whole or not at all, without a rename (S3 has
none): a snapshot's tables are written under a build folder of their own, then its manifest, last:

    <prefix>/<snapshot_id>/<build>/<table>.parquet   build = UTC time + random hex, new for every attempt
    <prefix>/<snapshot_id>/manifest.json             names the build's files; only ids with one are listed

A PUT is atomic and S3 reads are strongly consistent, so a listed manifest always points at complete tables. An
attempt that stops before its manifest leaves a build folder nobody names: never listed, never read, and a retry
writes a new build beside it (remove such leftovers with any S3 tool; a build folder named by no manifest is one).
Every object's key is new, so nothing is ever overwritten and every cache (DuckDB's HTTP metadata and parquet
metadata caches) stays valid. An id whose manifest exists is refused. Two ingests of the same id at the same instant
cannot be fully excluded without a conditional PUT, which DuckDB does not offer; the manifest is read back after
writing and an ingest that finds another build's manifest there reports the id as taken.

DuckDB writes as well as reads (COPY ... TO 's3://...' from the Arrow tables), so one S3 client with one
configuration serves both and boto3 is no runtime dependency; pyarrow's S3 filesystem would be a second client with
a credential chain of its own (it probes instance metadata over the network when keys are missing).

Lockdown, the same on both kinds of location: after httpfs and the secret, file access is limited with
`allowed_directories` to the snapshot location (DuckDB applies it to URLs by prefix, and refuses `..` in them) and
the reference folder, external access is disabled, and the configuration is locked. Not covered: CREATE and DROP
SECRET are statements, not settings, and stay open; they can only change this connection's own requests, and the
gateway runs nothing but wego_data/sql/*.sql. Within the prefix a COPY TO is allowed too, so give the dashboard
read-only credentials (write access is for ingest).
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pyarrow as pa

MANIFEST = "manifest.json"
# Bucket names as S3 allows them; prefix segments of plain characters, none starting with a dot (no '.', '..').
_S3_URI = re.compile(
    r"s3://(?P<bucket>[a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?P<prefix>(?:/[A-Za-z0-9_-][A-Za-z0-9._-]*)*)/?"
)
_ENDPOINT_HOST = re.compile(r"[A-Za-z0-9.-]+(?::\d{1,5})?|\[[0-9A-Fa-f:.]+\](?::\d{1,5})?")
BUILD = re.compile(r"\d{8}T\d{6}Z-[0-9a-f]{8}")


class StoreError(Exception):
    """The snapshot location is misconfigured or cannot be reached."""


@dataclass(frozen=True)
class LocalLocation:
    """Snapshots in a folder of this machine: <root>/<snapshot_id>/<table>.parquet beside manifest.json."""

    root: Path

    @property
    def uri(self) -> str:
        return str(self.root)

    def allowed(self) -> str:
        return str(self.root.resolve()) + "/"


@dataclass(frozen=True)
class S3Location:
    """Snapshots under s3://<bucket>/<prefix>/: <snapshot_id>/manifest.json naming <snapshot_id>/<build>/*.parquet."""

    bucket: str
    prefix: str  # without leading or trailing slash; may be empty

    @property
    def uri(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}" if self.prefix else f"s3://{self.bucket}"

    def join(self, *parts: str) -> str:
        return "/".join((self.uri, *parts))

    def allowed(self) -> str:
        return self.uri + "/"


Location = LocalLocation | S3Location


def parse(text: str | os.PathLike) -> Location:
    """A location from WEGO_SNAPSHOTS or --snapshots: s3://bucket/prefix, file:///folder or a folder path."""
    text = os.fspath(text).strip()
    if text.startswith("s3://"):
        match = _S3_URI.fullmatch(text)
        if not match:
            raise StoreError(f"{text!r} is not an S3 location: use s3://bucket/prefix (letters, digits, . _ - only)")
        return S3Location(match["bucket"], match["prefix"].strip("/"))
    if text.startswith("file://"):
        text = urlsplit(text).path
    elif "://" in text or not text:
        raise StoreError(f"{text!r} is not a snapshot location: use s3://bucket/prefix or a local folder")
    return LocalLocation(Path(text).expanduser().resolve())


@dataclass(frozen=True)
class S3Settings:
    """How DuckDB reaches S3; from the standard AWS variables, with WEGO_S3_* for S3-compatible servers."""

    key_id: str = ""
    secret: str = field(default="", repr=False)
    session_token: str = field(default="", repr=False)
    region: str = "us-east-1"
    endpoint: str = "s3.amazonaws.com"
    use_ssl: bool = True
    url_style: str = "vhost"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> S3Settings:
        env = os.environ if env is None else env
        endpoint = env.get("WEGO_S3_ENDPOINT") or env.get("AWS_ENDPOINT_URL_S3") or env.get("AWS_ENDPOINT_URL") or ""
        host, use_ssl = cls._endpoint(endpoint) if endpoint else ("s3.amazonaws.com", True)
        if env.get("WEGO_S3_USE_SSL"):
            use_ssl = _flag("WEGO_S3_USE_SSL", env["WEGO_S3_USE_SSL"])
        # S3-compatible servers (MinIO, moto, Ceph) answer on path-style URLs; AWS itself prefers virtual hosts.
        url_style = env.get("WEGO_S3_URL_STYLE") or ("path" if endpoint else "vhost")
        if url_style not in ("path", "vhost"):
            raise StoreError(f"WEGO_S3_URL_STYLE must be path or vhost, not {url_style!r}")
        return cls(
            key_id=env.get("AWS_ACCESS_KEY_ID", ""),
            secret=env.get("AWS_SECRET_ACCESS_KEY", ""),
            session_token=env.get("AWS_SESSION_TOKEN", ""),
            region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1",
            endpoint=host,
            use_ssl=use_ssl,
            url_style=url_style,
        )

    @staticmethod
    def _endpoint(value: str) -> tuple[str, bool]:
        """http://127.0.0.1:9000 -> ('127.0.0.1:9000', False); DuckDB wants host[:port] and the scheme apart."""
        if "://" in value:
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or parts.path.strip("/") or parts.query:
                raise StoreError(f"the S3 endpoint {value!r} must be http(s)://host[:port]")
            value, use_ssl = parts.netloc, parts.scheme == "https"
        else:
            use_ssl = True
        if not _ENDPOINT_HOST.fullmatch(value):
            raise StoreError(f"the S3 endpoint {value!r} must be host[:port]")
        return value, use_ssl


def _flag(name: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered not in ("1", "0", "true", "false", "yes", "no"):
        raise StoreError(f"{name} must be true or false, not {value!r}")
    return lowered in ("1", "true", "yes")


def _extension_directory() -> str:
    """The duckdb-ext-httpfs package's extension folder: httpfs loads from it, with no internet."""
    try:
        dist = importlib.metadata.distribution("duckdb-ext-httpfs")
    except importlib.metadata.PackageNotFoundError:
        raise StoreError("snapshots on S3 need the duckdb-ext-httpfs package (see requirements.txt)") from None
    return str(dist.locate_file("duckdb_ext/extensions"))


def _enable_s3(con: duckdb.DuckDBPyConnection, location: S3Location, settings: S3Settings) -> None:
    # Never fetch an extension from the network: httpfs comes from the installed package or not at all.
    con.execute("set autoinstall_known_extensions = false")
    con.execute("set autoload_known_extensions = false")
    con.execute("set extension_directory = $dir", {"dir": _extension_directory()})
    con.execute("load httpfs")
    # Objects are never overwritten (every build has new keys), so cached metadata never goes stale.
    con.execute("set enable_http_metadata_cache = true")
    con.execute("set parquet_metadata_cache = true")
    # Every value is bound; the secret is scoped to the prefix, so no other S3 URL is ever sent these credentials.
    con.execute(
        "create secret wego_snapshots ("
        " type s3, key_id $key_id, secret $secret, session_token $session_token, region $region,"
        " endpoint $endpoint, use_ssl $use_ssl, url_style $url_style, scope $scope)",
        {
            "key_id": settings.key_id,
            "secret": settings.secret,
            "session_token": settings.session_token,
            "region": settings.region,
            "endpoint": settings.endpoint,
            "use_ssl": settings.use_ssl,
            "url_style": settings.url_style,
            "scope": location.allowed(),
        },
    )


def connect(
    location: Location, also: tuple[Path, ...] = (), settings: S3Settings | None = None
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that can reach the snapshot location (and the folders in `also`) and nothing else.

    The lockdown comes last and is locked: no SET, no other file or URL, no INSTALL or ATTACH of a file."""
    con = duckdb.connect(":memory:")
    try:
        if isinstance(location, S3Location):
            _enable_s3(con, location, settings or S3Settings.from_env())
        con.execute("set autoinstall_known_extensions = false")
        dirs = [location.allowed(), *(str(Path(p).resolve()) + "/" for p in also)]
        con.execute("set allowed_directories = $dirs", {"dirs": dirs})
        con.execute("set enable_external_access = false")
        con.execute("set lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


def _fail(location: S3Location, doing: str, exc: duckdb.Error) -> StoreError:
    return StoreError(f"cannot {doing} {location.uri}: {exc}".splitlines()[0])


# ---- S3 reads and writes; `con` is a connection from connect() (or a cursor of one) -------------------------------


def manifests(con: duckdb.DuckDBPyConnection, location: S3Location) -> list[tuple[str, bytes]]:
    """(folder name, manifest bytes) for every <prefix>/*/manifest.json: one LIST, then one GET each."""
    try:
        rows = con.execute(
            "select filename, content from read_blob($pattern) order by filename",
            {"pattern": location.join("*", MANIFEST)},
        ).fetchall()
    except duckdb.Error as exc:
        raise _fail(location, "list snapshots in", exc) from None
    start = len(location.uri) + 1
    return [(filename[start:].split("/", 1)[0], bytes(content)) for filename, content in rows]


def manifest(con: duckdb.DuckDBPyConnection, location: S3Location, snapshot_id: str) -> bytes | None:
    """The manifest of one id (already checked by the caller), or None when there is none."""
    path = location.join(snapshot_id, MANIFEST)
    try:
        # A pattern makes glob() LIST the id's folder (a plain key would be a HEAD, and a 404 an error), so
        # 'absent' and 'unreachable' stay apart.
        listed = con.execute("select file from glob($pattern)", {"pattern": location.join(snapshot_id, "*.json")})
        if (path,) not in listed.fetchall():
            return None
        [(content,)] = con.execute("select content from read_blob($path)", {"path": path}).fetchall()
    except duckdb.Error as exc:
        raise _fail(location, "read a manifest in", exc) from None
    return bytes(content)


def objects(con: duckdb.DuckDBPyConnection, location: S3Location, snapshot_id: str = "*") -> dict[str, tuple[int, int]]:
    """{uri: (size, last modified in epoch ms)} of every <id>/<build>/<table>.parquet (of one id, or all): one LIST,
    no GET (the content column is never read). An object deleted since is gone from the next call; its size comes
    through the connection's HTTP metadata cache, so an object overwritten after this connection first saw it keeps
    its old size here until a new connection (objects are never overwritten by publishing)."""
    try:
        rows = con.execute(
            "select filename, size, epoch_ms(last_modified) from read_blob($pattern)",
            {"pattern": location.join(snapshot_id, "*", "*.parquet")},
        ).fetchall()
    except duckdb.Error as exc:
        raise _fail(location, "list the table files in", exc) from None
    return {filename: (size, modified) for filename, size, modified in rows}


def parquet_rows(con: duckdb.DuckDBPyConnection, uri: str) -> int:
    """The row count in a parquet file's footer (a HEAD and ranged GETs of its end, not the whole object)."""
    try:
        [(num_rows,)] = con.execute("select num_rows from parquet_file_metadata($uri)", {"uri": uri}).fetchall()
    except duckdb.Error as exc:
        raise StoreError(f"cannot read the footer of {uri}: {exc}".splitlines()[0]) from None
    return num_rows


def digest(con: duckdb.DuckDBPyConnection, uri: str) -> tuple[int, str]:
    """(size, sha256 hex) of an object, hashed by DuckDB as it downloads it (the bytes never reach Python)."""
    try:
        [(size, sha256)] = con.execute("select size, sha256(content) from read_blob($uri)", {"uri": uri}).fetchall()
    except duckdb.Error as exc:
        raise StoreError(f"cannot read back {uri}: {exc}".splitlines()[0]) from None
    return size, sha256


def new_build() -> str:
    """A build folder name no other attempt uses: sortable by time, unique by its random part."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(4)


def write_parquet(con: duckdb.DuckDBPyConnection, table: pa.Table, uri: str) -> None:
    cur = con.cursor()
    try:
        cur.register("snapshot_table", table)
        cur.execute("copy (select * from snapshot_table) to $uri (format parquet, compression zstd)", {"uri": uri})
    except duckdb.Error as exc:
        raise StoreError(f"cannot write {uri}: {exc}".splitlines()[0]) from None
    finally:
        cur.close()


def write_manifest(con: duckdb.DuckDBPyConnection, location: S3Location, snapshot_id: str, text: str) -> None:
    """Write <prefix>/<id>/manifest.json: `text` and a newline, byte for byte (the last step of a publish).

    DuckDB has no raw-text writer: a one-column CSV without quoting or escaping writes the value as it is, and its
    row ends with the newline. The publisher reads the manifest back and compares, so a change here cannot pass."""
    uri = location.join(snapshot_id, MANIFEST)
    try:
        con.execute(
            "copy (select $text as manifest) to $uri (format csv, header false, quote '', escape '', delimiter '\t')",
            {"text": text.rstrip("\n"), "uri": uri},
        )
    except duckdb.Error as exc:
        raise StoreError(f"cannot write {uri}: {exc}".splitlines()[0]) from None
