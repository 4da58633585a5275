-- Events added, removed or changed (dates, status, attendance, cost) between two snapshots.
with old as (
    select * from wego_events($old_events, $audience, $old_as_of)
),

new as (
    select * from wego_events($new_events, $audience, $new_as_of)
),

compared as (
    select
        coalesce(new.event_id, old.event_id) as event_id,
        coalesce(new.name_en, old.name_en) as name_en,
        coalesce(new.name_ko, old.name_ko) as name_ko,
        coalesce(new.kind, old.kind) as kind,
        case
            when old.event_id is null then 'added'
            when new.event_id is null then 'removed'
            when old.status <> 'held' and new.status = 'held' then 'held'
            else 'changed'
        end as change,
        old.starts_on as old_starts_on,
        new.starts_on as new_starts_on,
        old.ends_on as old_ends_on,
        new.ends_on as new_ends_on,
        old.status as old_status,
        new.status as new_status,
        old.people as old_people,
        new.people as new_people,
        old.cities as old_cities,
        new.cities as new_cities,
        old.cost_krw as old_cost_krw,
        new.cost_krw as new_cost_krw,
        coalesce(new.date_precision, old.date_precision) as date_precision,
    from old
    full outer join new using (event_id)
)

select * from compared
where change <> 'changed'
   or old_starts_on is distinct from new_starts_on
   or old_ends_on is distinct from new_ends_on
   or old_status is distinct from new_status
   or old_people is distinct from new_people
   or old_cities is distinct from new_cities
   or old_cost_krw is distinct from new_cost_krw
order by coalesce(new_starts_on, old_starts_on), event_id
