"""What changed: two snapshots compared, by default the snapshot in view against the one before it (the same diff as
the CLI; built in wego_view.changes, drawn here)."""

import streamlit as st

from wego_ui import layout, render

ctx = layout.header("changes.title")
# "Compare from" offers every snapshot but the one compared to: the choice made so far (this page's control, else the
# link's), checked against the published snapshots by the section's controls.
so_far = st.session_state.get("url_new") or st.query_params.get("new")
view = render.view_context(ctx, {"new": so_far} if so_far else None)
view = render.controls("changes", view)
render.section("changes", view)
