-- Events matching the page's filters (year of the start date, kind, program area); null matches everything.
with events as (
    select * from read_parquet($events)
),

programs as (
    select program_id, area from read_parquet($programs)
),

final as (
    select
        events.*,
        programs.area,
    from events
    left join programs using (program_id)
    where ($year is null or year(events.starts_on) = $year)
      and ($kind is null or events.kind = $kind)
      and ($area is null or programs.area = $area)
)

select * from final
order by starts_on, event_id
