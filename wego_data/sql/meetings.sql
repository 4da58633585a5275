-- Every meeting with its event's names, place, status and attendance, and how it stands on the snapshot date:
-- in_progress (the as-of date falls within it), next (after it) or held (before it).
with meetings as (
    select * from wego_meetings($meetings, $audience, $as_of)
),

events as (
    select event_id, name_en, name_ko, country_iso3, status, people, cities
    from wego_events($events, $audience, $as_of)
),

final as (
    select
        meetings.*,
        events.name_en,
        events.name_ko,
        events.country_iso3,
        events.status,
        events.people,
        events.cities,
        case
            when meetings.starts_on <= $as_of and meetings.ends_on >= $as_of then 'in_progress'
            when meetings.starts_on > $as_of then 'next'
            else 'held'
        end as relation,
    from meetings
    inner join events using (event_id)
)

select * from final
order by starts_on, kind, meeting_id
