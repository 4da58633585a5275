-- Fiscal years with a settlement (budget lines), newest first.
with lines as (
    select distinct fiscal_year from read_parquet($budget_lines)
)

select fiscal_year from lines
order by fiscal_year desc
