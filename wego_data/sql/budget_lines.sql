-- A year's budget lines with their depth in the hierarchy and execution rate (executed / granted).
with recursive lines as (
    select * from wego_budget_lines($budget_lines, $audience, $as_of)
    where fiscal_year = $fiscal_year
),

tree as (
    select lines.line_id, 0 as depth, lines.line_id as top_line_id
    from lines
    where lines.parent_line_id is null
    union all
    select lines.line_id, tree.depth + 1, tree.top_line_id
    from lines
    inner join tree on lines.parent_line_id = tree.line_id
),

final as (
    select
        lines.*,
        tree.depth,
        tree.top_line_id,
        case when lines.granted_krw > 0 then lines.executed_krw / lines.granted_krw end as execution_rate,
        -- largest top-level line first, each followed by its own sub-lines
        max(case when tree.depth = 0 then lines.budget_krw end) over (partition by tree.top_line_id) as top_budget_krw,
    from lines
    inner join tree using (line_id)
)

select * exclude (top_budget_krw) from final
order by top_budget_krw desc, top_line_id, depth, budget_krw desc
