-- Federal Reserve H.10 annual averages, currency units per US dollar.
select
    _source_id as source_id,
    currency,
    period_year,
    cast(period_year as varchar) as period,
    rate_per_usd,
    _source_file as source_file,
    _row_number as source_row
from {{ source('frb', 'frb_h10_fx') }}
