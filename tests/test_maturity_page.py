"""The Digital maturity page (issue #11): what a reader sees, checked against figures computed here straight from the
snapshot's parquet files (not through the queries), in English and Korean; public against committee with CeDS
results; desktop and phone widths in a browser."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import PROJECT, run_app

from wego_view import fmt, i18n

CHARTS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"], [data-testid="stDeckGlJsonChart"]')]
    .map(c => [c.dataset.testid, c.getAttribute('role'), (c.getAttribute('aria-label') || '').trim()])"""
BANDS_KO = {"Low": "낮음", "Middle": "중간", "High": "높음", "Very high": "매우 높음"}

NEWEST = "2025-11-01"
OLDEST = "2016-04-26"
LOCAL = ("city", "region", "district")


def _parquet(base, snapshot: str, table: str) -> pd.DataFrame:
    return pd.read_parquet(base / "snapshots" / snapshot / f"{table}.parquet")


def _expected(base, snapshot: str, framework: str) -> dict:
    """The page's figures for a framework's newest edition, from the parquet files with pandas: members scored, with
    no data (by name), the members' average (a country framework counts each member's country), per band."""
    members = _parquet(base, snapshot, "members")
    members = members[(members["status"] == "active") & members["kind"].isin(LOCAL)]
    fw = _parquet(base, snapshot, "frameworks").set_index("framework_id").loc[framework]
    scores = _parquet(base, snapshot, "assessments")
    scores = scores[(scores["framework_id"] == framework) & scores["dimension_id"].isna()]
    edition = int(scores["edition"].max())
    scores = scores[scores["edition"] == edition].set_index("subject")["score"]
    scores = pd.Series(scores.to_numpy(dtype=float, na_value=float("nan")), index=scores.index)
    subject = members["member_id"] if fw["level"] == "city" else members["country_iso3"]
    values = pd.Series(subject.map(scores).to_numpy(dtype=float), index=members["member_id"].to_numpy())
    bands = _parquet(base, snapshot, "framework_bands")
    bands = bands[bands["framework_id"] == framework].sort_values("seq")
    lowers = list(bands["lower"]) + [float("inf")]
    per_band = {}
    for (_, band), upper in zip(bands.iterrows(), lowers[1:]):  # EGDI: lower bound inclusive
        per_band[band["name_en"]] = int(((values >= band["lower"]) & (values < upper)).sum())
    return {
        "edition": edition,
        "scored": int(values.notna().sum()),
        "no_data": sorted(members.set_index("member_id").loc[values[values.isna()].index, "name_en"]),
        "average": float(values.mean()),
        "bands": per_band,
        "top": list(bands["name_en"])[-1] if len(bands) else None,
    }


def _text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in (*at.info, *at.warning)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(str(p) for p in parts)


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_figures_are_the_snapshots(data_dir, lang):
    t = i18n.translator(lang)
    want = _expected(data_dir, NEWEST, "egdi")
    at = run_app("pages/maturity.py", audience="public", lang=lang)
    shown = _metrics(at)
    assert shown[t("maturity.kpi.scored")] == fmt.integer(want["scored"], lang)
    assert shown[t("maturity.kpi.no_data")] == fmt.integer(len(want["no_data"]), lang)
    assert shown[t("maturity.kpi.average")] == f"{want['average']:.4f}"
    top = {"en": want["top"], "ko": "매우 높음"}[lang]
    assert shown[t("maturity.kpi.top_band", band=top)] == fmt.integer(want["bands"][want["top"]], lang)
    text = _text(at)
    # the member with no data named (Hong Kong has no UN score of its own), and the UN's caveat
    hong_kong = {"en": "Hong Kong", "ko": "홍콩"}[lang]
    assert want["no_data"] == ["Hong Kong"]
    assert hong_kong in text.split(t("maturity.kpi.no_data"))[0] or hong_kong in text
    assert t("maturity.no_data_named", count="1", names=f"{t('region.Asia')}: {hong_kong}") in text
    caveat = {"en": "not strictly comparable", "ko": "그대로 비교할 수 없으니"}[lang]
    assert caveat in text
    assert "UN DESA, United Nations E-Government Survey" in text
    # The band counts per region, in the table beside the chart, equal the parquet's per band.
    table = next(d.value for d in at.dataframe if t("col.region") in d.value.columns)
    for band, count in want["bands"].items():
        label = BANDS_KO[band] if lang == "ko" else band
        assert int(table[label].sum()) == count, band
    # CeDS: a public reader is told the results are the committee's
    assert t("committee.only", what=t("maturity.results_of", name="CeDS")) in text


def test_africa_2024_and_seoul_over_the_years(data_dir):
    at = run_app("pages/maturity.py", audience="public")
    table = next(d.value for d in at.dataframe if "Region" in d.value.columns)
    africa = table[table["Region"] == "Africa"].iloc[0]
    assert (africa["Middle"], africa["High"], africa["Low"], africa["Very high"]) == (10, 3, 0, 0)
    members = _parquet(data_dir, NEWEST, "members")
    local = members[(members["status"] == "active") & members["kind"].isin(LOCAL)]
    assert dict(zip(table["Region"], table["Members"])) == local["region"].value_counts().to_dict()
    # Seoul is the secretariat's host: the one city shown by default, its country's rank 1 in 2010, 2012, 2014
    seoul = next(d.value for d in at.dataframe if list(d.value.columns)[:2] == ["Edition", "Score"])
    by_edition = seoul.set_index("Edition")
    assert [by_edition.loc[y, "Rank"] for y in ("2010", "2012", "2014")] == [1, 1, 1]
    assert by_edition.loc["2024", "Score"] == "0.9679" and by_edition.loc["2024", "Rank"] == 4
    assert "Seoul over the editions" in _text(at)
    # the one city's report, under its part of the page (wego_ui.report)
    assert [b.label for b in at.button] == [i18n.translator("en")("report.pdf_button")]


def test_the_committee_is_told_no_ceds_is_loaded_and_how_to_load_it(data_dir):
    at = run_app("pages/maturity.py", audience="committee")
    text = _text(at)
    assert "No CeDS results are loaded in this snapshot" in text
    assert "docs/ceds-template.md" in text
    assert "sign in" not in text.split("Members scored")[0]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_an_old_snapshot_and_a_framework_without_bands(data_dir, lang):
    t = i18n.translator(lang)
    at = run_app("pages/maturity.py", audience="public", lang=lang, snapshot=OLDEST, fw="epart")
    text = _text(at)
    assert t("maturity.overall_only", name="EPI") in text
    assert t("maturity.no_bands") in text
    want = _expected(data_dir, OLDEST, "epart")
    assert _metrics(at)[t("maturity.kpi.scored")] == fmt.integer(want["scored"], lang)


def test_a_bad_link_falls_back_with_a_notice(data_dir):
    at = run_app("pages/maturity.py", audience="public", cities="seoul,nowhere", edition="1999")
    notices = [w.value for w in at.warning if w.value.startswith("Ignored a link setting")]
    assert any(n.endswith("edition. Showing the default instead.") for n in notices), notices
    assert any(n.endswith("cities. Showing the default instead.") for n in notices), notices
    assert "2024 edition" in _text(at)


def test_up_to_five_cities_side_by_side(data_dir):
    at = run_app("pages/maturity.py", audience="public", cities="seoul,addis-ababa,nairobi")
    chosen = next(m for m in at.multiselect)
    assert [chosen.format_func(v) for v in chosen.value] == ["Seoul", "Addis Ababa", "Nairobi"]
    assert "Cities side by side, 2024" in _text(at)


def test_public_and_committee_with_ceds_results(ceds_data_dir, monkeypatch):
    monkeypatch.setenv("WEGO_DATA_DIR", str(ceds_data_dir))
    import streamlit as st

    # the warehouse and the snapshot list are cached per process: read the CeDS folder afresh
    st.cache_data.clear()
    st.cache_resource.clear()
    want = _expected(ceds_data_dir, NEWEST, "ceds")
    try:
        committee = run_app("pages/maturity.py", audience="committee", fw="ceds")
        public = run_app("pages/maturity.py", audience="public", fw="ceds")
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()
    shown = _metrics(committee)
    assert shown["Members scored"] == fmt.integer(want["scored"], "en")
    assert "City e-Government Diagnostic and Solution Framework (CeDS)" in _text(committee)
    # the public sees the EGDI instead, and is told CeDS is the committee's
    text = _text(public)
    assert "UN E-Government Development Index (EGDI)" in text
    assert "Each city's CeDS diagnosis is for the committee: sign in to see it." in text
    assert "City e-Government Diagnostic and Solution Framework (CeDS), " not in text


# ---- in a browser ---------------------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("size", ["desktop"])  # phone and tablet widths: tests/test_phone.py, every page
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_page_in_a_browser(browser, sample_server, size, lang):
    from screens import Visit, full_screenshot

    visit = Visit(browser, sample_server, size)
    t = i18n.translator(lang)
    try:
        page = visit.open(f"maturity?lang={lang}", t("nav.maturity"))
        page.wait_for_function(
            "n => document.querySelectorAll('[data-testid=stPlotlyChart], [data-testid=stDeckGlJsonChart]')"
            ".length >= n",
            arg=5,
            timeout=60_000,
        )
        visit.wait_idle()
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{overflow} px sideways"
        main = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollWidth")
        assert main <= page.viewport_size["width"], f"the page is {main} px wide"
        body = page.inner_text("body")
        assert t("maturity.kpi.scored") in body
        if lang == "ko":
            assert "홍콩" in body and "서울의 회차별 변화" in body and "매우 높음" in body
        charts = page.evaluate(CHARTS)
        names = [name for _, _, name in charts]
        assert all(role == "figure" and name for _, role, name in charts), charts
        assert t("maturity.map_alt", name="EGDI", edition="2024", count="60") in names, names
        assert t("maturity.bands_alt", name="EGDI", edition="2024") in names, names
        assert t("maturity.history_alt", name="EGDI", city={"en": "Seoul", "ko": "서울"}[lang]) in names, names
        # every chart inside the page's width
        widths = page.evaluate(
            "() => [...document.querySelectorAll('.js-plotly-plot, [data-testid=stDeckGlJsonChart]')]"
            ".map(e => e.getBoundingClientRect().right)"
        )
        assert max(widths) <= page.viewport_size["width"], widths
        out = PROJECT / "artifacts" / "screenshots" / f"maturity-{size}-{lang}.png"
        full_screenshot(page, out)
        assert out.stat().st_size > 10_000
    finally:
        visit.close()
