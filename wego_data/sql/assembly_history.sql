-- General assemblies and EXCOM meetings with their attendance, oldest first.
with events as (
    select * from read_parquet($events)
    where kind in ('general_assembly', 'excom')
)

select * from events
order by starts_on, event_id
