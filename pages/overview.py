"""Overview: the briefing at a glance — dated figures with their change, membership over time, the meeting in view
with its agenda and decisions, upcoming events (built in wego_view.sections, drawn here)."""

from wego_ui import layout, render

ctx = layout.header("overview.title")
render.section("overview", render.view_context(ctx))
