"""Catalog entries of the section builders (wego_view.sections): the meeting in view, dated and compared figures,
office coverage. Merged into wego_view.i18n.CATALOG; one catalog for the pages, the slides and the PDF."""

SECTION_CATALOG: dict[str, dict[str, str]] = {
    # figures: their date where older than the snapshot, and their change since the previous snapshot
    "kpi.latest": {"en": "latest available: {date}", "ko": "최신 자료: {date}"},
    "kpi.delta": {"en": "{change} since {since}", "ko": "{since} 대비 {change}"},
    "kpi.same": {"en": "no change since {since}", "ko": "{since} 대비 변동 없음"},
    "kpi.offices_published": {"en": "WeGO published {count} ({date})", "ko": "WeGO 발표 {count}곳({date})"},
    # the meeting in view
    "meeting.view.title": {"en": "Meeting", "ko": "회의"},
    "meeting.view.in_progress": {"en": "Meeting in progress", "ko": "진행 중인 회의"},
    "meeting.view.next": {"en": "Next meeting", "ko": "다음 회의"},
    "meeting.view.held": {"en": "Last meeting held", "ko": "최근 개최 회의"},
    "meeting.view.none": {
        "en": "This snapshot records no general assembly or EXCOM meeting.",
        "ko": "이 스냅숏에는 총회나 집행위원회 회의 기록이 없습니다.",
    },
    "meeting.view.no_agenda": {
        "en": "No agenda of this meeting is on record; the standing sections follow.",
        "ko": "이 회의의 의제는 기록되어 있지 않습니다. 상시 항목을 보여줍니다.",
    },
    "meeting.view.decisions": {"en": "Decisions on record", "ko": "기록된 결정 사항"},
    "outcome.approved": {"en": "Approved", "ko": "승인"},
    "outcome.rejected": {"en": "Rejected", "ko": "부결"},
    "outcome.deferred": {"en": "Deferred", "ko": "보류"},
    "outcome.noted": {"en": "Noted", "ko": "보고 접수"},
    "outcome.elected": {"en": "Elected", "ko": "선출"},
    "event_status.in_progress": {"en": "In progress", "ko": "진행 중"},
    # offices
    "offices.registry_gap": {
        "en": "The registry lists {listed} regional offices open; WeGO published {reported} ({date}). No closing date "
        "is on record for the others, so both are shown.",
        "ko": "명부상 운영 중인 지역사무소는 {listed}곳이며, WeGO 발표는 {reported}곳({date})입니다. 나머지의 폐쇄 "
        "일자가 기록되어 있지 않아 두 수치를 함께 표시합니다.",
    },
    "offices.rule": {
        "en": "Each member is covered by one regional office: the nearest open office covering its region. "
        "The secretariat serves every member.",
        "ko": "각 회원은 하나의 지역사무소가 담당합니다. 해당 지역을 담당하는 운영 중인 사무소 중 "
        "가장 가까운 곳입니다. 사무국은 모든 회원을 지원합니다.",
    },
    # tables
    "col.level": {"en": "Level", "ko": "단계"},
    "budget.tree_alt": {
        "en": "Budget {year}: lines, sub-lines and the activities paid from them",
        "ko": "{year}년 예산: 항목, 세부 항목, 집행 활동",
    },
}
