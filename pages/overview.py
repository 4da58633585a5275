"""Overview: the briefing at a glance — reported figures, membership over time, upcoming events, the agenda."""

import streamlit as st

from wego_ui import layout, sections
from wego_view import fmt

ctx = layout.header("overview.title", None)
t, lang, unit, sid = ctx.t, ctx.lang, ctx.unit, ctx.snapshot_id
st.caption(t("overview.caption"))
sections.kpis(ctx)

left, right = st.columns([3, 2])
with left:
    sections.membership_chart(ctx)
with right:
    layout.section(t("overview.agenda"))
    AGENDA = (
        ("agenda.operations", "pages/programs.py", ":material/event_note:", {}),
        ("agenda.offices", "pages/offices.py", ":material/apartment:", {}),
        ("agenda.members", "pages/members.py", ":material/how_to_reg:", {"status": "applicant"}),
        ("agenda.assembly", "pages/programs.py", ":material/groups:", {"kind": "general_assembly"}),
    )
    for key, page, icon, params in AGENDA:
        keep = {"lang": lang, "unit": unit, "snapshot": sid}
        st.page_link(page, label=t(key), icon=icon, query_params={**keep, **params})

st.subheader(t("overview.upcoming", date=fmt.date(ctx.as_of, lang)))
sections.upcoming(ctx)
