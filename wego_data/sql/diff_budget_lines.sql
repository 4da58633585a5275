-- Budget lines added, removed or changed between two snapshots, with the delta of each amount.
with old as (
    select * from wego_budget_lines($old_budget_lines, $audience, $old_as_of)
),

new as (
    select * from wego_budget_lines($new_budget_lines, $audience, $new_as_of)
),

compared as (
    select
        coalesce(new.fiscal_year, old.fiscal_year) as fiscal_year,
        coalesce(new.line_id, old.line_id) as line_id,
        coalesce(new.name_en, old.name_en) as name_en,
        coalesce(new.name_ko, old.name_ko) as name_ko,
        case
            when old.line_id is null then 'added'
            when new.line_id is null then 'removed'
            else 'changed'
        end as change,
        coalesce(new.budget_krw, 0) - coalesce(old.budget_krw, 0) as budget_delta_krw,
        coalesce(new.granted_krw, 0) - coalesce(old.granted_krw, 0) as granted_delta_krw,
        coalesce(new.executed_krw, 0) - coalesce(old.executed_krw, 0) as executed_delta_krw,
        coalesce(new.unspent_krw, 0) - coalesce(old.unspent_krw, 0) as unspent_delta_krw,
    from old
    full outer join new using (fiscal_year, line_id)
)

select * from compared
where change <> 'changed'
   or budget_delta_krw <> 0
   or granted_delta_krw <> 0
   or executed_delta_krw <> 0
   or unspent_delta_krw <> 0
order by fiscal_year, line_id
