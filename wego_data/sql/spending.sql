-- A settled year's itemized activities with the line that paid for them.
with spending as (
    select * from read_parquet($spending)
    where fiscal_year = $fiscal_year
),

lines as (
    select * from read_parquet($budget_lines)
    where fiscal_year = $fiscal_year
),

final as (
    select
        spending.*,
        lines.name_en as line_name_en,
        lines.name_ko as line_name_ko,
        lines.parent_line_id,
    from spending
    left join lines using (line_id)
)

select * from final
order by amount_krw desc nulls last, spending_id
