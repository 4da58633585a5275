-- A framework's dimensions in reading order: each top-level dimension, then its children.
with dims as (
    select * from wego_framework_dimensions($framework_dimensions, $audience, $as_of)
    where framework_id = $framework
)

select
    d.dimension_id,
    d.parent_id,
    d.seq,
    d.name_en,
    d.name_ko,
    d.questions,
    d.weight,
    d.parent_id is null as top_level,
    not exists (select 1 from dims as c where c.parent_id = d.dimension_id) as leaf,
from dims as d
left join dims as p on p.dimension_id = d.parent_id
order by coalesce(p.seq, d.seq), d.parent_id is not null, d.seq
