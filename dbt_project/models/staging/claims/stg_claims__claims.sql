-- The article's claims, all columns as written; quote_ar is untouched UTF-8.
select
    claim_id,
    _source_id as source_id,
    topic,
    claim_en,
    quote_ar,
    subject_iso3,
    counterpart_iso3,
    period as period_published,
    {{ period_label('period') }} as period,
    metric,
    comparator,
    threshold,
    unit,
    basis,
    note,
    _source_file as source_file,
    _row_number as source_row
from {{ source('claims', 'article_claims') }}
