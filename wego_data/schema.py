"""The data contract: every table, column, type, rule and reference (documented in docs/data.md)."""

from __future__ import annotations

from dataclasses import dataclass, field

# WeGO's own regional grouping, as used in its published member counts.
REGIONS = ("Asia", "Africa", "Europe", "Americas", "Middle East", "Oceania")
DATE_PRECISIONS = ("day", "month", "year")
# The dashboard's sections an agenda item can open (the section registry in wego_view.sections has exactly these),
# and the filters such a link may carry, each with its allowed values (wego_view.params declares the same names).
SECTION_IDS = ("overview", "members", "offices", "programs", "events", "budget", "changes", "maturity")
EVENT_KINDS = ("general_assembly", "excom", "forum", "workshop", "training", "expo", "study", "launch", "other")
MEMBER_TYPES = ("full", "associate", "friendship", "corporate")
MEMBER_STATUSES = ("active", "applicant", "withdrawn")
LINK_FILTERS: dict[str, tuple[str, ...]] = {
    "region": REGIONS,
    "type": MEMBER_TYPES,
    "status": MEMBER_STATUSES,
    "kind": EVENT_KINDS,
    "area": ("1", "2", "3", "4"),
}
LINK_FILTERS_PATTERN = r"^[a-z_]+=[^&=]+(?:&[a-z_]+=[^&=]+)*$"

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ISO3 = r"^[A-Z]{3}$"
# ISO 8601 date or interval at year, month or day precision: 2015, 2015-04, 2015-04/2015-12.
PERIOD = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?(?:/\d{4}(?:-\d{2}(?:-\d{2})?)?)?$"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # text | int | float | date | bool
    meaning: str
    required: bool = True
    unit: str | None = None
    allowed: tuple | None = None
    pattern: str | None = None
    min: float | None = None
    max: float | None = None
    # A column added to the contract after exports were first made (issue #10: the Korean names): a file without it
    # is read as if the column were empty, with a warning, so an export made before still publishes.
    may_be_absent: bool = False


@dataclass(frozen=True)
class Reference:
    columns: tuple[str, ...]
    table: str
    target: tuple[str, ...]


# Who reads a snapshot (issue #9): the public (forum screens, the public link) or the committee (signed in: everything).
AUDIENCES = ("public", "committee")


@dataclass(frozen=True)
class Public:
    """What of a table a public session may read; the rest is the committee's. The query layer enforces it
    (wego_data/warehouse.py reads every table through a macro built from this), so no page, download, message or
    pack can hand a public session more.

    `rows` is a SQL condition over the table's own columns and `snapshot_as_of` (the snapshot's date): the rows the
    public sees. It is part of the contract, written here and never built from input."""

    table: bool = True  # False: the whole table is for the committee
    rows: str | None = None
    columns: tuple[str, ...] = ()  # committee-only columns: empty (null) for the public
    why: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    meaning: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    references: tuple[Reference, ...] = field(default_factory=tuple)
    # A table that may hold no row yet (a header alone), such as the decisions of a meeting not yet held.
    may_be_empty: bool = False
    public: Public = field(default_factory=Public)
    # A table added to the contract after snapshots were first published (issue #11: the assessments): an export
    # folder without its file, and a snapshot published before it, read it as a table with no row.
    optional: bool = False

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _money(name: str, meaning: str, required: bool = True) -> Column:
    return Column(name, "int", meaning, required=required, unit="KRW", min=0)


def _coords(required: bool = True) -> tuple[Column, Column]:
    return (
        Column("latitude", "float", "WGS84 latitude", required=required, unit="degrees", min=-90, max=90),
        Column("longitude", "float", "WGS84 longitude", required=required, unit="degrees", min=-180, max=180),
    )


MEMBERS = Table(
    "members",
    "Member local governments, institutions and companies the registry can name with a source.",
    (
        Column("member_id", "text", "stable slug key", pattern=SLUG),
        Column("name_en", "text", "name in English"),
        Column("name_ko", "text", "name in Korean, where a translation exists", required=False),
        Column(
            "kind",
            "text",
            "what sort of body the member is",
            allowed=("city", "region", "district", "institution", "corporate"),
        ),
        Column("country_iso3", "text", "ISO 3166-1 alpha-3 country code", pattern=ISO3),
        Column(
            "region",
            "text",
            "WeGO region, derived from the country (docs/data.md lists the exceptions)",
            allowed=REGIONS,
        ),
        *_coords(),
        Column("member_type", "text", "membership category", allowed=MEMBER_TYPES),
        Column("status", "text", "membership status on the snapshot date", allowed=MEMBER_STATUSES),
        Column("joined_on", "date", "date membership began, only where published", required=False),
        Column("first_seen_year", "int", "earliest year a source shows the member in a WeGO role", min=2008, max=2100),
        Column(
            "excom_role",
            "text",
            "role on the Executive Committee on the snapshot date",
            allowed=("president", "executive_vice_president", "vice_president", "member", "none"),
        ),
        Column("source", "text", "where the row comes from (pages; how coordinates were found)"),
    ),
    key=("member_id",),
    public=Public(
        rows="status <> 'applicant'",
        why="applicants are under the committee's deliberation until admitted",
    ),
)

OFFICES = Table(
    "offices",
    "The secretariat and the regional offices.",
    (
        Column("office_id", "text", "stable slug key", pattern=SLUG),
        Column("kind", "text", "secretariat or regional office", allowed=("secretariat", "regional")),
        Column("name_en", "text", "name in English"),
        Column("name_ko", "text", "name in Korean", required=False),
        Column("host_member_id", "text", "member hosting the office"),
        Column("city", "text", "city the office sits in (English)"),
        Column(
            "city_ko", "text", "the city in Korean (data/reference/names_ko.csv: sources)", False, may_be_absent=True
        ),
        Column("country_iso3", "text", "ISO 3166-1 alpha-3 country code", pattern=ISO3),
        *_coords(),
        Column(
            "covers",
            "text",
            "WeGO region the office covers; empty for the secretariat (all regions)",
            required=False,
            allowed=REGIONS,
        ),
        Column("opened_on", "date", "date opened; see opened_precision"),
        Column("opened_precision", "text", "how much of opened_on is known", allowed=DATE_PRECISIONS),
        Column("closed_on", "date", "date closed, only where published", required=False),
        Column("source", "text", "where the row comes from"),
    ),
    key=("office_id",),
    references=(Reference(("host_member_id",), "members", ("member_id",)),),
)

PROGRAMS = Table(
    "programs",
    "Programs of a fiscal year's business plan, under WeGO's four strategic areas.",
    (
        Column("program_id", "text", "fiscal year, area and number, e.g. 2016-1-1", pattern=r"^\d{4}-[1-4]-\d+$"),
        Column("fiscal_year", "int", "fiscal year of the plan", min=2010, max=2100),
        Column("area", "int", "strategic area number", min=1, max=4),
        Column("area_name_en", "text", "strategic area in English"),
        Column("area_name_ko", "text", "strategic area in Korean", required=False),
        Column("name_en", "text", "program name in English"),
        Column("name_ko", "text", "program name in Korean", required=False),
        Column("partner", "text", "partner organization(s), separated by '; '", required=False),
        Column(
            "partner_ko",
            "text",
            "the partners in Korean, in the same order (data/reference/names_ko.csv: sources)",
            False,
            may_be_absent=True,
        ),
        _money("budget_krw", "planned budget"),
        Column("funded_by", "text", "'wego' when WeGO's own budget pays, else the paying body"),
        Column(
            "funded_by_ko",
            "text",
            "the paying body in Korean (data/reference/names_ko.csv: sources); empty where funded_by is 'wego', a "
            "code the dashboard names in each language",
            False,
            may_be_absent=True,
        ),
    ),
    key=("program_id",),
)

EVENTS = Table(
    "events",
    "General assemblies, EXCOM meetings, forums, workshops and other events.",
    (
        Column("event_id", "text", "stable slug key", pattern=SLUG),
        Column(
            "kind",
            "text",
            "kind of event",
            allowed=EVENT_KINDS,
        ),
        Column("name_en", "text", "name in English"),
        Column("name_ko", "text", "name in Korean", required=False),
        Column("starts_on", "date", "first day (first day of the month or year when less is known)"),
        Column("ends_on", "date", "last day (last day of the month or year when less is known)"),
        Column("date_precision", "text", "how much of the dates is known", allowed=DATE_PRECISIONS),
        Column("city", "text", "city (English); empty where no source names it", required=False),
        Column(
            "city_ko", "text", "the city in Korean (data/reference/names_ko.csv: sources)", False, may_be_absent=True
        ),
        Column("country_iso3", "text", "ISO 3166-1 alpha-3 country code", required=False, pattern=ISO3),
        *_coords(required=False),
        Column("is_online", "bool", "held online"),
        Column("host_member_id", "text", "hosting member", required=False),
        Column("program_id", "text", "program the event belongs to", required=False),
        Column("people", "int", "people attending", required=False, unit="people", min=0),
        Column("cities", "int", "cities attending", required=False, unit="cities", min=0),
        Column(
            "organizations",
            "int",
            "organizations attending (besides cities)",
            required=False,
            unit="organizations",
            min=0,
        ),
        _money("cost_krw", "cost to WeGO", required=False),
        Column(
            "status",
            "text",
            "planned, held or cancelled on the snapshot date",
            allowed=("planned", "held", "cancelled"),
        ),
        Column("source", "text", "where the row comes from"),
    ),
    key=("event_id",),
    public=Public(columns=("cost_krw",), why="an event's cost to WeGO is line-level spending"),
    references=(
        Reference(("host_member_id",), "members", ("member_id",)),
        Reference(("program_id",), "programs", ("program_id",)),
    ),
)

MILESTONES = Table(
    "milestones",
    "Phases of each program, for the timeline.",
    (
        Column("program_id", "text", "program the phase belongs to"),
        Column("seq", "int", "order within the program, from 1", min=1),
        Column("name_en", "text", "phase in English"),
        Column("name_ko", "text", "phase in Korean", required=False),
        Column("starts_on", "date", "first day (first of the month where only the month is known)"),
        Column("ends_on", "date", "last day (last of the month where only the month is known)"),
    ),
    key=("program_id", "seq"),
    references=(Reference(("program_id",), "programs", ("program_id",)),),
)

BUDGET_LINES = Table(
    "budget_lines",
    "A fiscal year's budget lines and their settlement; children add up to their parent.",
    (
        Column("fiscal_year", "int", "fiscal year", min=2010, max=2100),
        Column("line_id", "text", "slug key within the year", pattern=SLUG),
        Column(
            "parent_line_id",
            "text",
            "parent line of the same year; empty for a top-level line",
            required=False,
            pattern=SLUG,
        ),
        Column("name_en", "text", "line in English"),
        Column("name_ko", "text", "line in Korean (the report's own term)", required=False),
        _money("budget_krw", "budget"),
        _money("granted_krw", "amount granted (교부액)"),
        _money("executed_krw", "amount executed (집행액)"),
        _money("unspent_krw", "amount left unspent (집행잔액)"),
        _money("interest_krw", "interest earned; empty where the report shows none", required=False),
    ),
    key=("fiscal_year", "line_id"),
    references=(Reference(("fiscal_year", "parent_line_id"), "budget_lines", ("fiscal_year", "line_id")),),
)

SPENDING = Table(
    "spending",
    "Itemized activities paid in a settled year.",
    (
        Column("spending_id", "text", "stable slug key", pattern=SLUG),
        Column("fiscal_year", "int", "fiscal year", min=2010, max=2100),
        Column("line_id", "text", "budget line paid from; empty when another body paid", required=False),
        Column("program_id", "text", "program, where the activity belongs to one", required=False),
        Column("event_id", "text", "event, where the activity is one", required=False),
        Column("description_en", "text", "activity in English"),
        Column("description_ko", "text", "activity in Korean", required=False),
        _money("amount_krw", "amount paid; empty when another body paid", required=False),
        Column("paid_by", "text", "'wego' or the body that paid"),
        Column(
            "paid_by_ko",
            "text",
            "the body that paid in Korean (data/reference/names_ko.csv: sources); empty where paid_by is 'wego'",
            False,
            may_be_absent=True,
        ),
        Column(
            "period", "text", "ISO 8601 date or interval (2015, 2015-04/2015-12, 2015-05-17/2015-05-20)", pattern=PERIOD
        ),
        Column("place_en", "text", "where", required=False),
        Column("participants_en", "text", "who took part", required=False),
    ),
    key=("spending_id",),
    public=Public(table=False, why="line-level spending: the public sees the published budget and its totals"),
    references=(
        Reference(("fiscal_year", "line_id"), "budget_lines", ("fiscal_year", "line_id")),
        Reference(("program_id",), "programs", ("program_id",)),
        Reference(("event_id",), "events", ("event_id",)),
    ),
)

REPORTED_FIGURES = Table(
    "reported_figures",
    "The organization's own published numbers over time; they may differ from what the registry lists.",
    (
        Column(
            "figure",
            "text",
            "what is counted, e.g. members_total, members_africa, budget_total_krw",
            pattern=r"^[a-z0-9_]+$",
        ),
        Column("as_of", "date", "date the figure refers to; see as_of_precision"),
        Column("as_of_precision", "text", "how much of as_of is known", allowed=DATE_PRECISIONS),
        Column("value", "int", "the number (KRW where the figure ends in _krw)", min=0),
        Column("note_en", "text", "what the source says, briefly", required=False),
        Column("note_ko", "text", "the note in Korean", required=False, may_be_absent=True),
        Column("source", "text", "where the figure was published"),
    ),
    key=("figure", "as_of"),
)

MEETINGS = Table(
    "meetings",
    "Statutory meetings (general assemblies and Executive Committee meetings), one row each, tied to their event.",
    (
        Column("meeting_id", "text", "stable slug key", pattern=SLUG),
        Column("kind", "text", "kind of meeting", allowed=("general_assembly", "excom", "extraordinary")),
        Column("event_id", "text", "the event row of the meeting (names, place, attendance)"),
        Column("number", "int", "ordinal where the organization numbers it (4 for the 4th GA)", required=False, min=1),
        Column("starts_on", "date", "first day; equal to the event's"),
        Column("ends_on", "date", "last day; equal to the event's"),
        Column(
            "date_precision", "text", "how much of the dates is known; equal to the event's", allowed=DATE_PRECISIONS
        ),
        Column("host_member_id", "text", "hosting member, where a source names one", required=False),
        Column("city", "text", "city (English), where a source names it", required=False),
        Column("source", "text", "where the row comes from"),
    ),
    key=("meeting_id",),
    references=(
        Reference(("event_id",), "events", ("event_id",)),
        Reference(("host_member_id",), "members", ("member_id",)),
    ),
    may_be_empty=True,
)

AGENDA_ITEMS = Table(
    "agenda_items",
    "A meeting's published agenda, item by item, with the dashboard section that answers each. No row where the "
    "agenda is not public: an agenda is never reconstructed.",
    (
        Column("meeting_id", "text", "meeting the item belongs to"),
        Column("seq", "int", "order on the agenda, from 1", min=1),
        Column("code", "text", "the item's label on the agenda, e.g. (a)", required=False),
        Column("title_en", "text", "item in English"),
        Column("title_ko", "text", "item in Korean", required=False),
        Column(
            "kind", "text", "what the meeting does with it", allowed=("report", "deliberation", "decision", "election")
        ),
        Column("section", "text", "dashboard section that answers it", allowed=SECTION_IDS),
        Column(
            "filters",
            "text",
            "filters the section opens with, as name=value joined by & (names and values from the allow-list below)",
            required=False,
            pattern=LINK_FILTERS_PATTERN,
        ),
        Column("source", "text", "where the agenda is published"),
    ),
    key=("meeting_id", "seq"),
    references=(Reference(("meeting_id",), "meetings", ("meeting_id",)),),
    may_be_empty=True,
)

DECISIONS = Table(
    "decisions",
    "Decisions on record, one per outcome and subject; the member or office it concerns where it names one.",
    (
        Column("decision_id", "text", "stable slug key", pattern=SLUG),
        Column("meeting_id", "text", "meeting that decided"),
        Column("agenda_seq", "int", "agenda item it answers, where the agenda is recorded", required=False, min=1),
        Column("decided_on", "date", "date of the decision; see decided_precision"),
        Column("decided_precision", "text", "how much of decided_on is known", allowed=DATE_PRECISIONS),
        Column("text_en", "text", "the decision in English"),
        Column("text_ko", "text", "the decision in Korean", required=False),
        Column("outcome", "text", "what was decided", allowed=("approved", "rejected", "deferred", "noted", "elected")),
        Column("member_id", "text", "member the decision concerns", required=False),
        Column("office_id", "text", "office the decision concerns", required=False),
        Column("source", "text", "where the decision is recorded"),
    ),
    key=("decision_id",),
    public=Public(
        rows="decided_on < snapshot_as_of",
        why="a decision taken on the snapshot's date is not yet published (the meeting is still in session)",
    ),
    references=(
        Reference(("meeting_id",), "meetings", ("meeting_id",)),
        Reference(("meeting_id", "agenda_seq"), "agenda_items", ("meeting_id", "seq")),
        Reference(("member_id",), "members", ("member_id",)),
        Reference(("office_id",), "offices", ("office_id",)),
    ),
    may_be_empty=True,
)

# ---- digital maturity (issue #11): frameworks, their bands and dimensions, and the assessments ----------------------
# Framework-neutral: a city framework (WeGO's CeDS) and a country one (the UN's EGDI) are rows, not code. A framework's
# scale, bands and weights are its configuration here, never assumed in code: CeDS's are not public, so its row
# leaves them empty until the secretariat sets them (docs/ceds-template.md).
FRAMEWORK_LEVELS = ("city", "country")
BAND_RULES = ("lower_inclusive", "upper_inclusive")

FRAMEWORKS = Table(
    "frameworks",
    "Assessment frameworks: what is scored, on which scale, in which bands, and how editions compare.",
    (
        Column("framework_id", "text", "stable slug key, e.g. egdi, ceds", pattern=SLUG),
        Column("name_en", "text", "name in English"),
        Column("name_ko", "text", "name in Korean", required=False),
        Column("level", "text", "what is assessed: a member city, or its country", allowed=FRAMEWORK_LEVELS),
        Column("scale_min", "float", "lowest score; empty where the scale is not public (results need it)", False),
        Column("scale_max", "float", "highest score; empty where the scale is not public (results need it)", False),
        Column("higher_is_better", "bool", "true when a higher score means more mature"),
        Column(
            "answer_min",
            "float",
            "lowest answer to one question, where results come per question (city_results template)",
            False,
        ),
        Column("answer_max", "float", "highest answer to one question, where results come per question", False),
        Column(
            "band_rule",
            "text",
            "where a score equal to a boundary falls: lower_inclusive puts it in the band above (lower <= score < "
            "next lower), upper_inclusive in the band below; empty where the framework has no bands",
            False,
            allowed=BAND_RULES,
        ),
        Column("comparable", "bool", "true when scores of different editions may be compared directly"),
        Column("caveat_en", "text", "what a reader must know before comparing editions", required=False),
        Column("caveat_ko", "text", "the caveat in Korean", required=False),
        Column(
            "published",
            "bool",
            "true when its results are public (the UN publishes the EGDI); false for members-only results (CeDS), "
            "which only the committee sees",
        ),
        Column("source", "text", "where the framework is defined"),
    ),
    key=("framework_id",),
    optional=True,
    may_be_empty=True,
)

FRAMEWORK_BANDS = Table(
    "framework_bands",
    "A framework's bands (groups or levels), lowest first; a band runs from its lower bound to the next band's.",
    (
        Column("framework_id", "text", "framework the band belongs to"),
        Column("band_id", "text", "slug key within the framework, e.g. very-high", pattern=SLUG),
        Column("seq", "int", "order from the lowest band, from 1", min=1),
        Column("lower", "float", "the band's lower bound (the scale minimum for the lowest band)"),
        Column("name_en", "text", "band in English"),
        Column("name_ko", "text", "band in Korean", required=False),
        Column("source", "text", "where the bands are defined"),
    ),
    key=("framework_id", "band_id"),
    references=(Reference(("framework_id",), "frameworks", ("framework_id",)),),
    optional=True,
    may_be_empty=True,
)

FRAMEWORK_DIMENSIONS = Table(
    "framework_dimensions",
    "What a framework scores besides the overall value: investigations, dimensions, domains or component indices.",
    (
        Column("framework_id", "text", "framework the dimension belongs to"),
        Column("dimension_id", "text", "slug key within the framework, e.g. osi, governance", pattern=SLUG),
        Column("parent_id", "text", "dimension it is part of; empty for a top-level dimension", False, pattern=SLUG),
        Column("seq", "int", "order among its siblings, from 1", min=1),
        Column("name_en", "text", "dimension in English"),
        Column("name_ko", "text", "dimension in Korean", required=False),
        Column("questions", "int", "number of questions, where public (CeDS publishes 'about' counts)", False, min=0),
        Column(
            "weight",
            "float",
            "weight in its parent's score (or the overall score for a top-level one), where results are computed "
            "from answers (city_results template); empty where the source publishes its own totals",
            False,
            min=0,
        ),
        Column("source", "text", "where the dimension is defined"),
    ),
    key=("framework_id", "dimension_id"),
    references=(
        Reference(("framework_id",), "frameworks", ("framework_id",)),
        Reference(("framework_id", "parent_id"), "framework_dimensions", ("framework_id", "dimension_id")),
    ),
    optional=True,
    may_be_empty=True,
)

ASSESSMENTS = Table(
    "assessments",
    "Scores of a framework's edition: a member city's (CeDS) or a member's country's (EGDI), overall and per "
    "dimension. An empty score is no data, never zero.",
    (
        Column("framework_id", "text", "framework assessed"),
        Column("edition", "int", "edition (year) of the framework", min=1990, max=2100),
        Column("subject", "text", "member_id for a city framework, country_iso3 for a country one"),
        Column("dimension_id", "text", "dimension scored; empty for the overall score", False, pattern=SLUG),
        Column("score", "float", "score on the framework's scale; empty where the subject was not assessed", False),
        Column("rank", "int", "rank the source gives, 1 the best; empty where it gives none", False, min=1),
        Column("band", "text", "band_id the source gives; empty: the band follows from the score", False, pattern=SLUG),
        Column("assessed_on", "date", "date the edition was published or the assessment completed, where known", False),
        Column("published", "bool", "the framework's published flag (only the committee sees unpublished results)"),
        Column("source", "text", "where the score comes from"),
    ),
    key=("framework_id", "edition", "subject", "dimension_id"),
    public=Public(
        rows="published",
        why="members-only self-assessments (CeDS) are the committee's; published indices (the UN's EGDI) are public",
    ),
    references=(
        Reference(("framework_id",), "frameworks", ("framework_id",)),
        Reference(("framework_id", "dimension_id"), "framework_dimensions", ("framework_id", "dimension_id")),
    ),
    optional=True,
    may_be_empty=True,
)

# An input that is not itself a snapshot table: the results a city framework's platform exports (CeDS), one row per
# city, edition and dimension, or per question. Ingest turns it into assessments with its framework's scale and
# weights (wego_data.validate); docs/ceds-template.md is the template.
CITY_RESULTS = Table(
    "city_results",
    "Results exported from a city framework's platform (CeDS): one row per city, edition and dimension, or per "
    "question; the ingest computes the dimension, investigation and overall scores from its framework's weights.",
    (
        Column("framework_id", "text", "framework of frameworks.csv, e.g. ceds", pattern=SLUG),
        Column("member_id", "text", "the member city (members.member_id)", pattern=SLUG),
        Column("edition", "int", "year of the assessment round", min=1990, max=2100),
        Column("assessed_on", "date", "date the city completed the assessment", required=False),
        Column("dimension_id", "text", "a dimension without sub-dimensions (framework_dimensions)", pattern=SLUG),
        Column("question_id", "text", "the question, when the row is one answer; empty for a dimension score", False),
        Column("score", "float", "the dimension's score on the framework's scale, or the answer on its answer scale"),
        Column("source", "text", "the platform export it comes from", required=False),
    ),
    key=("framework_id", "member_id", "edition", "dimension_id", "question_id"),
    references=(Reference(("member_id",), "members", ("member_id",)),),
    optional=True,
    may_be_empty=True,
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        MEMBERS,
        OFFICES,
        PROGRAMS,
        EVENTS,
        MILESTONES,
        BUDGET_LINES,
        SPENDING,
        REPORTED_FIGURES,
        MEETINGS,
        AGENDA_ITEMS,
        DECISIONS,
        FRAMEWORKS,
        FRAMEWORK_BANDS,
        FRAMEWORK_DIMENSIONS,
        ASSESSMENTS,
    )
}
# Inputs an export folder may hold besides the tables: read and validated like them, turned into table rows.
INPUTS: dict[str, Table] = {CITY_RESULTS.name: CITY_RESULTS}

# The columns a Korean page shows in place of an English one (wego_view.i18n.pick): validation warns where a row has
# the English and not the Korean (issue #10). Committee-only text is included: the committee reads it in Korean too.
KOREAN_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "members": (("name_en", "name_ko"),),
    "offices": (("name_en", "name_ko"), ("city", "city_ko")),
    "programs": (
        ("area_name_en", "area_name_ko"),
        ("name_en", "name_ko"),
        ("partner", "partner_ko"),
        ("funded_by", "funded_by_ko"),
    ),
    "events": (("name_en", "name_ko"), ("city", "city_ko")),
    "milestones": (("name_en", "name_ko"),),
    "budget_lines": (("name_en", "name_ko"),),
    "spending": (("description_en", "description_ko"), ("paid_by", "paid_by_ko")),
    "reported_figures": (("note_en", "note_ko"),),
    "agenda_items": (("title_en", "title_ko"),),
    "decisions": (("text_en", "text_ko"),),
    "frameworks": (("name_en", "name_ko"), ("caveat_en", "caveat_ko")),
    "framework_bands": (("name_en", "name_ko"),),
    "framework_dimensions": (("name_en", "name_ko"),),
}

# Values of an English column above that are codes, not names: a page names them from its string catalog in each
# language ('wego' as the payer reads "WeGO 예산"), so no Korean text is asked for them.
KOREAN_CODES: dict[tuple[str, str], frozenset[str]] = {
    ("programs", "funded_by"): frozenset({"wego"}),
    ("spending", "paid_by"): frozenset({"wego"}),
}
