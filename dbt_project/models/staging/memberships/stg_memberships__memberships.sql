-- Memberships with dates as published (day, month or year) turned into the first and last
-- day they can mean, and the organisation's id in dim_organisations.
with typed as (
    select
        *,
        {{ iso3_label('entity_iso3') }} as country_iso3,
        case
            when length(start_date) = 4 then start_date || '-01-01'
            when length(start_date) = 7 then start_date || '-01'
            else start_date
        end as start_day,
        case
            when length(end_date) = 4 then end_date || '-12-31'
            when length(end_date) = 7 then end_date || '-01'
            else end_date
        end as end_day
    from {{ source('memberships', 'memberships') }}
)

select
    typed.country_iso3
    || ':'
    || organisations.organisation_id
    || ':'
    || typed.status as membership_id,
    {{ citation_source_id('typed._source_id', 'typed.source_url') }} as source_id,
    typed._source_id as manifest_source_id,
    typed.country_iso3,
    organisations.organisation_id,
    typed.organisation as organisation_published,
    typed.status as status_published,
    case
        when typed.status like 'not a member%' then 'not_member'
        when typed.status like 'former member%' then 'former_member'
        when typed.status like 'member (founding)%' then 'founding_member'
        when typed.status like 'member%' then 'member'
        when typed.status like 'associate member%' then 'associate_member'
        when typed.status = 'observer' then 'observer'
        when typed.status in ('joined', 'signed', 'announced accession') then 'participant'
        when typed.status = 'format launched' then 'founding_member'
        when typed.status = 'launch venue' then 'founding_venue'
        else 'other'
    end as status,
    cast(typed.start_day as date) as valid_from,
    case
        when length(typed.end_date) = 7
            then last_day(cast(typed.end_day as date))
        else cast(typed.end_day as date)
    end as valid_to,
    typed.start_date as valid_from_published,
    typed.end_date as valid_to_published,
    typed.source_name,
    typed.source_url,
    typed.published_date,
    typed.quote,
    typed.confidence,
    typed.note,
    typed._source_file as source_file,
    typed._row_number as source_row
from typed
left join {{ ref('organisations') }} as organisations
    on typed.organisation = organisations.name_published
