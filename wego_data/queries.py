"""One named function per question a page asks; the SQL lives in wego_data/sql/<name>.sql."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pandas as pd

from wego_data.warehouse import Warehouse

# Values a page may pass as filters; anything else is refused before it reaches SQL.
MEMBER_FILTERS = {
    "region": ("Asia", "Africa", "Europe", "Americas", "Middle East", "Oceania"),
    "member_type": ("full", "associate", "friendship", "corporate"),
    "status": ("active", "applicant", "withdrawn"),
}
EVENT_KINDS = ("general_assembly", "excom", "forum", "workshop", "training", "expo", "study", "launch", "other")
AREAS = (1, 2, 3, 4)
SEARCH_MAX_CHARS = 100


def _allowed(name: str, value, allowed) -> None:
    if value is not None and value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}, not {value!r}")


def row_counts(wh: Warehouse, snapshot_id: str) -> dict[str, int]:
    frame = wh.query("row_counts", snapshot_id)
    return dict(zip(frame["table_name"], frame["row_count"].astype(int)))


def members(
    wh: Warehouse,
    snapshot_id: str,
    region: str | None = None,
    member_type: str | None = None,
    status: str | None = None,
    excom_only: bool = False,
    search: str | None = None,
) -> pd.DataFrame:
    _allowed("region", region, MEMBER_FILTERS["region"])
    _allowed("member_type", member_type, MEMBER_FILTERS["member_type"])
    _allowed("status", status, MEMBER_FILTERS["status"])
    # NFC: Korean typed on one system and stored from another may be composed differently.
    search = unicodedata.normalize("NFC", (search or "").strip()[:SEARCH_MAX_CHARS]) or None
    return wh.query(
        "members",
        snapshot_id,
        region=region,
        member_type=member_type,
        status=status,
        excom_only=bool(excom_only),
        search=search,
    )


def members_by_region(wh: Warehouse, snapshot_id: str) -> pd.DataFrame:
    return wh.query("members_by_region", snapshot_id)


def latest_figures(wh: Warehouse, snapshot_id: str) -> dict[str, dict]:
    """figure -> {value, as_of, as_of_precision, note_en, note_ko, source}: the latest published value by the
    snapshot date."""
    frame = wh.query("latest_figures", snapshot_id)
    return {row["figure"]: row for row in frame.to_dict("records")}


def figure_history(wh: Warehouse, snapshot_id: str, figure: str) -> pd.DataFrame:
    return wh.query("figure_history", snapshot_id, figure=figure)


def offices(wh: Warehouse, snapshot_id: str) -> pd.DataFrame:
    """Open offices with the members each covers: one regional office per member (the nearest covering its region,
    see member_coverage.sql); the secretariat serves every active member."""
    frame = wh.query("offices", snapshot_id)
    counts = wh.query("member_coverage", snapshot_id)["office_id"].value_counts()
    active = len(members(wh, snapshot_id, status="active"))
    frame["members_covered"] = [
        active if kind == "secretariat" else int(counts.get(office_id, 0))
        for office_id, kind in zip(frame["office_id"], frame["kind"])
    ]
    return frame


def office_arcs(wh: Warehouse, snapshot_id: str) -> pd.DataFrame:
    """One arc per regional office and covered member, the office's own host excepted."""
    coverage = wh.query("member_coverage", snapshot_id)
    return coverage[~coverage["is_host"]].drop(columns="is_host").reset_index(drop=True)


def settlement_years(wh: Warehouse, snapshot_id: str) -> list[int]:
    return [int(y) for y in wh.query("settlement_years", snapshot_id)["fiscal_year"]]


def budget_lines(wh: Warehouse, snapshot_id: str, fiscal_year: int) -> pd.DataFrame:
    return wh.query("budget_lines", snapshot_id, fiscal_year=int(fiscal_year))


def budget_totals(wh: Warehouse, snapshot_id: str, fiscal_year: int) -> dict:
    return wh.query("budget_totals", snapshot_id, fiscal_year=int(fiscal_year)).to_dict("records")[0]


def spending(
    wh: Warehouse, snapshot_id: str, fiscal_year: int, top: int | None = None, per_line: int = 0
) -> pd.DataFrame:
    """A year's activities, largest first: all of them, or the `top` largest and the `per_line` largest of each line."""
    return wh.query(
        "spending",
        snapshot_id,
        fiscal_year=int(fiscal_year),
        top=None if top is None else int(top),
        per_line=int(per_line),
    )


def spending_by_line(wh: Warehouse, snapshot_id: str, fiscal_year: int) -> pd.DataFrame:
    """Every activity of a year counted and summed per budget line (line_id null: not paid from a line)."""
    return wh.query("spending_by_line", snapshot_id, fiscal_year=int(fiscal_year))


def reconciliation(wh: Warehouse, snapshot_id: str, fiscal_year: int) -> pd.DataFrame:
    return wh.query("reconciliation", snapshot_id, fiscal_year=int(fiscal_year))


def program_years(wh: Warehouse, snapshot_id: str) -> list[int]:
    return [int(y) for y in wh.query("program_years", snapshot_id)["fiscal_year"]]


def programs(wh: Warehouse, snapshot_id: str, fiscal_year: int, area: int | None = None) -> pd.DataFrame:
    _allowed("area", area, AREAS)
    return wh.query("programs", snapshot_id, fiscal_year=int(fiscal_year), area=area)


def program_timeline(wh: Warehouse, snapshot_id: str, fiscal_year: int, area: int | None = None) -> pd.DataFrame:
    _allowed("area", area, AREAS)
    return wh.query("program_timeline", snapshot_id, fiscal_year=int(fiscal_year), area=area)


def events(
    wh: Warehouse, snapshot_id: str, year: int | None = None, kind: str | None = None, area: int | None = None
) -> pd.DataFrame:
    _allowed("kind", kind, EVENT_KINDS)
    _allowed("area", area, AREAS)
    return wh.query(
        "events",
        snapshot_id,
        year=None if year is None else int(year),
        kind=kind,
        area=area,
        after=None,
        held_meetings=False,
    )


def event_years(wh: Warehouse, snapshot_id: str) -> list[int]:
    return [int(y) for y in wh.query("event_years", snapshot_id)["year"]]


def upcoming_events(wh: Warehouse, snapshot_id: str, limit: int = 10) -> pd.DataFrame:
    """Events under way on the snapshot date or still to come, not cancelled, soonest first."""
    found = wh.query(
        "events", snapshot_id, year=None, kind=None, area=None, after=as_of(wh, snapshot_id), held_meetings=False
    )
    return found.head(int(limit)).reset_index(drop=True)


def assembly_history(wh: Warehouse, snapshot_id: str) -> pd.DataFrame:
    """General assemblies and EXCOM meetings held by the snapshot date (expected attendance is not history)."""
    return wh.query("events", snapshot_id, year=None, kind=None, area=None, after=None, held_meetings=True)


def as_of(wh: Warehouse, snapshot_id: str) -> dt.date:
    return wh.snapshot(snapshot_id).as_of


def uncovered_members(wh: Warehouse, snapshot_id: str) -> pd.DataFrame:
    return wh.query("uncovered_members", snapshot_id)


def meetings(wh: Warehouse, snapshot_id: str) -> pd.DataFrame:
    """Every meeting with its event's names and status, whether it is held, in progress or next, and the Korean name
    of its city where the registry has one (as events.sql gives it)."""
    found = wh.query("meetings", snapshot_id)
    names = events(wh, snapshot_id)[["event_id", "city_ko"]]
    return found.merge(names, on="event_id", how="left")


_RELATION_ORDER = {"in_progress": 0, "next": 1, "held": 2}


def meeting_in_view(wh: Warehouse, snapshot_id: str) -> dict | None:
    """The meeting in progress on the as-of date, else the next, else the last held (`relation` says which); a
    general assembly before an EXCOM meeting held with it; a cancelled meeting never."""
    found = meetings(wh, snapshot_id)
    found = found[found["status"] != "cancelled"]
    if found.empty:
        return None
    ranked = found.assign(
        _relation=found["relation"].map(_RELATION_ORDER),
        # soonest first for a meeting under way or to come; most recent first for one held
        _when=[
            -e.value if r == "held" else s.value
            for r, s, e in zip(found["relation"], found["starts_on"], found["ends_on"])
        ],
        _kind=(found["kind"] != "general_assembly").astype(int),
    ).sort_values(["_relation", "_when", "_kind", "meeting_id"])
    return ranked.drop(columns=["_relation", "_when", "_kind"]).to_dict("records")[0]


def agenda_items(wh: Warehouse, snapshot_id: str, meeting_id: str) -> pd.DataFrame:
    return wh.query("agenda_items", snapshot_id, meeting_id=str(meeting_id))


def decisions(wh: Warehouse, snapshot_id: str, meeting_id: str | None = None) -> pd.DataFrame:
    """Decisions on record by the snapshot date (of one meeting, or all), with the member and office names."""
    return wh.query("decisions", snapshot_id, meeting_id=meeting_id)


# ---- digital maturity (issue #11) ---------------------------------------------------------------------------------
# A framework id and edition come from the snapshot's own frameworks (maturity_frameworks); they are bound values, so
# an unknown one reads nothing rather than reaching SQL as text.


def maturity_frameworks(wh: Warehouse, snapshot_id: str) -> pd.DataFrame:
    """The snapshot's frameworks with how many editions score a member (editions, first_edition, latest_edition)."""
    return wh.query("maturity_frameworks", snapshot_id)


def maturity_editions(wh: Warehouse, snapshot_id: str, framework: str) -> pd.DataFrame:
    """A framework's editions that score at least one member, oldest first, with members_scored."""
    return wh.query("maturity_editions", snapshot_id, framework=framework)


def maturity_bands(wh: Warehouse, snapshot_id: str, framework: str) -> pd.DataFrame:
    """A framework's bands lowest first: band_id, seq, lower, upper, name_en, name_ko, band_rule."""
    return wh.query("maturity_bands", snapshot_id, framework=framework)


def maturity_dimensions(wh: Warehouse, snapshot_id: str, framework: str) -> pd.DataFrame:
    """A framework's dimensions in reading order (each top-level one, then its children), with top_level and leaf."""
    return wh.query("maturity_dimensions", snapshot_id, framework=framework)


def maturity_scores(
    wh: Warehouse, snapshot_id: str, framework: str, edition: int | None = None, member: str | None = None
) -> pd.DataFrame:
    """One row per active local-government member, edition and dimension (dimension_id null: overall); a null score
    is no data. edition None: every edition; member None: every member."""
    return wh.query(
        "maturity_scores",
        snapshot_id,
        framework=framework,
        edition=None if edition is None else int(edition),
        member=member,
    )


def maturity_scored_members(wh: Warehouse, snapshot_id: str, framework: str) -> pd.DataFrame:
    """The active local-government members with an overall score in any edition: member_id, name_en, name_ko, region,
    country_iso3."""
    return wh.query("maturity_scored_members", snapshot_id, framework=framework)


def maturity_band_counts(wh: Warehouse, snapshot_id: str, framework: str, edition: int) -> pd.DataFrame:
    """Members per WeGO region and band of the overall score (band_id null: no data), regions in WeGO's order."""
    return wh.query("maturity_band_counts", snapshot_id, framework=framework, edition=int(edition), member=None)


def maturity_averages(wh: Warehouse, snapshot_id: str, framework: str, edition: int) -> pd.DataFrame:
    """The average per dimension (null: overall) over all members scored (region null) and per region."""
    return wh.query("maturity_averages", snapshot_id, framework=framework, edition=int(edition), member=None)


def maturity_distribution(wh: Warehouse, snapshot_id: str, framework: str) -> pd.DataFrame:
    """Per region and edition: members_scored, low, q1, median, q3, high of the overall score."""
    return wh.query("maturity_distribution", snapshot_id, framework=framework, edition=None, member=None)
