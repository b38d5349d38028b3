-- One annual average rate per currency and year, from the exchange rates in raw/
-- (int_fx_rates_unioned, the rows fct_macro publishes): the Federal Reserve H.10 market
-- rate where it exists, else the World Bank official rate.
with ranked as (
    select
        currency,
        period_year,
        value as rate_per_usd,
        source_id,
        row_number() over (
            partition by currency, period_year
            order by case when source_id = 'frb_h10_fx' then 1 else 2 end, source_id
        ) as preference
    from {{ ref('int_fx_rates_unioned') }}
)

select
    currency,
    period_year,
    rate_per_usd,
    source_id as fx_source_id
from ranked
where preference = 1
