"""UI strings of the briefing pack (wego_brief), in the shape of wego_view.i18n.CATALOG, to be merged into it."""

from __future__ import annotations

BRIEF_CATALOG: dict[str, dict[str, str]] = {
    # what the app shows around the pack
    "brief.button": {"en": "Briefing pack (PDF)", "ko": "브리핑 자료(PDF)"},
    "brief.download": {"en": "Download the briefing pack", "ko": "브리핑 자료 내려받기"},
    "brief.watermark": {"en": "Watermark (optional)", "ko": "워터마크(선택)"},
    "brief.progress.data": {"en": "Reading the snapshot", "ko": "스냅숏을 읽는 중"},
    "brief.progress.charts": {
        "en": "Drawing the charts ({done} of {total})",
        "ko": "차트를 그리는 중 ({done}/{total})",
    },
    "brief.progress.layout": {"en": "Laying out the pages", "ko": "페이지를 구성하는 중"},
    "brief.progress.done": {"en": "Done", "ko": "완료"},
    # cover
    "brief.title": {"en": "EXCOM briefing pack", "ko": "집행위원회 브리핑 자료"},
    "brief.org": {
        "en": "World e-Governments Organization of Cities and Local Governments (WeGO)",
        "ko": "세계도시전자정부협의체(WeGO)",
    },
    "brief.meeting_none": {"en": "No EXCOM meeting is recorded.", "ko": "기록된 집행위원회 회의가 없습니다."},
    "brief.snapshot": {"en": "Snapshot", "ko": "스냅숏"},
    "brief.as_of": {"en": "Data as of", "ko": "데이터 기준일"},
    "brief.generated": {"en": "Generated", "ko": "생성 일시"},
    "brief.unit": {"en": "Amounts in", "ko": "금액 단위"},
    "brief.filters": {"en": "Filters", "ko": "필터"},
    "brief.no_filters": {"en": "no filters", "ko": "필터 없음"},
    "brief.filters_note": {
        "en": "The filters narrow the lists (members, programs, events); the overview figures and the settlement "
        "are for the whole organization.",
        "ko": "필터는 목록(회원, 사업, 행사)에만 적용되며, 개요 수치와 결산은 기구 전체 기준입니다.",
    },
    "brief.contents": {"en": "Contents", "ko": "목차"},
    "brief.agenda_item": {"en": "EXCOM agenda {item}", "ko": "집행위원회 의제 {item}"},
    # every page
    "brief.footer": {
        "en": "Snapshot {snapshot} · data as of {date} · {filters}",
        "ko": "스냅숏 {snapshot} · 데이터 기준일 {date} · {filters}",
    },
    "brief.page": {"en": "page {page} of {pages}", "ko": "{pages}쪽 중 {page}쪽"},
    "brief.caption": {
        "en": "{what} Snapshot {snapshot}, data as of {date}.",
        "ko": "{what} 스냅숏 {snapshot}, 데이터 기준일 {date}",
    },
    # sections
    "brief.section.programs": {"en": "Programs and timeline", "ko": "사업 및 추진일정"},
    "brief.section.events": {"en": "Upcoming events", "ko": "예정 행사"},
    "brief.membership_alt": {
        "en": "Line chart of the member totals WeGO published over time.",
        "ko": "WeGO가 발표한 회원 수 추이 선 그래프.",
    },
    "brief.by_region_alt": {
        "en": "Bars of the members the registry lists per region beside WeGO's published regional counts.",
        "ko": "지역별 명부 기재 회원 수와 WeGO 발표 지역별 회원 수 막대그래프.",
    },
    "brief.history_alt": {
        "en": "Bars of the cities and the people attending each general assembly and EXCOM meeting, one row each.",
        "ko": "총회 및 집행위원회별 참석 도시 수와 참석 인원 막대그래프(회의별 한 줄).",
    },
    "brief.phases": {"en": "Program phases ({count})", "ko": "사업 추진 단계 ({count}개)"},
    "brief.col.phase": {"en": "Phase", "ko": "단계"},
    "brief.col.reported_as_of": {"en": "Reported as of", "ko": "발표 기준일"},
    "brief.settlement": {"en": "{year} settlement", "ko": "{year}년 결산"},
    "brief.applicants": {"en": "Applicants awaiting admission ({count})", "ko": "가입 신청 회원 ({count}곳)"},
    "brief.no_applicants": {
        "en": "No member is an applicant in this snapshot.",
        "ko": "이 스냅숏에는 가입 신청 회원이 없습니다.",
    },
    "brief.members_filtered": {"en": "Members matching the filters ({count})", "ko": "필터에 맞는 회원 ({count}곳)"},
    # what changed
    "brief.changes_from": {
        "en": "Compared with snapshot {previous} (data as of {date}).",
        "ko": "비교 대상: 스냅숏 {previous}(데이터 기준일 {date})",
    },
    "brief.changes_first": {
        "en": "First snapshot, nothing to compare.",
        "ko": "첫 스냅숏이므로 비교할 대상이 없습니다.",
    },
    "brief.diff.members": {"en": "Members ({count})", "ko": "회원 ({count}건)"},
    "brief.diff.offices": {"en": "Offices ({count})", "ko": "사무소 ({count}건)"},
    "brief.diff.events": {"en": "Events ({count})", "ko": "행사 ({count}건)"},
    "brief.diff.budget_lines": {"en": "Budget lines ({count})", "ko": "예산과목 ({count}건)"},
    "brief.diff.figures": {"en": "Newly published figures ({count})", "ko": "새로 발표된 수치 ({count}건)"},
    "brief.change.added": {"en": "Added", "ko": "추가"},
    "brief.change.removed": {"en": "Removed", "ko": "삭제"},
    "brief.change.changed": {"en": "Changed", "ko": "변경"},
    "brief.change.held": {"en": "Held", "ko": "개최"},
    "brief.change.opened": {"en": "Opened", "ko": "개소"},
    "brief.change.closed": {"en": "Closed", "ko": "폐소"},
    "brief.col.change": {"en": "Change", "ko": "변경"},
    "brief.col.detail": {"en": "Detail", "ko": "내용"},
    "brief.col.figure": {"en": "Figure", "ko": "수치"},
    "brief.col.value": {"en": "Value", "ko": "값"},
    "brief.col.note": {"en": "Note", "ko": "비고"},
    "brief.col.delta": {"en": "Change in {what}", "ko": "{what} 증감"},
    "brief.field.starts_on": {"en": "Start", "ko": "시작일"},
    "brief.field.ends_on": {"en": "End", "ko": "종료일"},
    "brief.field.cost": {"en": "Cost", "ko": "비용"},
    "brief.field.closed": {"en": "Closed", "ko": "폐소"},
}
