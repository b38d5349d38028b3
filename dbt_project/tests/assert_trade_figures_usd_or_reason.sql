-- A trade figure either has a USD value or says why not; a yuan figure with a rate must
-- have been converted with it.
select figure_id
from {{ ref('fct_trade_figures') }}
where
    (value_usd is null and usd_null_reason is null)
    or (value_usd is not null and usd_null_reason is not null)
    or (currency_original = 'CNY' and fx_rate is not null and value_usd is null)
