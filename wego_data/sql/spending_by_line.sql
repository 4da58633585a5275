-- Every itemized activity of a settled year counted and summed per budget line (null: paid by no line of WeGO's).
with spending as (
    select * from wego_spending($spending, $audience, $as_of)
    where fiscal_year = $fiscal_year
),

final as (
    select
        line_id,
        count(*) as activities,
        count(amount_krw) as paid_activities,
        sum(amount_krw) as amount_krw,
    from spending
    group by line_id
)

select * from final
order by line_id nulls last
