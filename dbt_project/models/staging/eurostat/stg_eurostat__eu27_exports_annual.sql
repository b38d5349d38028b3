-- EU27 exports to every partner by year (Eurostat Comext), in euro as published and in US
-- dollars at the Federal Reserve H.10 annual average rate of the same year. A year without
-- a rate keeps value_usd null: no rate is assumed. Left joins: a name without an alias
-- fails the not_null tests instead of vanishing. The year downloaded with French labels
-- maps through its own aliases (a label can name another partner in French).
with flows as (
    select
        *,
        'eurostat' as alias_publisher
    from {{ source('eurostat', 'eurostat_eu27_exports_annual') }}
    union all
    select
        *,
        'eurostat_fr' as alias_publisher
    from {{ source('eurostat', 'eurostat_eu27_exports_annual_fr') }}
),

aliases as (
    select
        publisher,
        alias,
        iso3
    from {{ ref('country_aliases') }}
    where publisher in ('eurostat', 'eurostat_fr')
),

eur_rates as (
    {{ usd_rates_of('EUR') }}
)

select
    {{ trade_flow_select(
        'flows', 'reporter.iso3', 'partner.iso3', 'flows.trade_year',
        'flows.value_eur * eur_rates.usd_per_unit', 'flows.value_eur', 'EUR', 'eurostat',
        currency='EUR', fx_rates='eur_rates', overrides={'source_row': 'flows._row_number'}
    ) }}
from flows
left join aliases as reporter
    on
        flows.alias_publisher = reporter.publisher
        and trim(flows.reporter_name) = reporter.alias
left join aliases as partner
    on
        flows.alias_publisher = partner.publisher
        and trim(flows.partner_name) = partner.alias
left join eur_rates on flows.trade_year = eur_rates.period_year
