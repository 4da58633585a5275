-- Fiscal years with a program plan, newest first.
with programs as (
    select distinct fiscal_year from read_parquet($programs)
)

select fiscal_year from programs
order by fiscal_year desc
