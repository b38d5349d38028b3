-- Bilateral merchandise trade: one row per reporter, partner, period, flow and source, as
-- the reporter published it. The same flow seen from the partner is that partner's row.
select
    reporter_iso3,
    partner_iso3,
    period,
    trade_year as year,
    flow,
    value_usd,
    value_original,
    'USD' as currency_original,
    unit_original,
    is_estimate,
    source_id,
    source_file,
    source_row
from {{ ref('int_trade_flows_unioned') }}
