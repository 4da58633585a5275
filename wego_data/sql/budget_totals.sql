-- A year's totals: the sum of its top-level lines (children are already inside their parents).
with lines as (
    select * from wego_budget_lines($budget_lines, $audience, $as_of)
    where fiscal_year = $fiscal_year
      and parent_line_id is null
),

totals as (
    select
        $fiscal_year as fiscal_year,
        sum(budget_krw)::bigint as budget_krw,
        sum(granted_krw)::bigint as granted_krw,
        sum(executed_krw)::bigint as executed_krw,
        sum(unspent_krw)::bigint as unspent_krw,
        sum(interest_krw)::bigint as interest_krw,
        sum(executed_krw) / nullif(sum(granted_krw), 0) as execution_rate,
    from lines
)

select * from totals
