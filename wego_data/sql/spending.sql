-- A settled year's itemized activities with the line that paid for them, largest first.
-- $top (null for all) keeps the largest activities of the year and $per_line the largest of each line, so that a
-- year of millions of rows gives the screen a few hundred (issue #8); spending_by_line has every row's totals.
with spending as (
    select * from wego_spending($spending, $audience, $as_of)
    where fiscal_year = $fiscal_year
),

lines as (
    select * from wego_budget_lines($budget_lines, $audience, $as_of)
    where fiscal_year = $fiscal_year
),

-- top-N operators, not a sort of the whole year: the largest of the year, then the largest of each line.
largest_in_year as (
    select spending_id
    from spending
    order by amount_krw desc nulls last, spending_id
    limit cast($top as bigint)
),

largest_in_line as (
    select unnest(max_by(spending_id, {'amount': amount_krw, 'id': spending_id}, cast($per_line as bigint)))
        as spending_id,
    from spending
    where cast($per_line as bigint) > 0
    group by line_id
),

kept as (
    select spending.*
    from spending
    where spending_id in (select spending_id from largest_in_year)
        or spending_id in (select spending_id from largest_in_line)
),

final as (
    select
        kept.*,
        lines.name_en as line_name_en,
        lines.name_ko as line_name_ko,
        lines.parent_line_id,
    from kept
    left join lines using (line_id)
)

select * from final
order by amount_krw desc nulls last, spending_id
