-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- The pivot scenario: what a state's US share of trade and its China+Russia over US ratio
-- would become if a 2025 headline deal package arrived as extra trade with the US, spread
-- evenly over the package's horizon (seed deal_package_horizons), with China's, Russia's
-- and the world totals held at the latest year that has all of them on the basis; beside
-- it, how much US trade would have to grow to reach China's. A scale check, not a forecast:
-- announced sums are commitments and ceilings, not flows.
with packages as (
    select
        deals.deal_id,
        deals.country_iso3,
        deals.value_usd as package_usd,
        horizons.horizon_years,
        horizons.horizon_is_stated,
        horizons.horizon_basis,
        deals.source_id as deal_source_id
    from {{ ref('fct_deals') }} as deals
    inner join {{ ref('deal_package_horizons') }} as horizons
        on deals.deal_id = horizons.deal_id
    inner join {{ ref('dim_countries') }} as countries
        on deals.country_iso3 = countries.iso3
    where deals.is_aggregate and deals.value_usd is not null and countries.is_ca5
),

trade_years as (
    select
        country_iso3,
        basis,
        year,
        max(case when partner_iso3 = 'CHN' then trade_usd end) as chn_trade_usd,
        max(case when partner_iso3 = 'RUS' then trade_usd end) as rus_trade_usd,
        max(case when partner_iso3 = 'USA' then trade_usd end) as usa_trade_usd,
        max(case when partner_iso3 = 'EUU' then trade_usd end) as eu_trade_usd,
        max(total_trade_usd) as total_trade_usd,
        {{ sorted_id_list('source_ids') }} as trade_source_ids
    from {{ ref('rpt_partner_shares') }}
    where partner_iso3 in ('CHN', 'RUS', 'USA', 'EUU')
    group by country_iso3, basis, year
),

latest_trade as (
    select
        *,
        row_number() over (partition by country_iso3, basis order by year desc) as recency
    from trade_years
    where
        chn_trade_usd is not null
        and rus_trade_usd is not null
        and usa_trade_usd > 0
        and total_trade_usd > 0
),

scenarios as (
    select
        packages.*,
        packages.package_usd / packages.horizon_years as annual_extra_usd,
        latest_trade.basis,
        latest_trade.year as trade_year,
        latest_trade.chn_trade_usd,
        latest_trade.rus_trade_usd,
        latest_trade.usa_trade_usd,
        latest_trade.eu_trade_usd,
        latest_trade.total_trade_usd,
        latest_trade.trade_source_ids
    from packages
    inner join latest_trade
        on packages.country_iso3 = latest_trade.country_iso3
    where latest_trade.recency = 1
)

select
    country_iso3,
    deal_id,
    package_usd,
    horizon_years,
    horizon_is_stated,
    horizon_basis,
    annual_extra_usd,
    basis,
    trade_year,
    chn_trade_usd,
    rus_trade_usd,
    usa_trade_usd,
    eu_trade_usd,
    total_trade_usd,
    {{ decimal_round('100.0 * usa_trade_usd / total_trade_usd', 2) }} as usa_share_pct,
    {{ decimal_round(
        '100.0 * (usa_trade_usd + annual_extra_usd) / (total_trade_usd + annual_extra_usd)', 2
    ) }} as usa_share_pct_scenario,
    {{ decimal_round('100.0 * chn_trade_usd / (total_trade_usd + annual_extra_usd)', 2) }}
        as chn_share_pct_scenario,
    {{ decimal_round(argument_multiple('chn_trade_usd + rus_trade_usd', 'usa_trade_usd'), 2) }}
        as chn_rus_usa_ratio,
    {{ decimal_round(argument_multiple(
            'chn_trade_usd + rus_trade_usd', 'usa_trade_usd + annual_extra_usd'
        ), 2) }} as chn_rus_usa_ratio_scenario,
    {{ decimal_round(argument_multiple(
            'chn_trade_usd + rus_trade_usd', 'usa_trade_usd + eu_trade_usd + annual_extra_usd'
        ), 2) }} as chn_rus_west_ratio_scenario,
    {{ decimal_round('100.0 * (chn_trade_usd / usa_trade_usd - 1)', 1) }}
        as usa_growth_to_reach_chn_pct,
    {{ decimal_round('100.0 * annual_extra_usd / nullif(chn_trade_usd - usa_trade_usd, 0)', 1) }}
        as extra_covers_gap_to_chn_pct,
    deal_source_id,
    trade_source_ids
from scenarios
