"""Members: the map on an offline basemap, filters, counts by region against the reported counts, the table."""

import pandas as pd
import streamlit as st

from wego_data.queries import MEMBER_FILTERS
from wego_ui import data, layout, state
from wego_view import figures, fmt, maps, theme
from wego_view.i18n import country, localized

ctx = layout.header("members.title")
t, lang, unit, sid = ctx.t, ctx.lang, ctx.unit, ctx.snapshot_id
st.caption(t("members.caption"))

f1, f2, f3, f4 = st.columns([1, 1, 1, 1.4], vertical_alignment="bottom")
region = state.filter_select("region", t("filter.region"), MEMBER_FILTERS["region"], t, "region", container=f1)
member_type = state.filter_select(
    "type", t("filter.member_type"), MEMBER_FILTERS["member_type"], t, "member_type", container=f2
)
status = state.filter_select("status", t("filter.status"), MEMBER_FILTERS["status"], t, "status", container=f3)
search = state.text("q", t("filter.search"), container=f4, placeholder=t("filter.search_help"))
excom_only = state.toggle("excom", t("filter.excom"))
if status == "applicant":
    st.caption(t("members.applicants_note"))

shown = data.q(
    "members", sid, region=region, member_type=member_type, status=status, excom_only=excom_only, search=search
)
st.subheader(t("members.map_title", count=fmt.integer(len(shown), lang)))
if shown.empty:
    st.info(t("empty.filtered"), icon=":material/filter_alt_off:")
st.pydeck_chart(
    maps.members_map(shown, lang, t, compact=layout.is_phone()),
    height=maps.MAP_HEIGHT,
    alt=t("members.map_alt", count=fmt.integer(len(shown), lang)),
)
layout.legend({t(f"region.{r}"): c for r, c in theme.REGION_COLORS.items()}, t("members.legend"))

counts = data.q("members_by_region", sid)
figs = data.q("latest_figures", sid)
left, right = st.columns([3, 2])
with left:
    layout.chart(figures.members_by_region(counts, lang, t), f"wego-members-by-region-{sid}")
with right:
    total = figs.get("members_total")
    if total is not None:
        st.info(
            t(
                "members.registry_gap",
                reported=fmt.integer(total["value"], lang),
                date=fmt.date(total["as_of"], lang, total["as_of_precision"]),
                listed=fmt.integer(int(counts["listed_members"].sum()), lang),
            ),
            icon=":material/info:",
        )
    dated = counts[counts["reported_as_of"].notna()]
    if not dated.empty:
        st.caption(t("members.reported_as_of", date=fmt.date(dated["reported_as_of"].max(), lang, "month")))

st.subheader(t("members.table"))
frame = pd.DataFrame(
    {
        t("col.name"): localized(shown, "name", lang),
        t("col.country"): [country(c, lang) for c in shown["country_iso3"]],
        t("col.region"): [t(f"region.{r}") for r in shown["region"]],
        t("col.kind"): [t(f"kind.{k}") for k in shown["kind"]],
        t("col.member_type"): [t(f"member_type.{m}") for m in shown["member_type"]],
        t("col.status"): [t(f"status.{s}") for s in shown["status"]],
        t("col.excom_role"): [t(f"excom_role.{r}") for r in shown["excom_role"]],
        t("col.since"): [fmt.member_since(j, y, lang, t) for j, y in zip(shown["joined_on"], shown["first_seen_year"])],
        t("col.source"): shown["source"],
    }
)
layout.table(frame)
layout.downloads(frame, f"wego-members-{sid}", t("members.table"))
