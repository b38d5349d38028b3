-- AidData GCDF 3.0 commitments summed by recipient over 2000-2021, in USD (constant 2021).
select
    _source_id as source_id,
    country_iso3,
    country_name,
    '2000-2021' as period,
    commitments_usd_bn_const2021 * 1e9 as commitments_usd_const2021,
    weighted_interest_rate_pct,
    region_name,
    income_level_name,
    _source_file as source_file,
    _row_number as source_row
from {{ source('aiddata', 'aiddata_gcdf3') }}
