"""Phone and tablet layouts (issue #10): the constant stylesheet for narrow screens."""

from __future__ import annotations

import streamlit as st

# Streamlit stacks its columns below 640 px: the same width is a phone here.
PHONE_MAX_PX = 640
# A Korean timeline's labels need about twice the room of English ones: the list replaces the chart up to a tablet's
# width held sideways (1024 px) there.
KOREAN_LIST_MAX_PX = 1100

_STYLE = f"""
<style>
/* The KPI strip: three figures to a row, each a share of the row; two to a row on a phone, denser. */
[class*="st-key-wego-kpis-"] > div {{ flex: 1 1 calc(33.3% - 1rem); min-width: calc(33.3% - 1rem); }}
/* Both versions of a table and of the timeline are drawn; the screen's width picks one. */
@media (min-width: {PHONE_MAX_PX + 1}px) {{
  [class*="st-key-wego-narrow-"], .st-key-wego-phases-en {{ display: none !important; }}
}}
@media (min-width: {KOREAN_LIST_MAX_PX + 1}px) {{
  .st-key-wego-phases-ko {{ display: none !important; }}
}}
@media (max-width: {KOREAN_LIST_MAX_PX}px) {{
  .st-key-wego-gantt-chart-ko {{ display: none !important; }}
}}
@media (max-width: {PHONE_MAX_PX}px) {{
  [class*="st-key-wego-wide-"], .st-key-wego-gantt-chart-en {{ display: none !important; }}
  [class*="st-key-wego-kpis-"] > div {{ flex: 1 1 calc(50% - 0.5rem); min-width: calc(50% - 0.5rem); }}
  [class*="st-key-wego-kpis-"] [data-testid="stMetric"] {{ padding: 0.45rem 0.6rem; }}
  [class*="st-key-wego-kpis-"] [data-testid="stMetricValue"] {{ font-size: 1.45rem; }}
  [class*="st-key-wego-kpis-"] [data-testid="stMetricLabel"] p {{ font-size: 0.8rem; }}
  /* A figure's label wraps rather than ending in "…". */
  [class*="st-key-wego-kpis-"] [data-testid="stMetricLabel"] * {{
    white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  }}
  [class*="st-key-wego-kpis-"] [data-testid="stCaptionContainer"] {{ font-size: 0.75rem; }}
  /* A chart's title a size smaller, so that a long one still fits the width. */
  .js-plotly-plot .gtitle {{ font-size: 15px !important; }}
}}
/* A page link's label wraps rather than running under the screen's edge. */
[data-testid="stPageLink"] p, [data-testid="stPageLink-NavLink"] span {{ white-space: normal; }}
</style>
"""


def style() -> None:
    """Narrow screens' stylesheet; a constant, no data in it."""
    st.html(_STYLE)
