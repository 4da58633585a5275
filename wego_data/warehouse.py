"""The one gateway that runs SQL: a DuckDB connection per process, a cursor per query, values always bound."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pandas as pd

from wego_data import reference, snapshots, store
from wego_data.schema import TABLES

SQL_DIR = Path(__file__).resolve().parent / "sql"
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_QUERY_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


class UnknownSnapshot(KeyError):
    pass


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

    def __init__(self, base: snapshots.Base = None):
        self.location = snapshots.location(base)
        self._con = store.connect(self.location, also=(reference.REFERENCE_DIR,))
        # Snapshots are immutable: a manifest once read stays true, so a query costs no manifest read (a GET on S3).
        self._known: dict[str, snapshots.Snapshot] = {}

    def close(self) -> None:
        self._con.close()

    def snapshots(self) -> list[snapshots.Snapshot]:
        cursor = self._con.cursor()
        try:
            found = snapshots.list_snapshots(self.location, con=cursor)
        finally:
            cursor.close()
        self._known.update((s.snapshot_id, s) for s in found)
        return found

    def snapshot(self, snapshot_id: str) -> snapshots.Snapshot:
        known = self._known.get(snapshot_id) if isinstance(snapshot_id, str) else None
        if known is not None:
            return known
        cursor = self._con.cursor()
        try:
            snap = snapshots.get_snapshot(snapshot_id, self.location, con=cursor)
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
        bindings["countries"] = str(reference.REFERENCE_DIR / "countries.csv")
        bindings.update(params)
        return self._run(name, bindings)

    def compare(self, name: str, old_id: str, new_id: str, **params) -> pd.DataFrame:
        """Run sql/<name>.sql on two snapshots, bound as $old_<table> and $new_<table>."""
        old, new = self.snapshot(old_id), self.snapshot(new_id)
        bindings = {f"old_{t}": str(old.table_path(t)) for t in TABLES}
        bindings.update({f"new_{t}": str(new.table_path(t)) for t in TABLES})
        bindings.update(params)
        return self._run(name, bindings)
