"""Regional offices: the secretariat and the offices on a map with arcs to the members each covers; one card each."""

from wego_ui import layout, render

ctx = layout.header("offices.title")
render.section("offices", render.view_context(ctx))
