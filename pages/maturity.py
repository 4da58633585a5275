"""Digital maturity (issue #11): members by band on a map and by continent, one city over the editions, up to five
cities side by side, each member's latest scores; the city report of the city in view."""

from wego_ui import data, layout, render, report
from wego_view import maturity

ctx = layout.header("nav.maturity")
view = render.controls("maturity", render.view_context(ctx))
built = data.section_blocks("maturity", view)
split = maturity.compare_index(built)
render.draw(built[:split], view)
city = maturity.city_in_view(view)
if city is not None:  # the one city's report (PDF, XLSX), under its part of the page
    report.report_buttons(view, *city)
render.draw(built[split:], view)
