-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- The weight of China, Russia and the US in each Central Asian state's ties, one row per
-- state, domain and year observed (weights are fractions of the domain's total):
--   trade         partner shares of total trade on the preferred basis
--   investment    FDI by source (gross inflows, or inward stock) over all sources, dated by
--                 the end of the period; BRI
--                 engagement and Chinese development finance have no Russian or US
--                 counterpart series in raw/, so they are not weights (see
--                 rpt_deals_vs_flows)
--   remittances   share of remittances received from each partner (stated shares, and
--                 partner amounts over the total of the same period, money-transfer-system
--                 flows left out as another definition); a partner with no
--                 recorded flow counts 0 once any partner's share is known
--   security      arms-import shares by supplier, SIPRI TIV over the five years ending in
--                 the year (deliveries 2000-2023)
--   institutions  memberships at the end of the year in organisations and formats anchored
--                 by each partner (dim_organisations.anchor_iso3): member or participant
--                 1, observer 0.5, over all such memberships of the state
with ca5 as (
    select iso3 from {{ ref('dim_countries') }}
    where is_ca5
),

anchors (anchor_iso3) as (
    values ('CHN'), ('RUS'), ('USA')
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
    from {{ ref('int_dependency_shares') }} as shares
    inner join ca5 on shares.country_iso3 = ca5.iso3
    where
        shares.basis = 'preferred'
        and shares.partner_iso3 in ('CHN', 'RUS', 'USA')
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
        and investments.investor_iso3 in ('CHN', 'RUS', 'USA', 'WLD')
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
investment as (
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

remittances as (
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
    where counterpart_iso3 in ('CHN', 'RUS', 'USA')
    group by country_iso3, year
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
    select distinct year from {{ ref('int_dependency_shares') }}
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
)

select * from trade
union all
select * from investment
union all
select * from remittances
union all
select * from security
union all
select * from institutions
