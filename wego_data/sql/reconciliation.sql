-- Where the parts and the totals differ: per budget line, itemized activities against what the line executed.
with lines as (
    select * from wego_budget_lines($budget_lines, $audience, $as_of)
    where fiscal_year = $fiscal_year
),

spending as (
    select line_id, sum(amount_krw)::bigint as itemized_krw, count(*) as activities
    from wego_spending($spending, $audience, $as_of)
    where fiscal_year = $fiscal_year
      and line_id is not null
    group by line_id
),

final as (
    select
        lines.line_id,
        lines.name_en,
        lines.name_ko,
        lines.granted_krw,
        lines.executed_krw,
        spending.itemized_krw,
        spending.activities,
        spending.itemized_krw - lines.executed_krw as itemized_minus_executed_krw,
    from lines
    inner join spending using (line_id)
)

select * from final
order by line_id
