"""Every URL parameter, declared once: its name, the values it may take, its default, and whether it is personal
(kept by a follower) or part of the view a presenter shares. The pages, the presenter's board, the briefing pack and
the agenda links all read this table; a value that is not allowed is never used (the default is, with a notice)."""

from __future__ import annotations

from dataclasses import dataclass

from wego_data import schema

MAX_CHARS = 100
ALL = "all"  # a filter's "All" choice: None cannot be a select box option (Streamlit shows it as empty)
UNITS = ("thousand", "million")
LANGUAGES = ("en", "ko")
MAX_CITIES = 5  # the Digital maturity page compares at most five cities side by side (issue #11)


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) <= 6 else None


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # choice | number | flag | text | choices (a comma-separated list of choices, at most MAX_CITIES)
    values: tuple | None = None  # allowed values; None where the data decides (snapshot ids, years)
    default: object = None  # None: absent (for a filter: All)
    personal: bool = False  # a follower keeps their own (language, unit, follow and present mode)
    query_name: str | None = None  # the name the queries take, where it differs (type -> member_type)
    label_key: str | None = None  # catalog key of the control's label
    value_prefix: str | None = None  # catalog prefix naming each value (region.Africa)
    filter: bool = False  # narrows a section (named in the briefing pack's footers)
    # Always written to the URL, the default too: a copied link then means the same thing after a newer snapshot is
    # published (issue #10). A link without it still opens (the default), and the URL gets it at once.
    pinned: bool = False

    def parse(self, raw) -> object | None:
        """The value of a URL text, or None when it does not parse (a length cap first: no 5,000-character value)."""
        if raw is None or len(str(raw)) > MAX_CHARS:
            return None
        text = str(raw).strip()
        if self.kind == "number":
            return _int(text)
        if self.kind == "flag":
            return {"1": True, "true": True, "0": False, "false": False}.get(text.lower())
        if self.kind == "choices":
            items = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
            return items if 0 < len(items) <= MAX_CITIES else None
        return text

    def accepts(self, value, allowed: tuple | None = None) -> bool:
        choices = allowed if allowed is not None else self.values
        if self.kind in ("text", "flag"):
            return value is not None
        if self.kind == "choices":
            return value is not None and (choices is None or all(v in choices for v in value))
        return value is not None and (choices is None or value in choices)

    def to_text(self, value) -> str:
        if self.kind == "choices":
            return ",".join(map(str, value))
        return "1" if value is True else str(value)


PARAMS: dict[str, Param] = {
    p.name: p
    for p in (
        Param("snapshot", "choice", pinned=True),
        Param("lang", "choice", LANGUAGES, "en", personal=True),
        Param("unit", "choice", UNITS, "thousand", personal=True, label_key="sidebar.unit", value_prefix="unit"),
        Param("follow", "flag", personal=True),
        Param("present", "flag", personal=True),
        Param("slide", "number", default=1),
        Param("region", "choice", schema.REGIONS, label_key="filter.region", value_prefix="region", filter=True),
        Param(
            "type",
            "choice",
            schema.MEMBER_TYPES,
            query_name="member_type",
            label_key="filter.member_type",
            value_prefix="member_type",
            filter=True,
        ),
        Param(
            "status", "choice", schema.MEMBER_STATUSES, label_key="filter.status", value_prefix="status", filter=True
        ),
        Param("excom", "flag", default=False, query_name="excom_only", label_key="filter.excom", filter=True),
        Param("q", "text", query_name="search", label_key="filter.search", filter=True),
        Param("area", "number", (1, 2, 3, 4), label_key="filter.area", value_prefix="area", filter=True),
        Param("year", "number", label_key="filter.year", filter=True),
        Param("event_year", "number", label_key="filter.event_year", filter=True),
        Param(
            "kind", "choice", schema.EVENT_KINDS, label_key="filter.event_kind", value_prefix="event_kind", filter=True
        ),
        Param("fy", "number", label_key="filter.settlement_year", filter=True),
        # The Digital maturity page (issue #11): a framework and an edition of the snapshot, one member over the
        # years, up to MAX_CITIES members side by side; every value allow-listed against the snapshot's data.
        Param("fw", "choice", label_key="maturity.filter.framework", filter=True),
        Param("edition", "number", label_key="maturity.filter.edition", filter=True),
        Param("city", "choice", label_key="maturity.filter.city", filter=True),
        Param("cities", "choices", label_key="maturity.filter.cities", filter=True),
        Param("new", "choice", label_key="changes.new"),
        Param("old", "choice", label_key="changes.old"),
    )
}
PERSONAL = tuple(p.name for p in PARAMS.values() if p.personal)
FILTERS = tuple(p.name for p in PARAMS.values() if p.filter)
PINNED = tuple(p.name for p in PARAMS.values() if p.pinned)
# Agenda links (agenda_items.filters) use the same names: the data contract's allow-list must be a subset of ours.
assert set(schema.LINK_FILTERS) <= set(FILTERS), "schema.LINK_FILTERS names a filter wego_view.params does not know"


def read(raw: dict, allowed: dict[str, tuple] | None = None) -> tuple[dict, list[str]]:
    """The known parameters of a URL (or a briefing pack's filter dict) parsed and checked: (values, bad names).

    allowed gives the values the data decides (snapshot ids, years) for this snapshot; a name missing there is
    taken as unrestricted only for text and flags. Unknown names are ignored: the URL may carry others."""
    allowed = allowed or {}
    values: dict = {}
    bad: list[str] = []
    for name, text in raw.items():
        param = PARAMS.get(name)
        if param is None or text is None or text == "" or text == ALL:
            continue
        value = param.parse(text)
        choices = allowed.get(name, param.values)
        if param.kind in ("choice", "number", "choices") and choices is None:
            ok = value is not None
        else:
            ok = param.accepts(value, choices)
        if ok:
            values[name] = value
        else:
            bad.append(name)
    return values, bad


def link_params(filters_text: str | None) -> tuple[tuple[str, str], ...]:
    """An agenda item's filters ('status=applicant&kind=excom') as URL pairs, allow-listed again on the way out."""
    pairs = []
    for pair in (filters_text if isinstance(filters_text, str) else "").split("&"):
        name, _, value = pair.partition("=")
        if name in schema.LINK_FILTERS and value in schema.LINK_FILTERS[name]:
            pairs.append((name, value))
    return tuple(pairs)


def query_args(filters: dict, names: tuple[str, ...]) -> dict:
    """The filters a query takes, under the query's own names ({"type": "full"} -> {"member_type": "full"})."""
    out = {}
    for name in names:
        param = PARAMS[name]
        out[param.query_name or name] = filters.get(name, param.default)
    return out


# ---- clicks on charts and maps (issue #10) ---------------------------------------------------------------------------
# A click on a region's bar or a member's point sets a filter. What the browser sends back is as untrusted as a URL:
# the value is checked like one before it is used.


def plotly_clicked(selection) -> object | None:
    """The customdata of the point a st.plotly_chart selection holds ({"points": [{"customdata": ...}]}), or None.

    A trace with one value per mark gives it as is; one with several (a list per mark) gives the first."""
    points = (selection or {}).get("points") or []
    if not points or not isinstance(points[0], dict):
        return None
    value = points[0].get("customdata")
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    return value


def deck_clicked(selection, name: str) -> object | None:
    """The `name` field of the object a st.pydeck_chart selection holds ({"objects": {layer_id: [{...}]}}), or None."""
    for objects in ((selection or {}).get("objects") or {}).values():
        if objects and isinstance(objects[0], dict):
            return objects[0].get(name)
    return None


def clicked_value(name: str, raw) -> tuple[object | None, bool]:
    """(the filter value a clicked mark names, True), (None, True) for no mark, (None, False) for a value refused."""
    param = PARAMS.get(name)
    if param is None or not param.filter:
        return None, False
    if raw is None or raw == "":
        return None, True
    value = param.parse(raw if isinstance(raw, str) else str(raw))
    if param.kind in ("choice", "number") and param.values is None:
        return None, False  # values only the data knows (years): no chart sets these yet
    return (value, True) if param.accepts(value) else (None, False)
