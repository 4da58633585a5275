-- Active members in regions that no open regional office covers (the secretariat alone serves them).
with offices as (
    select * from wego_offices($offices, $audience, $as_of)
    where kind = 'regional'
      and opened_on <= $as_of
      and (closed_on is null or closed_on > $as_of)
),

members as (
    select * from wego_members($members, $audience, $as_of)
    where status = 'active'
),

uncovered as (
    select members.*
    from members
    anti join offices on offices.covers = members.region
)

select region, count(*) as members
from uncovered
group by region
order by members desc, region
