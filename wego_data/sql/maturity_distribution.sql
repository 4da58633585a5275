-- The spread of one framework's overall scores per WeGO region and edition (every edition): how many members are
-- scored and the minimum, quartiles and maximum of their scores.
select
    region,
    edition,
    count(score) as members_scored,
    min(score) as low,
    quantile_cont(score, 0.25) as q1,
    median(score) as median,
    quantile_cont(score, 0.75) as q3,
    max(score) as high,
from wego_maturity_scores(
    $frameworks, $framework_bands, $framework_dimensions, $members, $assessments, $audience, $as_of,
    $framework, null, null
)
where dimension_id is null and score is not null
group by region, edition
-- WeGO's order of the regions (as members_by_region.sql), not the alphabet's
order by edition, list_position(['Asia', 'Africa', 'Europe', 'Americas', 'Middle East', 'Oceania'], region)
