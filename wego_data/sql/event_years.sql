-- Years in which events start, newest first.
with years as (
    select distinct year(starts_on) as year from read_parquet($events)
)

select year from years
order by year desc
