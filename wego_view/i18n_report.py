"""Strings of the city diagnosis report, PDF and XLSX (issue #11)."""

REPORT_CATALOG: dict[str, dict[str, str]] = {
    # the title block and every page
    "report.title": {"en": "City diagnosis report", "ko": "도시 진단 보고서"},
    "report.heading": {"en": "{city}: {framework}, {edition}", "ko": "{city}: {framework}, {edition}년"},
    "report.edition_year": {"en": "{edition}", "ko": "{edition}년"},
    "report.city": {"en": "City", "ko": "도시"},
    "report.country": {"en": "Country", "ko": "국가"},
    "report.region": {"en": "Region (WeGO)", "ko": "지역(WeGO)"},
    "report.framework": {"en": "Framework", "ko": "진단 체계"},
    "report.edition": {"en": "Edition", "ko": "회차"},
    "report.source": {"en": "Source", "ko": "출처"},
    "report.audience.public": {
        "en": "Public: published results only",
        "ko": "공개: 공개된 결과만",
    },
    "report.audience.committee": {
        "en": "Committee: every result on record",
        "ko": "집행위원회: 기록된 모든 결과",
    },
    "report.reader": {"en": "Prepared for", "ko": "열람 대상"},
    "report.footer": {
        "en": "Snapshot {snapshot} · data as of {date} · {city} · {framework} {edition}",
        "ko": "스냅숏 {snapshot} · 데이터 기준일 {date} · {city} · {framework} {edition}",
    },
    "report.no_data": {"en": "no data", "ko": "자료 없음"},
    "report.overall": {"en": "Overall", "ko": "종합"},
    # notes above the figures
    "report.country_level": {
        "en": "The {framework} scores countries, not cities: {city} reads the score of its country, {country}. The "
        "averages count each member city once, with its country's score.",
        "ko": "{framework}: 도시가 아니라 국가를 평가합니다. {city}의 값은 소속 국가({country})의 값입니다. 평균은 "
        "회원 도시마다 해당 국가의 값을 한 번씩 셉니다.",
    },
    "report.city_level": {
        "en": "The averages are over the active member cities, regions and districts with a score in this edition.",
        "ko": "평균은 이 회차에 값이 있는 활동 회원 도시·광역·기초 지방정부를 대상으로 합니다.",
    },
    "report.caveat": {"en": "Read with care: {caveat}", "ko": "해석 유의: {caveat}"},
    "report.no_score": {
        "en": "{city} has no score in the {framework} {edition}: no data (not zero). The members' averages are shown "
        "for reference.",
        "ko": "{framework} {edition}년: {city}의 값이 없습니다(0이 아니라 자료 없음). 회원 평균은 참고로 표시합니다.",
    },
    # key figures
    "report.kpi.score": {"en": "Overall score", "ko": "종합 점수"},
    "report.kpi.scale": {"en": "on a scale of {low} to {high}", "ko": "{low}–{high} 척도"},
    "report.kpi.band": {"en": "Band: {band}", "ko": "등급: {band}"},
    "report.kpi.rank": {"en": "Rank", "ko": "순위"},
    "report.kpi.rank_value": {"en": "{rank}", "ko": "{rank}위"},
    "report.kpi.rank_help": {
        "en": "As the source ranks it in this edition",
        "ko": "해당 회차 출처의 순위",
    },
    "report.kpi.members": {"en": "Members' average", "ko": "회원 평균"},
    "report.kpi.members_help": {"en": "{count} members scored", "ko": "값이 있는 회원 {count}곳"},
    "report.kpi.region": {"en": "{region} average", "ko": "{region} 평균"},
    "report.kpi.change": {
        "en": "{arrow}{change} since {edition}",
        "ko": "{edition}년 대비 {arrow}{change}",
    },
    "report.kpi.no_change": {"en": "no change since {edition}", "ko": "{edition}년 대비 변화 없음"},
    "report.kpi.rank_change": {
        "en": "{rank} in {edition}",
        "ko": "{edition}년 {rank}",
    },
    "report.kpi.first": {"en": "first assessment on record", "ko": "기록된 첫 진단"},
    # scores per dimension
    "report.scores.heading": {"en": "Scores per dimension", "ko": "영역별 점수"},
    "report.scores.table": {"en": "Scores", "ko": "점수"},
    "report.col.dimension": {"en": "Dimension", "ko": "영역"},
    "report.col.score": {"en": "Score", "ko": "점수"},
    "report.col.members": {"en": "Members' average", "ko": "회원 평균"},
    "report.col.region": {"en": "{region} average", "ko": "{region} 평균"},
    "report.col.gap": {"en": "Gap to the members' average", "ko": "회원 평균과의 차이"},
    "report.col.band": {"en": "Band", "ko": "등급"},
    "report.col.rank": {"en": "Rank", "ko": "순위"},
    "report.col.edition": {"en": "Edition", "ko": "회차"},
    "report.col.previous": {"en": "{edition}", "ko": "{edition}년"},
    "report.col.change": {"en": "Change", "ko": "변화"},
    "report.col.framework": {"en": "Framework", "ko": "진단 체계"},
    "report.profile_alt": {
        "en": "Bars of {city}'s scores per dimension in the {framework} {edition}, beside the members' and the "
        "{region} average.",
        "ko": "{framework} {edition}년 {city}의 영역별 점수 막대와 회원 평균 및 {region} 평균.",
    },
    "report.profile_title": {"en": "{city} against the averages", "ko": "{city}와 평균 비교"},
    "report.no_dimensions": {
        "en": "The {framework} has no dimensions: the overall score is all it gives.",
        "ko": "{framework}에는 세부 영역이 없어 종합 점수만 있습니다.",
    },
    # weakest dimensions
    "report.weakest.heading": {"en": "Weakest dimensions", "ko": "취약 영역"},
    "report.weakest.rule": {
        "en": "Rule: the {count} dimensions furthest below the members' average in this edition; a dimension at or "
        "above the average is never named.",
        "ko": "기준: 이 회차 회원 평균보다 가장 많이 낮은 영역 {count}개. 평균 이상인 영역은 꼽지 않습니다.",
    },
    "report.weakest.named": {
        "en": "{city}'s weakest dimensions: {names}.",
        "ko": "{city}의 취약 영역: {names}.",
    },
    "report.weakest.item": {
        "en": "{name} ({score}, {gap} below the members' average of {average})",
        "ko": "{name}({score}, 회원 평균 {average}보다 {gap} 낮음)",
    },
    "report.weakest.none_below": {
        "en": "No dimension of {city} is below the members' average: none is named.",
        "ko": "{city}: 회원 평균보다 낮은 영역이 없어 꼽지 않습니다.",
    },
    "report.weakest.no_dimensions": {
        "en": "None named: the {framework} has no dimensions.",
        "ko": "{framework}에는 세부 영역이 없어 꼽지 않습니다.",
    },
    "report.weakest.no_data": {
        "en": "None named: {city} has no dimension scores in this edition (no data).",
        "ko": "{city}: 이 회차의 영역별 값이 없어(자료 없음) 꼽지 않습니다.",
    },
    # change since the previous assessment
    "report.change.heading": {"en": "Change since the previous assessment", "ko": "직전 진단 대비 변화"},
    "report.change.table": {"en": "Change", "ko": "변화"},
    "report.change.intro": {
        "en": "The previous edition with a score of {city}: {previous}.",
        "ko": "{city}의 값이 있는 직전 회차: {previous}년.",
    },
    "report.change.none": {
        "en": "No earlier assessment of {city} in the {framework} is on record in this snapshot: no change to show.",
        "ko": "이 스냅숏에는 {framework}에서 {city}의 이전 진단 기록이 없어 변화를 표시하지 않습니다.",
    },
    "report.change.not_comparable": {
        "en": "The editions are not directly comparable (see the note above): read the change with the rank and "
        "band beside it.",
        "ko": "회차 간 값은 그대로 비교할 수 없습니다(위 안내 참조). 변화는 순위·등급과 함께 읽으십시오.",
    },
    # over the years
    "report.history.heading": {"en": "Over the editions", "ko": "회차별 추이"},
    "report.history.table": {"en": "Editions", "ko": "회차별"},
    "report.history_alt": {
        "en": "Lines of {city}'s {framework} scores over the editions, overall and per dimension.",
        "ko": "회차별 {city}의 {framework} 점수 선 그래프(종합 및 영역별).",
    },
    "report.history_title": {"en": "{city} over the editions", "ko": "회차별 {city}"},
    # national context
    "report.national.heading": {"en": "National context", "ko": "국가 여건"},
    "report.national.table": {"en": "National context", "ko": "국가 여건"},
    "report.national.intro": {
        "en": "{country}'s latest published scores, for context: they rate the country, not the city.",
        "ko": "참고: {country}의 최근 공개 값입니다. 도시가 아니라 국가를 평가한 값입니다.",
    },
    "report.national.none": {
        "en": "No national score of {country} is on record in this snapshot.",
        "ko": "이 스냅숏에는 {country}의 국가 값 기록이 없습니다.",
    },
    # the source line and the workbook
    "report.credit": {"en": "Source: {source}", "ko": "출처: {source}"},
    "report.assessed_on": {"en": "Assessed on {date}.", "ko": "진단일: {date}."},
    "report.about": {"en": "About", "ko": "정보"},
    "report.snapshot": {"en": "Snapshot", "ko": "스냅숏"},
    "report.as_of": {"en": "Data as of", "ko": "데이터 기준일"},
    "report.generated": {"en": "Generated", "ko": "생성 일시"},
    # the page's buttons
    "report.pdf_button": {"en": "City report (PDF)", "ko": "도시 보고서(PDF)"},
    "report.pdf_download": {"en": "Download the city report (PDF)", "ko": "도시 보고서 내려받기(PDF)"},
    "report.xlsx_download": {"en": "City report (Excel)", "ko": "도시 보고서(Excel)"},
    "report.failed": {
        "en": "The city report could not be made. The secretariat can see why in the server log.",
        "ko": "도시 보고서를 만들지 못했습니다. 사무국은 서버 로그에서 원인을 확인할 수 있습니다.",
    },
}
