-- Trade figures from official releases and press, in their original currency and in USD
-- (yuan at the annual average rate of the figure's year; rate and its source alongside).
select
    figure_id,
    reporter_iso3,
    partner_iso3,
    figure_year,
    period,
    flow,
    unit,
    value_original,
    currency_original,
    fx_rate,
    fx_source_id,
    value_usd,
    usd_null_reason,
    source_id,
    quote
from {{ ref('int_trade_figures_converted') }}
