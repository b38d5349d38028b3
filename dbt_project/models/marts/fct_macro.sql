-- Macro denominators and exchange rates by country and year: WDI GDP (two vintages),
-- population, merchandise exports and imports, trade shares of GDP, annual average
-- exchange rates (World Bank official and Federal Reserve H.10), and national-statistics
-- figures from pages; World Bank rows come from the CSV mirrors and, once fetched, the
-- newest Indicators API vintage (wdi_api). Different vintages and sources stay side by side.
-- The exchange-rate rows come from int_fx_rates_unioned.
with wb as (
    select
        value_id as macro_id,
        country_iso3,
        period,
        cast(period_year as integer) as period_year,
        case indicator_code
            when 'NY.GDP.MKTP.CD' then 'gdp_current_usd'
            when 'SP.POP.TOTL' then 'population'
            when 'TX.VAL.MRCH.CD.WT' then 'merch_exports_usd'
            when 'TM.VAL.MRCH.CD.WT' then 'merch_imports_usd'
            when 'TG.VAL.TOTL.GD.ZS' then 'merch_trade_pct_gdp'
            when 'NE.EXP.GNFS.ZS' then 'exports_gs_pct_gdp'
            when 'NE.IMP.GNFS.ZS' then 'imports_gs_pct_gdp'
        end as indicator,
        indicator_code as indicator_published,
        value,
        unit,
        source_id,
        cast(null as string) as currency
    from {{ ref('int_world_bank_values_unioned') }}
    where
        value is not null
        and indicator_code in (
            'NY.GDP.MKTP.CD', 'SP.POP.TOTL', 'TX.VAL.MRCH.CD.WT', 'TM.VAL.MRCH.CD.WT',
            'TG.VAL.TOTL.GD.ZS', 'NE.EXP.GNFS.ZS', 'NE.IMP.GNFS.ZS'
        )
),

pages as (
    select
        figure_id as macro_id,
        entity_iso3 as country_iso3,
        period,
        case when length(period) = 4 then cast(period as integer) end as period_year,
        case
            when indicator = 'gdp_current_usd_national_stats' then 'gdp_current_usd'
            when indicator = 'foreign_trade_turnover' then 'trade_turnover_usd'
            else indicator
        end as indicator,
        indicator as indicator_published,
        value,
        unit,
        source_id,
        cast(null as string) as currency
    from {{ ref('stg_page_figures__figures') }}
    where manifest_source_id = 'macro_page_figures'
)

select {{ macro_columns() }}
from wb
union all
select {{ macro_columns() }}
from {{ ref('int_fx_rates_unioned') }}
union all
select {{ macro_columns() }}
from pages
