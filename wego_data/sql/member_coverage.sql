-- Each active member with the one regional office that covers it (the office's host included; the secretariat,
-- which covers everyone, is not listed). queries.offices counts these; queries.office_arcs draws them.
with offices as (
    select * from wego_offices($offices, $audience, $as_of)
    where opened_on <= $as_of
      and (closed_on is null or closed_on > $as_of)
),

members as (
    select * from wego_members($members, $audience, $as_of)
    where status = 'active'
),

-- A member is covered by one regional office: the nearest open office covering its region (great-circle distance;
-- two offices in one region, such as Chengdu and Almaty, share it out instead of counting each member twice).
candidates as (
    select
        members.member_id,
        offices.office_id,
        2 * 6371 * asin(sqrt(
            pow(sin(radians(members.latitude - offices.latitude) / 2), 2)
            + cos(radians(members.latitude)) * cos(radians(offices.latitude))
            * pow(sin(radians(members.longitude - offices.longitude) / 2), 2)
        )) as distance_km,
    from members
    inner join offices
        on offices.kind = 'regional'
       and offices.covers = members.region
),

coverage as (
    select member_id, arg_min(office_id, distance_km) as office_id
    from candidates
    group by member_id
),

arcs as (
    select
        offices.office_id,
        offices.kind as office_kind,
        offices.latitude as office_latitude,
        offices.longitude as office_longitude,
        members.member_id,
        members.name_en as member_name_en,
        members.region,
        members.latitude as member_latitude,
        members.longitude as member_longitude,
        members.member_id = offices.host_member_id as is_host,
    from coverage
    inner join offices using (office_id)
    inner join members using (member_id)
)

select * from arcs
order by office_id, member_id
