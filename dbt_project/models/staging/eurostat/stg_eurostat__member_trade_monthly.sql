-- EU member states' trade with Kazakhstan, Kyrgyzstan, Uzbekistan (and Armenia, Belarus,
-- Georgia, Russia) by month, all products (Eurostat Comext), each member state the
-- reporter. Euro as published; US dollars at the H.10 annual average rate of the month's
-- year. Months published as ':' (not available, all of 2022-12) are left out, and the rows
-- stay monthly: 2022 covers January to November and is never a year here. The HS 27
-- sheets stay in raw.
with flows as (
    select * from {{ source('eurostat', 'eurostat_member_trade_monthly') }}
    where product_code = 'TOTAL'
),

aliases as (
    select
        alias,
        iso3
    from {{ ref('country_aliases') }}
    where publisher = 'eurostat'
),

eur_rates as (
    {{ usd_rates_of('EUR') }}
)

select
    {{ trade_flow_select(
        'flows', 'reporter.iso3', 'partner.iso3', 'flows.trade_year',
        'flows.value_eur * eur_rates.usd_per_unit', 'flows.value_eur', 'EUR', 'eurostat', month='flows.trade_month',
        currency='EUR', fx_rates='eur_rates', overrides={'source_row': 'flows._row_number'}
    ) }}
from flows
left join aliases as reporter on trim(flows.reporter_name) = reporter.alias
left join aliases as partner on trim(flows.partner_name) = partner.alias
left join eur_rates on flows.trade_year = eur_rates.period_year
where flows.value_eur is not null
