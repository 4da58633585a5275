-- Events starting after the snapshot date that are not cancelled, soonest first.
with events as (
    select * from read_parquet($events)
    where starts_on > $as_of
      and status <> 'cancelled'
)

select * from events
order by starts_on, event_id
limit $limit
