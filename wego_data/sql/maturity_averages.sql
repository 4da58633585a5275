-- The average score per dimension (dimension_id null: overall) of one framework's edition: over every active
-- local-government member scored (region null) and per WeGO region, with how many members it averages.
-- A country framework counts a country once per member in it, as each member reads its country's score.
select
    region,
    dimension_id,
    avg(score) as average,
    count(score) as members_scored,
from wego_maturity_scores(
    $frameworks, $framework_bands, $framework_dimensions, $members, $assessments, $audience, $as_of,
    $framework, $edition, null
)
where score is not null
group by grouping sets ((dimension_id), (region, dimension_id))
order by region nulls first, dimension_id nulls first
