-- One arc per office and active member it covers (the secretariat covers every region).
with offices as (
    select * from read_parquet($offices)
    where opened_on <= $as_of
      and (closed_on is null or closed_on > $as_of)
),

members as (
    select * from read_parquet($members)
    where status = 'active'
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
    from offices
    inner join members
        on (offices.covers is null or members.region = offices.covers)
       and members.member_id <> offices.host_member_id
)

select * from arcs
order by office_id, member_id
