-- sqlfluff:rules:references.keywords:ignore_words:value
-- Remittances: World Bank BoP series and the figures of central banks, the World Bank and
-- migration agencies from pages. `indicator` groups comparable kinds; `measure` keeps
-- definitions apart (BoP personal remittances vs central-bank money-transfer flows).
-- `evidence_kind` keeps observed figures apart from the World Bank/KNOMAD bilateral matrix,
-- a Ratha-Shaw model estimate: both stay, side by side, under the same measure.
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
        source_id,
        'observed' as evidence_kind,
        cast(null as string) as estimate_method
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
        source_id,
        'observed' as evidence_kind,
        cast(null as string) as estimate_method
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
        source_id,
        'observed' as evidence_kind,
        cast(null as string) as estimate_method
    from {{ ref('stg_page_figures__figures') }}
    where manifest_source_id = 'remittance_page_figures'
),


-- The matrix, for receivers among the five: corridors as the amount from the sender, the
-- WORLD row as the total received (the matrix allocates the BoP inflow, so it sits beside
-- the observed BoP series under the same measure).
knomad_matrix as (
    select
        matrix.estimate_id as remittance_id,
        matrix.receiver_iso3 as country_iso3,
        matrix.sender_iso3 as counterpart_iso3,
        matrix.period,
        case
            when matrix.sender_iso3 = 'WLD' then 'received_usd' else 'from_counterpart_usd'
        end as indicator,
        case
            when matrix.sender_iso3 = 'WLD' then 'remittances_received_bop'
            else 'remittances_from_counterpart'
        end as measure,
        'Bilateral Remittance Matrix ' || matrix.edition as indicator_published,
        matrix.value_usd as value,
        'USD' as unit,
        'stated' as value_qualifier,
        matrix.source_id,
        'modelled' as evidence_kind,
        'Ratha-Shaw bilateral allocation by migrant stocks and incomes' as estimate_method
    from {{ ref('stg_knomad__bilateral_remittances') }} as matrix
    inner join {{ ref('countries') }} as receivers
        on matrix.receiver_iso3 = receivers.iso3 and receivers.is_ca5
    where matrix.value_usd is not null
)

select * from wdi_usd
union all
select * from wdi_pct
union all
select * from pages
union all
select * from knomad_matrix
