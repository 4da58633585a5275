-- The average score per dimension (dimension_id null: overall) of one framework's edition: over every active
-- local-government member scored (region null) and per WeGO region, with how many members it averages.
-- A country framework counts a country once per member in it, as each member reads its country's score.
with framework as (
    select * from wego_frameworks($frameworks, $audience, $as_of)
    where framework_id = $framework
),

members as (
    select m.*, case f.level when 'city' then m.member_id else m.country_iso3 end as subject,
    from wego_members($members, $audience, $as_of) as m, framework as f
    where m.status = 'active' and m.kind in ('city', 'region', 'district')
      and ($member is null or m.member_id = $member)
),

assessments as (
    select * from wego_assessments($assessments, $audience, $as_of)
    where framework_id = $framework
),

editions as (
    select distinct edition from assessments
    where $edition is null or edition = $edition
    union
    -- the chosen edition even where nothing is scored in it (every member then reads "no data")
    select $edition where $edition is not null
),

dimensions as (
    select null::varchar as dimension_id
    union all
    select dimension_id from wego_framework_dimensions($framework_dimensions, $audience, $as_of)
    where framework_id = $framework
),

bands as (
    select
        b.band_id,
        b.seq,
        b.lower,
        lead(b.lower) over (order by b.seq) as upper,
        b.name_en,
        b.name_ko,
    from wego_framework_bands($framework_bands, $audience, $as_of) as b
    where b.framework_id = $framework
),

scored as (
    select
        m.member_id,
        m.name_en,
        m.name_ko,
        m.kind,
        m.country_iso3,
        m.region,
        m.latitude,
        m.longitude,
        m.subject,
        e.edition,
        d.dimension_id,
        a.score,
        a.rank,
        a.assessed_on,
        a.source,
        coalesce(a.band, (
            select b.band_id from bands as b, framework as f
            where case f.band_rule
                when 'lower_inclusive' then b.lower <= a.score and (b.upper is null or a.score < b.upper)
                else (b.lower < a.score or b.seq = 1) and (b.upper is null or a.score <= b.upper)
            end
        )) as band_id,
    from members as m
    cross join editions as e
    cross join dimensions as d
    left join assessments as a
        on a.subject = m.subject
       and a.edition = e.edition
       and a.dimension_id is not distinct from d.dimension_id
)

select
    region,
    dimension_id,
    avg(score) as average,
    count(score) as members_scored,
from scored
where score is not null
group by grouping sets ((dimension_id), (region, dimension_id))
order by region nulls first, dimension_id nulls first
