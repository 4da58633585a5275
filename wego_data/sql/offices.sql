-- Offices open on the snapshot date, with the events held in its region since it opened (queries.offices adds the
-- members each covers, from member_coverage.sql).
with offices as (
    select * from wego_offices($offices, $audience, $as_of)
    where opened_on <= $as_of
      and (closed_on is null or closed_on > $as_of)
),

members as (
    select * from wego_members($members, $audience, $as_of)
    where status = 'active'
),

events as (
    select * from wego_events($events, $audience, $as_of)
),

hosts as (
    select member_id, name_en as host_name_en, name_ko as host_name_ko
    from members
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
        held.events_held,
    from offices
    left join hosts on hosts.member_id = offices.host_member_id
    left join held using (office_id)
)

select * from final
order by kind desc, opened_on, office_id
