-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- The investment domain of the anchor index: outward direct investment positions each
-- investor economy reports holding in the state (IMF CDIS Table 6-o, end of year) over
-- the reported total, with the EU members together and Turkiye beside the three anchors
-- (seed anchor_partner_groups); a confidential (C) or unreported partner has a null weight
-- and a status saying which. Years without positions fall back to FDI by source from
-- pages (gross inflows, or inward stock).
with ca5 as (
    select iso3 from {{ ref('dim_countries') }}
    where is_ca5
),

investment_rows as (
    select
        investments.recipient_iso3 as country_iso3,
        investments.measure,
        investments.period,
        extract(year from periods.end_date) as year,
        investments.investor_iso3,
        avg(investments.value_usd) as value_usd,
        {{ sorted_id_list('investments.source_id') }} as source_ids
    from {{ ref('fct_investments') }} as investments
    inner join ca5 on investments.recipient_iso3 = ca5.iso3
    inner join {{ ref('dim_periods') }} as periods on investments.period = periods.period
    where
        investments.kind in ('fdi_flow', 'fdi_stock')
        and (
            investments.investor_iso3 in ({{ partner_codes() }})
            or investments.investor_iso3 = 'WLD'
        )
        and investments.value_usd is not null
    group by
        investments.recipient_iso3, investments.measure, investments.period,
        periods.end_date, investments.investor_iso3
),

investment_measures as (
    select
        country_iso3,
        measure,
        year,
        max(case when investor_iso3 = 'CHN' then value_usd end)
        / max(case when investor_iso3 = 'WLD' then value_usd end) as chn_weight,
        max(case when investor_iso3 = 'RUS' then value_usd end)
        / max(case when investor_iso3 = 'WLD' then value_usd end) as rus_weight,
        max(case when investor_iso3 = 'USA' then value_usd end)
        / max(case when investor_iso3 = 'WLD' then value_usd end) as usa_weight,
        {{ sorted_id_list('source_ids') }} as source_ids
    from investment_rows
    group by country_iso3, measure, year
    having
        max(case when investor_iso3 = 'WLD' then value_usd end) is not null
        and count(case when investor_iso3 != 'WLD' then 1 end) > 0
),

-- Flows (gross inflows) before stocks where a year has both.
fdi_by_source as (
    select
        country_iso3,
        'investment' as domain,
        year,
        coalesce(chn_weight, 0) as chn_weight,
        coalesce(rus_weight, 0) as rus_weight,
        coalesce(usa_weight, 0) as usa_weight,
        'FDI by source: ' || measure as measure,
        source_ids
    from (
        select
            investment_measures.*,
            row_number() over (
                partition by investment_measures.country_iso3, investment_measures.year
                order by
                    case when investment_measures.measure like '%inflow%' then 1 else 2 end,
                    investment_measures.measure
            ) as preference
        from investment_measures
    ) as ranked
    where preference = 1
),

-- CDIS positions in the five, one row per host, year and investor.
cdis_positions as (
    select
        positions.recipient_iso3 as country_iso3,
        extract(year from periods.end_date) as year,
        positions.investor_iso3,
        positions.value_usd,
        positions.value_status,
        positions.source_id
    from {{ ref('fct_investments') }} as positions
    inner join ca5 on positions.recipient_iso3 = ca5.iso3
    inner join {{ ref('dim_periods') }} as periods on positions.period = periods.period
    where positions.kind = 'fdi_position_outward'
),

cdis_totals as (
    select
        country_iso3,
        year,
        value_usd as total_usd,
        source_id
    from cdis_positions
    where investor_iso3 = 'XCR' and value_usd > 0
),

cdis_confidential as (
    select
        country_iso3,
        year,
        count(*) as confidential_investors
    from cdis_positions
    where value_status = 'confidential' and investor_iso3 != 'XCR'
    group by country_iso3, year
),

partner_group_names as (
    select distinct partner_group from {{ ref('anchor_partner_groups') }}
),

cdis_groups as (
    select
        positions.country_iso3,
        positions.year,
        partner_groups.partner_group,
        sum(positions.value_usd) as value_usd,
        count(*) as cells,
        count(case when positions.value_status = 'confidential' then 1 end)
            as confidential_cells
    from cdis_positions as positions
    inner join {{ ref('anchor_partner_groups') }} as partner_groups
        on
            positions.investor_iso3 = partner_groups.iso3
            and coalesce(partner_groups.member_from_year, positions.year) <= positions.year
            and coalesce(partner_groups.member_to_year, positions.year) >= positions.year
    group by positions.country_iso3, positions.year, partner_groups.partner_group
),

-- A group's weight is null where none of its members gave a figure: confidential (C) or
-- not reported (the reporter left the cell blank or did not report that year).
cdis_shares as (
    select
        totals.country_iso3,
        totals.year,
        partner_group_names.partner_group,
        case
            when coalesce(cdis_groups.cells, 0) = cdis_groups.confidential_cells then null
            else cdis_groups.value_usd / totals.total_usd
        end as share,
        case
            when cdis_groups.cells is null then 'not_reported'
            when cdis_groups.confidential_cells = cdis_groups.cells then 'confidential'
            when cdis_groups.confidential_cells > 0 then 'partly_confidential'
            else 'reported'
        end as status
    from cdis_totals as totals
    cross join partner_group_names
    left join cdis_groups
        on
            {{ keys_match('totals', 'cdis_groups', ['country_iso3', 'year']) }}
            and partner_group_names.partner_group = cdis_groups.partner_group
),

investment_positions as (
    select
        totals.country_iso3,
        'investment' as domain,
        totals.year,
        max(case when shares.partner_group = 'china' then shares.share end) as chn_weight,
        max(case when shares.partner_group = 'russia' then shares.share end) as rus_weight,
        max(case when shares.partner_group = 'united_states' then shares.share end)
            as usa_weight,
        'outward direct investment positions as reported by investors (IMF CDIS Table 6-o), '
        || 'share of the reported total; '
        || cast(coalesce(max(confidential.confidential_investors), 0) as string)
        || ' reporter(s) confidential, excluded from the total' as measure,
        max(totals.source_id) as source_ids,
        'reported' as evidence_kind,
        true as is_preferred,
        max(case when shares.partner_group = 'eu_members' then shares.share end) as eu_weight,
        max(case when shares.partner_group = 'turkiye' then shares.share end) as tur_weight,
        max(case when shares.partner_group = 'china' then shares.status end) as chn_status,
        max(case when shares.partner_group = 'russia' then shares.status end) as rus_status,
        max(case when shares.partner_group = 'united_states' then shares.status end)
            as usa_status,
        max(case when shares.partner_group = 'eu_members' then shares.status end) as eu_status,
        max(case when shares.partner_group = 'turkiye' then shares.status end) as tur_status,
        cast(coalesce(max(confidential.confidential_investors), 0) as integer)
            as confidential_investors
    from cdis_totals as totals
    inner join cdis_shares as shares
        on totals.country_iso3 = shares.country_iso3 and totals.year = shares.year
    left join cdis_confidential as confidential
        on totals.country_iso3 = confidential.country_iso3 and totals.year = confidential.year
    group by totals.country_iso3, totals.year
),

plain as (
    select
        fdi_by_source.*,
        'reported' as evidence_kind,
        positions_years.year is null as is_preferred
    from fdi_by_source
    left join investment_positions as positions_years
        on {{ keys_match('fdi_by_source', 'positions_years', ['country_iso3', 'year']) }}
)

select {{ anchor_observation_columns() }}
from plain
union all
select {{ anchor_observation_columns(plain=false) }}
from investment_positions
