-- Decisions on record by the snapshot date, with the names of the member and office they concern; all meetings,
-- or one ($meeting_id).
with decisions as (
    select * from wego_decisions($decisions, $audience, $as_of)
    where decided_on <= $as_of
      and ($meeting_id is null or meeting_id = $meeting_id)
),

members as (
    select member_id, name_en as member_name_en, name_ko as member_name_ko
    from wego_members($members, $audience, $as_of)
),

offices as (
    select office_id, name_en as office_name_en, name_ko as office_name_ko
    from wego_offices($offices, $audience, $as_of)
),

final as (
    select
        decisions.*,
        members.member_name_en,
        members.member_name_ko,
        offices.office_name_en,
        offices.office_name_ko,
    from decisions
    left join members using (member_id)
    left join offices using (office_id)
)

select * from final
order by decided_on, decision_id
