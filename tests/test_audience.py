"""Two audiences (issue #9): what is the committee's is declared once in the data contract, the query layer reads every
table through it, and a public session gets none of it from any page, table, chart or download.

The committee's parts in the samples: the applicants under deliberation (2016-10-11-excom: Muğla, Sejong, Yakutsk;
2025-11-01: Muğla, Yakutsk), the itemized spending of 2015, and each event's cost to WeGO."""

from __future__ import annotations

import datetime as dt
import inspect
import re

import duckdb
import pandas as pd
import pytest
import streamlit as st
from conftest import PROJECT, run_app, sign_in
from streamlit.testing.v1 import AppTest

from wego_data import diff, queries, schema
from wego_data.warehouse import MACRO_DIR, SQL_DIR, Warehouse, table_macro

APP = str(PROJECT / "app.py")
SNAPSHOTS = ("2016-04-26", "2016-10-11-excom", "2025-11-01")
PAGES = ["pages/overview.py", "pages/members.py", "pages/offices.py", "pages/programs.py", "pages/budget.py"]


@pytest.fixture(scope="module")
def readers(data_dir):
    committee = Warehouse(data_dir, audience="committee")
    yield committee, committee.for_audience("public")
    committee.close()


def secrets_of(committee: Warehouse, snapshot_id: str) -> set[str]:
    """Text only the committee may read in one snapshot: applicants' ids and names, and each itemized activity's
    description that no public table also holds (an activity may be named like its event)."""
    members = queries.members(committee, snapshot_id, status="applicant")
    found = {v for col in ("member_id", "name_en", "name_ko") for v in members[col].dropna()}
    public_text = set()
    for table in ("events", "programs", "budget_lines", "reported_figures", "decisions", "offices"):
        frame = pd.read_parquet(committee.snapshot(snapshot_id).table_path(table))
        public_text |= {str(v) for col in frame.columns if frame[col].dtype == object for v in frame[col].dropna()}
    spending = pd.read_parquet(committee.snapshot(snapshot_id).table_path("spending"))
    found |= {d for d in spending["description_en"].dropna() if d not in public_text}
    return found


def everything(frame_or_dict) -> str:
    if isinstance(frame_or_dict, pd.DataFrame):
        return frame_or_dict.astype(str).to_csv()
    return repr(frame_or_dict)


# ---- the contract ----------------------------------------------------------------------------------------------


def test_the_contract_declares_the_committees_parts():
    tables = schema.TABLES
    assert not tables["spending"].public.table
    assert tables["members"].public.rows == "status <> 'applicant'"
    assert tables["events"].public.columns == ("cost_krw",)
    assert "snapshot_as_of" in tables["decisions"].public.rows
    for table in tables.values():
        assert set(table.public.columns) <= set(table.column_names), table.name
        if table.public != schema.Public():
            assert table.public.why, f"{table.name}: say why a part is the committee's"


def test_the_contract_document_states_each_audience():
    text = (PROJECT / "docs" / "data.md").read_text(encoding="utf-8")
    assert "Audience: **committee only**: line-level spending" in text
    assert "the public reads the rows where `status <> 'applicant'`" in text


def test_sql_reads_each_table_only_through_its_audience_macro():
    """No query file can bypass the rule: every table it binds ($members, $old_members, ...) is read through
    wego_<table>(path, $audience, as_of), never read_parquet or any other reader."""
    names = "|".join(schema.TABLES)
    # A shared macro (wego_data/sql/macros) takes table paths with the audience and date after them, and reads each
    # table through its audience macro itself (checked below).
    shared = {m for path in MACRO_DIR.glob("*.sql") for m in re.findall(r"create macro (\w+)\(", path.read_text())}
    assert shared, "no shared macro found: the check below would prove nothing"
    call = re.compile(rf"(?:{'|'.join(shared)})\(\s*((?:\$(?:{names}),\s*)+)\$audience, \$as_of,")
    for path in sorted(SQL_DIR.glob("*.sql")):
        text = re.sub(r"--[^\n]*", "", path.read_text(encoding="utf-8"))
        assert "read_parquet" not in text and "parquet_scan" not in text, path.name
        passed = {m.start(1) + i.start() for m in call.finditer(text) for i in re.finditer(r"\$", m.group(1))}
        for match in re.finditer(rf"\$((?:old_|new_)?)({names})\b", text):
            prefix, table = match.groups()
            if match.start() in passed:
                continue  # an argument of a shared macro, followed by $audience, $as_of
            before = text[: match.start()]
            assert before.endswith(f"wego_{table}("), f"{path.name}: ${prefix}{table} is read outside its macro"
            after = text[match.end() :]
            assert after.startswith(f", $audience, ${prefix}as_of)"), f"{path.name}: {match.group(0)} audience"
    for path in sorted(MACRO_DIR.glob("*.sql")):
        text = re.sub(r"--[^\n]*", "", path.read_text(encoding="utf-8"))
        assert "read_parquet" not in text and "parquet_scan" not in text, path.name
        reads = re.findall(r"wego_(\w+)\(\s*(\w+), (\w+), (\w+)\)", text)
        assert {table for table, *_ in reads} >= {"members", "assessments", "frameworks"}, path.name
        for table, _, audience, as_of in reads:
            assert table in schema.TABLES and (audience, as_of) == ("audience", "snapshot_as_of"), (path.name, table)


def _decisions_parquet(tmp_path, as_of: dt.date):
    frame = pd.DataFrame(
        {
            "decision_id": ["yesterday", "today"],
            "decided_on": [as_of - dt.timedelta(days=1), as_of],
        }
    )
    path = tmp_path / "decisions.parquet"
    frame.to_parquet(path)
    return str(path)


def test_a_decision_taken_on_the_snapshot_date_is_the_committees(tmp_path):
    as_of = dt.date(2030, 10, 14)
    con = duckdb.connect()
    con.execute(table_macro(schema.TABLES["decisions"]))
    path = _decisions_parquet(tmp_path, as_of)
    sql = "select decision_id from wego_decisions($p, $a, $d) order by decision_id"
    read = {a: [r[0] for r in con.execute(sql, {"p": path, "a": a, "d": as_of}).fetchall()] for a in ("public", "x")}
    committee = [r[0] for r in con.execute(sql, {"p": path, "a": "committee", "d": as_of}).fetchall()]
    assert committee == ["today", "yesterday"]
    assert read["public"] == ["yesterday"]
    assert read["x"] == []  # an audience that is neither reads nothing


def test_an_unknown_audience_is_refused(data_dir):
    with pytest.raises(ValueError, match="audience"):
        Warehouse(data_dir, audience="everyone")
    wh = Warehouse(data_dir)
    try:
        assert wh.audience == "public"  # the default reads as the public does
        with pytest.raises(ValueError, match="audience"):
            wh.for_audience("admin")
    finally:
        wh.close()


# ---- the query layer -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("snapshot_id", SNAPSHOTS)
def test_public_queries_leave_out_what_the_contract_reserves(readers, snapshot_id):
    committee, public = readers
    assert not (queries.members(public, snapshot_id)["status"] == "applicant").any()
    assert queries.members(public, snapshot_id, status="applicant").empty
    for year in queries.settlement_years(public, snapshot_id):
        assert queries.spending(public, snapshot_id, year).empty
        assert queries.spending_by_line(public, snapshot_id, year).empty
        assert not queries.spending(committee, snapshot_id, year).empty
    assert queries.events(public, snapshot_id)["cost_krw"].isna().all()
    assert queries.events(committee, snapshot_id)["cost_krw"].notna().any()


def test_the_committee_reads_the_applicants(readers):
    committee, _ = readers
    names = sorted(queries.members(committee, "2016-10-11-excom", status="applicant")["name_en"])
    assert names == ["Muğla", "Sejong", "Yakutsk"]


def _call_everything(wh: Warehouse, snapshot_id: str) -> list:
    """Every named query of wego_data.queries with the arguments a page can give it, and What changed."""
    results = []
    years = queries.settlement_years(wh, snapshot_id)
    plans = queries.program_years(wh, snapshot_id)
    meeting = queries.meeting_in_view(wh, snapshot_id)
    for name, func in inspect.getmembers(queries, inspect.isfunction):
        if func.__module__ != queries.__name__ or name.startswith("_"):
            continue
        wanted = inspect.signature(func).parameters
        calls = [{}]
        if "fiscal_year" in wanted:
            calls = [{"fiscal_year": y} for y in (years if "spending" in name or "budget" in name else plans) or [2015]]
        if "meeting_id" in wanted and wanted["meeting_id"].default is inspect.Parameter.empty:
            calls = [{"meeting_id": meeting["meeting_id"]}] if meeting else []
        if "figure" in wanted:
            calls = [{"figure": "members_total"}]
        if name == "members":
            calls = [{}, {"status": "applicant"}, {"search": "Sejong"}, {"search": "세종"}]
        if "framework" in wanted:  # every framework of the snapshot, at its newest edition and its first (issue #11)
            frameworks = queries.maturity_frameworks(wh, snapshot_id).to_dict("records")
            calls = [{"framework": f["framework_id"]} for f in frameworks]
            if "edition" in wanted:
                calls = [
                    {"framework": f["framework_id"], "edition": int(f[which])}
                    for f in frameworks
                    for which in ("first_edition", "latest_edition")
                    if pd.notna(f[which])
                ] + [{"framework": "ceds", "edition": 2000}]
            if "member" in wanted:
                calls = [{**call, "member": "seoul"} for call in calls] + calls
        for kwargs in calls:
            results.append(func(wh, snapshot_id, **kwargs))
    return results


def _public_elsewhere(public: Warehouse, snapshot_id: str) -> set[str]:
    """Names the other snapshots publish (Sejong applied in October 2016 and is a member by 2025): What changed
    between this snapshot and another may show those, as the other snapshot does."""
    names = set()
    for other in public.snapshots():
        if other.snapshot_id != snapshot_id:
            members = queries.members(public, other.snapshot_id)
            names |= {v for col in ("member_id", "name_en", "name_ko") for v in members[col].dropna()}
    return names


@pytest.mark.parametrize("snapshot_id", ["2016-04-26", "2016-10-11-excom"])
def test_no_public_query_or_comparison_returns_committee_text(readers, snapshot_id):
    committee, public = readers
    secrets = secrets_of(committee, snapshot_id)
    assert secrets, "the sample has committee-only text to look for"
    read = {
        audience: "\n".join(everything(r) for r in _call_everything(wh, snapshot_id))
        for audience, wh in (("committee", committee), ("public", public))
    }
    assert any(s in read["committee"] for s in secrets)  # the same calls reach it as the committee
    leaked = sorted(s for s in secrets if s in read["public"])
    assert not leaked, f"public queries returned committee-only text: {leaked}"
    # What changed, against every other snapshot, both ways.
    others = [s.snapshot_id for s in public.snapshots() if s.snapshot_id != snapshot_id]
    compared = {
        audience: "\n".join(
            everything(diff.diff(wh, a, b)) for other in others for a, b in ((other, snapshot_id), (snapshot_id, other))
        )
        for audience, wh in (("committee", committee), ("public", public))
    }
    hidden = secrets - _public_elsewhere(public, snapshot_id)
    if not queries.members(committee, snapshot_id, status="applicant").empty:
        assert any(s in compared["committee"] for s in hidden)  # the committee's diff lists the applicants
    leaked = sorted(s for s in hidden if s in compared["public"])
    assert not leaked, f"What changed showed a public session committee-only text: {leaked}"


# ---- pages (AppTest) -----------------------------------------------------------------------------------------


@pytest.fixture
def fresh_caches(data_dir):
    st.cache_data.clear()
    st.cache_resource.clear()
    yield


def received(at: AppTest) -> bytes:
    """Every element the session was sent, as the bytes of its message (tables are Arrow inside them)."""
    out = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "SerializeToString"):
            out.append(proto.SerializeToString())
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return b"\n".join(out)


def open_as(page: str | None, audience: str, **params) -> AppTest:
    return run_app(page, audience, **params)


def _shown(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.warning, *at.text, *at.subheader)]
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("page", PAGES)
def test_a_public_session_receives_no_committee_data_on_any_page(readers, fresh_caches, page, lang):
    committee, _ = readers
    secrets = secrets_of(committee, "2016-10-11-excom")
    for params in ({}, {"status": "applicant"}, {"q": "Sej"}):  # (the search box shows what was typed)
        at = open_as(page, "public", snapshot="2016-10-11-excom", lang=lang, **params)
        sent = received(at)
        leaked = sorted(s for s in secrets if s.encode("utf-8") in sent)
        assert not leaked, f"{page} {params} sent committee-only text to a public session: {leaked}"
        assert not [b for b in at.button if b.key == "brief_make"], "the briefing pack is the committee's"


def test_the_committee_receives_what_the_public_does_not(readers, fresh_caches):
    committee, _ = readers
    at = open_as("pages/members.py", "committee", snapshot="2016-10-11-excom", status="applicant")
    assert sorted(at.dataframe[-1].value["Name"]) == ["Muğla", "Sejong", "Yakutsk"]
    assert [b for b in at.button if b.key == "brief_make"]
    at = open_as("pages/budget.py", "committee", snapshot="2016-04-26")
    assert any(s.encode("utf-8") in received(at) for s in secrets_of(committee, "2016-04-26"))


@pytest.mark.parametrize(
    "lang,note",
    [
        ("en", "The list of applicants for admission is for the committee: sign in to see it."),
        ("ko", "가입 신청 회원 명단: 위원회 전용 자료입니다."),
    ],
)
def test_a_public_session_is_told_what_is_left_out(fresh_caches, lang, note):
    at = open_as("pages/members.py", "public", snapshot="2016-10-11-excom", status="applicant", lang=lang)
    assert note in _shown(at)
    at = open_as("pages/budget.py", "public", snapshot="2016-04-26", lang=lang)
    spending = "Itemized spending" if lang == "en" else "세부 집행 내역"
    assert spending in _shown(at)
    # The published totals stay public: the settlement's figures and its lines.
    values = {m.label: m.value for m in at.metric}
    assert "636,311" in values.values()


def test_without_a_provider_the_public_view_says_how_to_enable_sign_in(fresh_caches):
    at = open_as(None, "public")
    assert "Committee data needs sign-in" in " ".join(c.value for c in at.sidebar.caption)
    assert not [b for b in at.sidebar.button if b.key == "signin"]


def test_with_a_provider_the_public_view_offers_sign_in(fresh_caches):
    at = AppTest.from_file(APP, default_timeout=60)
    sign_in(at)
    at.user = {"is_logged_in": False}
    at.run()
    assert [b for b in at.sidebar.button if b.key == "signin"]
    assert "Committee members sign in" in " ".join(c.value for c in at.sidebar.caption)


def test_a_signed_in_account_without_a_committee_role_reads_as_the_public(readers, fresh_caches):
    committee, _ = readers
    at = open_as("pages/members.py", "no-role", snapshot="2016-10-11-excom", status="applicant")
    assert "Your account has no committee role" in " ".join(c.value for c in at.sidebar.caption)
    assert not any(s.encode("utf-8") in received(at) for s in secrets_of(committee, "2016-10-11-excom"))
