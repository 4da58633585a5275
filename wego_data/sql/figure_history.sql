-- One published figure over time (e.g. members_total), up to the snapshot date.
with figures as (
    select * from wego_reported_figures($reported_figures, $audience, $as_of)
    where figure = $figure
      and as_of <= $as_of
)

select figure, as_of, as_of_precision, value, note_en, note_ko, source
from figures
order by as_of
