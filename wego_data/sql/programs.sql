-- A year's programs with their strategic area; a null area means every area.
with programs as (
    select * from wego_programs($programs, $audience, $as_of)
    where fiscal_year = $fiscal_year
      and ($area is null or area = $area)
),

final as (
    select
        programs.*,
        programs.funded_by = 'wego' as is_wego_funded,
    from programs
)

select * from final
order by area, program_id
