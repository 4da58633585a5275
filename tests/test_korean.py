"""Korean throughout (issue #10): every Korean page and every page of the Korean briefing pack reads in Korean, but
for the proper nouns and codes below that have no Korean form; every name a Korean page shows has its Korean form in
the data, with a source; validation warns, in both languages, where a row lacks one."""

from __future__ import annotations

import collections
import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest
import streamlit as st
from conftest import PROJECT, SOURCE, pdf_reader, read_table, run_app, write_table

from wego_data.validate import validate_folder
from wego_view import fmt
from wego_view.i18n import quality_note

PAGES = ["overview", "members", "offices", "programs", "budget", "changes", "maturity"]
OLDEST, NEWEST = "2016-04-26", "2025-11-01"
NAMES_KO = PROJECT / "data" / "reference" / "names_ko.csv"

# A word in Latin script: a run of Latin letters (with accents: Beyoğlu), apostrophes and inner hyphens.
LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f](?:[A-Za-z\u00c0-\u024f'’-]*[A-Za-z\u00c0-\u024f])?")

# What a Korean reader may see in Latin script, and why. Keep it short: a name that has a Korean form goes in the data
# (data/reference/names_ko.csv), never here.
ALLOWED_PHRASES = (
    # members with no Korean form found (names_ko.csv says "original"): shown as written
    "Abuja Municipal Area Council",
    "Seberang Perai",
    "La Marsa",
    "Andek",
    "Batibo",
    "Tubah",
    # the signed-in account's own name (conftest's test account), shown as the account gives it
    "Test Delegate",
    # names the 2016 council report itself keeps in Latin script (wego-2016-council-report.ko.txt)
    "Smart City Expo World Congress",
    "ITPP(International IT Policy Program) Open Data Research Project",
    "Feasibility Study",
    "e-Government",
    # the UN's publications and pages, cited by their published titles: the credit UN DESA's terms ask for (issue #11)
    "United Nations E-Government Survey",
    "E-Government Knowledgebase",
    "Data Center",
    "Methodology",
)
ALLOWED_WORDS = {
    # the organization and its bodies, as the Korean report writes them
    "WeGO",
    "EXCOM",
    # currency and unit codes
    "KRW",
    # acronyms of partner bodies the report writes in Latin script (ITU, ADB, UNPOG, NIA, ICT, UN, ESCAP, KOICA, KLID)
    "ITU",
    "ADB",
    "UNPOG",
    "NIA",
    "ICT",
    "UN",
    "ESCAP",
    "KOICA",
    "KLID",
    "AI",  # in the 2025 EXCOM's theme; Korean writes the acronym
    "CeDS",  # WeGO's online platform (the report: '온라인 CeDS 등 플랫폼')
    # the UN's index acronyms, which Korean writes as they are beside the Korean name: 전자정부발전지수(EGDI)
    "DESA",
    "EGDI",
    "EPI",
    "OSI",
    "HCI",
    "TII",
    "Awards",  # the WeGO Awards, as the report names them ('WeGO Awards 웹사이트')
    "UTC",  # the time zone of the pack's "generated at" stamp
    "PDF",  # the briefing pack's file format, on its download button
    # the language switch names each language in that language, so a reader of either finds it
    "Language",
    "English",
}
# Codes a reader types or quotes as they are: snapshot ids and URLs (not Latin words), file names and column names
# of the data contract (spending.csv, name_ko) in the data-quality notes, which tell staff what to fix.
CODES = re.compile(
    r"https?://\S+|\b[\w.-]+\.(?:org|com|net|kr|ru|gov|int)\b\S*|\([a-z]\)|\b[\w./-]+\.(?:csv|xlsx|md|pdf)\b|\b[a-z0-9]+(?:_[a-z0-9]+)+\b|\b\d{4}-\d{2}-\d{2}[\w-]*"
)


def latin_words(text: str) -> list[str]:
    """The Latin-script words of a text that are not on the allow-list. Not read: HTML markup (its text is), Markdown
    escapes, Streamlit's icon codes (:material/event:) and inline code (a command is typed as it is)."""
    text = re.sub(r"\\(.)", r"\1", text)
    text = re.sub(r"<[^>]*>|&[a-z]+;|:material/[a-z_]+:|`[^`]*`", " ", text)
    text = CODES.sub(" ", text)
    text = re.sub(r"\s+", " ", text)  # a name broken over two lines of a PDF is still the name
    for phrase in ALLOWED_PHRASES:
        text = text.replace(phrase, " ")
    return [w for w in LATIN_WORD.findall(text) if not all(part in ALLOWED_WORDS for part in w.split("-"))]


def test_latin_words_finds_english_and_spares_the_allow_list():
    assert latin_words("2016 WeGO 집행위원회, 율리아노브스크 (Andek) spending.csv, name_ko 열") == []
    assert latin_words("Jeju, 대한민국") == ["Jeju"]
    assert latin_words("WeGO Executive Committee meeting 2011") == ["Executive", "Committee", "meeting"]
    assert latin_words("Beyoğlu") == ["Beyoğlu"]
    assert latin_words("WeGO-UNPOG 세션 :material/event: \\`python -m x\\`") == []
    assert latin_words("WeGO-Jeju") == ["WeGO-Jeju"]


# ---------------------------------------------------------------------------------------------- the pages


def page_texts(at) -> list[str]:
    """Every text a reader sees on an AppTest page: headings, text, notes, metrics, widget labels and options, and
    every cell and column name of every table, except the cells of source columns (citations quoted as published)."""
    out = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "info", "warning", "error", "success"):
        out += [str(e.value) for e in getattr(at, kind)]
    for m in at.metric:
        out += [str(m.label), str(m.value), str(m.proto.help or "")]
    for kind in ("expander", "tabs"):
        out += [str(getattr(e, "label", "")) for e in getattr(at, kind)]
    for kind in ("selectbox", "multiselect", "radio", "segmented_control", "pills"):
        for w in getattr(at, kind, []):
            out.append(str(w.label))
            out += [str(o) for o in getattr(w, "options", [])]
    for kind in ("button", "toggle", "checkbox", "text_input", "number_input", "slider", "select_slider"):
        out += [str(w.label) for w in getattr(at, kind, [])]
    for df in at.dataframe:
        frame = df.value
        out += [str(c) for c in frame.columns]
        for column in frame.columns:
            if str(column) in SOURCE_COLUMNS:
                continue
            out += [str(v) for v in frame[column].tolist() if v is not None]
    return out


SOURCE_COLUMNS = {"출처"}  # t("col.source") in Korean: a citation is quoted in its own language


def english_on(at) -> dict[str, list[str]]:
    found = {}
    for text in page_texts(at):
        words = latin_words(text)
        if words:
            found[text[:120]] = words
    return found


@pytest.mark.parametrize("audience", ["public", "committee"])
@pytest.mark.parametrize("snapshot", [OLDEST, NEWEST])
@pytest.mark.parametrize("page", PAGES)
def test_korean_pages_read_in_korean(data_dir, page, snapshot, audience):
    st.cache_data.clear()
    st.cache_resource.clear()
    at = run_app(f"pages/{page}.py", audience, lang="ko", snapshot=snapshot)
    texts = page_texts(at)
    assert sum(len(t) for t in texts) > 200, "the page shows next to nothing: the test would prove nothing"
    assert english_on(at) == {}


def test_korean_pages_of_the_generated_later_snapshot(later_data_dir, monkeypatch):
    """The generated snapshot five years on (tests/later.py) names everything in Korean too."""
    monkeypatch.setenv("WEGO_DATA_DIR", str(later_data_dir))
    for page in PAGES:
        st.cache_data.clear()
        st.cache_resource.clear()
        at = run_app(f"pages/{page}.py", "committee", lang="ko")
        assert english_on(at) == {}, page


# ---------------------------------------------------------------------------------------------- the pack


@pytest.mark.parametrize("snapshot", [OLDEST, NEWEST])
def test_korean_briefing_pack_reads_in_korean(data_dir, tmp_path, snapshot):
    out = tmp_path / f"brief-{snapshot}-ko.pdf"
    env = {"WEGO_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    subprocess.run(
        [sys.executable, "-m", "wego_brief", "--snapshot", snapshot, "--lang", "ko", "--out", str(out)],
        cwd=PROJECT,
        env=env,
        check=True,
        timeout=600,
    )
    reader = pdf_reader(out.read_bytes())
    english = {}
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text() or ""
        assert text.strip(), f"page {number} has no text to read"
        # A table cell wraps a name onto the next line ("Abuja Municipal / Area Council") and a cited URL too
        # ("kmib.co.kr/…asp? / arcid=…"): a word counts when it stands out read either way, lines joined by a space
        # (names whole) and joined as they are (URLs whole).
        lines = text.splitlines()
        words = collections.Counter(latin_words(" ".join(lines))) & collections.Counter(latin_words("".join(lines)))
        if words:
            english[number] = sorted(words)
    assert len(reader.pages) > 3
    assert english == {}


# ---------------------------------------------------------------------------------------------- the data


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("snapshot", sorted(p.name for p in SOURCE.iterdir() if p.is_dir()))
def test_every_sample_row_has_its_korean_names(snapshot):
    result = validate_folder(SOURCE / snapshot)
    assert [str(p) for p in result.warnings if p.rule in ("korean name", "added column")] == []


def test_every_korean_place_office_and_event_name_has_a_source():
    """Each Korean name of a place, an office or an event in the samples is in data/reference/names_ko.csv with where
    it comes from: the 2016 report (at its line), an exonym, the press, a translation from the report's terms, or the
    original where no Korean form exists (and then it is on the allow-list above)."""
    sources = {(r["kind"], r["name_en"]): r for r in _rows(NAMES_KO)}
    report = (PROJECT / "data" / "reference" / "seed" / "wego-2016-council-report.ko.txt").read_text(encoding="utf-8")
    for (_kind, name_en), row in sources.items():
        assert row["source"].split(":")[0] in ("report", "exonym", "press", "translation", "original"), row
        if row["source"].startswith("report:"):
            assert row["name_ko"] in report, row
        if row["source"].startswith("original:"):
            assert row["name_ko"] == name_en and name_en in ALLOWED_PHRASES, row
    for folder in (p for p in SOURCE.iterdir() if p.is_dir()):
        for table, pairs in (("offices", (("city", "place"),)), ("events", (("city", "place"), ("name_en", "event")))):
            for row in _rows(folder / f"{table}.csv"):
                for english, kind in pairs:
                    korean = row["city_ko"] if english == "city" else row["name_ko"]
                    if not row[english]:
                        continue
                    named = sources.get((kind, row[english]))
                    if named is None and kind == "event":
                        # an event the report itself names in Korean: its own source cites the report
                        assert korean and "council report" in row["source"], (folder.name, row[english])
                        continue
                    assert named is not None and named["name_ko"] == korean, (folder.name, table, row[english])


def test_a_missing_korean_name_is_a_warning_in_both_languages(tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    for path in (SOURCE / NEWEST).iterdir():
        (export / path.name).write_bytes(path.read_bytes())
    header, rows = read_table(export, "offices")
    regional = next(i for i, r in enumerate(rows) if r["kind"] == "regional")
    rows[regional]["name_ko"] = ""
    write_table(export, "offices", header, rows)
    header, events = read_table(export, "events")
    write_table(
        export,
        "events",
        [h for h in header if h != "city_ko"],
        [{k: v for k, v in r.items() if k != "city_ko"} for r in events],
    )

    result = validate_folder(export)
    assert result.errors == []
    [name] = [p for p in result.warnings if p.rule == "korean name" and p.file == "offices.csv"]
    # without the column, every placed event is shown with its English city: each row says so
    placed = [r for r in events if r["city"]]
    assert len([p for p in result.warnings if p.rule == "korean name" and p.file == "events.csv"]) == len(placed)
    assert (name.file, name.row, name.column) == ("offices.csv", regional + 2, "name_ko")
    assert name.value == rows[regional]["name_en"]
    [absent] = [p for p in result.warnings if p.rule == "added column"]
    assert (absent.file, absent.column) == ("events.csv", "city_ko")

    ko = quality_note(name.to_dict(), "ko")
    assert ko.startswith(f"offices.csv, {regional + 2}행, name_ko 열: ")
    assert "한국어 이름" in ko and latin_words(ko.replace(name.value[:60], "")) == []
    en = quality_note(name.to_dict(), "en")
    assert en.startswith(f"offices.csv, row {regional + 2}, column name_ko: 'name_ko' is empty")
    assert quality_note(absent.to_dict(), "ko") == (
        "events.csv, 1행, city_ko 열: 머리글에 'city_ko' 열이 없어 빈 값으로 읽었습니다. "
        "열을 추가하십시오(docs/data.md, events 표)"
    )


def test_a_warning_published_before_keys_shows_its_english_message():
    old = {"severity": "warning", "file": "spending.csv", "row": None, "column": "amount_krw", "message": "old text"}
    assert (
        quality_note(old, "ko")
        == "spending.csv, amount_krw 열: old text (영문 원문: 이 스냅숏은 한국어 안내 이전에 게시됨)"
    )
    assert quality_note(old, "en") == "spending.csv, column amount_krw: old text"


def test_the_generated_scale_data_names_everything_in_korean(tmp_path):
    sys.path.insert(0, str(PROJECT / "tools"))
    import scale_data

    export = scale_data.write_scale_export(tmp_path / "scale", members=200, events=500, spending=100)
    result = validate_folder(export)
    assert [str(p) for p in result.warnings if p.rule in ("korean name", "added column")] == []


# ---------------------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("precision", "ko", "en"),
    [("day", "2016년 10월 11일", "11 Oct 2016"), ("month", "2016년 10월", "Oct 2016"), ("year", "2016년", "2016")],
)
def test_one_date_form_per_precision(precision, ko, en):
    assert fmt.date("2016-10-11", "ko", precision) == ko
    assert fmt.date("2016-10-11", "en", precision) == en
