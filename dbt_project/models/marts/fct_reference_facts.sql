-- Reference facts from pages: minerals, borders, oil export routes (CPC), rail freight,
-- arms-import shares (quoted and derived from the SIPRI register, to compare with
-- fct_arms_transfers), and the investment-file figures that are not investment amounts.
select
    figure_id as fact_id,
    case
        when indicator like 'arms_%' then 'arms_transfers'
        when
            indicator like 'rare_earths%' or indicator like 'tungsten%'
            or indicator like 'antimony%'
            then 'minerals'
        when indicator like '%border%' then 'borders'
        when indicator like 'rail_%' then 'rail_freight'
        when indicator like 'oil_%' or indicator like 'cpc_%' then 'oil_export_routes'
        else 'investment_context'
    end as topic,
    entity_iso3,
    counterpart_iso3,
    indicator,
    period,
    value,
    unit,
    unit_base,
    value_qualifier,
    is_derived,
    confidence,
    source_id,
    quote,
    note
from {{ ref('stg_page_figures__figures') }}
where
    manifest_source_id = 'reference_page_figures'
    or (
        manifest_source_id = 'investment_page_figures'
        and not (
            unit_base = 'USD'
            and (indicator like 'bri_%' or indicator like 'fdi_%' or indicator like '%investment%')
        )
    )
