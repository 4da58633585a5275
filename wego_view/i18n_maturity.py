"""Strings of the Digital maturity page and section (issue #11)."""

MATURITY_CATALOG: dict[str, dict[str, str]] = {
    "nav.maturity": {"en": "Digital maturity", "ko": "전자정부 성숙도"},
    "maturity.caption": {
        "en": "Members' digital government maturity: a city's own diagnosis (CeDS) where loaded, and the UN's "
        "indices of its country as national context. Local-government members (cities, regions, districts) only.",
        "ko": "회원의 전자정부 성숙도: 도시 자체 진단(CeDS)이 적재된 경우 그 결과와, 국가 차원의 맥락으로 UN 지수를 "
        "보여 줍니다. 지방정부 회원(도시, 광역, 자치구)만 포함합니다.",
    },
    "maturity.filter.framework": {"en": "Framework", "ko": "진단 체계"},
    "maturity.filter.edition": {"en": "Edition", "ko": "회차"},
    "maturity.filter.city": {"en": "One city over the years", "ko": "연도별로 볼 도시"},
    "maturity.filter.cities": {"en": "Cities compared", "ko": "비교할 도시"},
    "maturity.filter.cities_most": {"en": "Compare up to {count} cities", "ko": "비교할 도시(최대 {count}곳)"},
    "maturity.overall": {"en": "Overall", "ko": "종합"},
    "maturity.no_data": {"en": "No data", "ko": "자료 없음"},
    "maturity.results_of": {"en": "Each city's {name} diagnosis", "ko": "도시별 {name} 진단 결과"},
    "maturity.none_loaded_city": {
        "en": "No {name} results are loaded in this snapshot. The secretariat exports them from the CeDS platform and "
        "loads them with the CeDS template ({doc}); this page then shows them.",
        "ko": "이 스냅숏에는 {name} 결과가 적재되어 있지 않습니다. 사무국이 CeDS 플랫폼에서 내려받아 "
        "CeDS 양식({doc})으로 적재하면 이 페이지에 표시됩니다.",
    },
    "maturity.none_loaded": {
        "en": "No {name} results are loaded in this snapshot.",
        "ko": "이 스냅숏에는 {name} 결과가 적재되어 있지 않습니다.",
    },
    "maturity.no_frameworks": {
        "en": "This snapshot has no maturity data: it was published before assessments were part of the data. "
        "Choose a newer snapshot in the sidebar.",
        "ko": "이 스냅숏에는 성숙도 자료가 없습니다. 진단 자료가 데이터에 포함되기 전에 게시된 스냅숏입니다. "
        "사이드바에서 더 최근 스냅숏을 선택하십시오.",
    },
    "maturity.no_results": {
        "en": "No framework has results for you in this snapshot.",
        "ko": "이 스냅숏에는 열람할 수 있는 진단 결과가 없습니다.",
    },
    "maturity.framework_edition": {"en": "{name}, {edition} edition", "ko": "{name}, {edition}년 회차"},
    "maturity.source": {"en": "Source: {source}", "ko": "출처: {source}"},
    "maturity.method": {"en": "Method: {source}", "ko": "방법론: {source}"},
    "maturity.kpi.scored": {"en": "Members scored", "ko": "값이 있는 회원"},
    "maturity.kpi.scored_help": {
        "en": "Of the {total} active local-government members.",
        "ko": "활동 중인 지방정부 회원 {total}곳 중.",
    },
    "maturity.kpi.no_data": {"en": "Members with no data", "ko": "자료 없는 회원"},
    "maturity.kpi.no_data_help": {
        "en": "No score in this edition: shown as no data, never as zero.",
        "ko": "이 회차에 점수가 없는 회원: 0이 아니라 '자료 없음'으로 표시합니다.",
    },
    "maturity.kpi.average": {"en": "Members' average", "ko": "회원 평균"},
    "maturity.kpi.average_help": {
        "en": "The mean of the members' scores in this edition.",
        "ko": "이 회차 회원 점수의 평균입니다.",
    },
    "maturity.kpi.average_country_help": {
        "en": "The framework rates countries: each member counts its country's score, so a country with several "
        "members counts once for each of them.",
        "ko": "국가를 평가하는 체계입니다. 각 회원은 소속 국가의 점수로 계산되며, 회원이 여럿인 국가는 회원 수만큼 "
        "반영됩니다.",
    },
    "maturity.kpi.top_band": {"en": "In the top band ({band})", "ko": "최상위 등급({band})"},
    "maturity.kpi.top_band_help": {"en": "Bands: {rule}.", "ko": "등급 기준: {rule}."},
    "maturity.band_rule.lower_inclusive": {
        "en": "{band} from {lower} to below {upper}",
        "ko": "{band} {lower} 이상 {upper} 미만",
    },
    "maturity.band_rule.lower_inclusive_top": {"en": "{band} from {lower}", "ko": "{band} {lower} 이상"},
    "maturity.band_rule.upper_inclusive": {
        "en": "{band} above {lower} up to {upper}",
        "ko": "{band} {lower} 초과 {upper} 이하",
    },
    "maturity.band_rule.upper_inclusive_top": {"en": "{band} above {lower}", "ko": "{band} {lower} 초과"},
    "maturity.legend_rule": {"en": "Bands by overall score: {rule}.", "ko": "종합 점수에 따른 등급: {rule}."},
    "maturity.no_bands": {
        "en": "This framework defines no bands: members are shown as scored or with no data.",
        "ko": "이 체계에는 등급이 없습니다. 회원은 점수 있음 또는 자료 없음으로 표시됩니다.",
    },
    "maturity.scored": {"en": "Scored", "ko": "점수 있음"},
    "maturity.map_title": {"en": "Members by band, {name} {edition}", "ko": "등급별 회원, {name} {edition}년"},
    "maturity.map_alt": {
        "en": "Map of {count} scored members coloured by their {name} {edition} band, grey where there is no data",
        "ko": "{name} {edition}년 등급별로 색칠한 회원 {count}곳의 지도(자료 없음은 회색)",
    },
    "maturity.bands_title": {
        "en": "Members per band by region ({name} {edition})",
        "ko": "지역별 등급 회원 수 ({name} {edition}년)",
    },
    "maturity.bands_alt": {
        "en": "Stacked bars: members per {name} {edition} band in each WeGO region, no data as its own segment",
        "ko": "누적 막대: WeGO 지역별 {name} {edition}년 등급 회원 수(자료 없음은 별도 구간)",
    },
    "maturity.by_region": {"en": "By continent (WeGO regions)", "ko": "대륙별(WeGO 지역)"},
    "maturity.bands_table": {"en": "Members per band by region, {edition}", "ko": "지역별 등급 회원 수, {edition}년"},
    "maturity.no_data_named": {
        "en": "Members with no data ({count}): {names}.",
        "ko": "자료 없는 회원({count}곳): {names}.",
    },
    "maturity.no_data_none": {
        "en": "Every member has a score in this edition.",
        "ko": "이 회차에는 모든 회원에게 점수가 있습니다.",
    },
    "maturity.spread_title": {
        "en": "Spread of scores by region ({name} {edition})",
        "ko": "지역별 점수 분포 ({name} {edition}년)",
    },
    "maturity.spread_alt": {
        "en": "Box chart per region for {edition}: lowest, lower quartile, median, upper quartile and highest score",
        "ko": "{edition}년 지역별 상자 그림: 최저, 하위 사분위, 중앙값, 상위 사분위, 최고 점수",
    },
    "maturity.median": {"en": "median", "ko": "중앙값"},
    "maturity.members_short": {"en": "members", "ko": "회원"},
    "maturity.spread_note": {
        "en": "The spread is shown for the chosen edition only: where a framework rates against each edition's "
        "field (the EGDI), values of different editions are not comparable; choose another edition to see its "
        "spread.",
        "ko": "분포는 선택한 회차만 보여 줍니다. 회차마다 상대 평가하는 체계(EGDI)는 회차 간 값을 비교할 수 없습니다. "
        "다른 회차의 분포는 회차를 바꿔 보십시오.",
    },
    "maturity.city_title": {"en": "{city} over the editions", "ko": "{city}의 회차별 변화"},
    "maturity.city_country": {
        "en": "{city} is shown with the score of its country, {country}.",
        "ko": "{city}은(는) 소속 국가인 {country}의 점수로 표시됩니다.",
    },
    "maturity.history_title": {
        "en": "{name}: {city}, overall and per dimension",
        "ko": "{name}: {city}, 종합 및 영역별",
    },
    "maturity.history_alt": {
        "en": "Line chart of {city}'s {name} over the editions, overall and per dimension",
        "ko": "{city}의 회차별 {name} 선 그래프(종합 및 영역별)",
    },
    "maturity.col.edition": {"en": "Edition", "ko": "회차"},
    "maturity.col.score": {"en": "Score", "ko": "점수"},
    "maturity.col.rank": {"en": "Rank", "ko": "순위"},
    "maturity.col.band": {"en": "Band", "ko": "등급"},
    "maturity.city_table": {"en": "{city} by edition", "ko": "{city} 회차별"},
    "maturity.city_caveat": {
        "en": "Values are not comparable between editions: read the change in rank and band beside each value.",
        "ko": "회차 간 값은 비교할 수 없습니다. 각 값 옆의 순위와 등급 변화를 함께 보십시오.",
    },
    "maturity.compare_title": {"en": "Cities side by side, {edition}", "ko": "도시 비교, {edition}년"},
    "maturity.average_all": {"en": "Members' average", "ko": "회원 평균"},
    "maturity.average_region": {"en": "{region} average", "ko": "{region} 평균"},
    "maturity.compare_chart": {
        "en": "{name} {edition} per dimension, against the average",
        "ko": "{name} {edition}년 영역별 점수와 평균 비교",
    },
    "maturity.compare_alt": {
        "en": "Bars: {name} {edition} per dimension of the cities chosen ({count}), the members' average as a marker "
        "on each row",
        "ko": "막대: 도시 {count}곳의 {name} {edition}년 영역별 점수, 각 행의 표식은 회원 평균",
    },
    "maturity.overall_only": {
        "en": "{name} has no dimensions: the overall score only.",
        "ko": "{name}에는 세부 영역이 없어 종합 점수만 표시합니다.",
    },
    "maturity.members_title": {"en": "Each member's latest scores", "ko": "회원별 최신 점수"},
    "maturity.col.country_of": {"en": "country", "ko": "국가"},
    "maturity.col.own": {"en": "own", "ko": "자체"},
    "maturity.col.fw_score": {"en": "{name} {edition} ({whose})", "ko": "{name} {edition}년({whose})"},
    "maturity.col.fw_rank": {"en": "{name} rank", "ko": "{name} 순위"},
    "maturity.col.fw_band": {"en": "{name} band", "ko": "{name} 등급"},
    "maturity.tooltip": {"en": "Score {score} · {band}", "ko": "점수 {score} · {band}"},
    "maturity.report_here": {
        "en": "The city report (PDF, XLSX) of the city above is printed from here.",
        "ko": "위 도시의 진단 보고서(PDF, XLSX)는 여기에서 인쇄합니다.",
    },
}
