-- Published figures that appear in the newer snapshot only (new counts, totals, budgets).
with old as (
    select * from wego_reported_figures($old_reported_figures, $audience, $old_as_of)
),

new as (
    select * from wego_reported_figures($new_reported_figures, $audience, $new_as_of)
),

added as (
    select new.*
    from new
    anti join old using (figure, as_of)
)

select * from added
order by as_of, figure
