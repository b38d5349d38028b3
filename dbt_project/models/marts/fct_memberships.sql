-- Memberships of the five states in organisations and formats, with status and the period
-- it held (valid_to null while current).
select
    membership_id,
    country_iso3,
    organisation_id,
    status,
    status_published,
    valid_from,
    valid_to,
    valid_from_published,
    valid_to_published,
    confidence,
    source_id,
    quote,
    note
from {{ ref('stg_memberships__memberships') }}
