"""Every UI string in English and Korean; names and countries in the chosen language."""

from __future__ import annotations

import functools
from collections.abc import Callable

import pandas as pd
from babel import Locale

from wego_data import reference
from wego_view import fmt
from wego_view.i18n_access import ACCESS_CATALOG
from wego_view.i18n_brief import BRIEF_CATALOG
from wego_view.i18n_links import LINKS_CATALOG
from wego_view.i18n_maturity import MATURITY_CATALOG
from wego_view.i18n_report import REPORT_CATALOG
from wego_view.i18n_screens import SCREENS_CATALOG
from wego_view.i18n_sections import SECTION_CATALOG
from wego_view.i18n_slides import SLIDES_CATALOG

LANGUAGES = ("en", "ko")
LANGUAGE_NAMES = {"en": "English", "ko": "한국어"}

CATALOG: dict[str, dict[str, str]] = {
    # frame
    "app.title": {"en": "WeGO EXCOM dashboard", "ko": "WeGO 집행위원회 대시보드"},
    "nav.overview": {"en": "Overview", "ko": "개요"},
    "nav.members": {"en": "Members", "ko": "회원"},
    "nav.offices": {"en": "Regional offices", "ko": "지역사무소"},
    "nav.programs": {"en": "Programs and events", "ko": "사업 및 행사"},
    "nav.budget": {"en": "Budget and spending", "ko": "예산 및 집행"},
    "sidebar.snapshot": {"en": "Data snapshot", "ko": "데이터 스냅숏"},
    "sidebar.snapshot_help": {
        "en": "Each snapshot is the record as of its date; the newest is shown by default.",
        "ko": "스냅숏은 해당 날짜 기준의 기록입니다. 기본값은 가장 최근 스냅숏입니다.",
    },
    "sidebar.language": {"en": "Language", "ko": "언어"},
    "sidebar.unit": {"en": "Money unit", "ko": "금액 단위"},
    "unit.thousand": {"en": "thousand KRW", "ko": "천원"},
    "unit.million": {"en": "million KRW", "ko": "백만원"},
    "stamp": {"en": "Data as of {date} · snapshot {snapshot}", "ko": "데이터 기준일 {date} · 스냅숏 {snapshot}"},
    "quality.title": {"en": "Data-quality notes ({count})", "ko": "데이터 품질 참고사항 ({count}건)"},
    "quality.intro": {
        "en": "Validation kept these warnings when the snapshot was published:",
        "ko": "스냅숏 게시 시 검증에서 다음 경고가 기록되었습니다:",
    },
    "quality.row": {"en": ", row {row}", "ko": ", {row}행"},
    "quality.column": {"en": ", column {column}", "ko": ", {column} 열"},
    # A validation warning's text by its key (wego_data.validate.Problem.key, values from Problem.values); a warning
    # of a snapshot published before keys existed shows its English message, marked as such.
    "quality.unknown_column": {
        "en": "the column '{column}' is not in the contract and was ignored",
        "ko": "'{column}' 열은 데이터 계약에 없는 열이어서 무시되었습니다",
    },
    "quality.unknown_columns": {
        "en": "{count} columns are not in the contract and were ignored: {names}",
        "ko": "데이터 계약에 없는 열 {count}개가 무시되었습니다: {names}",
    },
    "quality.unknown_file": {
        "en": "the file is not a table of the contract and was ignored",
        "ko": "이 파일은 데이터 계약의 표가 아니어서 무시되었습니다",
    },
    "quality.unknown_files": {
        "en": "{count} files are not tables of the contract and were ignored",
        "ko": "데이터 계약의 표가 아닌 파일 {count}개가 무시되었습니다",
    },
    "quality.added_column": {
        "en": "the column '{column}' is missing from the header and was read as empty; add it (docs/data.md, table "
        "{table})",
        "ko": "머리글에 '{column}' 열이 없어 빈 값으로 읽었습니다. 열을 추가하십시오(docs/data.md, {table} 표)",
    },
    "quality.spending_within_executed": {
        "en": "{year} activities paid from '{line}' add up to {total} KRW, more than the {executed} KRW the line "
        "executed ({over} KRW more)",
        "ko": "{year}년 '{line}' 과목에서 지출한 활동의 합계 {total}원이 해당 과목 집행액 {executed}원보다 "
        "{over}원 많습니다",
    },
    "quality.korean_name": {
        "en": "'{column}' is empty, so Korean pages show '{english}' in English; give the Korean name with its source "
        "(data/reference/names_ko.csv), or the original where there is no Korean form",
        "ko": "'{column}' 값이 비어 있어 한국어 화면에 '{english}'이(가) 영어로 표시됩니다. 출처와 함께 한국어 "
        "이름을 넣거나(data/reference/names_ko.csv), 한국어 표기가 없으면 원어 이름을 그대로 넣으십시오",
    },
    "quality.incomplete_results": {
        "en": "{member} {edition} ({framework}) has no result for {missing}, so {parents} and the overall score have "
        "no score (no data, not zero)",
        "ko": "{member} {edition}년({framework})에 {missing} 결과가 없어 {parents} 및 종합 점수가 없습니다(자료 없음, "
        "0점 아님)",
    },
    "quality.score_outside_scale": {
        "en": "{subject} {edition}: the {dimension} score {score} lies outside the scale of '{framework}'; kept as the "
        "source gives it",
        "ko": "{subject} {edition}년: {dimension} 점수 {score}이(가) '{framework}' 척도를 벗어나지만 출처의 값 "
        "그대로 두었습니다",
    },
    "quality.english_only": {"en": "{message}", "ko": "{message} (영문 원문: 이 스냅숏은 한국어 안내 이전에 게시됨)"},
    "office.regional": {"en": "Regional office", "ko": "지역사무소"},
    "brief.failed": {
        "en": "The briefing pack could not be made; the server log has the details.",
        "ko": "브리핑 자료를 만들지 못했습니다. 자세한 내용은 서버 로그에 있습니다.",
    },
    "notice.bad_param": {
        "en": "Ignored a link setting that is not valid here: {names}. Showing the default instead.",
        "ko": "이 링크의 유효하지 않은 설정을 무시했습니다: {names}. 기본값을 표시합니다.",
    },
    "no_snapshot": {
        "en": "No data snapshot is published yet. Run `make run` (it builds the sample snapshots) or "
        "`python -m wego_data build-sample`.",
        "ko": "게시된 데이터 스냅숏이 없습니다. `make run`(샘플 스냅숏 생성) 또는 "
        "`python -m wego_data build-sample`을 실행하세요.",
    },
    "all": {"en": "All", "ko": "전체"},
    "download.csv": {"en": "Download CSV", "ko": "CSV 내려받기"},
    "download.xlsx": {"en": "Download Excel", "ko": "Excel 내려받기"},
    "empty.filtered": {"en": "Nothing matches these filters.", "ko": "조건에 맞는 항목이 없습니다."},
    "source": {"en": "Source", "ko": "출처"},
    # overview
    "overview.title": {"en": "Overview", "ko": "개요"},
    "overview.caption": {
        "en": "The briefing at a glance: the organization's own published figures beside what the registry lists.",
        "ko": "한눈에 보는 브리핑: 기구가 발표한 수치와 회원 명부의 수치를 함께 보여줍니다.",
    },
    "kpi.members": {"en": "Members (reported)", "ko": "회원 수(발표)"},
    "kpi.members_help": {
        "en": "Published {date}. The registry names {listed} of them with a source.",
        "ko": "{date} 발표. 명부에는 출처가 있는 회원 {listed}곳이 있습니다.",
    },
    "kpi.members_listed": {
        "en": "The registry names {listed} with a source.",
        "ko": "명부에 출처와 함께 {listed}곳 기재.",
    },
    "kpi.excom": {"en": "EXCOM cities", "ko": "집행위원 도시"},
    "kpi.excom_help": {
        "en": "Published {date}. The registry records an EXCOM role for {listed} members.",
        "ko": "{date} 발표. 명부상 집행위원회 직위가 있는 회원은 {listed}곳입니다.",
    },
    "kpi.offices": {"en": "Regional offices", "ko": "지역사무소"},
    "kpi.offices_help": {
        "en": "Open on the snapshot date, besides the secretariat in Seoul.",
        "ko": "스냅숏 기준일에 운영 중인 사무소(서울 사무국 제외).",
    },
    "kpi.staff": {"en": "Secretariat staff", "ko": "사무국 인력"},
    "kpi.budget": {"en": "Budget {year} ({unit})", "ko": "{year}년 예산({unit})"},
    "kpi.budget_help": {
        "en": "Total budget published {date}; of which international contribution {wego}.",
        "ko": "{date} 발표 총예산. 이 중 국제부담금 {wego}.",
    },
    "kpi.execution": {"en": "Execution {year}", "ko": "{year}년 집행률"},
    "kpi.execution_help": {
        "en": "Executed {executed} of {granted} granted ({unit}).",
        "ko": "교부액 {granted} 중 {executed} 집행({unit}).",
    },
    "kpi.not_published": {"en": "not published", "ko": "미발표"},
    "overview.membership": {"en": "Members reported by WeGO, {span}", "ko": "WeGO 발표 회원 수, {span}"},
    "axis.members": {"en": "Members", "ko": "회원 수"},
    "overview.membership_axis": {"en": "Members (reported)", "ko": "회원 수(발표)"},
    "overview.upcoming": {"en": "Upcoming events after {date}", "ko": "{date} 이후 예정 행사"},
    "overview.no_upcoming": {
        "en": "No event is planned after the snapshot date.",
        "ko": "스냅숏 기준일 이후 예정된 행사가 없습니다.",
    },
    # members
    "members.title": {"en": "Members", "ko": "회원"},
    "members.caption": {
        "en": "Member cities and institutions the registry can name with a source.",
        "ko": "출처로 확인되는 회원 도시와 기관입니다.",
    },
    "filter.region": {"en": "Region", "ko": "지역"},
    "filter.member_type": {"en": "Member type", "ko": "회원 유형"},
    "filter.status": {"en": "Status", "ko": "상태"},
    "filter.excom": {"en": "EXCOM only", "ko": "집행위원만"},
    "filter.search": {"en": "Find a member", "ko": "회원 검색"},
    "filter.search_help": {"en": "Part of the name, in English or Korean", "ko": "영문 또는 한글 이름의 일부"},
    "members.map_title": {"en": "Where the members are ({count} shown)", "ko": "회원 분포 ({count}곳 표시)"},
    "members.map_alt": {
        "en": "World map of {count} WeGO members, coloured by region; EXCOM members are larger and outlined.",
        "ko": "WeGO 회원 {count}곳의 세계 지도. 지역별 색상, 집행위원은 크게 테두리로 표시.",
    },
    "members.legend": {
        "en": "Colour = region; larger with a dark outline = EXCOM role.",
        "ko": "색상 = 지역, 크고 진한 테두리 = 집행위원회 직위.",
    },
    "members.by_region": {"en": "Members by region", "ko": "지역별 회원"},
    "members.listed": {"en": "Listed in the registry", "ko": "명부 기재"},
    "members.reported": {"en": "Reported by WeGO", "ko": "WeGO 발표"},
    "members.reported_as_of": {"en": "Reported counts as published {date}.", "ko": "발표 수치 기준: {date}."},
    "members.registry_gap": {
        "en": "WeGO reported {reported} members ({date}); the registry names {listed} with a "
        "source. The difference is not filled in.",
        "ko": "WeGO 발표 회원 수는 {reported}곳({date})이며, 명부에는 출처가 있는 {listed}곳이 "
        "있습니다. 차이는 임의로 채우지 않았습니다.",
    },
    "members.table": {"en": "Member list", "ko": "회원 목록"},
    "members.applicants_note": {
        "en": "Applicants are the members awaiting admission by the EXCOM.",
        "ko": "가입 신청 회원은 집행위원회의 가입 승인을 기다리는 회원입니다.",
    },
    "tooltip.member": {
        "en": "{name}\n{country} · {region}\nType: {type} · Status: {status}\nEXCOM: {role}\nMember since: {since}",
        "ko": "{name}\n{country} · {region}\n유형: {type} · 상태: {status}\n집행위원회: {role}\n가입: {since}",
    },
    "since.first_seen": {"en": "{year} (first seen)", "ko": "{year}년(최초 확인)"},
    # columns
    "col.name": {"en": "Name", "ko": "이름"},
    "col.country": {"en": "Country", "ko": "국가"},
    "col.region": {"en": "Region", "ko": "지역"},
    "col.kind": {"en": "Kind", "ko": "구분"},
    "col.member_type": {"en": "Type", "ko": "유형"},
    "col.status": {"en": "Status", "ko": "상태"},
    "col.excom_role": {"en": "EXCOM role", "ko": "집행위원회 직위"},
    "col.since": {"en": "Member since", "ko": "가입"},
    "col.source": {"en": "Source", "ko": "출처"},
    "col.date": {"en": "Date", "ko": "일자"},
    "col.event": {"en": "Event", "ko": "행사"},
    "col.place": {"en": "Place", "ko": "장소"},
    "col.attendance": {"en": "Attendance", "ko": "참석"},
    "col.cost": {"en": "Cost ({unit})", "ko": "비용({unit})"},
    "col.program": {"en": "Program", "ko": "사업"},
    "col.area": {"en": "Strategic area", "ko": "중점과제"},
    "col.partner": {"en": "Partner", "ko": "협력기관"},
    "col.budget": {"en": "Budget ({unit})", "ko": "예산({unit})"},
    "col.funded_by": {"en": "Funded by", "ko": "재원"},
    "col.line": {"en": "Budget line", "ko": "예산과목"},
    "col.granted": {"en": "Granted ({unit})", "ko": "교부액({unit})"},
    "col.executed": {"en": "Executed ({unit})", "ko": "집행액({unit})"},
    "col.unspent": {"en": "Unspent ({unit})", "ko": "집행잔액({unit})"},
    "col.rate": {"en": "Execution rate", "ko": "집행률"},
    "col.activity": {"en": "Activity", "ko": "추진실적"},
    "col.amount": {"en": "Amount ({unit})", "ko": "소요액({unit})"},
    "col.paid_by": {"en": "Paid by", "ko": "재원"},
    "col.period": {"en": "When", "ko": "기간"},
    "col.kind_event": {"en": "Kind", "ko": "종류"},
    "col.cities": {"en": "Cities", "ko": "도시"},
    "col.people": {"en": "People", "ko": "인원"},
    # enumerations
    "region.Asia": {"en": "Asia", "ko": "아시아"},
    "region.Africa": {"en": "Africa", "ko": "아프리카"},
    "region.Europe": {"en": "Europe", "ko": "유럽"},
    "region.Americas": {"en": "Americas", "ko": "미주"},
    "region.Middle East": {"en": "Middle East", "ko": "중동"},
    "region.Oceania": {"en": "Oceania", "ko": "오세아니아"},
    "member_type.full": {"en": "Full", "ko": "정회원"},
    "member_type.associate": {"en": "Associate", "ko": "준회원"},
    "member_type.friendship": {"en": "Friendship", "ko": "우호회원"},
    "member_type.corporate": {"en": "Corporate", "ko": "기업회원"},
    "status.active": {"en": "Active", "ko": "활동"},
    "status.applicant": {"en": "Applicant", "ko": "가입 신청"},
    "status.withdrawn": {"en": "Withdrawn", "ko": "탈퇴"},
    "excom_role.president": {"en": "President", "ko": "의장"},
    "excom_role.executive_vice_president": {"en": "Executive vice president", "ko": "수석부의장"},
    "excom_role.vice_president": {"en": "Vice president", "ko": "부의장"},
    "excom_role.member": {"en": "Member", "ko": "집행위원"},
    "excom_role.none": {"en": "–", "ko": "–"},
    "kind.city": {"en": "City", "ko": "도시"},
    "kind.region": {"en": "Region", "ko": "광역"},
    "kind.district": {"en": "District", "ko": "기초"},
    "kind.institution": {"en": "Institution", "ko": "기관"},
    "kind.corporate": {"en": "Company", "ko": "기업"},
    "event_kind.general_assembly": {"en": "General assembly", "ko": "총회"},
    "event_kind.excom": {"en": "EXCOM meeting", "ko": "집행위원회"},
    "event_kind.forum": {"en": "Forum", "ko": "포럼"},
    "event_kind.workshop": {"en": "Workshop", "ko": "워크숍"},
    "event_kind.training": {"en": "Training", "ko": "교육"},
    "event_kind.expo": {"en": "Expo", "ko": "박람회"},
    "event_kind.study": {"en": "Study", "ko": "조사"},
    "event_kind.launch": {"en": "Launch", "ko": "개시"},
    "event_kind.other": {"en": "Other", "ko": "기타"},
    "event_status.planned": {"en": "Planned", "ko": "예정"},
    "event_status.held": {"en": "Held", "ko": "개최"},
    "event_status.cancelled": {"en": "Cancelled", "ko": "취소"},
    "funding.wego": {"en": "WeGO budget", "ko": "WeGO 예산"},
    "funding.external": {"en": "Funded by a partner", "ko": "외부 재원"},
    # offices
    "offices.title": {"en": "Regional offices", "ko": "지역사무소"},
    "offices.caption": {
        "en": "The secretariat and the regional offices, with the members each covers — for the "
        "EXCOM's evaluation of the regional offices.",
        "ko": "사무국과 지역사무소, 그리고 각 사무소가 담당하는 회원 — 집행위원회의 지역사무소 "
        "성과 평가를 위한 화면입니다.",
    },
    "offices.map_title": {"en": "Offices and the members they cover", "ko": "사무소와 담당 회원"},
    "offices.map_alt": {
        "en": "World map of {count} WeGO offices with arcs to the member cities each covers.",
        "ko": "WeGO 사무소 {count}곳과 담당 회원 도시를 잇는 호를 그린 세계 지도.",
    },
    "offices.legend": {
        "en": "Large circles = offices (dark = the secretariat in Seoul); arcs join a regional office to the members "
        "of the region it covers.",
        "ko": "큰 원 = 사무소(진한 색 = 서울 사무국), 호 = 지역사무소와 담당 지역 회원의 연결.",
    },
    "offices.uncovered": {
        "en": "{count} members are in regions no regional office covers yet: {regions}.",
        "ko": "지역사무소가 아직 없는 지역의 회원 {count}곳: {regions}.",
    },
    "office.secretariat": {"en": "Secretariat", "ko": "사무국"},
    "office.host": {"en": "Host", "ko": "주관 도시"},
    "office.opened": {"en": "Opened", "ko": "개소"},
    "office.covers": {"en": "Region covered", "ko": "담당 지역"},
    "office.covers_all": {"en": "All regions", "ko": "전 지역"},
    "office.members": {"en": "Members covered", "ko": "담당 회원"},
    "office.events": {"en": "Events held in its region since opening", "ko": "개소 이후 담당 지역 개최 행사"},
    "offices.none": {
        "en": "No office is open on this snapshot's date.",
        "ko": "이 스냅숏 기준일에 운영 중인 사무소가 없습니다.",
    },
    # programs
    "programs.title": {"en": "Programs and events", "ko": "사업 및 행사"},
    "programs.caption": {
        "en": "The year's programs under WeGO's four strategic areas, their phases and the events.",
        "ko": "4대 중점과제별 연간 사업, 추진 일정과 행사입니다.",
    },
    "filter.year": {"en": "Plan year", "ko": "사업연도"},
    "filter.area": {"en": "Strategic area", "ko": "중점과제"},
    "filter.event_year": {"en": "Event year", "ko": "행사 연도"},
    "filter.event_kind": {"en": "Event kind", "ko": "행사 종류"},
    "area.1": {
        "en": "1 · Cooperation with international organizations",
        "ko": "1 · 국제기구·유관기관과 협력체계 구축·강화",
    },
    "area.2": {"en": "2 · E-government / smart-city knowledge sharing", "ko": "2 · 전자정부/스마트시티 지식공유"},
    "area.3": {"en": "3 · Digital capacity of member cities", "ko": "3 · WeGO 회원도시 디지털 역량강화"},
    "area.4": {"en": "4 · Secretariat functions and promotion", "ko": "4 · WeGO 사무국 기능강화 및 홍보"},
    "gantt.title": {"en": "{year} program timeline: {count} phases", "ko": "{year}년 사업 추진일정: {count}개 단계"},
    "gantt.alt": {
        "en": "Gantt chart of {count} program phases in {year}, coloured by strategic area and shaded by status "
        "(done, in progress, planned), with events as diamonds and, within the year, a line at the snapshot date.",
        "ko": "{year}년 사업 단계 {count}개의 간트 차트. 중점과제별 색상, 진행 상태(완료·진행 중·예정)별 음영, 행사는 "
        "마름모, 스냅숏 기준일이 해당 연도 안이면 세로선.",
    },
    "gantt.as_of": {"en": "Data as of {date}", "ko": "기준일 {date}"},
    "gantt.events": {"en": "Events", "ko": "행사"},
    "gantt.none": {"en": "No program phases for this selection.", "ko": "선택한 조건에 해당하는 사업 단계가 없습니다."},
    "gantt.status.done": {"en": "Done", "ko": "완료"},
    "gantt.status.in_progress": {"en": "In progress", "ko": "진행 중"},
    "gantt.status.planned": {"en": "Planned", "ko": "예정"},
    "gantt.status.title": {"en": "Status on {date} (by the plan's dates)", "ko": "{date} 기준 상태(계획 일정 기준)"},
    "gantt.status.hover": {"en": "Status on {date}: {status}", "ko": "{date} 기준: {status}"},
    "programs.events": {"en": "Events", "ko": "행사"},
    "programs.events_map": {"en": "Where the events take place", "ko": "행사 개최지"},
    "programs.events_map_alt": {"en": "World map of {count} events.", "ko": "행사 {count}건의 세계 지도."},
    "programs.legend_meetings": {"en": "General assemblies and EXCOM meetings", "ko": "총회 및 집행위원회"},
    "programs.legend_other": {
        "en": "Other events (forums, workshops, training, …)",
        "ko": "기타 행사(포럼, 워크숍, 교육 등)",
    },
    "programs.history": {"en": "General assemblies and EXCOM meetings", "ko": "총회 및 집행위원회 연혁"},
    "history.title": {"en": "Attendance, {span}", "ko": "참석 현황, {span}"},
    "history.short.general_assembly": {"en": "GA", "ko": "총회"},
    "history.short.excom": {"en": "EXCOM", "ko": "집행위"},
    "history.cities": {"en": "Cities attending", "ko": "참석 도시"},
    "history.people": {"en": "People attending", "ko": "참석 인원"},
    "history.axis": {"en": "Attendance (cities, people)", "ko": "참석(도시, 인원)"},
    "history.no_figures": {"en": "no attendance figures on record", "ko": "참석 기록 없음"},
    "axis.date": {"en": "Date", "ko": "일자"},
    # what changed
    "nav.changes": {"en": "What changed", "ko": "변경 사항"},
    "changes.title": {"en": "What changed", "ko": "변경 사항"},
    "changes.caption": {
        "en": "Two snapshots compared, by default the newest against the one before it — the same "
        "comparison as `python -m wego_data diff`.",
        "ko": "두 스냅숏을 비교합니다. 기본값은 최신 스냅숏과 그 직전 스냅숏이며, "
        "`python -m wego_data diff`와 같은 비교입니다.",
    },
    "changes.only_one": {
        "en": "Only one snapshot is published; there is nothing to compare yet.",
        "ko": "게시된 스냅숏이 하나뿐이라 비교할 대상이 없습니다.",
    },
    "changes.old": {"en": "Compare from", "ko": "비교 기준(이전)"},
    "changes.new": {"en": "to", "ko": "비교 대상(이후)"},
    "changes.count.members": {"en": "Member changes", "ko": "회원 변경"},
    "changes.count.offices": {"en": "Office changes", "ko": "사무소 변경"},
    "changes.count.events": {"en": "Event changes", "ko": "행사 변경"},
    "changes.count.budget_lines": {"en": "Budget line changes", "ko": "예산과목 변경"},
    "changes.count.figures": {"en": "New published figures", "ko": "새 발표 수치"},
    "changes.members": {"en": "Members who joined, left or changed", "ko": "가입·탈퇴·변경 회원"},
    "changes.offices": {"en": "Offices opened or closed", "ko": "개소·폐소 사무소"},
    "changes.events": {"en": "Events added, changed or held", "ko": "추가·변경·개최 행사"},
    "changes.budget": {"en": "Budget lines", "ko": "예산과목"},
    "changes.figures": {"en": "Newly published figures", "ko": "새로 발표된 수치"},
    "changes.none": {"en": "No change.", "ko": "변경 없음."},
    "changes.office": {"en": "Office", "ko": "사무소"},
    "changes.figure": {"en": "Figure", "ko": "항목"},
    "changes.backwards": {
        "en": "The first snapshot is newer than the second: this compares backwards in time.",
        "ko": "비교 기준이 비교 대상보다 최신입니다. 시간을 거슬러 비교합니다.",
    },
    "figure.members_total": {"en": "Members (total)", "ko": "회원 수(전체)"},
    "figure.members_cities": {"en": "Member cities", "ko": "회원 도시 수"},
    "figure.members_institutions": {"en": "Member institutions", "ko": "회원 기관 수"},
    "figure.members_corporate": {"en": "Corporate members", "ko": "기업 회원 수"},
    "figure.member_countries": {"en": "Countries with members", "ko": "회원 국가 수"},
    "figure.excom_cities": {"en": "EXCOM cities", "ko": "집행위원 도시 수"},
    "figure.regional_offices": {"en": "Regional offices", "ko": "지역사무소 수"},
    "figure.associates_up_for_approval": {"en": "Associates up for approval", "ko": "승인 대상 준회원 수"},
    "figure.staff_total": {"en": "Secretariat staff", "ko": "사무국 인력"},
    # meeting tools
    "nav.present": {"en": "Presentation", "ko": "발표 모드"},
    "present.overview": {"en": "WeGO at a glance", "ko": "한눈에 보는 WeGO"},
    "present.settlement": {"en": "Settlement of {year}", "ko": "{year}년 결산"},
    "present.previous": {"en": "Previous", "ko": "이전"},
    "present.next": {"en": "Next", "ko": "다음"},
    "present.position": {"en": "{n} / {total}", "ko": "{n} / {total}"},
    "present.applicants": {"en": "Applicants for admission ({count})", "ko": "가입 신청 회원({count})"},
    "present.no_applicants": {"en": "No applicant in this snapshot.", "ko": "이 스냅숏에는 가입 신청 회원이 없습니다."},
    "meeting.key": {"en": "Presenter key", "ko": "발표자 키"},
    "meeting.key_help": {
        "en": "The presenter types the meeting's key here to drive what followers see.",
        "ko": "발표자가 회의 키를 입력하면 팔로우하는 참석자의 화면을 이끕니다.",
    },
    "meeting.presenting": {
        "en": "You are presenting: followers see your page, filters and snapshot.",
        "ko": "발표 중입니다. 팔로우하는 참석자에게 현재 화면, 필터, 스냅숏이 보입니다.",
    },
    "meeting.wrong_key": {"en": "That is not the presenter key.", "ko": "발표자 키가 아닙니다."},
    "meeting.highlight_input": {"en": "Highlight for the audience", "ko": "참석자에게 강조할 항목"},
    "meeting.following": {
        "en": "You follow the presenter: this page changes when theirs does.",
        "ko": "발표자를 팔로우하고 있습니다. 발표자 화면이 바뀌면 이 화면도 바뀝니다.",
    },
    "meeting.waiting": {"en": "Waiting for the presenter to start.", "ko": "발표자가 시작하기를 기다리는 중입니다."},
    "meeting.detach": {"en": "Browse on my own", "ko": "혼자 둘러보기"},
    "meeting.detached": {"en": "You are browsing on your own.", "ko": "혼자 둘러보는 중입니다."},
    "meeting.rejoin": {"en": "Follow the presenter", "ko": "발표자 팔로우"},
    "meeting.highlight": {"en": "The presenter highlights: {text}", "ko": "발표자 강조: {text}"},
    # budget
    "budget.title": {"en": "Budget and spending", "ko": "예산 및 집행"},
    "budget.caption": {
        "en": "The settlement of a fiscal year and the year's program plan. Amounts in {unit}.",
        "ko": "회계연도 결산과 연간 사업계획. 금액 단위: {unit}.",
    },
    "filter.settlement_year": {"en": "Settlement year", "ko": "결산 연도"},
    "budget.kpi_budget": {"en": "Budget", "ko": "예산"},
    "budget.kpi_granted": {"en": "Granted", "ko": "교부액"},
    "budget.kpi_executed": {"en": "Executed", "ko": "집행액"},
    "budget.kpi_rate": {"en": "Execution rate", "ko": "집행률"},
    "budget.kpi_unspent": {"en": "Unspent", "ko": "집행잔액"},
    "budget.bars_title": {"en": "{year} settlement by budget line ({unit})", "ko": "{year}년 예산과목별 결산({unit})"},
    "budget.bars_alt": {
        "en": "Grouped bars of budget, granted and executed per budget line in {year}.",
        "ko": "{year}년 예산과목별 예산, 교부액, 집행액 묶은 막대그래프.",
    },
    "budget.axis_amount": {"en": "Amount ({unit})", "ko": "금액({unit})"},
    "budget.rate_label": {"en": "{rate} executed", "ko": "집행률 {rate}"},
    "budget.tree_title": {
        "en": "{year} executed spending: line → sub-line → activity ({unit})",
        "ko": "{year}년 집행: 예산과목 → 세부과목 → 사업({unit})",
    },
    "budget.tree_alt": {
        "en": "Treemap of {year} executed spending by budget line, sub-line and activity.",
        "ko": "{year}년 예산과목, 세부과목, 사업별 집행액 트리맵.",
    },
    "budget.not_itemized": {"en": "Not itemized", "ko": "세부내역 없음"},
    "budget.more_activities": {"en": "{count} more activities", "ko": "그 밖의 활동 {count}건"},
    "table.capped": {
        "en": "Showing the first {shown} of {total} rows; the filters above narrow the list.",
        "ko": "전체 {total}행 중 처음 {shown}행을 보여 줍니다. 위의 필터로 범위를 좁힐 수 있습니다.",
    },
    "table.capped_latest": {
        "en": "Showing the latest {shown} of {total}; the filters above narrow the list.",
        "ko": "전체 {total}건 중 최근 {shown}건을 보여 줍니다. 위의 필터로 범위를 좁힐 수 있습니다.",
    },
    "table.capped_largest": {
        "en": "Showing the {shown} largest of {total} activities (each line's largest among them); the chart above "
        "counts every one.",
        "ko": "활동 {total}건 중 큰 {shown}건(예산 항목별 큰 활동 포함)을 보여 줍니다. "
        "위 차트는 모든 활동을 반영합니다.",
    },
    "budget.total": {"en": "Total", "ko": "계"},
    "budget.reconciliation": {"en": "Where the parts and the totals differ", "ko": "부분과 합계의 차이"},
    "budget.recon_line": {
        "en": "{line}: the activities add up to {itemized} {unit}, while {executed} {unit} was "
        "executed ({diff} {unit} more than executed).",
        "ko": "{line}: 사업별 소요액 합계는 {itemized} {unit}이나 집행액은 {executed} {unit}입니다"
        "(집행액보다 {diff} {unit} 많음).",
    },
    "budget.recon_ok": {
        "en": "{line}: the activities add up to {itemized} {unit} of {executed} {unit} executed; "
        "the rest is not itemized.",
        "ko": "{line}: 사업별 소요액 합계 {itemized} {unit}, 집행액 {executed} {unit}. 나머지는 세부내역이 없습니다.",
    },
    "budget.recon_total": {
        "en": "The report's total row says {reported} {unit} executed; its lines add up to "
        "{computed} {unit} (the report rounds each line).",
        "ko": "보고서 합계 행의 집행액은 {reported} {unit}이며, 과목별 합계는 {computed} {unit}"
        "입니다(보고서의 과목별 반올림).",
    },
    "budget.recon_interest": {
        "en": "Interest earned in {year}: {interest} {unit} (reported on the total row only).",
        "ko": "{year}년 발생이자: {interest} {unit}(합계 행에만 기재).",
    },
    "budget.lines_table": {"en": "Budget lines", "ko": "예산과목"},
    "budget.spending_table": {"en": "{year} activities", "ko": "{year}년 추진실적"},
    "budget.plan": {"en": "{year} program plan", "ko": "{year}년 사업계획"},
    "budget.plan_title": {
        "en": "{year} program budgets by strategic area ({unit})",
        "ko": "{year}년 중점과제별 사업 예산({unit})",
    },
    "budget.plan_alt": {
        "en": "Bars of each {year} program's budget, grouped by strategic area, WeGO-funded beside partner-funded.",
        "ko": "{year}년 사업별 예산 막대그래프. 중점과제별, WeGO 예산과 외부 재원 구분.",
    },
    "budget.plan_total": {
        "en": "WeGO-funded programs: {wego} {unit}; with partner funding: {all} {unit}.",
        "ko": "WeGO 예산 사업: {wego} {unit}, 외부 재원 포함: {all} {unit}.",
    },
    "budget.no_settlement": {"en": "This snapshot has no settlement.", "ko": "이 스냅숏에는 결산 자료가 없습니다."},
    "budget.no_plan": {"en": "This snapshot has no program plan.", "ko": "이 스냅숏에는 사업계획이 없습니다."},
}


# The briefing pack's strings live beside it (wego_view/i18n_brief.py); one catalog for the app and the PDF.
CATALOG.update(BRIEF_CATALOG)
CATALOG.update(SECTION_CATALOG)
CATALOG.update(ACCESS_CATALOG)
CATALOG.update(MATURITY_CATALOG)
CATALOG.update(REPORT_CATALOG)
# Issue #10: phone layouts, slides, links (one file each).
for _more in (SCREENS_CATALOG, SLIDES_CATALOG, LINKS_CATALOG):
    CATALOG.update(_more)


def translate(lang: str, key: str, **values) -> str:
    entry = CATALOG[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text


def translator(lang: str) -> Callable[..., str]:
    lang = lang if lang in LANGUAGES else "en"
    return lambda key, **values: translate(lang, key, **values)


def quality_note(warning: dict, lang: str) -> str:
    """A snapshot's data-quality warning as a viewer reads it: 'file, row 3, column name_ko: text', in the language.

    The text comes from the warning's key and values (issue #10); a warning without a key (published earlier) or with
    a key this version does not know shows its English message."""
    t = translator(lang)
    where = str(warning.get("file") or "")
    if warning.get("row"):
        where += t("quality.row", row=warning["row"])
    if warning.get("column"):
        where += t("quality.column", column=warning["column"])
    key, values = warning.get("key"), dict(warning.get("values") or {})
    if key == "spending_within_executed":  # amounts in the language's digits, the line by its name
        values["line"] = pick(values, "line", lang) or values.get("line_id", "")
        total, executed = int(values.pop("total_krw")), int(values.pop("executed_krw"))
        values |= {
            "total": fmt.integer(total, lang),
            "executed": fmt.integer(executed, lang),
            "over": fmt.integer(total - executed, lang),
        }
    try:
        text = t(f"quality.{key}", **values) if key else None
    except (KeyError, IndexError):
        text = None  # a key or value this version does not know: the English message still says it
    if text is None:
        text = t("quality.english_only", message=warning.get("message", ""))
    return f"{where}: {text}" if where else text


def pick(row, field: str, lang: str) -> str:
    """The Korean value of a field where there is one and Korean is chosen, else the English."""
    if lang == "ko":
        ko = row.get(f"{field}_ko")
        if ko is not None and not pd.isna(ko) and str(ko).strip():
            return str(ko)
    value = row.get(f"{field}_en")
    return "" if value is None or pd.isna(value) else str(value)


def localized(frame: pd.DataFrame, field: str, lang: str) -> pd.Series:
    names = frame[[c for c in (f"{field}_en", f"{field}_ko") if c in frame.columns]]  # only the two columns read
    return pd.Series([pick(row, field, lang) for row in names.to_dict("records")], index=frame.index, dtype=object)


def country(iso3, lang: str) -> str:
    if iso3 is None or pd.isna(iso3):
        return ""
    row = reference.countries().get(iso3)
    if row is None:
        return str(iso3)
    return _territories("ko" if lang == "ko" else "en").get(row["iso2"], row["name_en"])


@functools.cache
def _territories(locale: str) -> dict:
    """CLDR's country names in one language (parsing the locale is the costly part: once per process)."""
    return dict(Locale.parse(locale).territories)


def place(city, iso3, lang: str, city_ko=None) -> str:
    """'Seoul, South Korea' / '서울, 대한민국'-style place; '–' where no source names one."""
    if lang == "ko" and isinstance(city_ko, str) and city_ko.strip():
        city = city_ko
    parts = [str(city)] if isinstance(city, str) and city.strip() else []
    name = country(iso3, lang)
    if name:
        parts.append(name)
    return ", ".join(parts) or "–"
