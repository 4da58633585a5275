-- Fiscal years with a settlement (budget lines), newest first.
with lines as (
    select distinct fiscal_year from wego_budget_lines($budget_lines, $audience, $as_of)
)

select fiscal_year from lines
order by fiscal_year desc
