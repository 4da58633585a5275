-- Scores of one framework for active local-government members: one row per member, edition and dimension
-- (dimension_id null: overall; a null score is no data). $edition null: every edition; $member null: every member.
select * from wego_maturity_scores(
    $frameworks, $framework_bands, $framework_dimensions, $members, $assessments, $audience, $as_of,
    $framework, $edition, $member
)
order by edition, region, name_en, dimension_id nulls first
