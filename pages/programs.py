"""Programs and events: the Gantt timeline of program phases, the event list and map, assembly history."""

from wego_ui import layout, render

ctx = layout.header("programs.title")
view = render.controls("programs", render.view_context(ctx))
render.section("programs", view)
view = render.controls("events", view)
render.section("events", view)
