-- Kazakhstan's total exports and imports by month, in USD.
select
    flow,
    month_start,
    extract(year from month_start) as trade_year,
    extract(month from month_start) as trade_month,
    value_kusd * 1e3 as value_usd,
    value_kusd as value_original,
    'USD thousands' as unit_original,
    _source_id as source_id,
    _source_file as source_file,
    source_row
from {{ source('kaz_trade', 'kaz_bns_monthly') }}
