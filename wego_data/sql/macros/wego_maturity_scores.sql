-- wego_maturity_scores(...): the scores of one framework for active local-government members (cities, regions,
-- districts), one row per member, edition and dimension (dimension_id null: the overall score). A member with no
-- score in an edition has its rows with a null score: no data, never zero. A country framework scores a member by
-- its country. p_edition null: every edition of the framework; p_member null: every member. The band is the
-- source's, else the band the score falls in by the framework's band_rule. The maturity queries all read it, so
-- the rule is written once (wego_data.warehouse creates it with the table macros).
create macro wego_maturity_scores(
    frameworks_path, bands_path, dimensions_path, members_path, assessments_path, audience, snapshot_as_of,
    p_framework, p_edition, p_member
) as table
with framework as (
    select * from wego_frameworks(frameworks_path, audience, snapshot_as_of)
    where framework_id = p_framework
),

members as (
    select m.*, case f.level when 'city' then m.member_id else m.country_iso3 end as subject,
    from wego_members(members_path, audience, snapshot_as_of) as m, framework as f
    where m.status = 'active' and m.kind in ('city', 'region', 'district')
      and (p_member is null or m.member_id = p_member)
),

assessments as (
    select * from wego_assessments(assessments_path, audience, snapshot_as_of)
    where framework_id = p_framework
),

editions as (
    select distinct edition from assessments
    where p_edition is null or edition = p_edition
    union
    -- the chosen edition even where nothing is scored in it (every member then reads "no data")
    select p_edition where p_edition is not null
),

dimensions as (
    select null::varchar as dimension_id
    union all
    select dimension_id from wego_framework_dimensions(dimensions_path, audience, snapshot_as_of)
    where framework_id = p_framework
),

bands as (
    select
        b.band_id,
        b.seq,
        b.lower,
        lead(b.lower) over (order by b.seq) as upper,
        b.name_en,
        b.name_ko,
    from wego_framework_bands(bands_path, audience, snapshot_as_of) as b
    where b.framework_id = p_framework
),

scored as (
    select
        m.member_id,
        m.name_en,
        m.name_ko,
        m.kind,
        m.country_iso3,
        m.region,
        m.latitude,
        m.longitude,
        m.subject,
        e.edition,
        d.dimension_id,
        a.score,
        a.rank,
        a.assessed_on,
        a.source,
        coalesce(a.band, (
            select b.band_id from bands as b, framework as f
            where case f.band_rule
                when 'lower_inclusive' then b.lower <= a.score and (b.upper is null or a.score < b.upper)
                else (b.lower < a.score or b.seq = 1) and (b.upper is null or a.score <= b.upper)
            end
        )) as band_id,
    from members as m
    cross join editions as e
    cross join dimensions as d
    left join assessments as a
        on a.subject = m.subject
       and a.edition = e.edition
       and a.dimension_id is not distinct from d.dimension_id
)

select
    s.*,
    b.seq as band_seq,
    b.name_en as band_name_en,
    b.name_ko as band_name_ko,
from scored as s
left join bands as b on b.band_id = s.band_id
