-- Offices opened or closed between two snapshots (a new row, a row gone, or a closing date set).
with old as (
    select * from wego_offices($old_offices, $audience, $old_as_of)
),

new as (
    select * from wego_offices($new_offices, $audience, $new_as_of)
),

compared as (
    select
        coalesce(new.office_id, old.office_id) as office_id,
        coalesce(new.name_en, old.name_en) as name_en,
        coalesce(new.name_ko, old.name_ko) as name_ko,
        coalesce(new.city, old.city) as city,
        coalesce(new.city_ko, old.city_ko) as city_ko,
        coalesce(new.country_iso3, old.country_iso3) as country_iso3,
        case
            when old.office_id is null then 'opened'
            when new.office_id is null then 'removed'
            when old.closed_on is null and new.closed_on is not null then 'closed'
            else 'unchanged'
        end as change,
        coalesce(new.opened_on, old.opened_on) as opened_on,
        coalesce(new.opened_precision, old.opened_precision) as opened_precision,
        new.closed_on,
    from old
    full outer join new using (office_id)
)

select * from compared
where change <> 'unchanged'
order by change desc, opened_on, office_id
