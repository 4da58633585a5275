"""The one gateway that runs SQL: a DuckDB connection per process, a cursor per query, values always bound."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import duckdb
import pandas as pd

from wego_data import reference, snapshots
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
    """Reads published snapshots. File access is limited to the data folder and the settings are then locked."""

    def __init__(self, base: Path | None = None):
        self.base = Path(base or snapshots.data_dir()).resolve()
        self._con = duckdb.connect(":memory:")
        dirs = [str(self.base) + "/", str(reference.REFERENCE_DIR) + "/"]
        self._con.execute("set allowed_directories = $dirs", {"dirs": dirs})
        self._con.execute("set enable_external_access = false")
        self._con.execute("set lock_configuration = true")

    def close(self) -> None:
        self._con.close()

    def snapshots(self) -> list[snapshots.Snapshot]:
        return snapshots.list_snapshots(self.base)

    def snapshot(self, snapshot_id: str) -> snapshots.Snapshot:
        try:
            return snapshots.get_snapshot(snapshot_id, self.base)
        except KeyError:
            raise UnknownSnapshot(snapshot_id) from None

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
