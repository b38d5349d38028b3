-- Remittances: World Bank BoP series and the figures of central banks, the World Bank and
-- migration agencies from pages. `indicator` groups comparable kinds; `measure` keeps
-- definitions apart (BoP personal remittances vs central-bank money-transfer flows).
with wdi_usd as (
    select
        value_id as remittance_id,
        country_iso3,
        'WLD' as counterpart_iso3,
        period,
        'received_usd' as indicator,
        'remittances_received_bop' as measure,
        indicator_code as indicator_published,
        value,
        unit,
        'stated' as value_qualifier,
        source_id
    from {{ ref('int_world_bank_values_unioned') }}
    where indicator_code = 'BX.TRF.PWKR.CD.DT' and value is not null
),

wdi_pct as (
    select
        value_id as remittance_id,
        country_iso3,
        'WLD' as counterpart_iso3,
        period,
        'pct_of_gdp' as indicator,
        'remittances_received_bop_pct_gdp' as measure,
        indicator_code as indicator_published,
        value,
        unit,
        'stated' as value_qualifier,
        source_id
    from {{ ref('stg_world_bank__remittance_panel') }}
    where series = 'remit_gdp'
),

pages as (
    select
        figure_id as remittance_id,
        entity_iso3 as country_iso3,
        counterpart_iso3,
        period,
        case
            when indicator in ('remittances_received_total', 'remittances_received_bop_wdi')
                then 'received_usd'
            when indicator = 'remittances_pct_gdp' then 'pct_of_gdp'
            when indicator = 'share_of_remittances_from_counterpart' then 'from_counterpart_share'
            when
                indicator in (
                    'remittances_from_counterpart',
                    'cross_border_transfers_from_russia_cbr',
                    'cross_border_transfers_from_russia_mts'
                )
                then 'from_counterpart_usd'
            when unit_base = 'persons' then 'migrant_count'
            when indicator = 'share_of_uzb_migrants_residing_in_counterpart' then 'migrant_share'
            else 'other'
        end as indicator,
        case
            when indicator = 'remittances_received_bop_wdi' then 'remittances_received_bop'
            when indicator = 'remittances_pct_gdp' then 'remittances_received_bop_pct_gdp'
            else indicator
        end as measure,
        indicator as indicator_published,
        value,
        unit,
        value_qualifier,
        source_id
    from {{ ref('stg_page_figures__figures') }}
    where manifest_source_id = 'remittance_page_figures'
)

select * from wdi_usd
union all
select * from wdi_pct
union all
select * from pages
