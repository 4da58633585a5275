-- Members added, removed or changed (status, type, EXCOM role) between two snapshots.
with old as (
    select * from wego_members($old_members, $audience, $old_as_of)
),

new as (
    select * from wego_members($new_members, $audience, $new_as_of)
),

compared as (
    select
        coalesce(new.member_id, old.member_id) as member_id,
        coalesce(new.name_en, old.name_en) as name_en,
        coalesce(new.name_ko, old.name_ko) as name_ko,
        coalesce(new.region, old.region) as region,
        case
            when old.member_id is null then 'added'
            when new.member_id is null then 'removed'
            else 'changed'
        end as change,
        old.status as old_status,
        new.status as new_status,
        old.member_type as old_member_type,
        new.member_type as new_member_type,
        old.excom_role as old_excom_role,
        new.excom_role as new_excom_role,
    from old
    full outer join new using (member_id)
)

select * from compared
where change <> 'changed'
   or old_status is distinct from new_status
   or old_member_type is distinct from new_member_type
   or old_excom_role is distinct from new_excom_role
order by change, name_en
