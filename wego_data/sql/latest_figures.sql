-- The organization's most recent published value of each figure on or before the snapshot date.
with figures as (
    select * from wego_reported_figures($reported_figures, $audience, $as_of)
    where as_of <= $as_of
),

ranked as (
    select
        figures.*,
        row_number() over (partition by figure order by as_of desc) as recency,
    from figures
)

select figure, as_of, as_of_precision, value, note_en, note_ko, source
from ranked
where recency = 1
order by figure
