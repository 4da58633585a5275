-- Events matching the filters (year of the start date, kind, program area; null matches everything), optionally only
-- those still to come or under way on a date and not cancelled ($after: ending on or after it), or only the general assemblies and EXCOM meetings held
-- ($held_meetings). city_ko: the event's own Korean city name, else (a snapshot published before the column existed)
-- the Korean name of the member city of the same English name, where there is one.
with events as (
    select * from wego_events($events, $audience, $as_of)
),

programs as (
    select program_id, area from wego_programs($programs, $audience, $as_of)
),

city_names as (
    select name_en as city, any_value(name_ko) as city_ko
    from wego_members($members, $audience, $as_of)
    where name_ko is not null
    group by name_en
),

final as (
    select
        events.* replace (coalesce(events.city_ko, city_names.city_ko) as city_ko),
        programs.area,
    from events
    left join programs using (program_id)
    left join city_names on city_names.city = events.city
    where ($year is null or year(events.starts_on) = $year)
      and ($kind is null or events.kind = $kind)
      and ($area is null or programs.area = $area)
      and ($after is null or (events.ends_on >= $after and events.status <> 'cancelled'))
      and (not $held_meetings or (events.kind in ('general_assembly', 'excom') and events.status = 'held'))
)

select * from final
order by starts_on, event_id
