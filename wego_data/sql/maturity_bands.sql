-- A framework's bands, lowest first, each with its upper bound (the next band's lower; the scale maximum for the
-- highest) and where a boundary value falls (the framework's band_rule).
with framework as (
    select * from wego_frameworks($frameworks, $audience, $as_of)
    where framework_id = $framework
)

select
    b.band_id,
    b.seq,
    b.lower,
    coalesce(lead(b.lower) over (order by b.seq), f.scale_max) as upper,
    b.name_en,
    b.name_ko,
    f.band_rule,
from wego_framework_bands($framework_bands, $audience, $as_of) as b
join framework as f on f.framework_id = b.framework_id
order by b.seq
