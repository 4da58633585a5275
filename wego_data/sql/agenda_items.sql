-- One meeting's agenda items in order.
with items as (
    select * from wego_agenda_items($agenda_items, $audience, $as_of)
    where meeting_id = $meeting_id
)

select * from items
order by seq
