-- One meeting's agenda items in order.
with items as (
    select * from read_parquet($agenda_items)
    where meeting_id = $meeting_id
)

select * from items
order by seq
