-- How many active local-government members of each WeGO region fall in each band of one framework's edition (the
-- overall score), and how many have no data; the regions in WeGO's order, then the bands lowest first.
-- The scores are maturity_scores.sql's, read for $edition (with $member null).
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
,

regions as (
    select * from (
        values (1, 'Asia'), (2, 'Africa'), (3, 'Europe'), (4, 'Americas'), (5, 'Middle East'), (6, 'Oceania')
    ) as regions (region_order, region)
),

overall as (
    select * from scored where dimension_id is null
)

select
    r.region,
    o.band_id,
    b.seq as band_seq,
    b.name_en as band_name_en,
    b.name_ko as band_name_ko,
    count(*) as members,
from overall as o
join regions as r on r.region = o.region
left join bands as b on b.band_id = o.band_id
group by all
order by any_value(r.region_order), b.seq nulls last
