-- A framework's editions that score at least one active local-government member, with how many they score.
with members as (
    select member_id, country_iso3
    from wego_members($members, $audience, $as_of)
    where status = 'active' and kind in ('city', 'region', 'district')
),

framework as (
    select * from wego_frameworks($frameworks, $audience, $as_of)
    where framework_id = $framework
)

select a.edition, count(distinct m.member_id) as members_scored,
from wego_assessments($assessments, $audience, $as_of) as a
join framework as f on f.framework_id = a.framework_id
join members as m on a.subject = case f.level when 'city' then m.member_id else m.country_iso3 end
where a.dimension_id is null and a.score is not null
group by a.edition
order by a.edition
