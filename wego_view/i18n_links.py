"""Strings of copied links, history and clicks on charts (issue #10)."""

LINKS_CATALOG: dict[str, dict[str, str]] = {
    # Under a chart or map whose marks filter the page (wego_ui.charts): what a click does, and how to undo it.
    "links.hint_bar.region": {
        # On a touch screen plotly selects on the second tap (the first shows the bar's values): said so.
        "en": "Click a region's bar (on a touch screen, tap it twice) to show that region only; Back undoes it.",
        "ko": "지역 막대를 누르면(터치 화면에서는 두 번 탭) 그 지역만 표시합니다. 뒤로 가기로 되돌립니다.",
    },
    "links.hint_point.region": {
        "en": "Click or tap a point to show its region only; Back undoes it.",
        "ko": "지점을 누르면 그 지역만 표시합니다. 뒤로 가기로 되돌립니다.",
    },
}
