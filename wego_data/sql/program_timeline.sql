-- The phases of a year's programs, for the Gantt timeline; a null area means every area.
with programs as (
    select * from wego_programs($programs, $audience, $as_of)
    where fiscal_year = $fiscal_year
      and ($area is null or area = $area)
),

milestones as (
    select * from wego_milestones($milestones, $audience, $as_of)
),

final as (
    select
        milestones.program_id,
        milestones.seq,
        milestones.name_en,
        milestones.name_ko,
        milestones.starts_on,
        milestones.ends_on,
        programs.area,
        programs.area_name_en,
        programs.area_name_ko,
        programs.name_en as program_name_en,
        programs.name_ko as program_name_ko,
    from milestones
    inner join programs using (program_id)
)

select * from final
order by program_id, seq
