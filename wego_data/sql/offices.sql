-- Offices open on the snapshot date, with the members each covers (the secretariat: all of them) and the events held in its region since it opened.
with offices as (
    select * from read_parquet($offices)
    where opened_on <= $as_of
      and (closed_on is null or closed_on > $as_of)
),

members as (
    select * from read_parquet($members)
    where status = 'active'
),

events as (
    select * from read_parquet($events)
),

hosts as (
    select member_id, name_en as host_name_en, name_ko as host_name_ko
    from members
),

-- A member is covered by one regional office: the nearest open office covering its region (great-circle distance;
-- two offices in one region, such as Chengdu and Almaty, share it out instead of counting each member twice).
candidates as (
    select
        members.member_id,
        offices.office_id,
        2 * 6371 * asin(sqrt(
            pow(sin(radians(members.latitude - offices.latitude) / 2), 2)
            + cos(radians(members.latitude)) * cos(radians(offices.latitude))
            * pow(sin(radians(members.longitude - offices.longitude) / 2), 2)
        )) as distance_km,
    from members
    inner join offices
        on offices.kind = 'regional'
       and offices.covers = members.region
),

coverage as (
    select member_id, arg_min(office_id, distance_km) as office_id
    from candidates
    group by member_id
),

covered as (
    select
        offices.office_id,
        case
            when offices.kind = 'secretariat' then (select count(*) from members)
            else count(coverage.member_id)
        end as members_covered,
    from offices
    left join coverage using (office_id)
    group by offices.office_id, offices.kind
),

countries as (
    select iso3, wego_region from read_csv($countries, all_varchar = true)
),

held_events as (
    select events.event_id, events.starts_on, countries.wego_region as region
    from events
    left join countries on countries.iso3 = events.country_iso3
    where events.status = 'held'
),

held as (
    select
        offices.office_id,
        count(held_events.event_id) as events_held,
    from offices
    left join held_events
        on held_events.starts_on >= offices.opened_on
       and (offices.covers is null or held_events.region = offices.covers)
    group by offices.office_id
),

final as (
    select
        offices.*,
        hosts.host_name_en,
        hosts.host_name_ko,
        covered.members_covered,
        held.events_held,
    from offices
    left join hosts on hosts.member_id = offices.host_member_id
    left join covered using (office_id)
    left join held using (office_id)
)

select * from final
order by kind desc, opened_on, office_id
