-- Where two sources give the same measure for the same country, counterpart, period and
-- unit and their values are more than 5% apart (of the larger absolute value), both rows,
-- side by side. Bounds ("more than", "at least") are left out: they do not contradict a
-- point value. Both rows stay in the facts; this report only lists the disagreements. A
-- modelled figure (the bilateral remittance matrix) against an observed one is such a pair,
-- marked by evidence_kind_a/_b: the observed figure is the better evidence.
-- Bilateral trade: a Central Asian state's annual figure of one flow with one partner from
-- two overlapping sources of its own figures (IMF DOTS, its statistics office's tables,
-- Kazakhstan's partner panel), e.g. DOTS against the national tables for 2010-2020.
with figures as (
    select
        'fct_remittances' as fact_table,
        remittance_id as figure_id,
        country_iso3,
        counterpart_iso3,
        measure,
        period,
        unit,
        value as figure_value,
        value_qualifier,
        source_id,
        evidence_kind
    from {{ ref('fct_remittances') }}
    union all
    select
        'fct_investments' as fact_table,
        investment_id as figure_id,
        recipient_iso3 as country_iso3,
        investor_iso3 as counterpart_iso3,
        measure || ' (' || price_basis || ')' as measure,
        period,
        'USD' as unit,
        value_usd as figure_value,
        value_qualifier,
        source_id,
        'observed' as evidence_kind
    from {{ ref('fct_investments') }}
    union all
    select
        'fct_macro' as fact_table,
        macro_id as figure_id,
        country_iso3,
        null as counterpart_iso3,
        indicator as measure,
        period,
        unit,
        value as figure_value,
        'stated' as value_qualifier,
        source_id,
        'observed' as evidence_kind
    from {{ ref('fct_macro') }}
    union all
    select
        'fct_reference_facts' as fact_table,
        fact_id as figure_id,
        entity_iso3 as country_iso3,
        counterpart_iso3,
        indicator as measure,
        period,
        unit_base as unit,
        value as figure_value,
        value_qualifier,
        source_id,
        'observed' as evidence_kind
    from {{ ref('fct_reference_facts') }}
    union all
    select
        'fct_trade_figures' as fact_table,
        figure_id,
        reporter_iso3 as country_iso3,
        partner_iso3 as counterpart_iso3,
        flow as measure,
        period,
        case when value_usd is null then unit else 'USD' end as unit,
        coalesce(value_usd, value_original) as figure_value,
        'stated' as value_qualifier,
        source_id,
        'observed' as evidence_kind
    from {{ ref('fct_trade_figures') }}
    union all
    select
        'fct_trade_flows' as fact_table,
        flows.source_id || ':' || flows.source_file || ':' || cast(flows.source_row as string)
        || ':' || flows.partner_iso3 || ':' || flows.flow || ':' || flows.period as figure_id,
        flows.reporter_iso3 as country_iso3,
        flows.partner_iso3 as counterpart_iso3,
        flows.flow as measure,
        flows.period,
        'USD' as unit,
        flows.value_usd as figure_value,
        'stated' as value_qualifier,
        flows.source_id,
        'observed' as evidence_kind
    from {{ ref('fct_trade_flows') }} as flows
    inner join {{ ref('dim_countries') }} as reporters
        on flows.reporter_iso3 = reporters.iso3
    where
        reporters.is_ca5
        and flows.trade_month is null
        and flows.source_kind in ('imf_dots', 'national_statistics', 'national_panel')
),

comparable as (
    select * from figures
    where figure_value is not null and value_qualifier in ('stated', 'approximate')
)

select
    a.fact_table,
    a.country_iso3,
    a.counterpart_iso3,
    a.measure,
    a.period,
    a.unit,
    a.figure_id as figure_id_a,
    a.figure_value as value_a,
    a.source_id as source_id_a,
    b.figure_id as figure_id_b,
    b.figure_value as value_b,
    b.source_id as source_id_b,
    a.evidence_kind as evidence_kind_a,
    b.evidence_kind as evidence_kind_b,
    {{ decimal_round(
        '100.0 * abs(a.figure_value - b.figure_value)
        / greatest(abs(a.figure_value), abs(b.figure_value))',
        1
    ) }} as pct_apart
from comparable as a
inner join comparable as b
    on
        {{ keys_match('a', 'b', ['fact_table', 'country_iso3']) }}
        and coalesce(a.counterpart_iso3, '') = coalesce(b.counterpart_iso3, '')
        and a.measure = b.measure
        and a.period = b.period
        and a.unit = b.unit
        and a.figure_id < b.figure_id
        and a.source_id != b.source_id
where
    abs(a.figure_value - b.figure_value)
    > 0.05 * greatest(abs(a.figure_value), abs(b.figure_value))
