"""Budget and spending: a settlement year's lines, hierarchy and reconciliation; the program plan by area."""

from wego_ui import layout, render

ctx = layout.header("budget.title")
view = render.controls("budget", render.view_context(ctx), columns=4)
render.section("budget", view)
