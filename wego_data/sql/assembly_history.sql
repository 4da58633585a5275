-- General assemblies and EXCOM meetings held by the snapshot date, with their attendance, oldest first
-- (a planned meeting's expected attendance is not history; city_ko as in events.sql).
with events as (
    select * from read_parquet($events)
    where kind in ('general_assembly', 'excom')
      and status = 'held'
),

city_names as (
    select name_en as city, any_value(name_ko) as city_ko
    from read_parquet($members)
    where name_ko is not null
    group by name_en
),

final as (
    select
        events.*,
        city_names.city_ko,
    from events
    left join city_names on city_names.city = events.city
)

select * from final
order by starts_on, event_id
