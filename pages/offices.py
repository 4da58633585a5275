"""Regional offices: the secretariat and the offices on a map with arcs to the members each covers; one card each."""

import pandas as pd
import streamlit as st

from wego_ui import data, layout
from wego_view import fmt, maps, theme
from wego_view.i18n import pick, place

ctx = layout.header("offices.title")
t, lang, sid = ctx.t, ctx.lang, ctx.snapshot_id
st.caption(t("offices.caption"))

offices = data.q("offices", sid)
if offices.empty:
    st.info(t("offices.none"), icon=":material/domain_disabled:")
    st.stop()
arcs = data.q("office_arcs", sid)
st.subheader(t("offices.map_title"))
st.pydeck_chart(
    maps.offices_map(offices, arcs, lang, t, compact=layout.is_phone()),
    height=maps.MAP_HEIGHT,
    alt=t("offices.map_alt", count=fmt.integer(len(offices), lang)),
)
layout.legend(
    {t("office.secretariat"): theme.TEXT, **{t(f"region.{r}"): c for r, c in theme.REGION_COLORS.items()}},
    t("offices.legend"),
)
uncovered = data.q("uncovered_members", sid)
if not uncovered.empty:
    regions = ", ".join(
        f"{t('region.' + r)} {fmt.integer(n, lang)}" for r, n in zip(uncovered["region"], uncovered["members"])
    )
    st.caption(t("offices.uncovered", count=fmt.integer(int(uncovered["members"].sum()), lang), regions=regions))

columns = st.columns(3)
for index, office in enumerate(offices.to_dict("records")):
    with columns[index % 3].container(border=True):
        kind = t("office.secretariat") if office["kind"] == "secretariat" else t("office.regional")
        city_ko = office["host_name_ko"] if office["host_name_en"] == office["city"] else None
        st.markdown(f"**{layout.md_escape(pick(office, 'name', lang))}**")
        st.caption(layout.md_escape(f"{kind} · {place(office['city'], office['country_iso3'], lang, city_ko)}"))
        # The host's name from the registry; its id where the host is no longer an active member.
        host = pick({"name_en": office["host_name_en"], "name_ko": office["host_name_ko"]}, "name", lang)
        host = host or office["host_member_id"]
        covers = t("office.covers_all") if pd.isna(office["covers"]) else t(f"region.{office['covers']}")
        rows = {
            t("office.host"): host,
            t("office.opened"): fmt.date(office["opened_on"], lang, office["opened_precision"]),
            t("office.covers"): covers,
            t("office.members"): fmt.integer(office["members_covered"], lang),
            t("office.events"): fmt.integer(office["events_held"], lang),
        }
        for label, value in rows.items():
            left, right = st.columns([3, 2])
            left.caption(label)
            right.markdown(f"**{layout.md_escape(value)}**")
