-- How many active local-government members of each WeGO region fall in each band of one framework's edition (the
-- overall score), and how many have no data (band_id null); the regions in WeGO's order, then the bands lowest first.
with regions as (
    select * from (
        values (1, 'Asia'), (2, 'Africa'), (3, 'Europe'), (4, 'Americas'), (5, 'Middle East'), (6, 'Oceania')
    ) as regions (region_order, region)
),

overall as (
    select * from wego_maturity_scores(
        $frameworks, $framework_bands, $framework_dimensions, $members, $assessments, $audience, $as_of,
        $framework, $edition, null
    )
    where dimension_id is null
)

select
    r.region,
    o.band_id,
    o.band_seq,
    o.band_name_en,
    o.band_name_ko,
    count(*) as members,
from overall as o
join regions as r on r.region = o.region
group by all
order by any_value(r.region_order), o.band_seq nulls last
