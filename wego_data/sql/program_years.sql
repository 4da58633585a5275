-- Fiscal years with a program plan, newest first.
with programs as (
    select distinct fiscal_year from wego_programs($programs, $audience, $as_of)
)

select fiscal_year from programs
order by fiscal_year desc
