-- The meeting a snapshot is about: the one in progress on the as-of date, else the next one, else the last held.
-- A general assembly comes before an EXCOM meeting held with it; a cancelled meeting is never in view.
with meetings as (
    select * from read_parquet($meetings)
),

events as (
    select event_id, name_en, name_ko, country_iso3, status
    from read_parquet($events)
),

placed as (
    select
        meetings.*,
        events.name_en,
        events.name_ko,
        events.country_iso3,
        events.status,
        case
            when meetings.starts_on <= $as_of and meetings.ends_on >= $as_of then 'in_progress'
            when meetings.starts_on > $as_of then 'next'
            else 'held'
        end as relation,
    from meetings
    inner join events using (event_id)
    where events.status <> 'cancelled'
),

ranked as (
    select
        placed.*,
        row_number() over (
            order by
                case relation when 'in_progress' then 0 when 'next' then 1 else 2 end,
                case when relation = 'held' then -epoch(ends_on) else epoch(starts_on) end,
                case kind when 'general_assembly' then 0 else 1 end,
                meeting_id
        ) as rank,
    from placed
)

select * exclude (rank) from ranked
where rank = 1
