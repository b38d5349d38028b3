-- sqlfluff:rules:references.keywords:ignore_words:year,value
-- The world's trade with each partner and in total, the reference of the trade intensity
-- index in arg_dependency_shares_by_basis: the IMF World workbook where it has the year,
-- else WDI merchandise exports + imports of the partner and of the world.
-- exports_to_partner_usd: the world's exports to the partner (the World workbook's
-- exports; with WDI totals, the partner's merchandise imports, and for WLD the world's
-- merchandise exports), for the export-based index.
with dots_world as (
    select
        partner_iso3,
        year,
        trade_usd,
        exports_usd as exports_to_partner_usd,
        'imf_dots' as world_source_id
    from {{ ref('arg_dependency_trade_annual') }}
    where
        country_iso3 = 'WLD'
        and basis = 'reporter'
        and source_kind = 'imf_dots'
        and flow_count = 2
),

wdi_world as (
    select
        country_iso3 as partner_iso3,
        period_year as year,
        sum(value) as trade_usd,
        max(
            case
                when country_iso3 = 'WLD' and indicator = 'merch_exports_usd' then value
                when country_iso3 != 'WLD' and indicator = 'merch_imports_usd' then value
            end
        ) as exports_to_partner_usd,
        {{ sorted_id_list('source_id') }} as world_source_id
    from {{ ref('fct_macro') }}
    where
        indicator in ('merch_exports_usd', 'merch_imports_usd')
        and source_id = 'wdi_macro'
        and value is not null
    group by country_iso3, period_year
    having count(distinct indicator) = 2
)

select
    partner_iso3,
    year,
    trade_usd,
    exports_to_partner_usd,
    world_source_id
from dots_world
union all
select
    wdi_world.partner_iso3,
    wdi_world.year,
    wdi_world.trade_usd,
    wdi_world.exports_to_partner_usd,
    wdi_world.world_source_id
from wdi_world
where not exists (
    select 1 from dots_world
    where dots_world.year = wdi_world.year and dots_world.partner_iso3 = 'WLD'
)
