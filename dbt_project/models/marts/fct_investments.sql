-- Investment in the five states by kind. The kinds measure different things (a BoP flow,
-- a stock, a construction-plus-investment engagement estimate, loan and grant commitments)
-- and are never summed together; within a kind, compare one measure at a time. The CDIS
-- positions are a kind of their own: outward stocks as each investor economy reports them
-- (a mirror of the host), a confidential cell a row with a null value and its status.
with wdi_fdi as (
    select
        value_id as investment_id,
        country_iso3 as recipient_iso3,
        'WLD' as investor_iso3,
        period,
        'fdi_flow' as kind,
        'fdi_net_inflows_bop' as measure,
        indicator_code as indicator_published,
        value as value_usd,
        'current' as price_basis,
        'stated' as value_qualifier,
        'reported' as value_status,
        'recipient_reported' as basis,
        source_id
    from {{ ref('int_world_bank_values_unioned') }}
    where indicator_code = 'BX.KLT.DINV.CD.WD' and value is not null
),

aiddata as (
    select
        source_id || ':' || source_file || ':' || cast(source_row as string) as investment_id,
        country_iso3 as recipient_iso3,
        'CHN' as investor_iso3,
        period,
        'development_finance_commitment' as kind,
        'gcdf3_commitments_recommended_for_aggregates' as measure,
        'total_commitments_bn' as indicator_published,
        commitments_usd_const2021 as value_usd,
        'constant_2021' as price_basis,
        'stated' as value_qualifier,
        'reported' as value_status,
        'third_party_compiled' as basis,
        source_id
    from {{ ref('stg_aiddata__country_commitments') }}
),

pages as (
    select
        figure_id as investment_id,
        entity_iso3 as recipient_iso3,
        counterpart_iso3 as investor_iso3,
        period,
        case
            when indicator like 'bri_%' then 'bri_engagement'
            when indicator like 'fdi_stock%' then 'fdi_stock'
            else 'fdi_flow'
        end as kind,
        indicator as measure,
        indicator as indicator_published,
        value as value_usd,
        'current' as price_basis,
        value_qualifier,
        'reported' as value_status,
        'as_cited' as basis,
        source_id
    from {{ ref('stg_page_figures__figures') }}
    where
        manifest_source_id = 'investment_page_figures'
        and unit_base = 'USD'
        and (indicator like 'bri_%' or indicator like 'fdi_%' or indicator like '%investment%')
),


cdis_positions as (
    select
        positions.position_id as investment_id,
        positions.host_iso3 as recipient_iso3,
        positions.investor_iso3,
        positions.period,
        'fdi_position_outward' as kind,
        'cdis_outward_position_reported_by_investor' as measure,
        'CDIS Table 6-o: ' || positions.investor_name as indicator_published,
        positions.position_usd as value_usd,
        'current' as price_basis,
        case positions.value_status
            when 'reported' then 'stated'
            when 'zero_or_below_half_million' then 'approximate'
        end as value_qualifier,
        positions.value_status,
        'investor_reported' as basis,
        positions.source_id
    from {{ ref('stg_imf_cdis__positions') }} as positions
    inner join {{ ref('countries') }} as ca5_hosts
        on positions.host_iso3 = ca5_hosts.iso3 and ca5_hosts.is_ca5
)

select * from wdi_fdi
union all
select * from aiddata
union all
select * from pages
union all
select * from cdis_positions
