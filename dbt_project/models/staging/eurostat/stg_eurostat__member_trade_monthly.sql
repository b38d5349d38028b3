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
    select
        period_year,
        usd_per_unit,
        source_id
    from {{ ref('stg_frb__fx_rates') }}
    where currency = 'EUR'
)

select
    reporter.iso3 as reporter_iso3,
    partner.iso3 as partner_iso3,
    cast(flows.trade_year as {{ cross_db_string() }}) || '-'
    || lpad(cast(flows.trade_month as {{ cross_db_string() }}), 2, '0') as period,
    cast(flows.trade_year as integer) as trade_year,
    cast(flows.trade_month as integer) as trade_month,
    flows.flow,
    flows.value_eur * eur_rates.usd_per_unit as value_usd,
    flows.value_eur as value_original,
    'EUR' as currency_original,
    'EUR' as unit_original,
    eur_rates.usd_per_unit as fx_rate_usd_per_unit,
    eur_rates.source_id as fx_source_id,
    false as is_estimate,
    'eurostat' as source_kind,
    flows._source_id as source_id,
    flows._source_file as source_file,
    flows._row_number as source_row,
    cast(null as {{ cross_db_string() }}) as publication,
    true as is_latest_publication
from flows
left join aliases as reporter on trim(flows.reporter_name) = reporter.alias
left join aliases as partner on trim(flows.partner_name) = partner.alias
left join eur_rates on flows.trade_year = eur_rates.period_year
where flows.value_eur is not null
