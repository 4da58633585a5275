"""The briefing pack (wego_brief): the PDF's text against the queries, its footers, Korean, the command line."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import stat
import subprocess
import sys
import threading

import pypdf
import pytest
from conftest import PROJECT, pdf_reader
from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject

from wego_brief import BriefError, build_pdf, content
from wego_data import diff, queries
from wego_view import blocks, fmt
from wego_view.i18n import CATALOG, pick
from wego_view.i18n_brief import BRIEF_CATALOG

REPORT, EXCOM, LATEST = "2016-04-26", "2016-10-11-excom", "2025-11-01"
WATERMARK = "EXCOM – confidential"


class Text(str):
    """Text with its whitespace dropped, that answers `phrase in text` for a phrase with its whitespace dropped.

    pypdf guesses spaces from glyph positions: it writes a sentence wrapped over two lines with a line break and
    joins two table cells with no space at all. Comparing without whitespace makes the tests about the words and
    numbers, not about pypdf's guesses.
    """

    def __new__(cls, text: str):
        return super().__new__(cls, "".join(text.split()))

    def __contains__(self, phrase) -> bool:
        return str.__contains__(self, "".join(str(phrase).split()))


def pages_text(pdf: bytes) -> list[Text]:
    """Each page's text, read with pypdf as it reads any PDF (the structure tests below check that pdfminer.six and
    poppler read the same)."""
    reader = pdf_reader(pdf)
    return [Text(page.extract_text()) for page in reader.pages]


def joined(pdf: bytes) -> Text:
    return Text("".join(pages_text(pdf)))


def t(lang: str, key: str, **values) -> str:
    entry = {**CATALOG, **BRIEF_CATALOG}[key]
    return entry[lang].format(**values) if values else entry[lang]


def after(text: Text, marker: str) -> Text:
    """The text from `marker` on."""
    assert marker in text, marker
    return Text(text[text.index("".join(marker.split())) :])


@pytest.fixture(scope="module")
def report_en(warehouse) -> bytes:
    return build_pdf(warehouse, REPORT, "en")


@pytest.fixture(scope="module")
def report_ko(warehouse) -> bytes:
    return build_pdf(warehouse, REPORT, "ko", watermark=WATERMARK)


@pytest.fixture(scope="module")
def latest_en(warehouse) -> bytes:
    return build_pdf(warehouse, LATEST, "en")


@pytest.fixture(scope="module")
def latest_ko(warehouse) -> bytes:
    return build_pdf(warehouse, LATEST, "ko")


@pytest.fixture(scope="module")
def africa_million(warehouse) -> tuple[bytes, list]:
    calls = []

    def progress(fraction: float, message: str) -> None:
        calls.append((fraction, message, threading.get_ident()))

    filters = {"region": "Africa", "status": "all", "snapshot": LATEST, "lang": "en"}  # as the URL has them
    pdf = build_pdf(warehouse, LATEST, "en", unit="million", filters=filters, progress=progress)
    return pdf, calls


@pytest.fixture(scope="module")
def excom_en(warehouse) -> bytes:
    return build_pdf(warehouse, EXCOM, "en")


@pytest.fixture(scope="module")
def excom_ko(warehouse) -> bytes:
    return build_pdf(warehouse, EXCOM, "ko")


def outline(pdf: bytes) -> list[str]:
    return [o.title for o in pypdf.PdfReader(io.BytesIO(pdf)).outline]


def body(pdf: bytes) -> Text:
    """The text after the cover and contents page."""
    return Text("".join(pages_text(pdf)[1:]))


# ---- the document ----------------------------------------------------------------------------------------------


def test_a_valid_a4_pdf_with_the_agenda_sections(report_en, warehouse):
    assert report_en.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(report_en))
    assert len(reader.pages) >= 7
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    # the overview, the 2016 EXCOM's four agenda items in their order, the standing section the agenda does not cover
    # (the budget), then what changed
    meeting = queries.meeting_in_view(warehouse, REPORT)
    assert list(queries.agenda_items(warehouse, REPORT, meeting["meeting_id"])["section"]) == AGENDA_SECTIONS
    assert outline(report_en) == [
        "1. Overview",
        "2. Programs and timeline",
        "3. Regional offices",
        "4. Members",
        "5. Upcoming events",
        "6. Budget and spending",
        "7. What changed",
    ]


def test_cover_names_the_meeting_snapshot_and_time(report_en, warehouse):
    cover = pages_text(report_en)[0]
    assert "EXCOM briefing pack" in cover
    # the next EXCOM meeting after 26 Apr 2016
    assert "Next meeting 2016 WeGO Executive Committee (EXCOM) · 12 Oct 2016 – 14 Oct 2016 · Beyoğlu" in cover
    assert "Snapshot 2016-04-26 — " in cover and "Data as of 26 Apr 2016" in cover
    assert re.search(r"Generated\d{1,2}\w{3,4}\d{4}\d{2}:\d{2}:\d{2}\(UTC", cover)  # a 24-hour clock
    assert "Contents 1. Overview 2" in cover
    assert re.search(r"2\.Programsandtimeline\d+EXCOMagenda\(a\)WeGOoperations", cover)  # the item it answers


def test_every_page_has_the_footer(report_en):
    pages = pages_text(report_en)
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert "Snapshot 2016-04-26 · data as of 26 Apr 2016 · no filters" in text, number
        assert f"page {number} of {total}" in text, number
    assert not any(WATERMARK in text for text in pages)


def test_overview_figures_are_the_pages_numbers(report_en, warehouse):
    overview = after(body(report_en), "1. Overview")
    overview = Text(overview[: overview.index("2.Programsandtimeline")])
    figs = queries.latest_figures(warehouse, REPORT)
    totals = queries.budget_totals(warehouse, REPORT, 2015)
    members = queries.members(warehouse, REPORT)
    active = members[members["status"] == "active"]
    expected = {
        "Members (reported)": fmt.integer(figs["members_total"]["value"], "en"),
        "EXCOM cities": fmt.integer(figs["excom_cities"]["value"], "en"),
        "Regional offices": "2",
        "Secretariat staff": fmt.integer(figs["staff_total"]["value"], "en"),
        "Budget 2016 (thousand KRW)": fmt.money(figs["budget_total_krw"]["value"], "thousand", "en"),
        "Execution 2015": fmt.percent(totals["execution_rate"], "en"),
    }
    # the same values tests/test_app.py reads off the overview page
    assert expected == {
        "Members (reported)": "100",
        "EXCOM cities": "14",
        "Regional offices": "2",
        "Secretariat staff": "8",
        "Budget 2016 (thousand KRW)": "837,987",
        "Execution 2015": "99.8%",
    }
    for label, value in expected.items():
        assert f"{label} {value}" in overview, label
    listed = fmt.integer(len(active), "en")
    assert f"Published 26 Apr 2016. The registry names {listed} of them with a source." in overview
    assert "Executed 636,311 of 637,458 granted (thousand KRW)." in overview
    # the meeting in view and its agenda, item by item, as on the overview page
    items = after(overview, "Next meeting 2016 WeGO Executive Committee (EXCOM) · 12 Oct 2016")
    for code, title in zip(AGENDA_CODES, AGENDA_EN, strict=True):
        items = after(items, f"{code} {title}")
    assert "Upcoming events after 26 Apr 2016" in overview


def test_programs_timeline_and_phases(report_en, warehouse):
    text = joined(report_en)
    phases = queries.program_timeline(warehouse, REPORT, 2016)
    assert len(phases) == 27
    section = after(text, "2. Programs and timeline")
    assert "Gantt chart of 27 program phases in 2016" in section
    assert "Program phases (27)" in section
    for name in phases["name_en"]:
        assert " ".join(name.split()) in section, name


def test_regional_offices(report_en, warehouse):
    section = after(body(report_en), "3. Regional offices")
    section = Text(section[: section.index("4.Members")])
    offices = queries.offices(warehouse, REPORT)
    for office in offices.to_dict("records"):
        assert office["name_en"] in section
    # each card under its own office's name, a regional office called one (not "Regional offices")
    assert "WeGO Secretariat (Seoul) Secretariat · Seoul, South Korea" in section
    assert "WeGO Asia Regional Office (Chengdu) Regional office · Chengdu, China" in section
    assert "WeGO Europe Regional Office (Ulyanovsk) Regional office · Ulyanovsk, Russia" in section
    assert "Regionaloffices·" not in section
    chengdu = offices[offices["city"] == "Chengdu"].iloc[0]
    block = after(section, "WeGO Asia Regional Office (Chengdu)")
    assert f"Members covered {chengdu['members_covered']}" in block
    assert f"Events held in its region since opening {chengdu['events_held']}" in block


def test_members_counts_and_first_snapshot(report_en, warehouse):
    section = after(body(report_en), "4. Members")
    counts = queries.members_by_region(warehouse, REPORT)
    asia = counts[counts["region"] == "Asia"].iloc[0]
    assert f"Asia {asia['listed_members']} {int(asia['reported_members'])} Mar 2016" in section
    assert "WeGO reported 100 members (26 Apr 2016)" in section
    assert "Applicants for admission (0) No applicant in this snapshot." in section
    assert "7. What changed First snapshot, nothing to compare." in section


def test_budget_numbers_and_reconciliation(latest_en, warehouse):
    section = after(body(latest_en), "5. Budget and spending")
    assert queries.settlement_years(warehouse, LATEST)[0] == 2015
    totals = queries.budget_totals(warehouse, LATEST, 2015)
    assert fmt.money(totals["executed_krw"], "thousand", "en") == "636,311"
    assert fmt.money(totals["budget_krw"], "thousand", "en") == "644,658"
    assert "2015 settlement" in section
    assert "Budget (thousand KRW) 644,658" in section
    assert "Executed (thousand KRW) 636,311" in section
    assert "Execution rate 99.8%" in section
    # the lines table keeps the report's detail, as on the budget page
    assert "Travel 10,000 10,000 9,999.9 0.05 100.0%" in section
    # the reconciliation, word for word as pages/budget.py says it
    assert (
        "Program expenses: the activities add up to 232,200 thousand KRW, while 232,197 thousand KRW was executed "
        "(3 thousand KRW more than executed)." in section
    )
    assert "Interest earned in 2015: 113 thousand KRW (reported on the total row only)." in section
    assert "WeGO-funded programs: 185,500 thousand KRW; with partner funding: 199,500 thousand KRW." in section


def test_upcoming_events(report_en, warehouse):
    section = after(body(report_en), "5. Upcoming events")
    upcoming = queries.upcoming_events(warehouse, REPORT, limit=100)
    assert "EXCOM agenda (d) Preparation of the 4th general assembly in 2017" in section
    assert "Upcoming events after 26 Apr 2016" in section
    for name in upcoming["name_en"]:
        assert " ".join(name.split()) in section, name
    assert "General assemblies and EXCOM meetings" in section


def images_placed(pdf: bytes, tmp_path) -> int:
    """How many images the pages draw, each checked to print at 200 dpi or more (poppler's pdfimages measures the
    resolution each is drawn at)."""
    path = tmp_path / "images.pdf"
    path.write_bytes(pdf)
    listed = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, timeout=60, check=True)
    rows = [line.split() for line in listed.stdout.splitlines()[2:] if line.strip()]
    for row in rows:  # page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
        assert int(row[12]) >= 200 and int(row[13]) >= 200, row
    assert {row[2] for row in rows} <= {"image", "smask"}  # a chart and, for its transparency, its soft mask
    return sum(row[2] == "image" for row in rows)


def test_charts_print_at_200_dpi_or_more(report_en, latest_en, tmp_path):
    # membership, Gantt, members by region, attendance, and the settlement bars and the program plan of the budget
    # section (the 2016 agenda does not cover the budget: the pack adds it as a standing section)
    assert images_placed(report_en, tmp_path) == 6
    assert images_placed(latest_en, tmp_path) == 6


# ---- the meeting in view -------------------------------------------------------------------------------------------

AGENDA_SECTIONS = ["programs", "offices", "members", "events"]
AGENDA_CODES = ["(a)", "(b)", "(c)", "(d)"]
AGENDA_EN = [
    "WeGO operations and main programs for 2016 and 2017",
    "Evaluation of the Asia and Europe regional offices",
    "Admission and withdrawal of members",
    "Preparation of the 4th general assembly in 2017",
]
SECTION_TITLES = {
    "overview": "nav.overview",
    "programs": "brief.section.programs",
    "offices": "nav.offices",
    "members": "nav.members",
    "budget": "nav.budget",
    "events": "brief.section.events",
    "changes": "nav.changes",
}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_meeting_in_progress_and_its_agenda_in_order(excom_en, excom_ko, warehouse, lang):
    pdf = {"en": excom_en, "ko": excom_ko}[lang]
    meeting = queries.meeting_in_view(warehouse, EXCOM)
    assert meeting["relation"] == "in_progress"
    items = queries.agenda_items(warehouse, EXCOM, meeting["meeting_id"])
    assert list(items["code"]) == AGENDA_CODES and list(items["title_en"]) == AGENDA_EN
    assert list(items["section"]) == AGENDA_SECTIONS
    name = meeting[f"name_{lang}"]
    when = fmt.date_range(meeting["starts_on"], meeting["ends_on"], lang, meeting["date_precision"])
    cover = pages_text(pdf)[0]
    city = {"en": "Beyoğlu", "ko": "베요글루"}[
        lang
    ]  # the host city in the reader's language, as the events table says it
    assert f"{t(lang, 'meeting.view.in_progress')} {name} · {when} · {city}" in cover
    # each agenda item, in order, is the note under the title of the section that answers it
    expected = [f"1. {t(lang, 'nav.overview')}"]
    for number, item in enumerate(items.to_dict("records"), start=2):
        note = t(lang, "brief.agenda_item", item=f"{item['code']} {item[f'title_{lang}']}")
        expected.append(f"{number}. {t(lang, SECTION_TITLES[item['section']])} {note}")
    expected.append(f"6. {t(lang, 'nav.budget')}")
    expected.append(f"7. {t(lang, 'nav.changes')}")
    assert outline(pdf) == [
        f"{n}. {t(lang, SECTION_TITLES[s])}"
        for n, s in enumerate(["overview", *AGENDA_SECTIONS, "budget", "changes"], start=1)
    ]
    rest = body(pdf)
    for heading in expected:
        rest = after(rest, heading)
    # the overview says it is in progress, with the items as on the page
    overview = after(body(pdf), f"{t(lang, 'meeting.view.in_progress')} {name} · {when}")
    for item in items.to_dict("records"):
        overview = after(overview, f"{item['code']} {item[f'title_{lang}']}")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_meeting_without_an_agenda_shows_the_standing_sections(latest_en, latest_ko, warehouse, lang):
    pdf = {"en": latest_en, "ko": latest_ko}[lang]
    meeting = queries.meeting_in_view(warehouse, LATEST)
    assert meeting["relation"] == "held"
    assert queries.agenda_items(warehouse, LATEST, meeting["meeting_id"]).empty
    cover = pages_text(pdf)[0]
    assert f"{t(lang, 'meeting.view.held')} {pick(meeting, 'name', lang)}" in cover
    assert t(lang, "meeting.view.no_agenda") in cover
    standing = ["programs", "offices", "members", "budget", "events"]
    assert outline(pdf) == [
        f"{n}. {t(lang, SECTION_TITLES[s])}" for n, s in enumerate(["overview", *standing, "changes"], start=1)
    ]
    assert t(lang, "brief.agenda_item", item="") not in joined(pdf)  # no section answers an agenda item
    overview = after(body(pdf), f"1. {t(lang, 'nav.overview')}")
    links = after(overview, f"{t(lang, 'meeting.view.held')} {pick(meeting, 'name', lang)}")
    links = after(links, t(lang, "meeting.view.no_agenda"))
    for section in standing:  # the standing sections, named as links are on the page
        links = after(links, t(lang, SECTION_TITLES[section]))


# ---- unit, filters, progress --------------------------------------------------------------------------------------


def test_million_unit_and_filters(africa_million, warehouse):
    pdf, _ = africa_million
    pages = pages_text(pdf)
    text = Text("".join(pages))
    assert "Executed (million KRW) 636.3" in text
    assert "Budget (million KRW) 644.7" in text
    assert "Executed 636.3 of 637.5 granted (million KRW)." in text
    for number, page in enumerate(pages, start=1):
        assert "Snapshot 2025-11-01 · data as of 1 Nov 2025 · Filters: Region = Africa" in page
        assert f"page {number} of {len(pages)}" in page
    assert "Region = Africa" in pages[0] and t("en", "brief.filters_note") in pages[0]
    africa = queries.members(warehouse, LATEST, region="Africa")
    applicants = africa[africa["status"] == "applicant"]
    section = after(text, "4. Members")
    assert f"Applicants for admission ({len(applicants)})" in section
    section = after(section, "Member list")
    section = Text(section[: section.index("5.Budgetandspending")])
    assert len(africa) == 13
    for name in africa["name_en"]:
        assert name in section
    # and no other member (one whose name no African member's row mentions)
    shown = " ".join(africa["name_en"]) + " ".join(africa["source"].fillna(""))
    others = queries.members(warehouse, LATEST)
    others = [n for n in others[others["region"] != "Africa"]["name_en"] if n not in shown]
    assert len(others) > 40
    assert not [n for n in others if n in section]


def test_progress_is_reported(africa_million):
    _, calls = africa_million
    fractions = [f for f, _, _ in calls]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    assert [m for _, m, _ in calls if m.startswith("Drawing")][-1] == "Drawing the charts (6 of 6)"
    # on the caller's thread: a Streamlit progress bar only updates from the script's thread
    assert {thread for _, _, thread in calls} == {threading.get_ident()}


# ---- Korean --------------------------------------------------------------------------------------------------------


def test_korean_labels_numbers_footer_and_watermark(report_ko, warehouse):
    pages = pages_text(report_ko)
    text = Text("".join(pages))
    assert "집행위원회 브리핑 자료" in pages[0]
    assert "다음 회의 2016 WeGO 집행위원회" in pages[0]
    assert "지역사무소" in text and "집행률 99.8%" in text
    assert f"{t('ko', 'kpi.execution', year=2015)} 99.8%" in text
    assert "교부액 637,458 중 636,311 집행(천원)." in text
    assert "청두" in text and "율리아노브스크" in text
    assert "7. 변경 사항 첫 스냅숏이므로 비교할 대상이 없습니다." in text
    as_of = fmt.date(queries.as_of(warehouse, REPORT), "ko")
    assert as_of == "2016년 4월 26일"
    for number, page in enumerate(pages, start=1):
        assert f"스냅숏 2016-04-26 · 데이터 기준일 {as_of} · 필터 없음" in page
        assert f"{len(pages)}쪽 중 {number}쪽" in page
        assert WATERMARK in page


def test_korean_budget_and_office_cards(latest_ko, warehouse):
    text = body(latest_ko)
    budget = after(text, f"5. {t('ko', 'nav.budget')}")
    assert "집행액 (천원) 636,311" in budget and "예산 (천원) 644,658" in budget and "집행률 99.8%" in budget
    section = after(text, f"3. {t('ko', 'nav.offices')}")
    section = Text(section[: section.index("".join(f"4. {t('ko', 'nav.members')}".split()))])
    offices = queries.offices(warehouse, LATEST)
    assert len(offices) == 9
    for office in offices.to_dict("records"):
        # every card under its own office's name, then what kind of office it is
        kind = t("ko", "office.secretariat" if office["kind"] == "secretariat" else "office.regional")
        assert f"{pick(office, 'name', 'ko')} {kind} ·" in section, office["name_en"]
    # Seoul by its Korean name where the place is shown
    assert f"{t('ko', 'office.secretariat')} · 서울, 대한민국" in section
    assert "Seoul" not in section


# ---- the EXCOM eve: applicants and changes ------------------------------------------------------------------------


def test_applicants_and_changes_since_the_previous_snapshot(excom_en, warehouse):
    text = joined(excom_en)
    applicants = sorted(queries.members(warehouse, EXCOM, status="applicant")["name_en"])
    assert applicants == ["Muğla", "Sejong", "Yakutsk"]
    section = after(text, "Applicants for admission (3)")
    listed = Text(section[: section.index("5.")])  # up to the next section (the list is the applicants: no second one)
    for name in applicants:
        assert name in listed
    changes = after(section, "7. What changed")
    assert diff.previous_snapshot_id(warehouse, EXCOM) == REPORT
    assert "Compared with snapshot 2016-04-26 (data as of 26 Apr 2016)." in changes
    result = diff.diff(warehouse, REPORT, EXCOM)
    assert f"Members ({len(result['members'])})" in changes
    for member in result["members"]:
        assert f"Added {member['name_en']}" in changes
    assert "Added Sejong Asia Associate · Applicant" in changes
    assert "Start: 12 Oct 2016 → 11 Oct 2016" in changes
    assert f"Newly published figures ({len(result['figures'])})" in changes
    assert "2016 WeGO Executive Committee (EXCOM) · 11 Oct 2016 – 14 Oct 2016" in text


# ---- errors --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs,words",
    [
        ({"snapshot_id": "2099-01-01"}, "no snapshot '2099-01-01'"),
        ({"lang": "fr"}, "unknown language 'fr'"),
        ({"unit": "billion"}, "unknown unit 'billion'"),
        ({"filters": {"region": "Mars"}}, "filter region='Mars'"),
        ({"filters": {"colour": "red"}}, "unknown filter 'colour'"),
        ({"filters": {"year": "next"}}, "filter year='next' is not a number"),
        ({"filters": {"fy": 2014}}, "filter fy=2014 is not valid for this snapshot; choose one of [2015]"),
    ],
)
def test_what_a_person_must_fix_is_one_line(warehouse, kwargs, words):
    args = {"snapshot_id": REPORT, "lang": "en", **kwargs}
    with pytest.raises(BriefError) as caught:
        build_pdf(warehouse, **args)
    assert words in str(caught.value) and "\n" not in str(caught.value)


def test_the_pack_never_imports_the_dashboard():
    """wego_brief draws wego_view's blocks; Streamlit and wego_ui stay out of its process."""
    code = (
        "import sys, wego_brief, wego_brief.content, wego_brief.layout, wego_brief.charts, wego_brief.__main__; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'wego_ui', 'streamlit'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_letters_the_korean_font_lacks_fall_back_or_lose_their_accents():
    from wego_brief import layout, system

    fonts = system.find_fonts()
    assert fonts.fallback, "DejaVu Sans (fonts-dejavu-core) draws ğ, ş, ı and ↳"
    without = layout.text_normalizer(system.Fonts(fonts.main, {}))
    assert without("Muğla, Beyoğlu ↳ 사업비") == "Mugla, Beyoglu → 사업비"
    with_fallback = layout.text_normalizer(fonts)
    assert with_fallback("Muğla ↳") == "Muğla ↳"


def test_no_korean_font_names_the_package(warehouse, monkeypatch, tmp_path):
    from wego_brief import system

    monkeypatch.setattr(system, "_fc_match", lambda pattern, family: None)
    monkeypatch.setattr(system, "NOTO_FILES", {"": tmp_path / "none.ttc", "B": tmp_path / "none-bold.ttc"})
    with pytest.raises(BriefError, match="fonts-noto-cjk"):
        build_pdf(warehouse, REPORT, "ko")


# ---- a tagged PDF any reader reads (issue #10) ----------------------------------------------------------------------

NOW = dt.datetime(2016, 4, 27, 9, tzinfo=dt.UTC)
HEADINGS = ("/H1", "/H2", "/H3", "/H4", "/H5", "/H6")
PACKS = {  # fixture -> (snapshot, language)
    "report_en": (REPORT, "en"),
    "report_ko": (REPORT, "ko"),
    "latest_en": (LATEST, "en"),
    "latest_ko": (LATEST, "ko"),
    "excom_en": (EXCOM, "en"),
    "excom_ko": (EXCOM, "ko"),
}


def brief_of(warehouse, name: str):
    """What the pack of fixture `name` holds (wego_brief.content), to check its PDF against."""
    sid, lang = PACKS[name]
    return content.compose(warehouse, sid, lang, "thousand", None, NOW)


def kids(element) -> list:
    """A structure element's child elements (not its marked-content references)."""
    k = element.get("/K")
    if k is None:
        return []
    k = k.get_object()
    items = k if isinstance(k, ArrayObject) else [k]
    found = [item.get_object() if hasattr(item, "get_object") else item for item in items]
    return [item for item in found if isinstance(item, DictionaryObject) and "/S" in item]


def structure(pdf: bytes) -> list[tuple[str, DictionaryObject, int]]:
    """Every structure element as (type, element, depth), in the tree's order (the reading order)."""
    root = pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    out = []

    def walk(element, depth):
        for kid in kids(element):
            out.append((str(kid["/S"]), kid, depth))
            walk(kid, depth + 1)

    walk(root["/StructTreeRoot"], 0)
    return out


def below(element, kind: str) -> list:
    found = []
    for kid in kids(element):
        found += [kid] if kid["/S"] == kind else below(kid, kind)
    return found


def title_of(brief) -> str:
    return f"{brief.cover.title} — {brief.cover.meeting}"


@pytest.mark.parametrize("name", ["report_en", "report_ko"])
def test_the_pack_is_tagged_with_its_language_title_headings_tables_and_figures(request, warehouse, name):
    pdf, brief = request.getfixturevalue(name), brief_of(warehouse, name)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert isinstance(root["/MarkInfo"]["/Marked"], BooleanObject) and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == PACKS[name][1]
    # a reader shows the title, not the file name
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    assert reader.metadata.title == title_of(brief)
    assert reader.xmp_metadata.dc_title == {"x-default": title_of(brief)}
    assert 'pdfuaid:part="1"' in reader.xmp_metadata.stream.get_data().decode("utf-8")  # claims PDF/UA-1
    elements = structure(pdf)
    kinds = [kind for kind, _, _ in elements]
    assert kinds[0] == "/Document"
    # the cover's title and each part's title are the H1s; the contents and the sections' subheadings below them,
    # never a level skipped
    assert kinds.count("/H1") == len(brief.parts) + 1
    levels = [int(kind[2]) for kind in kinds if kind in HEADINGS]
    assert levels[0] == 1 and "/H2" in kinds and "/H3" in kinds
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
    # tables: header cells over data cells, each data cell naming its headers
    tables = [element for kind, element, _ in elements if kind == "/Table"]
    assert len(tables) >= 10
    for table in tables:
        assert below(table, "/TR") and below(table, "/TH"), table
        for cell in below(table, "/TD"):
            assert len(cell["/A"]["/Headers"]) >= 1
    assert {"/THead", "/TBody", "/L", "/LI", "/Caption", "/Sect"} <= set(kinds)
    # every chart a Figure whose alternative text is the chart's, in page order
    figures = [element for kind, element, _ in elements if kind == "/Figure"]
    assert [str(figure["/Alt"]) for figure in figures] == [chart.alt for chart in brief.charts()]
    assert len(figures) == 6


def tool(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=True).stdout


@pytest.mark.parametrize("name", ["report_en", "report_ko"])
def test_poppler_sees_a_tagged_titled_pdf_with_every_font_embedded_and_mapped(request, warehouse, tmp_path, name):
    path = tmp_path / "pack.pdf"
    path.write_bytes(request.getfixturevalue(name))
    info = dict(line.split(":", 1) for line in tool("pdfinfo", str(path)).splitlines() if ":" in line)
    assert info["Tagged"].strip() == "yes"
    assert info["Title"].strip() == title_of(brief_of(warehouse, name))
    assert info["Page size"].split()[:3] == ["595.276", "x", "841.89"]  # A4
    fonts = tool("pdffonts", str(path)).splitlines()[2:]
    assert fonts
    for row in fonts:  # name type encoding emb sub uni object ID
        emb, sub, uni = row.split()[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row  # embedded, subset, with a ToUnicode map
    assert any("Noto-Sans-CJK-KR" in row for row in fonts)


def pypdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def pdfminer_pages(pdf: bytes) -> list[str]:
    """Each page's text boxes, then the text drawn inside forms (the watermark, a page background) character by
    character, as pdfminer.six lays them out."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTFigure, LTTextContainer

    pages = []
    for page in extract_pages(io.BytesIO(pdf)):
        boxes = "".join(item.get_text() for item in page if isinstance(item, LTTextContainer))
        forms = "".join(
            ch.get_text() for item in page if isinstance(item, LTFigure) for ch in drawn(item) if isinstance(ch, LTChar)
        )
        pages.append(boxes + forms)
    return pages


def poppler_pages(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "pack.pdf"
    path.write_bytes(pdf)
    # -raw: in the order the page draws it (poppler's default reading order also joins words hyphenated at a line end)
    return tool("pdftotext", "-raw", "-enc", "UTF-8", str(path), "-").split("\f")[:-1]  # a form feed ends each page


@pytest.mark.parametrize("name", ["report_en", "report_ko"])
def test_pypdf_pdfminer_and_poppler_read_the_same_text(request, tmp_path, name):
    """Three readers, no workaround: each page gives the same characters in each (the order of lines may differ:
    pdfminer and poppler group them by position), nothing garbled, and the facts read in every one."""
    pdf = request.getfixturevalue(name)
    read = {"pypdf": pypdf_pages(pdf), "pdfminer": pdfminer_pages(pdf), "poppler": poppler_pages(pdf, tmp_path)}
    assert len({len(pages) for pages in read.values()}) == 1, {k: len(v) for k, v in read.items()}
    for number, texts in enumerate(zip(*read.values(), strict=True), start=1):
        letters = [sorted("".join(text.split())) for text in texts]
        assert letters[0] and letters[0] == letters[1] == letters[2], (number, [len(x) for x in letters])
        assert not any(ch in "\ufffd\x00" for ch in "".join(texts)), number
    facts = {
        "report_en": ["Executed 636,311 of 637,458 granted (thousand KRW).", "Beyoğlu", "page 3 of"],
        "report_ko": ["교부액 637,458 중 636,311 집행(천원).", "집행위원회 브리핑 자료", "청두", WATERMARK],
    }[name]
    for reader, pages in read.items():
        text = Text("".join(pages))
        assert [fact for fact in facts if fact not in text] == [], reader


def drawn(item):
    """Everything pdfminer finds drawn under a layout item: its characters and images."""
    from pdfminer.layout import LTChar, LTImage

    if isinstance(item, LTChar | LTImage):
        yield item
    elif hasattr(item, "__iter__"):
        for child in item:
            yield from drawn(child)


def page_fill(pdf: bytes) -> list[float]:
    """How far down its text area each page is used (0 empty, 1 full), from what pdfminer finds drawn there: level
    text (not the watermark, drawn at an angle) and images, above the footer."""
    from pdfminer.high_level import extract_pages

    mm = 72 / 25.4
    fills = []
    for page in extract_pages(io.BytesIO(pdf)):
        top, foot = page.height - 15 * mm, 22 * mm  # wego_brief.layout's margins
        level = [item for item in drawn(page) if not hasattr(item, "matrix") or item.matrix[1:3] == (0, 0)]
        lows = [item.y0 for item in level if item.y0 > foot]
        fills.append((top - min(lows, default=top)) / (top - foot))
    return fills


FULL_ENOUGH, NEAR_EMPTY = 0.45, 0.25


@pytest.mark.parametrize("name", list(PACKS))
def test_no_page_is_near_empty(request, name):
    """Every page but a part's last is at least FULL_ENOUGH used; a part's last page after others of it (a spill) is
    no near-empty page either; only a part that is one short page (What changed of the first snapshot) may be."""
    pdf = request.getfixturevalue(name)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fills = page_fill(pdf)
    starts = [reader.get_destination_page_number(item) for item in reader.outline]
    ends = [*(start - 1 for start in starts[1:]), len(fills) - 1]
    assert starts[0] == 1  # the cover and contents fill the first page
    for start, end in zip(starts, ends, strict=True):
        for page in range(start, end):
            assert fills[page] >= FULL_ENOUGH, (page + 1, [round(f, 2) for f in fills])
        if end > start:
            assert fills[end] >= NEAR_EMPTY, (end + 1, [round(f, 2) for f in fills])
    assert fills[0] >= FULL_ENOUGH


def test_the_fill_measure_can_fail(report_en):
    fills = page_fill(report_en)
    assert all(0 < fill <= 1.01 for fill in fills)
    assert min(fills) < NEAR_EMPTY  # the last page: What changed of the first snapshot is one line


@pytest.mark.parametrize("name", list(PACKS))
def test_no_table_row_is_alone_on_a_page(request, warehouse, name):
    """A table running onto the next page takes at least two rows there and leaves at least two: the table pieces
    (one per page in the structure tree) with a single body row are exactly the tables that have only one row."""
    pdf, brief = request.getfixturevalue(name), brief_of(warehouse, name)
    pieces = [element for kind, element, _ in structure(pdf) if kind == "/Table"]
    single = [table for table in pieces if sum(len(below(body, "/TR")) for body in below(table, "/TBody")) == 1]
    shown = [block for part in brief.parts for block in content.pdf_blocks(part.blocks)]
    one_row = sum(len(block.text) == 1 for block in shown if isinstance(block, blocks.Table))
    one_row += sum(len(card.rows) == 1 for block in shown if isinstance(block, blocks.Cards) for card in block.items)
    assert len(single) == one_row, [len(below(table, "/TR")) for table in pieces]


# ---- the command line ----------------------------------------------------------------------------------------------


def cli(*args: str, env: dict | None = None, text: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "wego_brief", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=text,
        timeout=120,
    )


@pytest.fixture
def cli_env(data_dir) -> dict:
    return {**os.environ, "WEGO_DATA_DIR": str(data_dir)}


def test_cli_writes_the_pdf(cli_env, tmp_path):
    out = tmp_path / "brief.pdf"
    done = cli("--snapshot", REPORT, "--lang", "ko", "--watermark", WATERMARK, "--out", str(out), env=cli_env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = pages_text(data)
    assert all(WATERMARK in page and "스냅숏 2016-04-26" in page for page in pages)
    assert [p.name for p in tmp_path.iterdir()] == ["brief.pdf"]  # no temporary file left


def test_an_out_that_is_a_pipe_or_a_device_is_written_into_not_replaced(tmp_path):
    """`--out /dev/null` run as root once replaced the device with a regular file (the atomic write's rename), which
    broke every later program on the machine; a named pipe stands in for the device here."""
    from wego_brief.__main__ import _write

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()), daemon=True)
    reader.start()
    _write(pipe, b"%PDF-1.7 test")
    reader.join(10)
    assert got == [b"%PDF-1.7 test"]
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]  # no temporary file left beside it


def test_cli_writes_to_stdout_with_progress_and_filters(cli_env, tmp_path):
    """What the app's sidebar runs: the PDF's bytes alone on stdout, one JSON progress line after another on stderr."""
    done = cli(
        "--snapshot", REPORT, "--out", "-", "--progress", "--filter", "region=Africa", "--filter", "kind=forum",
        env=cli_env,
        text=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"%PDF-") and done.stdout.rstrip().endswith(b"%%EOF")
    pages = pages_text(done.stdout)
    for page in pages:
        assert "Filters: Region = Africa, Event kind = Forum" in page
    steps = [json.loads(line) for line in done.stderr.decode().splitlines()]
    assert [set(step) for step in steps] == [{"done", "message"}] * len(steps)
    fractions = [step["done"] for step in steps]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0 and fractions == sorted(fractions)
    assert steps[-2]["message"] == "Laying out the pages" and steps[-1]["message"] == "Done"
    charts = images_placed(done.stdout, tmp_path)  # every chart in the pack was reported as drawn
    assert charts >= 4 and f"Drawing the charts ({charts} of {charts})" in [step["message"] for step in steps]


@pytest.mark.parametrize(
    "args,words",
    [
        (("--snapshot", REPORT, "--filter", "region=Mars"), "filter region='Mars' is not valid"),
        (("--snapshot", REPORT, "--filter", "region"), "'region' is not NAME=VALUE"),
        (("--snapshot", "2099-01-01"), "no snapshot '2099-01-01'"),
        (("--snapshot", REPORT, "--lang", "fr"), "unknown language 'fr'"),
        (("--snapshot", REPORT, "--out", "/no/such/folder/brief.pdf"), "cannot write /no/such/folder/brief.pdf"),
    ],
)
def test_cli_refuses_in_one_line(cli_env, tmp_path, args, words):
    if "--out" not in args:
        args = (*args, "--out", str(tmp_path / "brief.pdf"))
    done = cli(*args, env=cli_env)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], done.stderr
    assert not (tmp_path / "brief.pdf").exists()


def test_cli_without_a_browser_names_chromium(cli_env, tmp_path):
    env = {
        **cli_env,
        "BROWSER_PATH": str(tmp_path / "no-chromium"),
        "PATH": str(tmp_path),  # no chromium, no chrome
    }
    done = cli("--snapshot", REPORT, "--out", str(tmp_path / "brief.pdf"), env=env)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Chromium" in lines[0] and "apt-get install chromium" in lines[0]
    assert not (tmp_path / "brief.pdf").exists()
