-- Bilateral merchandise trade: one row per reporter, partner, period, flow and source, as
-- the reporter published it, in the publication in force (earlier publications stay in
-- int_trade_flows_unioned for rpt_revisions). The same flow seen from the partner is that
-- partner's row. Monthly sources keep their months (trade_month set, period 'YYYY-MM').
select
    reporter_iso3,
    partner_iso3,
    period,
    trade_year as year,
    flow,
    value_usd,
    value_original,
    currency_original,
    unit_original,
    is_estimate,
    source_id,
    source_file,
    source_row,
    trade_month,
    fx_rate_usd_per_unit,
    fx_source_id,
    source_kind,
    publication,
    is_latest_publication
from {{ ref('int_trade_flows_unioned') }}
where is_latest_publication
