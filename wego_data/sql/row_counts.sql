-- Rows in each table of a snapshot, read from the parquet files themselves.
with counts as (
    select 'members' as table_name, count(*) as row_count from read_parquet($members)
    union all select 'offices', count(*) from read_parquet($offices)
    union all select 'programs', count(*) from read_parquet($programs)
    union all select 'events', count(*) from read_parquet($events)
    union all select 'milestones', count(*) from read_parquet($milestones)
    union all select 'budget_lines', count(*) from read_parquet($budget_lines)
    union all select 'spending', count(*) from read_parquet($spending)
    union all select 'reported_figures', count(*) from read_parquet($reported_figures)
)

select * from counts
