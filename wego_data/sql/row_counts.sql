-- Rows in each table of a snapshot, read from the parquet files themselves.
with counts as (
    select 'members' as table_name, count(*) as row_count from wego_members($members, $audience, $as_of)
    union all select 'offices', count(*) from wego_offices($offices, $audience, $as_of)
    union all select 'programs', count(*) from wego_programs($programs, $audience, $as_of)
    union all select 'events', count(*) from wego_events($events, $audience, $as_of)
    union all select 'milestones', count(*) from wego_milestones($milestones, $audience, $as_of)
    union all select 'budget_lines', count(*) from wego_budget_lines($budget_lines, $audience, $as_of)
    union all select 'spending', count(*) from wego_spending($spending, $audience, $as_of)
    union all select 'reported_figures', count(*) from wego_reported_figures($reported_figures, $audience, $as_of)
)

select * from counts
