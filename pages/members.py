"""Members: the map on an offline basemap, filters, counts by region against the reported counts, the table."""

from wego_ui import layout, render

ctx = layout.header("members.title")
view = render.controls("members", render.view_context(ctx))
render.section("members", view)
