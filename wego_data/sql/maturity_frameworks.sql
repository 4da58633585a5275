-- The frameworks of a snapshot, each with the editions that score at least one active local-government member
-- (for a country framework: a member's country), newest edition last.
with members as (
    select member_id, country_iso3
    from wego_members($members, $audience, $as_of)
    where status = 'active' and kind in ('city', 'region', 'district')
),

frameworks as (
    select * from wego_frameworks($frameworks, $audience, $as_of)
),

scored as (
    select a.framework_id, a.edition
    from wego_assessments($assessments, $audience, $as_of) as a
    join frameworks as f on f.framework_id = a.framework_id
    join members as m on a.subject = case f.level when 'city' then m.member_id else m.country_iso3 end
    where a.dimension_id is null and a.score is not null
    group by a.framework_id, a.edition
)

select
    f.*,
    count(s.edition) as editions,
    min(s.edition) as first_edition,
    max(s.edition) as latest_edition,
from frameworks as f
left join scored as s on s.framework_id = f.framework_id
group by all
order by f.level desc, f.framework_id
