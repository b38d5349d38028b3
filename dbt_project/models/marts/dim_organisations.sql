-- Organisations, alliances and formats the five states belong to (or stay out of).
select
    organisation_id,
    name,
    name_published,
    kind,
    anchor_iso3,
    founded_on
from {{ ref('organisations') }}
