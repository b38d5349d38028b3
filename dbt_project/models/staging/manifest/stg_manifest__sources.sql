-- The manifest's sources with their provenance, one row per source id.
select
    source_id,
    parser,
    publisher,
    title,
    url,
    repository_path,
    licence,
    retrieved,
    vintage,
    cadence_days,
    currency,
    note,
    files
from {{ source('manifest', 'manifest_sources') }}
