-- Published figures that appear in the newer snapshot only (new counts, totals, budgets).
with old as (
    select * from read_parquet($old_reported_figures)
),

new as (
    select * from read_parquet($new_reported_figures)
),

added as (
    select new.*
    from new
    anti join old using (figure, as_of)
)

select * from added
order by as_of, figure
