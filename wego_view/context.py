"""The view context: which snapshot, language, unit and filters a section is built for, and how it reads data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from wego_view import fmt, i18n

# query(name, snapshot_id, **params): a named query of wego_data.queries (the pages pass a cached one).
Query = Callable[..., object]
# compare(old_id, new_id): wego_data.diff.diff between two snapshots.
Compare = Callable[[str, str], dict]


@dataclass(frozen=True)
class SnapshotInfo:
    snapshot_id: str
    as_of: dt.date
    label: str = ""
    label_ko: str = ""


@dataclass(frozen=True)
class ViewContext:
    snapshot: SnapshotInfo
    lang: str
    unit: str
    query: Query
    compare: Compare
    # Every published snapshot, newest first (for "since the previous snapshot" and What changed).
    snapshots: tuple[SnapshotInfo, ...] = ()
    filters: dict = field(default_factory=dict)
    # Who reads: "public" or "committee" (wego_data.schema.Public); `query` and `compare` already read for it, and
    # sections use it only to say what is left out.
    audience: str = "public"

    @property
    def snapshot_id(self) -> str:
        return self.snapshot.snapshot_id

    @property
    def as_of(self) -> dt.date:
        return self.snapshot.as_of

    @property
    def t(self) -> Callable[..., str]:
        return i18n.translator(self.lang)

    @property
    def unit_name(self) -> str:
        return self.t(f"unit.{self.unit}")

    def q(self, name: str, **params):
        return self.query(name, self.snapshot_id, **params)

    @property
    def previous(self) -> SnapshotInfo | None:
        """The snapshot published before this one (by as-of date), if any."""
        ids = [s.snapshot_id for s in self.snapshots]
        if self.snapshot_id not in ids:
            return None
        index = ids.index(self.snapshot_id)
        return self.snapshots[index + 1] if index + 1 < len(self.snapshots) else None

    def with_filters(self, filters: dict) -> ViewContext:
        return ViewContext(
            self.snapshot, self.lang, self.unit, self.query, self.compare, self.snapshots, dict(filters), self.audience
        )

    # formatting in the chosen language and unit
    def date(self, value, precision: str = "day") -> str:
        return fmt.date(value, self.lang, precision)

    def integer(self, value) -> str:
        return fmt.integer(value, self.lang)

    def money(self, krw, detail: bool = True) -> str:
        return fmt.money(krw, self.unit, self.lang, detail=detail)

    def label(self, snapshot: SnapshotInfo | None = None) -> str:
        snap = snapshot or self.snapshot
        return snap.label_ko if self.lang == "ko" and snap.label_ko else snap.label
