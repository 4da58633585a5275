"""Every number of facts.md, read back from the built 2016-04-26 snapshot with DuckDB alone (issue #2, done-when 2)."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from conftest import REPORT_ID


@pytest.fixture(scope="module")
def sql(data_dir):
    folder = data_dir / "snapshots" / REPORT_ID

    def run(query: str, **params):
        con = duckdb.connect()
        for table in (
            "members",
            "offices",
            "programs",
            "events",
            "milestones",
            "budget_lines",
            "spending",
            "reported_figures",
        ):
            con.read_parquet(str(folder / f"{table}.parquet")).create_view(table)
        return con.execute(query, params).fetchall()

    return run


def test_2015_settlement_totals(sql):
    assert sql(
        "select sum(executed_krw), sum(granted_krw), sum(budget_krw), sum(unspent_krw) from budget_lines "
        "where fiscal_year = 2015 and parent_line_id is null"
    ) == [(636_311_400, 637_458_000, 644_658_000, 1_146_550)]


@pytest.mark.parametrize(
    "line_id,budget,granted,executed,unspent",
    [
        ("personnel", 269_520_000, 262_320_000, 261_500_000, 820_000),
        ("travel", 10_000_000, 10_000_000, 9_999_900, 50),
        ("business-promotion", 6_000_000, 6_000_000, 5_999_500, 500),
        ("office-operations", 359_138_000, 359_138_000, 358_812_000, 326_000),
        ("rent-general", 126_938_000, 126_938_000, 126_615_000, 323_000),
        ("program-expenses", 232_200_000, 232_200_000, 232_197_000, 3_000),
    ],
)
def test_each_2015_budget_line(sql, line_id, budget, granted, executed, unspent):
    assert sql(
        "select budget_krw, granted_krw, executed_krw, unspent_krw from budget_lines "
        "where fiscal_year = 2015 and line_id = $l",
        l=line_id,
    ) == [(budget, granted, executed, unspent)]


def test_2015_execution_rate_is_99_8_percent(sql):
    [(rate,)] = sql(
        "select round(100 * sum(executed_krw) / sum(granted_krw), 1) from budget_lines "
        "where fiscal_year = 2015 and parent_line_id is null"
    )
    assert rate == 99.8


def test_2016_programs(sql):
    assert sql("select count(*) from programs where fiscal_year = 2016") == [(8,)]
    assert sql("select sum(budget_krw) from programs where fiscal_year = 2016 and funded_by = 'wego'") == [
        (185_500_000,)
    ]
    assert sql("select sum(budget_krw) from programs where fiscal_year = 2016") == [(199_500_000,)]
    budgets = dict(sql("select program_id, budget_krw from programs"))
    assert budgets == {
        "2016-1-1": 10_000_000,
        "2016-1-2": 4_000_000,
        "2016-2-1": 80_000_000,
        "2016-2-2": 6_000_000,
        "2016-3-1": 14_000_000,
        "2016-3-2": 39_000_000,
        "2016-4-1": 14_500_000,
        "2016-4-2": 32_000_000,
    }


def test_27_phases_in_the_reports_order(sql):
    counts = dict(sql("select program_id, count(*) from milestones group by all"))
    assert counts == {
        "2016-1-1": 3,
        "2016-1-2": 3,
        "2016-2-1": 4,
        "2016-2-2": 3,
        "2016-3-2": 4,
        "2016-4-1": 4,
        "2016-4-2": 6,
    }
    assert sql("select starts_on, ends_on from milestones where program_id = '2016-4-2' and seq = 6") == [
        (dt.date(2016, 10, 12), dt.date(2016, 10, 14))
    ]
    assert sql("select starts_on, ends_on from milestones where program_id = '2016-4-1' and seq = 3") == [
        (dt.date(2016, 12, 1), dt.date(2017, 8, 31))
    ]


def test_the_8_activities_of_2015(sql):
    rows = sql("select amount_krw, line_id from spending where fiscal_year = 2015 order by amount_krw nulls last")
    assert len(rows) == 8
    assert sorted(a for a, line in rows if line == "program-expenses") == [
        10_747_000,
        19_253_000,
        32_000_000,
        40_000_000,
        130_200_000,
    ]
    assert sql("select sum(amount_krw) from spending where line_id = 'program-expenses'") == [(232_200_000,)]
    assert sorted(a for a, line in rows if line == "rent-general") == [11_957_000, 20_000_000]
    assert [a for a, line in rows if line is None] == [None]  # the HRD Center paid for the training


@pytest.mark.parametrize(
    "kind,month,city,cities,organizations,people",
    [
        ("general_assembly", "2010-09", "Seoul", 50, None, None),
        ("general_assembly", "2012-11", "Barcelona", 52, None, None),
        ("general_assembly", "2014-11", "Chengdu", 66, None, None),
        ("excom", "2015-09", "Ulyanovsk", 16, 2, 46),
    ],
)
def test_history_events(sql, kind, month, city, cities, organizations, people):
    # The report gives the month; where a public source gives the days, the event carries them.
    rows = sql(
        "select cities, organizations, people from events where kind = $k and city = $c "
        "and strftime(starts_on, '%Y-%m') = $m",
        k=kind,
        c=city,
        m=month,
    )
    assert len(rows) == 1
    got_cities, got_orgs, got_people = rows[0]
    assert got_cities == cities
    assert organizations is None or got_orgs == organizations
    assert people is None or got_people == people


def test_2015_excom_dates_follow_the_report(sql):
    assert sql("select starts_on, ends_on from events where kind = 'excom' and year(starts_on) = 2015") == [
        (dt.date(2015, 9, 14), dt.date(2015, 9, 18))
    ]


@pytest.mark.parametrize(
    "starts,ends,city,people",
    [
        (dt.date(2015, 5, 17), dt.date(2015, 5, 20), "Seoul", 15),
        (dt.date(2015, 5, 21), dt.date(2015, 5, 22), "Jeju", 100),
        (dt.date(2015, 11, 17), dt.date(2015, 11, 19), "Barcelona", 23),
        (dt.date(2016, 7, 5), dt.date(2016, 7, 7), "Phuket", None),
        (dt.date(2016, 5, 23), dt.date(2016, 5, 27), "Jeju", 35),
        (dt.date(2016, 6, 9), dt.date(2016, 6, 9), "Seoul", 100),
        (dt.date(2016, 10, 12), dt.date(2016, 10, 14), "Beyoğlu", 50),
    ],
)
def test_report_events(sql, starts, ends, city, people):
    rows = sql(
        "select people from events where starts_on = $s and ends_on = $e and city = $c and people "
        "is not distinct from $p",
        s=starts,
        e=ends,
        c=city,
        p=people,
    )
    assert len(rows) >= 1


def test_reported_figures(sql):
    figures = dict(sql("select figure, value from reported_figures where as_of = date '2016-04-26'"))
    assert figures["members_total"] == 100
    assert figures["staff_total"] == 8
    assert figures["excom_cities"] == 14
    assert figures["budget_total_krw"] == 837_987_000
    assert figures["budget_wego_krw"] == 780_987_000
    assert figures["settlement_2015_executed_krw"] == 636_311_000
    assert figures["settlement_2015_interest_krw"] == 113_000


def test_the_offices_of_2016(sql):
    rows = sql("select kind, city, covers from offices order by kind desc, city")
    assert rows == [
        ("secretariat", "Seoul", None),
        ("regional", "Chengdu", "Asia"),
        ("regional", "Ulyanovsk", "Europe"),
    ]
