"""The screen and the briefing pack say the same (issue #7, point 4): every section is built once, and what its blocks
say (figures, table cells, card titles, agenda items) is what the PDF prints and what the page shows; What changed is
one section for the page, the slides and the pack."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd
import pytest
import streamlit as st
from conftest import pdf_reader, screen_tables
from test_app import metrics, open_app

from wego_brief import build_pdf
from wego_data import diff, queries
from wego_view import blocks, changes, fmt, params, sections
from wego_view.context import SnapshotInfo, ViewContext
from wego_view.i18n import pick

REPORT, EXCOM, LATEST = "2016-04-26", "2016-10-11-excom", "2025-11-01"
PACKS = [(EXCOM, "en"), (EXCOM, "ko"), (LATEST, "en"), (LATEST, "ko")]


@pytest.fixture(autouse=True)
def fresh_caches(data_dir):
    st.cache_data.clear()
    st.cache_resource.clear()
    yield


def contexts(wh, lang: str) -> dict[str, ViewContext]:
    """The context a page has for each snapshot: its language, thousand KRW, every snapshot newest first."""
    known = tuple(SnapshotInfo(s.snapshot_id, s.as_of, s.label, s.label_ko) for s in reversed(wh.snapshots()))

    def query(name, sid, **kwargs):
        return getattr(queries, name)(wh, sid, **kwargs)

    return {
        s.snapshot_id: ViewContext(
            s, lang, "thousand", query, lambda a, b: diff.diff(wh, a, b), known, audience="committee"
        )
        for s in known
    }


# ---- comparing text ------------------------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Text without whitespace and accents: pypdf guesses spaces and line breaks from glyph positions, a long cell
    wraps, and without a fallback font the pack prints ğ as g (wego_brief.layout.text_normalizer)."""
    text = unicodedata.normalize("NFKD", str(text).replace("ı", "i").replace("↳", "→"))
    return _SPACE.sub("", "".join(ch for ch in text if not unicodedata.combining(ch)))


def pdf_pages(pdf: bytes) -> tuple[list[str], list[tuple[str, int]]]:
    """Each page's text (squeezed) and the outline's (title, first page index), read with pypdf as it reads any PDF
    (tests/test_brief.py checks pdfminer.six and poppler read the same)."""
    reader = pdf_reader(pdf)
    texts = [squeeze(page.extract_text()) for page in reader.pages]
    outline = [(o.title, reader.get_destination_page_number(o)) for o in reader.outline]
    return texts, outline


def missing_in_order(words: list[str], text: str) -> list[str]:
    """The words not found in `text` one after the other (each searched from where the one before it ended)."""
    out, at = [], 0
    for word in words:
        needle = squeeze(word)
        if not needle:
            continue
        found = text.find(needle, at)
        if found < 0:
            out.append(word)
        else:
            at = found + len(needle)
    return out


def said(block) -> list[str]:
    """What a block drawn on the PDF says, in the order the pack draws it."""
    if isinstance(block, blocks.Kpis):
        return [x for k in block.items for x in (k.label, k.value, k.help, k.note, k.delta) if x]
    if isinstance(block, blocks.Table):
        keys = [c.key for c in block.columns]
        cells = [str(cell) for row in block.text[keys].itertuples(index=False, name=None) for cell in row]
        return [c.label for c in block.columns] + cells
    if isinstance(block, blocks.Cards):
        return [x for card in block.items for x in (card.title, card.subtitle, *(v for row in card.rows for v in row))]
    if isinstance(block, blocks.Links):
        return [x for link in block.items for x in (f"{link.code} {link.label}".strip(), *link.detail)]
    if isinstance(block, blocks.Chart):
        return [block.alt]  # in its caption, under the picture
    return [block.text]  # Heading, Paragraph, Notice


def on_pdf(built) -> list:
    """The blocks the pack draws, a row's columns one after the other (as wego_brief.content.pdf_blocks)."""
    out = []
    for block in blocks.shown_on(built, blocks.PDF):
        out += on_pdf([b for column in block.columns for b in column]) if isinstance(block, blocks.Row) else [block]
    return out


def test_the_comparison_can_fail():
    text = squeeze("Members (4) Added Muğla Europe 1 Nov 2025 · 837,987")
    assert missing_in_order(["Members (4)", "Mugla", "837,987"], text) == []
    assert missing_in_order(["Members (5)"], text) == ["Members (5)"]
    assert missing_in_order(["837,987", "Members (4)"], text) == ["Members (4)"]  # out of order
    assert missing_in_order(["1 Nov 2025"], squeeze("1 Nov\n2025")) == []  # a wrapped cell


# ---- every section, every snapshot ---------------------------------------------------------------------------------


def _shown_as(column: blocks.Column, raw, ctx: ViewContext) -> str | None:
    """What the screen prints for a numeric cell (it draws numbers from `data`), in the pack's form; None for text."""
    if column.kind not in ("integer", "money", "percent", "level"):
        return None
    if raw is None or pd.isna(raw):
        return "–"
    if column.kind == "integer":
        return fmt.integer(raw, ctx.lang)
    if column.kind == "money":
        return ctx.money(raw)
    if column.kind == "percent":
        return fmt.percent(raw, ctx.lang)
    return str(int(raw))  # level


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_section_builds_the_same_numbers_for_screen_and_pdf(warehouse, lang):
    """Every section on every sample snapshot: a table's numbers as the pack prints them (its text) are its raw values
    as the screen formats them; tables shown on the PDF have a width per column; a page's tables have names of their
    own (the download buttons' keys)."""
    for sid, ctx in contexts(warehouse, lang).items():
        for section in sections.SECTIONS:
            built = sections.build(section, ctx)
            assert built, (sid, section)
            names = []
            for block in blocks.walk(built):
                assert getattr(block, "on", blocks.EVERYWHERE) <= blocks.EVERYWHERE, (sid, section, block)
                if not isinstance(block, blocks.Table):
                    continue
                keys = [c.key for c in block.columns]
                assert list(block.text.columns) == keys and list(block.data.columns) >= keys, (sid, block.name)
                assert len(block.text) == len(block.data), (sid, block.name)
                if blocks.PDF in block.on and block.widths:
                    assert len(block.widths) == len(keys), (sid, block.name)
                if blocks.SCREEN in block.on:
                    names.append(block.name)
                for column in block.columns:
                    for raw, text in zip(block.data[column.key], block.text[column.key]):
                        expected = _shown_as(column, raw, ctx)
                        if expected is not None:
                            assert text.lstrip("+") == expected, (sid, section, block.name, column.key, raw, text)
            assert len(names) == len(set(names)), (sid, section, names)


def test_what_changed_is_the_registered_section():
    spec = sections.SECTIONS["changes"]
    assert (spec.title_key, spec.page, spec.filters) == ("nav.changes", "changes", ("new", "old"))
    assert (spec.controls, spec.build) == (changes.controls, changes.build)


# ---- the briefing pack prints what the blocks say ------------------------------------------------------------------


@pytest.fixture(scope="module", params=PACKS, ids=[f"{sid}-{lang}" for sid, lang in PACKS])
def pack(request, warehouse):
    sid, lang = request.param
    texts, outline = pdf_pages(build_pdf(warehouse, sid, lang))
    return sid, lang, texts, outline


def expected_parts(ctx: ViewContext) -> dict[str, dict]:
    """Each section the pack's agenda names, with the filters a page would read from its agenda link; What changed
    as its page shows the pack's snapshot against the previous one."""
    out: dict[str, dict] = {"overview": {}}
    for section, _, filters in sections.agenda_sections(ctx):
        out.setdefault(section, params.read(filters)[0])
    previous = ctx.previous
    out["changes"] = {"new": ctx.snapshot_id, **({"old": previous.snapshot_id} if previous else {})}
    return out


def test_the_pack_prints_what_each_section_says(pack, warehouse):
    sid, lang, texts, outline = pack
    ctx = contexts(warehouse, lang)[sid]
    wanted = expected_parts(ctx)
    by_title = {squeeze(ctx.t(spec.title_key)): section for section, spec in sections.SECTIONS.items()}
    starts = [page for _, page in outline] + [len(texts)]
    seen = []
    for (title, first), end in zip(outline, starts[1:]):
        number, _, name = title.partition(". ")
        assert number == str(len(seen) + 1), title
        section = by_title[squeeze(name)]
        seen.append(section)
        text = "".join(texts[first:end])
        assert text.startswith(squeeze(title)), (title, text[:80])
        built = sections.build(section, ctx.with_filters(wanted.get(section, {})))
        words = [w for block in on_pdf(built) for w in said(block)]
        assert words, (sid, section)
        assert missing_in_order(words, text) == [], (sid, lang, section)
    # The overview first, every agenda section, and What changed.
    assert seen[0] == "overview" and set(wanted) <= set(seen), seen


def test_what_changed_in_the_pack_lists_the_diff(pack, warehouse):
    sid, lang, texts, outline = pack
    ctx = contexts(warehouse, lang)[sid]
    title, first = next((title, page) for title, page in outline if title.endswith(ctx.t("nav.changes")))
    text = "".join(texts[first:])
    previous = ctx.previous.snapshot_id
    result = diff.diff(warehouse, previous, sid)
    counts = [(ctx.t(f"changes.count.{k}"), fmt.integer(len(result[k]), lang)) for k in diff.SECTIONS]
    names = [pick(m, "name", lang) for m in result["members"]]
    assert names
    compared = ctx.t("brief.changes_from", previous=previous, date=ctx.date(ctx.previous.as_of))
    assert missing_in_order([title, compared, *(x for pair in counts for x in pair), *names], text) == []


# ---- the page shows what the blocks say ----------------------------------------------------------------------------


@pytest.mark.parametrize("sid", [EXCOM, LATEST])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_overview_page_shows_the_sections_figures_and_agenda(warehouse, sid, lang):
    ctx = contexts(warehouse, lang)[sid]
    built = sections.build("overview", ctx)
    [kpis] = [b for b in blocks.walk(built) if isinstance(b, blocks.Kpis)]
    labels = [
        f"{link.code} {link.label}".strip()
        for b in blocks.walk(built)
        if isinstance(b, blocks.Links)
        for link in b.items
    ]
    assert labels
    at = open_app(snapshot=sid, lang=lang)
    assert metrics(at) == {k.label: k.value for k in kpis.items}
    assert [el.proto.label for el in at.get("page_link")] == labels


@pytest.mark.parametrize("sid", [REPORT, EXCOM, LATEST])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_what_changed_page_shows_the_sections_counts_and_tables(warehouse, sid, lang):
    ctx = contexts(warehouse, lang)[sid]
    new, old = changes.chosen(ctx)
    built = changes.build(ctx.with_filters({"new": new, "old": old}))
    [kpis] = [b for b in built if isinstance(b, blocks.Kpis)]
    tables = [b for b in built if isinstance(b, blocks.Table)]
    at = open_app("pages/changes.py", snapshot=sid, lang=lang)
    assert (at.selectbox(key="url_new").value, at.selectbox(key="url_old").value) == (new, old)
    assert metrics(at) == {k.label: k.value for k in kpis.items}
    shown = [d.value for d in screen_tables(at)]
    assert len(shown) == len(tables)
    for frame, table in zip(shown, tables):
        assert list(frame.columns) == [c.label for c in table.columns]
        for column in table.columns:
            values, raw = list(frame[column.label]), list(table.data[column.key])
            if column.kind == "text":
                assert values == list(table.text[column.key]), (table.name, column.key)
            elif column.kind == "integer":
                assert [None if pd.isna(v) else int(v) for v in values] == [None if pd.isna(v) else v for v in raw]
            elif column.kind == "money":
                assert values == [None if pd.isna(v) else float(fmt.in_unit(v, "thousand")) for v in raw]
    # the downloads are named after the two snapshots compared
    keys = [el.key for el in at.get("download_button")]
    assert keys == [f"{kind}_{table.name}" for table in tables for kind in ("csv", "xlsx")]
    assert all(table.name.endswith(f"-{old}-{new}") for table in tables)


# ---- What changed, written once -------------------------------------------------------------------------------------


def _ctx(warehouse, sid: str, lang: str = "en", **filters) -> ViewContext:
    return contexts(warehouse, lang)[sid].with_filters(filters)


def test_the_snapshots_compared_by_default(warehouse):
    # the snapshot in view against the one before it; the oldest against the one after it
    assert changes.chosen(_ctx(warehouse, LATEST)) == (LATEST, EXCOM)
    assert changes.chosen(_ctx(warehouse, EXCOM)) == (EXCOM, REPORT)
    assert changes.chosen(_ctx(warehouse, REPORT)) == (EXCOM, REPORT)
    # the pack names its own snapshot: the first one has nothing before it
    assert changes.chosen(_ctx(warehouse, REPORT, new=REPORT)) == (REPORT, None)
    # a value that is no published snapshot, or old equal to new, falls back
    assert changes.chosen(_ctx(warehouse, LATEST, new="nope", old=LATEST)) == (LATEST, EXCOM)


def test_the_controls_name_every_snapshot_newest_first(warehouse):
    old, new = changes.controls(_ctx(warehouse, REPORT))
    assert (old.param, new.param) == ("old", "new")
    assert new.options == (LATEST, EXCOM, REPORT) and new.default == EXCOM
    assert new.labels == ("1 Nov 2025 · 2025-11-01", "11 Oct 2016 · 2016-10-11-excom", "26 Apr 2016 · 2016-04-26")
    assert old.options == (LATEST, REPORT) and old.default == REPORT
    # 'Compare from' leaves out the snapshot chosen so far; for the oldest it offers the one after it first
    old, _ = changes.controls(_ctx(warehouse, LATEST, new=REPORT))
    assert old.options == (LATEST, EXCOM) and old.default == EXCOM
    ko_old, ko_new = changes.controls(_ctx(warehouse, LATEST, "ko"))
    assert (ko_old.label, ko_new.label) == ("비교 기준(이전)", "비교 대상(이후)")
    assert ko_new.labels[0] == "2025년 11월 1일 · 2025-11-01"


def test_what_changed_says_when_there_is_nothing_to_compare(warehouse):
    first = changes.build(_ctx(warehouse, REPORT, new=REPORT))
    assert [b.text for b in blocks.shown_on(first, blocks.PDF)] == ["First snapshot, nothing to compare."]
    only = _ctx(warehouse, REPORT)
    only = ViewContext(
        only.snapshot, "en", "thousand", only.query, only.compare, only.snapshots[-1:], audience="committee"
    )
    assert changes.controls(only) == []
    [notice] = [b for b in changes.build(only) if isinstance(b, blocks.Notice)]
    assert notice.text == "Only one snapshot is published; there is nothing to compare yet."


def test_what_changed_backwards_and_on_slides(warehouse):
    built = changes.build(_ctx(warehouse, REPORT, new=REPORT, old=LATEST))
    notes = [b.text for b in built if isinstance(b, blocks.Paragraph)]
    assert "The first snapshot is newer than the second: this compares backwards in time." in notes
    [kpis] = blocks.shown_on(built, blocks.SLIDES)
    result = diff.diff(warehouse, LATEST, REPORT)
    assert [k.value for k in kpis.items] == [str(len(result[k])) for k in diff.SECTIONS]
    names = [b.name for b in built if isinstance(b, blocks.Table)]
    assert names == [f"wego-{kind}-{LATEST}-{REPORT}" for kind in ("member-changes", "office-changes", "event-changes")]


def _fake(result: dict):
    """A context whose comparison returns `result` (the cases the samples lack: removals, closings, money)."""

    def build(warehouse, lang="en", unit="thousand"):
        base = _ctx(warehouse, EXCOM, lang)
        empty = {k: [] for k in diff.SECTIONS}
        ctx = ViewContext(
            base.snapshot,
            lang,
            unit,
            base.query,
            lambda a, b: {**empty, **result},
            base.snapshots,
            audience="committee",
        )
        return changes.build(ctx)

    return build


def test_what_changed_tells_removals_closings_and_money(warehouse):
    result = {
        "members": [
            {
                "change": "removed",
                "name_en": "Gone",
                "name_ko": None,
                "region": "Africa",
                "old_status": "active",
                "new_status": None,
                "old_member_type": "full",
                "new_member_type": None,
                "old_excom_role": "none",
                "new_excom_role": None,
            },
            {
                "change": "changed",
                "name_en": "Seoul",
                "name_ko": "서울",
                "region": "Asia",
                "old_status": "active",
                "new_status": "active",
                "old_member_type": "full",
                "new_member_type": "full",
                "old_excom_role": "member",
                "new_excom_role": "president",
            },
        ],
        "offices": [
            {
                "change": "closed",
                "name_en": "WeGO Old Office",
                "name_ko": None,
                "city": "Somewhere",
                "opened_on": "2012-01-01",
                "opened_precision": "year",
                "closed_on": "2016-06-30",
            }
        ],
        "events": [
            {
                "change": "changed",
                "name_en": "Forum",
                "name_ko": None,
                "old_starts_on": "2016-05-01",
                "new_starts_on": "2016-05-01",
                "old_ends_on": "2016-05-02",
                "new_ends_on": "2016-05-02",
                "old_status": "planned",
                "new_status": "planned",
                "old_people": 10,
                "new_people": 12,
                "old_cities": None,
                "new_cities": 3,
                "old_cost_krw": 1_000_000,
                "new_cost_krw": 2_500_000,
                "date_precision": "day",
            }
        ],
        "budget_lines": [
            {
                "change": "changed",
                "fiscal_year": 2015,
                "name_en": "Travel",
                "name_ko": "여비",
                "budget_delta_krw": 1_500,
                "granted_delta_krw": 0,
                "executed_delta_krw": -250_000,
            }
        ],
        "figures": [
            {
                "figure": "budget_total_krw",
                "as_of": "2016-01-01",
                "as_of_precision": "year",
                "value": 837_987_000,
                "note_en": None,
                "source": "report",
            },
            {
                "figure": "members_total",
                "as_of": "2016-10-01",
                "as_of_precision": "month",
                "value": 112,
                "note_en": "112 members",
                "source": "news",
            },
        ],
    }
    built = _fake(result)(warehouse)
    tables = {b.name.split("-2016")[0]: b for b in built if isinstance(b, blocks.Table)}
    members = tables["wego-member-changes"].text
    assert list(members.iloc[0]) == ["Removed", "Gone", "Africa", "Active"]
    assert list(members.iloc[1]) == ["Changed", "Seoul", "Asia", "EXCOM role: Member → President"]
    offices = tables["wego-office-changes"]
    assert [c.label for c in offices.columns] == ["Change", "Name", "Place", "Opened", "Closed"]
    assert list(offices.text.iloc[0]) == ["Closed", "WeGO Old Office", "Somewhere", "2012", "30 Jun 2016"]
    [detail] = tables["wego-event-changes"].text["detail"]
    assert detail == "People: 10 → 12; Cities: – → 3; Cost: 1,000 thousand KRW → 2,500 thousand KRW"
    budget = tables["wego-budget-changes"]
    assert [c.kind for c in budget.columns][-3:] == ["money"] * 3
    assert list(budget.data.iloc[0][["budget", "granted", "executed"]]) == [1_500, 0, -250_000]  # raw KRW
    assert list(budget.text.iloc[0]) == ["Changed", "2015", "Travel", "+1.5", "0", "-250"]
    figures = tables["wego-new-figures"]
    assert [(c.key, c.kind) for c in figures.columns][2:4] == [("value", "integer"), ("value_krw", "money")]
    assert list(figures.text["value"]) == ["–", "112"] and list(figures.text["value_krw"]) == ["837,987", "–"]
    assert list(figures.text["date"]) == ["2016", "Oct 2016"]
    million = {
        b.name.split("-2016")[0]: b for b in _fake(result)(warehouse, "ko", "million") if isinstance(b, blocks.Table)
    }
    assert list(million["wego-budget-changes"].text.iloc[0][-3:]) == ["+0.002", "0", "-0.25"]
    assert million["wego-member-changes"].text["name"][1] == "서울"
