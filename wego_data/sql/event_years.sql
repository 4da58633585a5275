-- Years in which events start, newest first.
with years as (
    select distinct year(starts_on) as year from wego_events($events, $audience, $as_of)
)

select year from years
order by year desc
