-- Members matching the page's filters; a null filter matches everything.
with members as (
    select * from wego_members($members, $audience, $as_of)
),

filtered as (
    select
        members.*,
        members.excom_role <> 'none' as is_excom,
    from members
    where ($region is null or members.region = $region)
      and ($member_type is null or members.member_type = $member_type)
      and ($status is null or members.status = $status)
      and (not $excom_only or members.excom_role <> 'none')
      and (
          $search is null
          or contains(lower(nfc_normalize(members.name_en)), lower($search))
          or contains(nfc_normalize(coalesce(members.name_ko, '')), $search)
      )
)

select * from filtered
order by
    case excom_role
        when 'president' then 0
        when 'executive_vice_president' then 1
        when 'vice_president' then 2
        when 'member' then 3
        else 4
    end,
    name_en
