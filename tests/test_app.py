"""Every page through AppTest, from app.py with switch_page: the numbers a user sees, in both languages (issue #3)."""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import pytest
import streamlit as st
from conftest import PROJECT, run_app, screen_tables
from streamlit.testing.v1 import AppTest

APP = str(PROJECT / "app.py")
PAGES = ["pages/overview.py", "pages/members.py", "pages/offices.py", "pages/programs.py", "pages/budget.py"]


@pytest.fixture(autouse=True)
def fresh_caches(data_dir):
    st.cache_data.clear()
    st.cache_resource.clear()
    yield


def open_app(page: str | None = None, audience: str = "committee", **params) -> AppTest:
    """The app as a signed-in committee member sees it (the secretariat's view these tests check), or the public."""
    return run_app(page, audience, **params)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(at: AppTest) -> str:
    """The page's text as a reader sees it: Markdown's escapes (which keep data from becoming markup) removed."""
    parts = [e.value for e in (*at.markdown, *at.caption, *at.subheader, *at.title, *at.info, *at.warning)]
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))


def _plain(value):
    """Plotly 7 ships numeric arrays as base64 typed arrays; turn them back into lists to compare."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).tolist()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def plotly_specs(at: AppTest) -> list[dict]:
    return [_plain(json.loads(el.proto.spec)) for el in at.get("plotly_chart")]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_in_both_languages(page, lang):
    at = open_app(page, lang=lang, snapshot="2016-04-26")
    stamp = "Data as of 26 Apr 2016 · snapshot 2016-04-26" if lang == "en" else "데이터 기준일 2016년 4월 26일 · 스냅숏"
    assert stamp in texts(at)


@pytest.mark.parametrize(
    "lang,labels",
    [
        (
            "en",
            {
                "Members (reported)": "100",
                "EXCOM cities": "14",
                "Regional offices": "2",
                "Secretariat staff": "8",
                "Budget 2016 (thousand KRW)": "837,987",
                "Execution 2015": "99.8%",
            },
        ),
        (
            "ko",
            {
                "회원 수(발표)": "100",
                "집행위원 도시": "14",
                "지역사무소": "2",
                "사무국 인력": "8",
                "2016년 예산(천원)": "837,987",
                "2015년 집행률": "99.8%",
            },
        ),
    ],
)
def test_overview_figures(lang, labels):
    at = open_app(lang=lang, snapshot="2016-04-26")
    assert metrics(at) == labels


def test_overview_membership_chart_and_agenda():
    at = open_app(snapshot="2016-04-26")
    [membership] = plotly_specs(at)
    assert membership["data"][0]["y"] == [50, 72, 74, 86, 96, 100]
    assert membership["layout"]["title"]["text"] == "Members reported by WeGO, 2010–2016"
    links = [el.proto.label for el in at.get("page_link")]
    assert links == [
        "(a) WeGO operations and main programs for 2016 and 2017",
        "(b) Evaluation of the Asia and Europe regional offices",
        "(c) Admission and withdrawal of members",
        "(d) Preparation of the 4th general assembly in 2017",
    ]


@pytest.mark.parametrize("unit,executed,budget", [("thousand", "636,311", "644,658"), ("million", "636.3", "644.7")])
def test_budget_numbers(unit, executed, budget):
    at = open_app("pages/budget.py", snapshot="2016-04-26", unit=unit)
    name = "thousand KRW" if unit == "thousand" else "million KRW"
    values = metrics(at)
    assert values[f"Executed ({name})"] == executed
    assert values[f"Budget ({name})"] == budget
    assert values["Execution rate"] == "99.8%"


def test_budget_reconciliation_states_the_reports_difference():
    at = open_app("pages/budget.py", snapshot="2016-04-26")
    warning = " ".join(w.value for w in at.warning)
    assert "the activities add up to 232,200 thousand KRW, while 232,197 thousand KRW was executed" in warning
    assert "3 thousand KRW more than executed" in warning
    assert "Interest earned in 2015: 113 thousand KRW" in texts(at)


def test_budget_lines_table_keeps_the_reports_detail():
    at = open_app("pages/budget.py", snapshot="2016-04-26")
    lines = at.dataframe[0].value
    # Numbers stay numbers (sorted and summed as numbers; the column format adds the separators); a level column
    # says how deep each line is, so that summing the level-0 lines of an export gives the total.
    travel = lines[lines.iloc[:, 1] == "Travel"].iloc[0]
    assert travel.iloc[0] == 0
    assert [round(v, 2) for v in travel.iloc[2:6]] == [10_000, 10_000, 9_999.9, 0.05]
    top = lines[lines.iloc[:, 0] == 0]
    assert round(top.iloc[:, 4].sum(), 1) == 636_311.4


def test_budget_korean():
    at = open_app("pages/budget.py", snapshot="2016-04-26", lang="ko")
    values = metrics(at)
    assert values["집행액 (천원)"] == "636,311" and values["집행률"] == "99.8%"
    assert "사업비" in texts(at)


def test_offices_cards():
    at = open_app("pages/offices.py", snapshot="2016-04-26")
    text = texts(at)
    assert "Chengdu" in text and "Ulyanovsk" in text and "Secretariat" in text
    assert len(at.get("deck_gl_json_chart")) == 1


def test_offices_korean_names():
    at = open_app("pages/offices.py", snapshot="2016-04-26", lang="ko")
    text = texts(at)
    assert "청두" in text and "율리아노브스크" in text


def test_programs_timeline_has_27_phases():
    at = open_app("pages/programs.py", snapshot="2016-04-26")
    gantt = plotly_specs(at)[0]
    bars = [trace for trace in gantt["data"] if trace["type"] == "bar"]
    assert sum(len(trace["y"]) for trace in bars) == 27
    assert {trace["name"] for trace in bars} == {
        "1 · Cooperation with international organizations",
        "2 · E-government / smart-city knowledge sharing",
        "3 · Digital capacity of member cities",
        "4 · Secretariat functions and promotion",
    }
    shapes = gantt["layout"]["shapes"]
    assert shapes[0]["x0"].startswith("2016-04-26")


def test_programs_area_filter_from_the_url():
    at = open_app("pages/programs.py", snapshot="2016-04-26", area="2")
    assert at.selectbox(key="url_area").value == 2
    bars = [trace for trace in plotly_specs(at)[0]["data"] if trace["type"] == "bar"]
    assert sum(len(trace["y"]) for trace in bars) == 7  # 2-1 has 4 phases, 2-2 has 3


def test_members_filters_from_the_url():
    at = open_app("pages/members.py", snapshot="2016-04-26", region="Africa")
    assert at.selectbox(key="url_region").value == "Africa"
    table = at.dataframe[-1].value
    assert set(table["Region"]) == {"Africa"}
    assert len(table) == 8
    assert "Where the members are (8 shown)" in texts(at)


def test_applicants_for_the_admission_agenda_item():
    at = open_app("pages/members.py", snapshot="2016-10-11-excom", status="applicant")
    table = at.dataframe[-1].value
    assert sorted(table["Name"]) == ["Muğla", "Sejong", "Yakutsk"]


def test_member_search_in_korean():
    at = open_app("pages/members.py", snapshot="2016-04-26", lang="ko", q="서울")
    table = at.dataframe[-1].value
    assert list(table["이름"]) == ["서울"]
    assert list(table["집행위원회 직위"]) == ["의장"]


def test_members_by_region_beside_reported_counts():
    at = open_app("pages/members.py", snapshot="2016-04-26")
    chart = plotly_specs(at)[0]
    listed, reported = chart["data"][0], chart["data"][1]
    assert listed["name"] == "Listed in the registry" and reported["name"] == "Reported by WeGO"
    assert reported["orientation"] == "h"  # horizontal bars: a phone shows the regions' names whole (issue #10)
    assert dict(zip(reported["y"], reported["x"])) == {
        "Asia": 43,
        "Africa": 24,
        "Europe": 17,
        "Americas": 7,
        "Middle East": 4,
        "Oceania": 1,
    }
    assert "WeGO reported 100 members (26 Apr 2016); the registry names 39 with a source." in texts(at)


def test_the_newest_snapshot_is_the_default():
    at = open_app()
    assert at.sidebar.selectbox(key="url_snapshot").value == "2025-11-01"
    assert "snapshot 2025-11-01" in texts(at)


BAD = [
    {"snapshot": "nope"},
    {"snapshot": "../../etc"},
    {"lang": "xx"},
    {"unit": "billion"},
    {"year": "abc"},
    {"area": "9"},
    {"region": "<script>alert(1)</script>"},
    {"status": "active' or 1=1 --"},
    {"q": "x" * 5000},
    {"fy": "2015; drop table budget_lines"},
    {"kind": 'excom"><img src=x onerror=alert(1)>'},
]


@pytest.mark.parametrize("params", BAD, ids=[next(iter(p)) + str(i) for i, p in enumerate(BAD)])
@pytest.mark.parametrize("page", ["pages/members.py", "pages/programs.py", "pages/budget.py"])
def test_malformed_parameters_fall_back_with_a_notice(page, params):
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    first_notices = " ".join(w.value for w in at.warning)
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    page_notices = " ".join(w.value for w in at.warning)
    name = next(iter(params))
    notice = "Ignored a link setting that is not valid here"
    if name in ("snapshot", "lang", "unit"):
        # The frame reads these on the first page a link opens, falls back to the default and says so.
        assert notice in first_notices and name in first_notices
        assert "snapshot 2025-11-01" in texts(at)
    elif (page, name) in {
        ("pages/members.py", "region"),
        ("pages/members.py", "status"),
        ("pages/members.py", "q"),
        ("pages/programs.py", "year"),
        ("pages/programs.py", "area"),
        ("pages/programs.py", "kind"),
        ("pages/budget.py", "fy"),
    }:
        assert notice in page_notices and name in page_notices


def test_what_changed_agrees_with_the_command_line(warehouse):
    from wego_data import diff

    at = open_app("pages/changes.py", snapshot="2016-10-11-excom")
    assert at.selectbox(key="url_new").value == "2016-10-11-excom"
    assert at.selectbox(key="url_old").value == "2016-04-26"
    expected = diff.diff(warehouse, "2016-04-26", "2016-10-11-excom")
    members = at.dataframe[0].value
    assert sorted(members["Name"]) == sorted(m["name_en"] for m in expected["members"])
    assert metrics(at)["Member changes"] == str(len(expected["members"]))
    assert metrics(at)["New published figures"] == str(len(expected["figures"]))
    sejong = members[members["Name"] == "Sejong"].iloc[0]
    assert (sejong["Change"], sejong["Region"], sejong["Detail"]) == ("Added", "Asia", "Associate · Applicant")


def test_what_changed_page_and_cli_list_the_same_changes(data_dir):
    import os
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "wego_data", "diff", "2016-04-26", "2025-11-01", "--json"],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        env={**os.environ, "WEGO_DATA_DIR": str(data_dir)},
    )
    cli = json.loads(out.stdout)
    at = open_app("pages/changes.py", snapshot="2025-11-01", old="2016-04-26")
    tables = [d.value for d in screen_tables(at)]
    assert sorted(tables[0]["Name"]) == sorted(m["name_en"] for m in cli["members"])
    assert len(tables[1]) == len(cli["offices"]) and len(tables[2]) == len(cli["events"])
    counts = metrics(at)
    assert counts["Office changes"] == str(len(cli["offices"])) and counts["Event changes"] == str(len(cli["events"]))


def test_what_changed_by_default_compares_the_newest_with_the_one_before():
    at = open_app("pages/changes.py")
    assert (at.selectbox(key="url_old").value, at.selectbox(key="url_new").value) == ("2016-10-11-excom", "2025-11-01")
    assert "Goyang" in set(at.dataframe[0].value["Name"])


def test_what_changed_from_the_oldest_snapshot_looks_forward():
    at = open_app("pages/changes.py", snapshot="2016-04-26")
    assert (at.selectbox(key="url_old").value, at.selectbox(key="url_new").value) == ("2016-04-26", "2016-10-11-excom")
    members = at.dataframe[0].value
    assert set(members["Change"]) == {"Added"} and "Associate · Applicant" in set(members["Detail"])


@pytest.fixture
def later(monkeypatch, later_data_dir):
    """The app on the samples plus a generated snapshot five years later (tests/later.py), newest by default."""
    monkeypatch.setenv("WEGO_DATA_DIR", str(later_data_dir))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("page", [*PAGES, "pages/changes.py"])
def test_every_page_on_a_later_generated_snapshot(later, page, lang):
    at = open_app(page, lang=lang)
    assert at.sidebar.selectbox(key="url_snapshot").value == "2030-06-15-generated"
    text = texts(at)
    assert "2016 and 2017" not in text and "'16년 및 '17년" not in text  # never the 2016 EXCOM's agenda
    if page == "pages/overview.py":
        # the generated 2030 EXCOM is the next meeting; its own agenda, not the 2016 one
        assert ("Next meeting" if lang == "en" else "다음 회의") in text
        assert at.metric[0].value != "" and "▲" in (at.metric[0].delta or "")


def test_slides_follow_the_generated_meetings_agenda(later):
    at = open_app(None, present="1")
    assert "1 / 6" in texts(at)  # the overview and the 2030 EXCOM's five agenda items
    at.button(key="next").click().run()
    assert at.title[0].value == "(a) Secretariat activity report 2029–2030"
