"""The Streamlit-free parts of wego_view: catalog, formatting, palette, exports, figure and map builders (issue #3)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import string
import tomllib

import pandas as pd
import pytest
from conftest import PROJECT
from hypothesis import given
from hypothesis import strategies as st

from wego_data import queries
from wego_view import blocks, export, figures, fmt, i18n, maps, theme


def test_every_string_has_english_and_korean():
    for key, entry in i18n.CATALOG.items():
        assert set(entry) == {"en", "ko"}, key
        assert entry["en"].strip() and entry["ko"].strip(), key
        fields = [{f for _, f, _, _ in string.Formatter().parse(entry[lang]) if f} for lang in ("en", "ko")]
        assert fields[0] == fields[1], key


def test_every_enumeration_value_is_translated():
    from wego_data.schema import TABLES

    prefixes = {
        ("members", "region"): "region",
        ("members", "member_type"): "member_type",
        ("members", "status"): "status",
        ("members", "excom_role"): "excom_role",
        ("members", "kind"): "kind",
        ("events", "kind"): "event_kind",
        ("events", "status"): "event_status",
    }
    for (table, column), prefix in prefixes.items():
        for value in TABLES[table].column(column).allowed:
            assert f"{prefix}.{value}" in i18n.CATALOG, (table, column, value)


@pytest.mark.parametrize("lang,expected", [("en", "South Korea"), ("ko", "대한민국")])
def test_country_names_come_from_babel(lang, expected):
    assert i18n.country("KOR", lang) == expected


@pytest.mark.parametrize(
    "krw,unit,detail,expected",
    [
        (636_311_400, "thousand", False, "636,311"),
        (636_311_400, "million", False, "636.3"),
        (9_999_900, "thousand", True, "9,999.9"),
        (50, "thousand", True, "0.05"),
        (None, "thousand", False, "–"),
    ],
)
def test_money(krw, unit, detail, expected):
    assert fmt.money(krw, unit, "en", detail=detail) == expected


@pytest.mark.parametrize(
    "lang,day,month", [("en", "26 Apr 2016", "Sept 2010"), ("ko", "2016년 4월 26일", "2010년 9월")]
)
def test_dates(lang, day, month):
    assert fmt.date(dt.date(2016, 4, 26), lang) == day
    assert fmt.date(dt.date(2010, 9, 1), lang, "month") == month


@given(st.integers(min_value=0, max_value=10**13))
def test_money_in_thousands_reads_back_exactly(krw):
    text = fmt.money(krw, "thousand", "en", detail=True)
    assert round(float(text.replace(",", "")) * 1000) == round(krw / 10) * 10


@pytest.mark.parametrize(
    "value,scale,signed,expected",
    [
        (0.96789, (0, 1), False, "0.9679"),  # the EGDI as the UN's survey tables print it
        (0.0, (0, 1), False, "0.0000"),  # a score of zero is a score
        (None, (0, 1), False, "–"),  # no data is not zero
        (float("nan"), (0, 1), False, "–"),
        (-0.015, (0, 1), True, "-0.0150"),
        (0.2042, (0, 1), True, "+0.2042"),
        (71.26, (0, 100), False, "71.3"),
        (4.5, (1, 5), True, "+4.50"),
        (1234.5, (None, None), False, "1,234.5000"),  # a framework without a published scale: a 0-1 index's decimals
    ],
)
def test_scores_take_their_scales_decimals(value, scale, signed, expected):
    assert fmt.score(value, "en", scale, signed=signed) == expected


def test_config_repeats_the_palette():
    config = tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["theme"]["primaryColor"] == theme.PRIMARY
    assert config["theme"]["textColor"] == theme.TEXT
    assert config["theme"]["backgroundColor"] == theme.BACKGROUND
    assert config["client"] == {"toolbarMode": "viewer", "showErrorDetails": "none"}
    assert config["browser"]["gatherUsageStats"] is False
    assert config["runner"]["magicEnabled"] is False


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\tx"])
def test_csv_cells_that_look_like_formulas_are_neutralized(cell):
    data = pd.DataFrame({"name": [cell, "Seoul"], "value": [1, 2]})
    columns = (blocks.Column("name", "Name"), blocks.Column("value", "Value", "integer"))
    table = blocks.Table("t", "t", columns, data, data.astype(str))
    rows = list(csv.reader(io.StringIO(export.table_csv(table, "thousand", []).decode("utf-8-sig"))))
    assert rows[1][0] == "'" + cell
    assert rows[2] == ["Seoul", "2"]


def test_maps_never_ask_for_a_basemap(warehouse):
    members = queries.members(warehouse, "2016-04-26")
    deck = json.loads(maps.members_map(members, "en", i18n.translator("en")).to_json())
    # pydeck's "no basemap" marker: Streamlit then draws no tile map (map_style=None would fetch CARTO tiles).
    assert deck["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in deck
    assert [layer["@@type"] for layer in deck["layers"]] == ["GeoJsonLayer", "ScatterplotLayer"]
    assert len(deck["layers"][1]["data"]) == len(members)


def test_the_basemap_is_a_versioned_static_file_not_part_of_each_map(warehouse):
    import hashlib

    from wego_data import reference

    members = queries.members(warehouse, "2016-04-26")
    deck = json.loads(maps.members_map(members, "en", i18n.translator("en")).to_json())
    url = deck["layers"][0]["data"]
    path, _, version = url.partition("?v=")
    # Streamlit serves <app folder>/static/<file> at app/static/<file>; relative, so a proxy's prefix keeps working.
    assert path == "app/static/countries_110m.geojson"
    served = reference.STATIC_DIR.parent / path.removeprefix("app/")
    assert version == hashlib.sha256(served.read_bytes()).hexdigest()[:12]
    assert json.loads(served.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    # The map's own message is now the points, not 400 KB of outlines sent again on every run.
    assert len(json.dumps(deck)) < 40_000


def test_member_tooltips_say_name_country_type_role_and_since(warehouse):
    members = queries.members(warehouse, "2016-04-26", search="Seoul")
    [point] = maps.member_points(members, "ko", i18n.translator("ko"))
    assert point["tooltip"].splitlines() == [
        "서울",
        "대한민국 · 아시아",
        "유형: 정회원 · 상태: 활동",
        "집행위원회: 의장",
        "가입: 2010년(최초 확인)",
    ]
    assert point["radius"] > 6  # EXCOM roles are drawn larger


def test_gantt_builder_one_bar_per_phase_and_a_line_at_as_of(warehouse):
    phases = queries.program_timeline(warehouse, "2016-04-26", fiscal_year=2016)
    events = queries.events(warehouse, "2016-04-26")
    fig = figures.program_gantt(
        phases, events[events["program_id"].notna()], dt.date(2016, 4, 26), 2016, "en", i18n.translator("en")
    )
    bars = [trace for trace in fig.data if trace.type == "bar"]
    assert sum(len(trace.y) for trace in bars) == 27
    assert fig.layout.shapes[0].x0 == pd.Timestamp("2016-04-26")
    assert fig.layout.title.text == "2016 program timeline: 27 phases"


def test_figure_labels_show_data_as_text_not_markup(warehouse):
    lines = queries.budget_lines(warehouse, "2016-04-26", fiscal_year=2015).copy()
    lines.loc[0, "name_en"] = '<a href="http://evil.example">Personnel</a>'
    fig = figures.budget_vs_executed(lines, 2015, "thousand", "en", i18n.translator("en"))
    assert fig.data[0].y[0] == '&lt;a href="http://evil.example"&gt;Personnel&lt;/a&gt;'
