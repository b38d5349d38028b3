-- Merchandise trade by HS product: one row per source, reporter, partner, period, flow and
-- product code, as the reporter published it (Comtrade). Only the totals over second
-- partner, customs procedure and mode of transport are kept, so rows at one product level
-- add up; codes of different levels (TOTAL, chapter, heading, subheading) overlap and must
-- not be summed together.
select
    reporter_iso3,
    partner_iso3,
    period,
    trade_year as year,
    trade_month,
    flow,
    product_code,
    product_level,
    classification_code,
    value_usd,
    cif_value_usd,
    fob_value_usd,
    net_weight_kg,
    quantity,
    quantity_unit,
    is_reported,
    is_aggregate,
    source_id,
    source_file,
    source_row
from {{ ref('stg_comtrade__flows') }}
where
    classification_family = 'HS'
    and partner2_code = 0
    and customs_code = 'C00'
    and mot_code = 0
    and mos_code = '0'
