"""The Gantt timeline and the attendance chart as pure builders: small hand-made frames in, figure properties out."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from wego_view import figures, i18n, theme

EN, KO = i18n.translator("en"), i18n.translator("ko")
LONG_PHASE = "Venue, lodging, invitation list and invitation letters prepared for every delegation"
YEAR_START, YEAR_END = pd.Timestamp("2016-01-01"), pd.Timestamp("2017-01-01")  # Dec 31 drawn whole


def phase(program_id, seq, name_en, name_ko, starts, ends, area, program_en, program_ko) -> dict:
    """One row as wego_data/sql/program_timeline.sql returns it."""
    return {
        "program_id": program_id,
        "seq": seq,
        "name_en": name_en,
        "name_ko": name_ko,
        "starts_on": pd.Timestamp(starts),
        "ends_on": pd.Timestamp(ends),
        "area": area,
        "area_name_en": f"Area {area}",
        "area_name_ko": f"중점과제 {area}",
        "program_name_en": program_en,
        "program_name_ko": program_ko,
    }


@pytest.fixture
def phases() -> pd.DataFrame:
    forum = ("Smart-city regional forum co-hosted with ITU", "국제전기통신연합(ITU)과 스마트시티 지역포럼 공동 개최")
    excom = ("2016 WeGO Executive Committee (EXCOM)", "2016 WeGO 집행위원회 개최")
    return pd.DataFrame(
        [
            phase("2016-1-1", 1, "Plan sessions with ITU", "ITU와 세션 기획", "2016-02-01", "2016-03-31", 1, *forum),
            phase("2016-1-1", 2, "Invite member cities", "회원도시 초대", "2016-06-01", "2016-06-30", 1, *forum),
            phase("2016-1-1", 3, "Forum (Phuket)", "스마트시티 지역포럼", "2016-09-05", "2016-09-07", 1, *forum),
            phase("2016-4-2", 1, "Session themes", "세션 주제 협의", "2016-03-01", "2016-06-15", 4, *excom),
            phase(
                "2016-4-2",
                2,
                LONG_PHASE,
                "회의장 숙소 확정, 초청대상 목록 및 초청장",
                "2016-06-15",
                "2016-07-31",
                4,
                *excom,
            ),
            phase("2016-4-2", 3, "Mid-term strategy", "중기전략 수립", "2016-12-01", "2017-08-31", 4, *excom),
        ]
    )


@pytest.fixture
def events() -> pd.DataFrame:
    """Events as wego_data/sql/events.sql returns them (the columns the Gantt reads)."""
    return pd.DataFrame(
        [
            {
                "event_id": "2016-itu-forum-phuket",
                "kind": "forum",
                "name_en": "Smart-city regional forum with ITU",
                "name_ko": None,
                "starts_on": pd.Timestamp("2016-09-05"),
                "ends_on": pd.Timestamp("2016-09-07"),
                "date_precision": "day",
                "city": "Phuket",
                "program_id": "2016-1-1",
                "status": "planned",
                "area": 1,
                "city_ko": None,
            }
        ]
    )


def gantt(phases, events, as_of, lang="en", **kwargs):
    return figures.program_gantt(phases, events, as_of, 2016, lang, EN if lang == "en" else KO, **kwargs)


def bars(fig):
    return [trace for trace in fig.data if trace.type == "bar"]


def bar_points(fig) -> dict[str, tuple]:
    """Each phase's customdata (program, phase, dates, status text, status code) by the phase's name."""
    return {point[1]: tuple(point) for trace in bars(fig) for point in trace.customdata}


def as_of_lines(fig):
    return [shape for shape in fig.layout.shapes if shape.type == "line" and shape.line.dash == "dash"]


def test_the_x_axis_shows_the_program_year_even_on_a_much_later_snapshot(phases, events):
    for as_of in (dt.date(2016, 4, 26), dt.date(2025, 11, 1)):
        fig = gantt(phases, events, as_of)
        assert [pd.Timestamp(x) for x in fig.layout.xaxis.range] == [YEAR_START, YEAR_END]
        assert fig.layout.xaxis.type == "date"


def test_a_window_replaces_the_program_year_and_clips_rather_than_drops(phases, events):
    fig = gantt(phases, events, dt.date(2016, 4, 26), window=(dt.date(2016, 3, 1), dt.date(2016, 6, 30)))
    assert [pd.Timestamp(x) for x in fig.layout.xaxis.range] == [pd.Timestamp("2016-03-01"), pd.Timestamp("2016-07-01")]
    assert sum(len(trace.y) for trace in bars(fig)) == len(phases)  # September's forum is still a bar, off-screen


def test_the_as_of_line_only_inside_the_window(phases, events):
    late = gantt(phases, events, dt.date(2025, 11, 1))
    assert as_of_lines(late) == []
    assert not [a for a in late.layout.annotations if "Data as of" in a.text]

    inside = gantt(phases, events, dt.date(2016, 4, 26))
    [line] = as_of_lines(inside)
    assert line.x0 == line.x1 == pd.Timestamp("2016-04-26")
    assert [a.text for a in inside.layout.annotations if "Data as of" in a.text] == ["Data as of 26 Apr 2016"]

    before = gantt(phases, events, dt.date(2016, 4, 26), window=(dt.date(2016, 6, 1), dt.date(2016, 12, 31)))
    assert as_of_lines(before) == []
    last_day = gantt(phases, events, dt.date(2016, 12, 31))
    assert len(as_of_lines(last_day)) == 1


def test_each_phase_has_its_status_on_as_of_in_the_hover(phases, events):
    fig = gantt(phases, events, dt.date(2016, 6, 15))
    points = bar_points(fig)
    assert {name: point[4] for name, point in points.items()} == {
        "Plan sessions with ITU": "done",
        "Invite member cities": "in_progress",
        "Forum (Phuket)": "planned",
        "Session themes": "in_progress",  # ends on as_of
        LONG_PHASE: "in_progress",  # starts on as_of
        "Mid-term strategy": "planned",
    }
    assert points["Plan sessions with ITU"][3] == "Status on 15 Jun 2016: Done"
    assert points["Forum (Phuket)"][3] == "Status on 15 Jun 2016: Planned"
    for trace in bars(fig):
        assert "%{customdata[3]}" in trace.hovertemplate
    korean = bar_points(gantt(phases, events, dt.date(2016, 6, 15), lang="ko"))
    assert korean["회원도시 초대"][3].endswith("진행 중")
    assert korean["ITU와 세션 기획"][3].endswith("완료")
    assert korean["스마트시티 지역포럼"][3].endswith("예정")


def test_status_is_drawn_and_keyed_while_the_colour_stays_the_area(phases, events):
    fig = gantt(phases, events, dt.date(2016, 6, 15))
    for trace in bars(fig):
        status = [point[4] for point in trace.customdata]
        assert trace.marker.color == theme.AREA_COLORS[1 if trace.name.startswith("1 ") else 4]
        assert [shape == "/" for shape in trace.marker.pattern.shape] == [s == "planned" for s in status]
        widths = trace.marker.line.width
        assert [w > 2 for w in widths] == [s == "in_progress" for s in status]
    key = [trace.name for trace in fig.data if trace.legendgroup == "status"]
    assert key == ["Done", "In progress", "Planned"]
    # Years later every phase is done: the key shows only that.
    late = gantt(phases, events, dt.date(2025, 11, 1))
    assert {point[4] for point in bar_points(late).values()} == {"done"}
    assert [trace.name for trace in late.data if trace.legendgroup == "status"] == ["Done"]


def test_one_bar_per_phase_named_by_area(phases, events):
    fig = gantt(phases, events, dt.date(2016, 4, 26))
    assert sum(len(trace.y) for trace in bars(fig)) == len(phases)
    assert {trace.name for trace in bars(fig)} == {EN("area.1"), EN("area.4")}
    assert fig.layout.title.text == "2016 program timeline: 6 phases"


def test_row_labels_are_names_not_ids(phases, events):
    fig = gantt(phases, events, dt.date(2016, 4, 26))
    axis = fig.layout.yaxis
    labels = list(axis.ticktext)
    assert list(axis.tickvals) == list(axis.categoryarray)
    assert len(labels) == len(phases) + 2  # a row per program, then its phases
    assert not [label for label in labels if re.search(r"\d{4}-\d+-\d+", label)]
    # the program's name (shortened to leave a phone room for the bars; the hover has it whole)
    assert labels[0] == "<b>Smart-city regional forum co…</b>"
    assert labels[1:4] == ["Plan sessions with ITU", "Invite member cities", "Forum (Phuket)"]
    assert labels[4] == "<b>2016 WeGO Executive Committee…</b>"
    shortened = labels[6]
    assert shortened.endswith("…") and LONG_PHASE.startswith(shortened[:-1])
    assert len(shortened) <= figures.GANTT_LABEL_COLUMNS
    assert LONG_PHASE in bar_points(fig)  # the full name in the hover
    # every bar sits on a labelled row
    rows = set(axis.tickvals)
    assert all(y in rows for trace in bars(fig) for y in trace.y)
    korean = gantt(phases, events, dt.date(2016, 4, 26), lang="ko").layout.yaxis.ticktext
    assert korean[0] == "<b>국제전기통신연합(ITU)과 스마…</b>"  # Hangul is twice as wide
    assert korean[1] == "ITU와 세션 기획"


def test_events_sit_on_their_phase_row(phases, events):
    fig = gantt(phases, events, dt.date(2016, 4, 26))
    [marks] = [trace for trace in fig.data if trace.name == "Events"]
    axis = fig.layout.yaxis
    label = dict(zip(axis.tickvals, axis.ticktext))
    assert [label[y] for y in marks.y] == ["Forum (Phuket)"]


def test_shorten_counts_hangul_as_two_columns():
    assert figures._shorten("short", 10) == "short"
    assert figures._shorten("abcdefghijkl", 10) == "abcdefghi…"
    assert figures._shorten("가나다라마바사", 10) == "가나다라…"


def meetings(count: int) -> pd.DataFrame:
    """`count` meetings as wego_data/sql/events.sql returns them with $held_meetings; several share year, kind
    and city, and some have no attendance figures."""
    rows = []
    for i in range(count):
        year = 2010 + i // 3  # three meetings a year
        kind = "general_assembly" if i % 3 == 0 else "excom"
        rows.append(
            {
                "event_id": f"meeting-{i}",
                "kind": kind,
                "name_en": f"WeGO meeting number {i} with a long theme ('Smart cities for all')",
                "name_ko": f"WeGO 회의 {i}" if i % 2 else None,
                "starts_on": pd.Timestamp(year, 3 + 3 * (i % 3), 10),
                "ends_on": pd.Timestamp(year, 3 + 3 * (i % 3), 12),
                "date_precision": "day",
                "city": "Seoul",
                "country_iso3": "KOR",
                "program_id": None,
                "people": None if i % 4 == 1 else 40 + 10 * i,
                "cities": None if i % 5 == 2 else 10 + 2 * i,
                "status": "held",
                "area": None,
                "city_ko": "서울",
            }
        )
    frame = pd.DataFrame(rows)
    frame["people"] = frame["people"].astype("Int64")
    frame["cities"] = frame["cities"].astype("Int64")
    return frame


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_attendance_labels_are_distinct_rows(lang):
    t = EN if lang == "en" else KO
    history = meetings(30)
    fig = figures.attendance_history(history, lang, t)
    labels = list(fig.layout.yaxis.categoryarray)
    assert len(labels) == 30 and len(set(labels)) == 30
    assert fig.layout.yaxis.type == "category"
    assert fig.layout.yaxis.tickmode in (None, "auto")  # Plotly thins labels rather than overlap them
    bar_traces = [trace for trace in fig.data if trace.type == "bar"]
    assert {trace.orientation for trace in bar_traces} == {"h"}  # labels on rows, not crowded along an axis
    assert all(y in labels for trace in fig.data for y in trace.y)
    assert sum(len(trace.y) for trace in bar_traces if trace.offsetgroup == "cities") == int(
        history["cities"].notna().sum()
    )
    assert sum(len(trace.y) for trace in bar_traces if trace.offsetgroup == "people") == int(
        history["people"].notna().sum()
    )
    # the full name in the hover, the short label on the axis
    names = {point[1] for trace in fig.data for point in trace.customdata}
    assert len(names) == 30
    full = "WeGO meeting number 7 with a long theme ('Smart cities for all')"
    assert (full if lang == "en" else "WeGO 회의 7") in names
    assert not [label for label in labels if "long theme" in label or "회의" in label]
    city = "Seoul" if lang == "en" else "서울"
    assert all(city in label and len(label) < 30 for label in labels)


def test_attendance_label_is_year_kind_and_city():
    labels = list(figures.attendance_history(meetings(2), "en", EN).layout.yaxis.categoryarray)
    assert labels == ["2010 GA · Seoul", "2010 EXCOM · Seoul"]
    korean = list(figures.attendance_history(meetings(2), "ko", KO).layout.yaxis.categoryarray)
    assert korean == ["2010년 총회 · 서울", "2010년 집행위 · 서울"]


def test_attendance_labels_stay_distinct_within_a_month():
    history = meetings(3)
    history["kind"] = "excom"
    history["starts_on"] = [pd.Timestamp("2016-10-11"), pd.Timestamp("2016-10-14"), pd.Timestamp("2017-06-01")]
    labels = list(figures.attendance_history(history, "en", EN).layout.yaxis.categoryarray)
    assert labels == ["Oct 2016 EXCOM · Seoul", "Oct 2016 EXCOM · Seoul (2)", "2017 EXCOM · Seoul"]


def test_attendance_height_grows_with_the_meetings():
    heights = [figures.attendance_history(meetings(n), "en", EN).layout.height for n in (8, 22, 30)]
    assert heights[0] < heights[1] < heights[2]
    assert heights[2] >= 30 * figures.ATTENDANCE_ROW_PX
    assert figures.attendance_history(meetings(200), "en", EN).layout.height == figures.ATTENDANCE_MAX_HEIGHT


def test_attendance_keeps_title_and_meaning():
    fig = figures.attendance_history(meetings(30), "en", EN)
    assert fig.layout.title.text == "Attendance, 2010–2019"
    assert {trace.name for trace in fig.data if trace.type == "bar"} == {
        "General assembly: Cities attending",
        "EXCOM meeting: Cities attending",
        "People attending",
    }
    [note] = [trace for trace in fig.data if trace.type == "scatter"]
    assert len(note.y) == int((meetings(30)["cities"].isna() & meetings(30)["people"].isna()).sum())
