"""Data is text, everywhere (issue #9, point 6): snapshots whose every free-text cell is hostile (markup, links, bare
URLs, formulas, templates) show each cell as typed in the charts, the maps, the pages' Markdown, the briefing pack and
the downloads.

The snapshots are the three samples with every free-text column of every table (wego_data/schema.py: text, no
allowed values, no pattern, neither a key nor a reference) rewritten to start with one of PAYLOADS and end with one of
LINKS, published through the real ingest path; slugs, ids, codes and enums stay valid.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil

import openpyxl
import pytest
import streamlit as st
from conftest import PROJECT, SOURCE, pdf_reader, sign_in, streamlit_server
from PIL import Image
from streamlit.testing.v1 import AppTest

from wego_brief import charts, content, layout, system
from wego_data import diff, ingest, queries
from wego_data.schema import TABLES
from wego_data.warehouse import Warehouse
from wego_view import blocks, export, figures, maps, sections
from wego_view.context import SnapshotInfo, ViewContext

APP = str(PROJECT / "app.py")
AGENDA, LATEST = "2016-10-11-excom", "2025-11-01"  # the first has the 2016 EXCOM's agenda in view
WJ = blocks.WORD_JOINER

# Each free-text cell starts with one of these, then has its own text (so that names stay distinct), then markup or a
# link (LINKS). Their order puts "{nb}" on an agenda item's title, which the pack's contents page prints.
PAYLOADS = (
    "<b>bold</b>",
    '<a href="https://evil.example">x</a>',
    "{nb}",
    "<img src=x onerror=alert(1)>",
    "**md** [link](https://evil.example)",
    "https://evil.example/path",
    "www.evil.example",
    '=HYPERLINK("https://evil.example")',
    "{{name}}",
    "%{customdata}",
    "@@#evil.payload",
    "&lt;i&gt;entity&lt;/i&gt;",
    "write to evil@evil.example",
    ":material/warning: :red[red] :smile:",
    "+1+1",
    "-2+3",
    "a -> b -- c >= d",
    "$x^2$ | `code` ~~gone~~ # no heading",
)
LINKS = PAYLOADS[:2] + PAYLOADS[3:7]
# "wego" in these columns says WeGO pays: kept on every other row, so that both kinds of row are there.
SENTINELS = {("programs", "funded_by"): "wego", ("spending", "paid_by"): "wego"}


def free_text_columns(name: str) -> list[str]:
    table = TABLES[name]
    referring = {c for ref in table.references for c in ref.columns}
    return [
        c.name
        for c in table.columns
        if c.type == "text" and not c.allowed and not c.pattern and c.name not in table.key and c.name not in referring
    ]


def make_hostile(folder) -> None:
    """Every free-text cell of every CSV in `folder` starts with a payload and ends with markup or a link (which
    ones depends on row and column)."""
    for name in TABLES:
        path = folder / f"{name}.csv"
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            header, rows = reader.fieldnames, list(reader)
        for i, row in enumerate(rows):
            for j, column in enumerate(free_text_columns(name)):
                if row[column] == SENTINELS.get((name, column)) and i % 2 == 0:
                    continue
                own = f" {row[column]} " if row[column] else " "
                row[column] = f"{PAYLOADS[(i + j) % len(PAYLOADS)]}{own}{LINKS[(i + j) % len(LINKS)]}"
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, header)
            writer.writeheader()
            writer.writerows(rows)


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile_data")
    shutil.copytree(SOURCE, base / "source")
    for folder in (base / "source").iterdir():
        if folder.is_dir():
            make_hostile(folder)
    ingest.build_sample(base)  # validation passes: the payloads sit only where the contract allows free text
    return base


@pytest.fixture(scope="module")
def wh(hostile_dir):
    warehouse = Warehouse(hostile_dir, audience="committee")
    yield warehouse
    warehouse.close()


def context(wh: Warehouse, sid: str, lang: str) -> ViewContext:
    known = tuple(SnapshotInfo(s.snapshot_id, s.as_of, s.label, s.label_ko) for s in reversed(wh.snapshots()))

    def query(name, snapshot_id, **params):
        return getattr(queries, name)(wh, snapshot_id, **params)

    this = next(s for s in known if s.snapshot_id == sid)
    return ViewContext(this, lang, "thousand", query, lambda a, b: diff.diff(wh, a, b), known, {}, "committee")


@pytest.fixture(scope="module")
def built(wh) -> dict[tuple[str, str, str], list]:
    """Every block of every section, for every snapshot in both languages: (snapshot, lang, section) -> blocks."""
    out = {}
    for lang in ("en", "ko"):
        for snap in wh.snapshots():
            ctx = context(wh, snap.snapshot_id, lang)
            for section in sections.SECTIONS:
                out[(snap.snapshot_id, lang, section)] = list(blocks.walk(sections.build(section, ctx)))
    return out


def of_type(built, kind) -> list:
    return [b for found in built.values() for b in found if isinstance(b, kind)]


def test_every_free_text_column_holds_the_payloads(hostile_dir, wh):
    assert "funded_by" in free_text_columns("programs") and "program_id" not in free_text_columns("programs")
    for name in TABLES:
        with (hostile_dir / "source" / LATEST / f"{name}.csv").open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        for column in free_text_columns(name) if rows else ():
            assert any(row[column].startswith(PAYLOADS) for row in rows), (name, column)
    assert {s.snapshot_id for s in wh.snapshots()} == {"2016-04-26", AGENDA, LATEST}


# ---- Plotly ---------------------------------------------------------------------------------------------------------

# Data markup as it would reach a figure unescaped: a tag Plotly draws (bold, a link, an image) or an entity it decodes.
RAW = ("<b>bold", "<a href", "<img", "&lt;i&gt;entity")
ESCAPED = ("&lt;b&gt;bold&lt;/b&gt;", "&lt;a href=", "&lt;img src=x", "&amp;lt;i&amp;gt;entity")
DATA_MARKERS = ("evil", "bold", "{{name}}", "HYPERLINK", "entity")


def strings(value, key: str = ""):
    """(key, string) for every string in a figure's dict, arrays included."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v, k)
    elif hasattr(value, "tolist"):
        yield from strings(value.tolist(), key)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from strings(v, key)


def figure_problems(spec: dict) -> list[str]:
    """Where data reaches a Plotly string as markup, or a template (read as one) holds data."""
    problems = []
    for key, text in strings(spec):
        problems += [f"{key}: {text[:90]!r}" for raw in RAW if raw in text]
        if key.endswith("template"):
            problems += [f"{key} holds data: {text[:90]!r}" for m in DATA_MARKERS if m in text]
    return problems


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;"),
        ('<a href="https://evil.example">x</a>', '&lt;a href="https://evil.example"&gt;x&lt;/a&gt;'),
        ("&lt;i&gt; & co", "&amp;lt;i&amp;gt; &amp; co"),
        ("Seoul 'Metropolitan' \"Gov\"", "Seoul 'Metropolitan' \"Gov\""),  # Plotly decodes no &quot;: quotes stay
        ("%{customdata} {{name}}", "%{customdata} {{name}}"),  # a value is never read as a template
    ],
)
def test_plotly_text(text, shown):
    assert figures.plotly_text(text) == shown


def test_every_figure_shows_data_as_text(built):
    charts_built = of_type(built, blocks.Chart)
    seen = set()
    for chart in charts_built:
        spec = chart.figure.to_dict()
        assert not figure_problems(spec), (chart.key, figure_problems(spec)[:3])
        seen |= {e for _, text in strings(spec) for e in ESCAPED if e in text}
    assert seen == set(ESCAPED)  # the payloads did reach the figures, escaped
    # The case: who funds a program, in the plan's hover.
    plans = [c.figure for c in charts_built if c.key == "plan"]
    # Each bar's hover data is a row of texts (the program, then who funds it).
    hover = [text for fig in plans for trace in fig.data for row in trace.customdata for text in row]
    assert any("&lt;b&gt;bold" in text for text in hover) and "WeGO budget" in hover  # named, as in its table


# ---- Markdown -------------------------------------------------------------------------------------------------------
# What a Markdown source shows as markup, defined on what Streamlit's renderer (react-markdown with remark-gfm, and its
# own plugins) does with it:
#   1. Syntax, in the source: an unescaped [ or ] (links, images, footnotes), < (HTML, <autolinks>), ` (code),
#      * _ ~ (emphasis, strikethrough), | (tables), $ (math), & (entities), or #, +, -, = or "1." starting a line.
#   2. Text rewritten after parsing, in the text nodes (the source with its backslash escapes resolved), which no
#      escape can stop: GFM's literal autolinks (http:// or https:// or www. before a domain character; an e-mail
#      address; mailto: and xmpp: need an @ too), Streamlit's directives and icons (a colon before a letter:
#      :red[...], :material/...:, :streamlit:, :help) and its typography (-> <- <-> -- >= <= ~= between spaces).
ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # CommonMark: a backslash before ASCII punctuation
UNESCAPED = re.compile(r"(?<!\\)(?:\\\\)*([\[\]<`*_~|$&])")
LINE_START = re.compile(r"(?m)^[ \t]*(?:[#+=-]|\d+[.)])")
AUTOLINK = re.compile(r"(?:https?://|www\.)[-.\w]|[-.\w+]+@[-\w]+\.[-\w]", re.IGNORECASE | re.ASCII)
DIRECTIVE = re.compile(r":[A-Za-z]")
TYPOGRAPHY = re.compile(r"(?:^|\s)(?:<->|->|<-|--|>=|<=|~=)(?:\s|$)")


def text_nodes(source: str) -> str:
    return ESCAPE.sub(r"\1", source)


def shown(source: str) -> str:
    """What a reader sees and copies (the word joiners have no width)."""
    return text_nodes(source).replace(WJ, "")


def rewritten(source: str) -> list[str]:
    """Point 2 above: what Streamlit would turn into a link, a directive, an icon or a sign."""
    text = text_nodes(source)
    return [m[0] for pattern in (AUTOLINK, DIRECTIVE, TYPOGRAPHY) for m in pattern.finditer(text)]


def markup(source: str) -> list[str]:
    """Points 1 and 2 above, for a source that is data alone (no markup of the renderer's own)."""
    return [m[1] for m in UNESCAPED.finditer(source)] + LINE_START.findall(source) + rewritten(source)


@pytest.mark.parametrize("payload", [*PAYLOADS, "line\n# heading\n1. item\n- item\n===", "\\*x\\*", "WWW.EVIL.EXAMPLE"])
def test_markdown_text_shows_the_data_as_typed(payload):
    source = blocks.markdown_text(payload)
    assert not markup(source), markup(source)
    assert shown(source) == payload


def test_markdown_text_leaves_plain_wording_alone():
    # Parentheses, dots, colons before a space and dashes inside words start nothing: the agenda's page links keep
    # their labels as written, and a sentence stays a sentence.
    for text in ("(a) WeGO operations and main programs for 2016 and 2017", "Interest earned in 2015: 113", "A-B"):
        assert blocks.markdown_text(text) == text


def test_unlinkable_breaks_only_what_streamlit_would_rewrite():
    for text in PAYLOADS:
        assert not rewritten(blocks.unlinkable(text)), text
        assert blocks.unlinkable(text).replace(WJ, "") == text


# ---- the pages, as Streamlit sends them -----------------------------------------------------------------------------

RUNS = (
    (AGENDA, None),  # the overview: the agenda in view, its items as page links, decisions
    (LATEST, "pages/offices.py"),  # office cards
    (LATEST, "pages/members.py"),  # the members' map
    (LATEST, "pages/programs.py"),  # the events' map, the timeline
    (LATEST, "pages/budget.py"),  # the program plan
    (LATEST, "pages/changes.py"),  # what changed since the 2016 EXCOM
)


@pytest.fixture(scope="module")
def pages(hostile_dir) -> dict:
    """Each run of RUNS as a signed-in committee member gets it: (snapshot, page) -> AppTest."""
    out = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WEGO_DATA_DIR", str(hostile_dir))
        st.cache_data.clear()
        st.cache_resource.clear()
        try:
            for sid, page in RUNS:
                at = AppTest.from_file(APP, default_timeout=60)
                sign_in(at, "wego-committee")
                at.query_params["snapshot"] = sid
                at.run()
                if page:
                    at.switch_page(page).run()
                assert not at.exception, [e.value for e in at.exception]
                out[(sid, page)] = at
        finally:
            st.cache_data.clear()
            st.cache_resource.clear()
    return out


def markdown_sources(at: AppTest) -> list[str]:
    """Every Markdown string of a run: bodies, headings, alerts, and the labels of page links (HTML ones left out:
    wego_ui.layout.legend escapes catalog labels itself)."""
    bodies = [
        e.value
        for e in (*at.markdown, *at.caption, *at.subheader, *at.title, *at.info, *at.warning)
        if not getattr(e.proto, "allow_html", False)
    ]
    return [str(b) for b in bodies] + [el.proto.label for el in at.get("page_link")]


def test_no_markdown_on_the_pages_can_make_a_link_or_markup(pages, wh):
    for run, at in pages.items():
        for source in markdown_sources(at):
            assert not rewritten(source), (run, source[:200], rewritten(source))
            own_bold = re.sub(r"(?<!\\)\*\*", "", source)  # the renderer's bold around a card's title and values
            assert not UNESCAPED.findall(own_bold), (run, source[:200])
    # The data did reach them, shown as typed: every office card's name, every agenda item's page link.
    office_text = "\n".join(shown(s) for s in markdown_sources(pages[(LATEST, "pages/offices.py")]))
    for name in queries.offices(wh, LATEST)["name_en"]:
        assert name in office_text
    assert "https://evil.example/path" in office_text and "www.evil.example" in office_text
    meeting = queries.meeting_in_view(wh, AGENDA)
    items = queries.agenda_items(wh, AGENDA, meeting["meeting_id"])
    labels = [shown(el.proto.label) for el in pages[(AGENDA, None)].get("page_link")]
    assert labels == [f"{c} {t}".strip() for c, t in zip(items["code"], items["title_en"])]


def test_no_table_cell_is_a_link(pages):
    for run, at in pages.items():
        for frame in at.dataframe:
            assert '"link"' not in frame.proto.columns, run  # a LinkColumn would make a cell's URL clickable


def test_map_tooltips_are_text_and_no_data_string_is_read_as_code(pages):
    tooltips = []
    for run, at in pages.items():
        for chart in at.get("deck_gl_json_chart"):
            tooltip = json.loads(chart.proto.tooltip)
            assert "html" not in tooltip and tooltip["text"] == "{tooltip}", run  # shown with innerText
            for layer in json.loads(chart.proto.json)["layers"]:
                data = layer.get("data")
                for point in data if isinstance(data, list) else []:
                    for value in point.values():
                        assert not (isinstance(value, str) and value.startswith("@@")), (run, value[:80])
                    tooltips.append(point.get("tooltip", ""))
    assert any(t.startswith("<b>bold</b>") for t in tooltips)  # as typed, not escaped: it is never read as HTML
    assert any(t.startswith(WJ + "@@#evil.payload") for t in tooltips)


def test_the_charts_streamlit_sends_show_data_as_text(pages):
    for run, at in pages.items():
        for chart in at.get("plotly_chart"):
            spec = json.loads(chart.proto.spec)
            assert not figure_problems(spec), (run, figure_problems(spec)[:3])


def test_maps_deck_text():
    assert maps.deck_text("@@=name") == WJ + "@@=name"
    assert maps.deck_text("Seoul @@=x") == "Seoul @@=x"


# ---- the briefing pack ----------------------------------------------------------------------------------------------


def pdf_pages(pdf: bytes) -> list[str]:
    """Each page's text without whitespace (pypdf guesses spaces), read as tests/test_brief.py reads it."""
    reader = pdf_reader(pdf)
    return [squeezed(page.extract_text()) for page in reader.pages]


def squeezed(text: str) -> str:
    return "".join(text.split())


def printed(block) -> list[str]:
    """The strings the pack prints for a block."""
    if isinstance(block, blocks.Table):
        return [str(c) for c in block.text.to_numpy().ravel()] + [c.label for c in block.columns]
    if isinstance(block, blocks.Cards):
        return [x for card in block.items for x in (card.title, card.subtitle, *sum(card.rows, ()))]
    if isinstance(block, blocks.Links):
        return [x for link in block.items for x in (f"{link.code} {link.label}".strip(), *link.detail)]
    if isinstance(block, blocks.Kpis):
        return [x for k in block.items for x in (k.label, k.value, k.help, k.note, k.delta) if x]
    return [block.text] if hasattr(block, "text") else []


# The pack of the 2016 EXCOM, searched for "{nb}" (fpdf2's page-count alias until issue #10; a search is plain text):
# the members named so are its member list, and the search stands in every footer.
PACK_FILTERS = {"q": "{nb}"}
WATERMARK = "{nb} confidential"


@pytest.fixture(scope="module")
def pack(wh) -> tuple[list[str], object]:
    """The pages' text and the pack's content, in English (every chart a blank image: the charts are Plotly's,
    checked above)."""
    now = dt.datetime(2016, 10, 11, 9, tzinfo=dt.UTC)
    brief = content.compose(wh, AGENDA, "en", "thousand", PACK_FILTERS, now)
    png = io.BytesIO()
    Image.new("RGB", (90, 50), "white").save(png, format="PNG")
    for chart in brief.charts():
        brief.images[id(chart)] = charts.Image(png.getvalue(), 90, 50)
    return pdf_pages(layout.render(brief, system.find_fonts(), watermark=WATERMARK)), brief


def test_the_pack_prints_every_data_string_as_typed(pack):
    pages, brief = pack
    text = "".join(pages)
    wanted = [brief.cover.meeting] + [
        s for part in brief.parts for block in content.pdf_blocks(part.blocks) for s in printed(block)
    ]
    hostile = [s for s in wanted if any(p in s for p in PAYLOADS)]
    assert {p for p in PAYLOADS if any(p in s for s in hostile)} == set(PAYLOADS)  # every payload is printed
    assert any(s.startswith("{nb}") for s in hostile)  # a page-count alias of PDF libraries, as data
    assert not [s for s in hostile if squeezed(s) not in text], [s for s in hostile if squeezed(s) not in text][:5]


def test_the_pack_prints_text_drawn_while_it_is_written_as_typed(pack):
    pages, brief = pack
    # The contents (laid out after the pages are counted) list an agenda item named "{nb}".
    contents = next(page for page in pages if squeezed(brief.contents_title) in page)
    notes = [p.note for p in brief.parts if p.note and "{nb}" in p.note]
    assert notes and all(squeezed(n) in contents for n in notes)
    # The last page's footer is drawn then too: the search stays as typed (and the watermark), while the page label
    # still counts the pages.
    assert "{nb}" in brief.footer and squeezed(brief.footer) in pages[-1]
    assert squeezed(WATERMARK) in pages[-1]
    for number, page in enumerate(pages, start=1):
        assert squeezed(brief.page_label.format(page=number, pages=len(pages))) in page


# ---- the downloads --------------------------------------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def runs_as_formula(cell: str) -> bool:
    return cell.startswith(FORMULA_START) and not export._PLAIN_NUMBER.match(cell)


def test_downloads_neutralize_formulas(built):
    tables = [t for t in of_type(built, blocks.Table) if t.downloads]
    preamble = [("Snapshot", LATEST), ("Filters", '=HYPERLINK("https://evil.example") search')]
    neutralized = 0
    for table in tables:
        rows = list(csv.reader(io.StringIO(export.table_csv(table, "thousand", preamble).decode("utf-8-sig"))))
        cells = [cell for row in rows for cell in row]
        assert not [c for c in cells if runs_as_formula(c)], (table.name, [c for c in cells if runs_as_formula(c)])
        neutralized += sum(c.startswith("'=HYPERLINK") for c in cells)
        sheet = openpyxl.load_workbook(io.BytesIO(export.table_xlsx(table, "thousand", preamble))).active
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f" and cell.hyperlink is None, (table.name, cell.coordinate, cell.value)
                assert not (isinstance(cell.value, str) and runs_as_formula(cell.value)), (table.name, cell.value)
    assert neutralized > len(tables)  # the preamble's, and data's in the tables


# ---- what a browser draws -------------------------------------------------------------------------------------------

RENDER_SCRIPT = """
import json, sys
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

sys.path.insert(0, {project!r})
from wego_view.blocks import markdown_text
from wego_view.figures import plotly_text

payloads = json.loads(Path({payloads!r}).read_text(encoding="utf-8"))
for i, payload in enumerate(payloads):
    with st.container(key=f"payload-{{i}}"):
        st.markdown(markdown_text(payload))
labels = [plotly_text(p) for p in payloads]
bars = go.Bar(y=labels, x=list(range(1, len(labels) + 1)), orientation="h", text=labels)
st.plotly_chart(go.Figure(bars).update_layout(height=1200, margin={{"l": 400}}))
"""
# Anything but a paragraph of text inside a Markdown block: a link, image, icon, emphasis, code, heading, list, table,
# quote, math or HTML of the data's.
DRAWN = "a, img, strong, em, del, code, pre, h1, h2, h3, h4, h5, h6, ul, ol, li, table, blockquote, hr, .katex, span"


@pytest.mark.browser
def test_the_browser_draws_markdown_text_and_plotly_text_as_typed(browser, tmp_path):
    """Streamlit's own renderer and Plotly's, in Chromium: each payload as typed, nothing drawn of it."""
    (tmp_path / "payloads.json").write_text(json.dumps(PAYLOADS), encoding="utf-8")
    script = tmp_path / "render.py"
    script.write_text(RENDER_SCRIPT.format(project=str(PROJECT), payloads=str(tmp_path / "payloads.json")))
    with streamlit_server(script, dict(os.environ)) as (base, _proc):
        page = browser.new_page(viewport={"width": 1200, "height": 2400})
        try:
            page.goto(base, wait_until="networkidle")
            page.wait_for_selector(".js-plotly-plot .ytick text", timeout=30_000)
            for i, payload in enumerate(PAYLOADS):
                block = page.locator(f".st-key-payload-{i} [data-testid='stMarkdownContainer']")
                assert block.inner_text().replace(WJ, "") == payload
                assert block.locator(DRAWN).count() == 0, (payload, block.inner_html())
            ticks = page.locator(".js-plotly-plot .ytick text").all_text_contents()
            assert sorted(ticks) == sorted(PAYLOADS)
            assert page.locator(".js-plotly-plot a").count() == 0
        finally:
            page.close()
