-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- The remittances domain of the anchor index: the share of remittances received from each
-- anchor, observed (stated shares, and partner amounts over the total of the same period)
-- where any is known, else the World Bank/KNOMAD bilateral matrix, a model estimate
-- (evidence_kind modelled) over the matrix's own total received.
with ca5 as (
    select iso3 from {{ ref('dim_countries') }}
    where is_ca5
),

remittance_rows as (
    select
        remittances.country_iso3,
        remittances.counterpart_iso3,
        remittances.period,
        extract(year from periods.end_date) as year,
        remittances.indicator,
        remittances.measure,
        avg(remittances.value) as value,
        {{ sorted_id_list('remittances.source_id') }} as source_ids
    from {{ ref('fct_remittances') }} as remittances
    inner join ca5 on remittances.country_iso3 = ca5.iso3
    inner join {{ ref('dim_periods') }} as periods on remittances.period = periods.period
    where
        remittances.indicator in ('from_counterpart_share', 'from_counterpart_usd', 'received_usd')
        and remittances.value is not null
        and remittances.evidence_kind = 'observed'
    group by
        remittances.country_iso3, remittances.counterpart_iso3, remittances.period,
        periods.end_date, remittances.indicator, remittances.measure
),

remittance_shares as (
    select
        country_iso3,
        counterpart_iso3,
        year,
        value / 100.0 as share,
        source_ids
    from remittance_rows
    where indicator = 'from_counterpart_share'
    union all
    select
        partner_rows.country_iso3,
        partner_rows.counterpart_iso3,
        partner_rows.year,
        partner_rows.value / total_rows.value as share,
        partner_rows.source_ids || '; ' || total_rows.source_ids as source_ids
    from remittance_rows as partner_rows
    inner join remittance_rows as total_rows
        on
            {{ keys_match('partner_rows', 'total_rows', ['country_iso3', 'period']) }}
            and total_rows.indicator = 'received_usd'
            and total_rows.counterpart_iso3 = 'WLD'
    where
        partner_rows.indicator = 'from_counterpart_usd'
        and partner_rows.measure = 'remittances_from_counterpart'
),

remittances_observed as (
    select
        country_iso3,
        'remittances' as domain,
        year,
        coalesce(avg(case when counterpart_iso3 = 'CHN' then share end), 0) as chn_weight,
        coalesce(avg(case when counterpart_iso3 = 'RUS' then share end), 0) as rus_weight,
        coalesce(avg(case when counterpart_iso3 = 'USA' then share end), 0) as usa_weight,
        'share of remittances received' as measure,
        {{ sorted_id_list('source_ids') }} as source_ids
    from remittance_shares
    where counterpart_iso3 in ({{ partner_codes() }})
    group by country_iso3, year
),

-- The bilateral remittance matrix: each partner over the matrix's own total received.
-- A partner the matrix does not list as a sender is allocated nothing by the model: 0.
matrix_rows as (
    select
        remittances.country_iso3,
        remittances.counterpart_iso3,
        extract(year from periods.end_date) as year,
        remittances.indicator,
        remittances.value,
        remittances.source_id
    from {{ ref('fct_remittances') }} as remittances
    inner join ca5 on remittances.country_iso3 = ca5.iso3
    inner join {{ ref('dim_periods') }} as periods on remittances.period = periods.period
    where remittances.evidence_kind = 'modelled' and remittances.value is not null
),

remittances_modelled as (
    select
        totals.country_iso3,
        'remittances' as domain,
        totals.year,
        coalesce(sum(case when partners.counterpart_iso3 = 'CHN' then partners.value end), 0)
        / totals.value as chn_weight,
        coalesce(sum(case when partners.counterpart_iso3 = 'RUS' then partners.value end), 0)
        / totals.value as rus_weight,
        coalesce(sum(case when partners.counterpart_iso3 = 'USA' then partners.value end), 0)
        / totals.value as usa_weight,
        'share of remittances received, modelled (World Bank/KNOMAD bilateral remittance '
        || 'matrix, Ratha-Shaw)' as measure,
        totals.source_id as source_ids
    from matrix_rows as totals
    left join matrix_rows as partners
        on
            {{ keys_match('totals', 'partners', ['country_iso3', 'year']) }}
            and partners.indicator = 'from_counterpart_usd'
            and partners.counterpart_iso3 in ({{ partner_codes() }})
    where
        totals.indicator = 'received_usd'
        and totals.counterpart_iso3 = 'WLD'
        and totals.value > 0
    group by totals.country_iso3, totals.year, totals.value, totals.source_id
),

plain as (
    select
        *,
        'reported' as evidence_kind,
        true as is_preferred
    from remittances_observed
    union all
    select
        remittances_modelled.*,
        'modelled' as evidence_kind,
        observed_years.year is null as is_preferred
    from remittances_modelled
    left join remittances_observed as observed_years
        on {{ keys_match('remittances_modelled', 'observed_years', ['country_iso3', 'year']) }}
)

select {{ anchor_observation_columns() }}
from plain
