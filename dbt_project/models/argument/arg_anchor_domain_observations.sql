-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- The weight of China, Russia and the US in each Central Asian state's ties, one row per
-- state, domain and year observed (weights are fractions of the domain's total):
--   trade         partner shares of total trade on the preferred basis
--   investment    outward direct investment positions each investor economy reports
--                 holding in the state (IMF CDIS Table 6-o, end of year): China's, Russia's
--                 and the US's positions over the reported total (the sum over reporting
--                 economies, confidential positions excluded), with the EU members together
--                 and Turkiye beside them (seed anchor_partner_groups). A confidential (C)
--                 or unreported partner has a null weight and a status saying which, never
--                 a zero. Years without positions fall back to FDI by source (gross inflows,
--                 or inward stock) from pages. BRI engagement and Chinese development
--                 finance have no Russian or US counterpart series, so they are not weights
--                 (see rpt_deals_vs_flows)
--   remittances   share of remittances received from each partner: observed figures
--                 (stated shares, and partner amounts over the total of the same period,
--                 money-transfer-system flows left out as another definition; a partner
--                 with no recorded flow counts 0 once any partner's share is known) are
--                 preferred; otherwise the World Bank/KNOMAD bilateral matrix, a Ratha-Shaw
--                 model estimate (evidence_kind modelled), each partner over the matrix's
--                 own total received
--   security      arms-import shares by supplier, SIPRI TIV over the five years ending in
--                 the year (deliveries 2000-2023)
--   institutions  memberships at the end of the year in organisations and formats anchored
--                 by each partner (dim_organisations.anchor_iso3): member or participant
--                 1, observer 0.5, over all such memberships of the state
with ca5 as (
    select iso3 from {{ ref('dim_countries') }}
    where is_ca5
),

anchors as (
    select distinct group_iso3 as anchor_iso3
    from {{ ref('anchor_partner_groups') }}
    where is_anchor
),

trade as (
    select
        shares.country_iso3,
        'trade' as domain,
        shares.year,
        max(case when shares.partner_iso3 = 'CHN' then shares.share_pct end) / 100.0
            as chn_weight,
        max(case when shares.partner_iso3 = 'RUS' then shares.share_pct end) / 100.0
            as rus_weight,
        max(case when shares.partner_iso3 = 'USA' then shares.share_pct end) / 100.0
            as usa_weight,
        'share of total trade, ' || max(shares.basis_used) || ' basis' as measure,
        {{ sorted_id_list('shares.source_ids') }} as source_ids
    from {{ ref('arg_dependency_shares') }} as shares
    inner join ca5 on shares.country_iso3 = ca5.iso3
    where
        shares.basis = 'preferred'
        and shares.partner_iso3 in ({{ partner_codes() }})
        and shares.share_pct is not null
    group by shares.country_iso3, shares.year
    -- a year counts only where the source gives all three partners' shares
    having count(distinct shares.partner_iso3) = 3
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
            partner_rows.country_iso3 = total_rows.country_iso3
            and partner_rows.period = total_rows.period
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
            totals.country_iso3 = cdis_groups.country_iso3
            and totals.year = cdis_groups.year
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
        || cast(coalesce(max(confidential.confidential_investors), 0) as varchar)
        || ' reporter(s) confidential, excluded from the total' as measure,
        max(totals.source_id) as source_ids,
        'reported' as evidence_kind,
        max(case when shares.partner_group = 'eu_members' then shares.share end) as eu_weight,
        max(case when shares.partner_group = 'turkiye' then shares.share end) as tur_weight,
        max(case when shares.partner_group = 'china' then shares.status end) as chn_status,
        max(case when shares.partner_group = 'russia' then shares.status end) as rus_status,
        max(case when shares.partner_group = 'united_states' then shares.status end)
            as usa_status,
        max(case when shares.partner_group = 'eu_members' then shares.status end) as eu_status,
        max(case when shares.partner_group = 'turkiye' then shares.status end) as tur_status,
        coalesce(max(confidential.confidential_investors), 0) as confidential_investors
    from cdis_totals as totals
    inner join cdis_shares as shares
        on totals.country_iso3 = shares.country_iso3 and totals.year = shares.year
    left join cdis_confidential as confidential
        on totals.country_iso3 = confidential.country_iso3 and totals.year = confidential.year
    group by totals.country_iso3, totals.year
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
            totals.country_iso3 = partners.country_iso3
            and totals.year = partners.year
            and partners.indicator = 'from_counterpart_usd'
            and partners.counterpart_iso3 in ({{ partner_codes() }})
    where
        totals.indicator = 'received_usd'
        and totals.counterpart_iso3 = 'WLD'
        and totals.value > 0
    group by totals.country_iso3, totals.year, totals.value, totals.source_id
),

arms_years as (
    select distinct delivery_year as year from {{ ref('fct_arms_transfers') }}
),

arms_first_year as (
    select min(delivery_year) as first_year from {{ ref('fct_arms_transfers') }}
),

arms_windows as (
    select
        arms.recipient_iso3 as country_iso3,
        arms_years.year,
        sum(arms.tiv_delivery_musd) as tiv_total,
        sum(case when arms.supplier_iso3 = 'CHN' then arms.tiv_delivery_musd else 0 end)
            as tiv_chn,
        sum(case when arms.supplier_iso3 = 'RUS' then arms.tiv_delivery_musd else 0 end)
            as tiv_rus,
        sum(case when arms.supplier_iso3 = 'USA' then arms.tiv_delivery_musd else 0 end)
            as tiv_usa,
        {{ sorted_id_list('arms.source_id') }} as source_ids
    from {{ ref('fct_arms_transfers') }} as arms
    inner join arms_years
        on arms.delivery_year between arms_years.year - 4 and arms_years.year
    inner join arms_first_year on arms_years.year >= arms_first_year.first_year + 4
    group by arms.recipient_iso3, arms_years.year
),

security as (
    select
        country_iso3,
        'security' as domain,
        year,
        tiv_chn / nullif(tiv_total, 0) as chn_weight,
        tiv_rus / nullif(tiv_total, 0) as rus_weight,
        tiv_usa / nullif(tiv_total, 0) as usa_weight,
        'arms-import share (SIPRI TIV), ' || cast(year - 4 as varchar) || '-'
        || cast(year as varchar) as measure,
        source_ids
    from arms_windows
    where tiv_total > 0
),

membership_rows as (
    select
        coalesce(ca5.iso3, memberships.country_iso3) as country_iso3,
        memberships.organisation_id,
        organisations.anchor_iso3,
        memberships.status,
        memberships.valid_from,
        memberships.valid_to,
        memberships.source_id,
        case
            when
                memberships.status in (
                    'member', 'founding_member', 'participant', 'associate_member',
                    'founding_venue'
                )
                then 1.0
            when memberships.status = 'observer' then 0.5
            else 0.0
        end as score
    from {{ ref('fct_memberships') }} as memberships
    inner join {{ ref('dim_organisations') }} as organisations
        on memberships.organisation_id = organisations.organisation_id
    inner join anchors on organisations.anchor_iso3 = anchors.anchor_iso3
    left join ca5 on memberships.country_iso3 = 'CA5'
),

institution_years as (
    select distinct year from {{ ref('arg_dependency_shares') }}
    where year >= 1992
),

institutions as (
    select
        membership_rows.country_iso3,
        'institutions' as domain,
        institution_years.year,
        sum(case when membership_rows.anchor_iso3 = 'CHN' then membership_rows.score else 0 end)
        / nullif(sum(membership_rows.score), 0) as chn_weight,
        sum(case when membership_rows.anchor_iso3 = 'RUS' then membership_rows.score else 0 end)
        / nullif(sum(membership_rows.score), 0) as rus_weight,
        sum(case when membership_rows.anchor_iso3 = 'USA' then membership_rows.score else 0 end)
        / nullif(sum(membership_rows.score), 0) as usa_weight,
        'memberships: ' || string_agg(
            case when membership_rows.score > 0 then membership_rows.organisation_id end, ', '
            order by membership_rows.organisation_id
        ) as measure,
        {{ sorted_id_list('membership_rows.source_id') }} as source_ids
    from membership_rows
    inner join institution_years
        on
            (
                membership_rows.valid_from is null
                or extract(year from membership_rows.valid_from) <= institution_years.year
            )
            and (
                membership_rows.valid_to is null
                or extract(year from membership_rows.valid_to) > institution_years.year
            )
    group by membership_rows.country_iso3, institution_years.year
    having sum(membership_rows.score) > 0
),

-- One shape for every domain: the CDIS columns (EU, Turkiye, statuses, confidential
-- reporters) are filled for the positions only; elsewhere a weight given is 'reported'.
plain_domains as (
    select
        *,
        'reported' as evidence_kind,
        true as is_preferred
    from trade
    union all
    select
        fdi_by_source.*,
        'reported' as evidence_kind,
        positions_years.year is null as is_preferred
    from fdi_by_source
    left join investment_positions as positions_years
        on
            fdi_by_source.country_iso3 = positions_years.country_iso3
            and fdi_by_source.year = positions_years.year
    union all
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
        on
            remittances_modelled.country_iso3 = observed_years.country_iso3
            and remittances_modelled.year = observed_years.year
    union all
    select
        *,
        'reported' as evidence_kind,
        true as is_preferred
    from security
    union all
    select
        *,
        'reported' as evidence_kind,
        true as is_preferred
    from institutions
)

select
    country_iso3,
    domain,
    year,
    chn_weight,
    rus_weight,
    usa_weight,
    measure,
    source_ids,
    evidence_kind,
    is_preferred,
    cast(null as double) as eu_weight,
    cast(null as double) as tur_weight,
    case when chn_weight is not null then 'reported' end as chn_status,
    case when rus_weight is not null then 'reported' end as rus_status,
    case when usa_weight is not null then 'reported' end as usa_status,
    cast(null as varchar) as eu_status,
    cast(null as varchar) as tur_status,
    cast(null as integer) as confidential_investors
from plain_domains
union all
select
    country_iso3,
    domain,
    year,
    chn_weight,
    rus_weight,
    usa_weight,
    measure,
    source_ids,
    evidence_kind,
    true as is_preferred,
    eu_weight,
    tur_weight,
    chn_status,
    rus_status,
    usa_status,
    eu_status,
    tur_status,
    cast(confidential_investors as integer) as confidential_investors
from investment_positions
