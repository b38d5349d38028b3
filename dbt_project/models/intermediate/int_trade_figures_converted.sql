-- Trade figures from pages with every money value in USD as well: USD figures as they are,
-- yuan figures at the annual average rate of their year (int_fx_rates_chosen). Where no
-- rate exists the USD value stays null and the reason says why; no rate is ever made up.
with figures as (
    select * from {{ ref('stg_trade_page_figures__figures') }}
),

rates as (
    select * from {{ ref('int_fx_rates_chosen') }}
)

select
    figures.source_id || ':' || figures.source_file || ':' || cast(figures.source_row as string)
        as figure_id,
    {{ citation_source_id('figures.source_id', 'figures.source_url') }} as source_id,
    figures.source_id as manifest_source_id,
    figures.reporter_iso3,
    figures.partner_iso3,
    figures.figure_year,
    figures.period,
    figures.flow,
    figures.unit,
    figures.value as value_original,
    case when figures.unit in ('USD', 'CNY') then figures.unit end as currency_original,
    case
        when figures.unit = 'USD' then 1.0
        when figures.unit = 'CNY' then rates.rate_per_usd
    end as fx_rate,
    case when figures.unit = 'CNY' then rates.fx_source_id end as fx_source_id,
    case
        when figures.unit = 'USD' then figures.value
        when figures.unit = 'CNY' then figures.value / rates.rate_per_usd
    end as value_usd,
    case
        when figures.unit = 'USD' then null
        when figures.unit = 'CNY' and rates.rate_per_usd is null
            then
                'no annual CNY per USD rate for ' || cast(figures.figure_year as string)
                || ' in raw/'
        when figures.unit = 'CNY' then null
        else 'not a money amount (unit ' || figures.unit || ')'
    end as usd_null_reason,
    figures.source_name,
    figures.source_url,
    figures.published_date,
    figures.quote,
    figures.source_file,
    figures.source_row
from figures
left join rates
    on
        figures.unit = rates.currency
        and figures.figure_year = rates.period_year
