-- Members the registry lists per WeGO region, beside the organization's latest published count per region.
with members as (
    select * from wego_members($members, $audience, $as_of)
    where status = 'active'
),

listed as (
    select region, count(*) as listed_members
    from members
    group by region
),

figures as (
    select * from wego_reported_figures($reported_figures, $audience, $as_of)
    where figure like 'members\_%' escape '\'
      and as_of <= $as_of
),

latest as (
    select
        figure,
        value,
        as_of,
        row_number() over (partition by figure order by as_of desc) as recency,
    from figures
),

regions as (
    select * from (
        values (1, 'Asia'), (2, 'Africa'), (3, 'Europe'), (4, 'Americas'), (5, 'Middle East'), (6, 'Oceania')
    ) as regions (region_order, region)
),

joined as (
    select
        regions.region_order,
        regions.region,
        coalesce(listed.listed_members, 0) as listed_members,
        latest.value as reported_members,
        latest.as_of as reported_as_of,
    from regions
    left join listed on listed.region = regions.region
    left join latest
        on latest.figure = 'members_' || replace(lower(regions.region), ' ', '_')
       and latest.recency = 1
)

-- WeGO's own order of the regions, every time (a join's rows come in no set order)
select * exclude (region_order) from joined
order by region_order
