-- The article's 27 claims, every column of the claims file; quote_ar is intact UTF-8.
select
    claim_id,
    topic,
    claim_en,
    quote_ar,
    subject_iso3,
    counterpart_iso3,
    period_published,
    period,
    metric,
    comparator,
    threshold,
    unit,
    basis,
    note,
    source_id
from {{ ref('stg_claims__claims') }}
