-- The active local-government members with an overall score in any edition of one framework, one row each (the
-- choices of the page's city pickers), without the rows of every edition and dimension.
select distinct member_id, name_en, name_ko, region, country_iso3,
from wego_maturity_scores(
    $frameworks, $framework_bands, $framework_dimensions, $members, $assessments, $audience, $as_of,
    $framework, null, null
)
where dimension_id is null and score is not null
order by name_en, member_id
