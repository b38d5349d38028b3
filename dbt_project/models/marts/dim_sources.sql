-- Every source a figure can come from: the manifest's sources (files and APIs) with their
-- provenance. A fact's source_id resolves here.
select
    source_id,
    publisher,
    title,
    url,
    repository_path,
    licence,
    retrieved,
    vintage,
    cadence_days,
    note
from {{ ref('stg_manifest__sources') }}
