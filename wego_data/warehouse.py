"""The one gateway that runs SQL: a DuckDB connection per process, a cursor per query, values always bound."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pandas as pd

from wego_data import reference, snapshots, store
from wego_data.schema import AUDIENCES, TABLES, Table

SQL_DIR = Path(__file__).resolve().parent / "sql"
MACRO_DIR = SQL_DIR / "macros"
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_QUERY_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


class UnknownSnapshot(KeyError):
    pass


class UnusableSnapshot(UnknownSnapshot):
    """A published snapshot that fails its checks (missing, truncated or changed files): `reason` says which."""

    def __init__(self, snapshot_id: str, reason: str):
        super().__init__(snapshot_id)
        self.reason = reason


def table_macro(table: Table) -> str:
    """The one way SQL reads a contract table: `wego_<table>(path, audience, as_of)`, a table macro that gives the
    committee every row and column and the public only what the contract's `public` rule allows (schema.Public).

    Built from the contract alone (names and conditions written in schema.py, never input). An audience other than
    the two known ones reads nothing."""
    rule = table.public
    columns = ", ".join(f"case when audience = 'committee' then {c} end as {c}" for c in rule.columns)
    select = f"* replace ({columns})" if columns else "*"
    public = "false" if not rule.table else f"({rule.rows})" if rule.rows else "true"
    # Every name and condition here is the contract's own text (schema.py), not input: S608 does not apply.
    head = f"create macro wego_{table.name}(snapshot_path, audience, snapshot_as_of) as table"
    source = "read_parquet(snapshot_path)"
    added = [c.name for c in table.columns if c.may_be_absent]
    if added:
        # A snapshot published before a column was added to the contract reads it as empty (issue #10): UNION BY NAME
        # fills a column the file lacks with nulls, and an empty set adds no row.
        nulls = ", ".join(f"cast(null as varchar) as {name}" for name in added)
        source = f"(select * from {source} union all by name select {nulls} where false)"  # noqa: S608 (as below)
    body = f"select {select} from {source}"  # noqa: S608
    return f"{head} {body} where audience = 'committee' or (audience = 'public' and {public})"


@functools.cache
def load_sql(name: str) -> str:
    """The text of wego_data/sql/<name>.sql; names come from code, never from a user."""
    if not _QUERY_NAME.match(name):
        raise ValueError(f"not a query name: {name!r}")
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def _parameters(sql: str) -> set[str]:
    without_comments = re.sub(r"--[^\n]*", "", sql)
    return set(_PARAM.findall(without_comments))


class Warehouse:
    """Reads published snapshots, from a local folder or S3 (`base`: see snapshots.location; None = as configured).

    File access is limited to the snapshot location and the reference folder, then the settings are locked."""

    def __init__(self, base: snapshots.Base = None, *, audience: str = "public"):
        """`audience`: "public" (the default: what anyone may see) or "committee" (everything); schema.Public."""
        if audience not in AUDIENCES:
            raise ValueError(f"audience must be one of {AUDIENCES}, not {audience!r}")
        self.audience = audience
        self.location = snapshots.location(base)
        # The empty tables a snapshot published before an optional table was added reads (snapshots.empty_table).
        empty = [snapshots.empty_table(t.name) for t in TABLES.values() if t.optional]
        also = (reference.REFERENCE_DIR, *sorted({path.parent for path in empty}))
        self._con = store.connect(self.location, also=also)
        for table in TABLES.values():
            self._con.execute(table_macro(table))
        # Macros over those that several queries share (wego_data/sql/macros/*.sql: the project's own SQL, no input).
        for path in sorted(MACRO_DIR.glob("*.sql")):
            self._con.execute(path.read_text(encoding="utf-8"))
        # Snapshots are immutable: a manifest once read stays true, so a query costs no manifest read (a GET on S3).
        self._known: dict[str, snapshots.Snapshot] = {}

    def for_audience(self, audience: str) -> Warehouse:
        """The same connection and snapshots, read for another audience."""
        if audience not in AUDIENCES:
            raise ValueError(f"audience must be one of {AUDIENCES}, not {audience!r}")
        other = object.__new__(Warehouse)
        other.__dict__.update(self.__dict__)
        other.audience = audience
        return other

    def close(self) -> None:
        self._con.close()

    def scan(self) -> snapshots.Scan:
        """Every published snapshot, checked (snapshots.scan): the good ones, and the unusable ones with the reason.
        Only good snapshots are known to queries from here on: one found damaged since is no longer served."""
        cursor = self._con.cursor()
        try:
            found = snapshots.scan(self.location, con=cursor)
        finally:
            cursor.close()
        for damaged in found.unusable:
            self._known.pop(damaged.snapshot_id, None)
        self._known.update((s.snapshot_id, s) for s in found.good)
        return found

    def snapshots(self) -> list[snapshots.Snapshot]:
        """The good snapshots, oldest first."""
        return self.scan().good

    def snapshot(self, snapshot_id: str) -> snapshots.Snapshot:
        known = self._known.get(snapshot_id) if isinstance(snapshot_id, str) else None
        if known is not None:
            return known
        cursor = self._con.cursor()
        try:
            snap = snapshots.get_snapshot(snapshot_id, self.location, con=cursor)
        except snapshots.SnapshotUnusable as exc:
            raise UnusableSnapshot(snapshot_id, exc.reason) from None
        except KeyError:
            raise UnknownSnapshot(snapshot_id) from None
        finally:
            cursor.close()
        self._known[snapshot_id] = snap
        return snap

    def _run(self, name: str, bindings: dict) -> pd.DataFrame:
        sql = load_sql(name)
        wanted = _parameters(sql)
        missing = wanted - bindings.keys()
        if missing:
            raise TypeError(f"query {name} needs parameters {sorted(missing)}")
        cursor = self._con.cursor()
        try:
            return cursor.execute(sql, {k: bindings[k] for k in wanted}).df()
        finally:
            cursor.close()

    def query(self, name: str, snapshot_id: str, **params) -> pd.DataFrame:
        """Run sql/<name>.sql on one snapshot: each table is bound as $<table> (its parquet path)."""
        snap = self.snapshot(snapshot_id)
        bindings = {t: str(snap.table_path(t)) for t in TABLES}
        bindings["as_of"] = snap.as_of
        bindings["audience"] = self.audience
        bindings["countries"] = str(reference.REFERENCE_DIR / "countries.csv")
        bindings.update(params)
        return self._run(name, bindings)

    def compare(self, name: str, old_id: str, new_id: str, **params) -> pd.DataFrame:
        """Run sql/<name>.sql on two snapshots, bound as $old_<table> and $new_<table>."""
        old, new = self.snapshot(old_id), self.snapshot(new_id)
        bindings = {f"old_{t}": str(old.table_path(t)) for t in TABLES}
        bindings.update({f"new_{t}": str(new.table_path(t)) for t in TABLES})
        bindings.update(old_as_of=old.as_of, new_as_of=new.as_of, audience=self.audience)
        bindings.update(params)
        return self._run(name, bindings)
