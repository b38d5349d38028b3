-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- Each Central Asian state's figure of a flow beside its partner's figure of the same flow:
-- both from IMF DOTS (1992-2020), and the state's own statistics office (or Kazakhstan's
-- panel) against the partners' own figures where DOTS ends or is not the source: Russia's
-- customs (monthly to 2021, complete years summed), Eurostat (the EU27's and member
-- states' figures, in USD at the H.10 rate) and China's customs figures quoted on pages
-- (each page's figure its own row, never averaged). The state's exports (FOB) are set
-- against the partner's imports from it (CIF), its imports (CIF) against the partner's
-- exports to it (FOB), a stated total against exports + imports. The
-- symmetric discrepancy |A - B| / (A + B) measures the gap; the CIF/FOB ratio (importer's
-- figure over exporter's) is about 1.1 where both report well. Flags mark years where
-- the reporter and mirror bases disagree on the state's first partner.
with dots_mirrored as (
    select
        flows.reporter_iso3 as country_iso3,
        flows.partner_iso3,
        flows.trade_year as year,
        flows.flow,
        flows.reported_value_usd,
        flows.mirror_value_usd,
        flows.source_id,
        -- both sides are DOTS figures: the reporter's own and its partners'
        flows.source_id as reported_source_id,
        'imf_dots' as reported_source_kind,
        flows.source_id as mirror_source_id,
        'imf_dots' as mirror_source_kind
    from {{ ref('int_trade_flows_mirrored') }} as flows
    inner join {{ ref('dim_countries') }} as reporters
        on flows.reporter_iso3 = reporters.iso3
    inner join {{ ref('dim_countries') }} as partners
        on flows.partner_iso3 = partners.iso3
    where
        flows.source_id = 'imf_dots'
        and reporters.is_ca5
        and not partners.is_aggregate
),

ca5 as (
    select iso3 from {{ ref('dim_countries') }}
    where is_ca5
),

-- The state's own annual figures by partner (statistics office or Kazakhstan's panel).
national as (
    select
        flows.reporter_iso3 as country_iso3,
        flows.partner_iso3,
        flows.year,
        flows.flow,
        flows.value_usd,
        flows.source_id,
        flows.source_kind
    from {{ ref('fct_trade_flows') }} as flows
    inner join ca5 on flows.reporter_iso3 = ca5.iso3
    where
        flows.source_kind in ('national_statistics', 'national_panel')
        and flows.trade_month is null
        and flows.partner_iso3 != 'WLD'
        and flows.value_usd is not null
),

national_with_totals as (
    select
        country_iso3,
        partner_iso3,
        year,
        flow,
        value_usd,
        source_id,
        source_kind
    from national
    union all
    select
        country_iso3,
        partner_iso3,
        year,
        'total' as flow,
        sum(value_usd) as value_usd,
        source_id,
        source_kind
    from national
    group by country_iso3, partner_iso3, year, source_id, source_kind
    having count(distinct flow) = 2
),

-- The partners' own figures of their trade with a state, in complete years (a monthly
-- source counts only where it has all twelve months with a USD value).
partner_figures as (
    select
        flows.partner_iso3 as country_iso3,
        flows.reporter_iso3 as partner_iso3,
        flows.year,
        flows.flow as partner_flow,
        sum(flows.value_usd) as value_usd,
        flows.source_id,
        flows.source_kind
    from {{ ref('fct_trade_flows') }} as flows
    inner join ca5 on flows.partner_iso3 = ca5.iso3
    where flows.source_kind in ('partner_customs', 'eurostat')
    group by
        flows.partner_iso3, flows.reporter_iso3, flows.year, flows.flow, flows.source_id,
        flows.source_kind
    having
        count(flows.value_usd) = count(*)
        and (
            bool_and(flows.trade_month is null)
            or count(distinct flows.trade_month) = 12
        )
    union all
    select
        figures.partner_iso3 as country_iso3,
        figures.reporter_iso3 as partner_iso3,
        figures.figure_year as year,
        figures.flow as partner_flow,
        figures.value_usd,
        figures.source_id,
        'page_figure' as source_kind
    from {{ ref('fct_trade_figures') }} as figures
    inner join ca5 on figures.partner_iso3 = ca5.iso3
    where
        figures.reporter_iso3 = 'CHN'
        and figures.period = cast(figures.figure_year as string)
        and figures.flow in ('exports', 'imports', 'total')
        and figures.value_usd is not null
),

partner_totals as (
    select
        country_iso3,
        partner_iso3,
        year,
        partner_flow,
        value_usd,
        source_id,
        source_kind
    from partner_figures
    union all
    select
        country_iso3,
        partner_iso3,
        year,
        'total' as partner_flow,
        sum(value_usd) as value_usd,
        source_id,
        source_kind
    from partner_figures
    where partner_flow in ('exports', 'imports') and source_kind != 'page_figure'
    group by country_iso3, partner_iso3, year, source_id, source_kind
    having count(distinct partner_flow) = 2
),

national_mirrored as (
    select
        national_with_totals.country_iso3,
        national_with_totals.partner_iso3,
        national_with_totals.year,
        national_with_totals.flow,
        national_with_totals.value_usd as reported_value_usd,
        partner_totals.value_usd as mirror_value_usd,
        partner_totals.source_id,
        national_with_totals.source_id as reported_source_id,
        national_with_totals.source_kind as reported_source_kind,
        partner_totals.source_id as mirror_source_id,
        partner_totals.source_kind as mirror_source_kind
    from national_with_totals
    inner join partner_totals
        on
            {{ keys_match(
                'national_with_totals', 'partner_totals', ['country_iso3', 'partner_iso3', 'year']
            ) }}
            and national_with_totals.flow = case partner_totals.partner_flow
                when 'exports' then 'imports'
                when 'imports' then 'exports'
                else 'total'
            end
),

mirrored as (
    select * from dots_mirrored
    union all
    select * from national_mirrored
),

first_partners as (
    select
        country_iso3,
        year,
        max(case when basis = 'reporter' then rank1_partner_iso3 end)
            as rank1_partner_reporter,
        max(case when basis = 'mirror' then rank1_partner_iso3 end) as rank1_partner_mirror
    from {{ ref('arg_dependency_shares') }}
    where basis in ('reporter', 'mirror') and source_kind = 'imf_dots'
    group by country_iso3, year
)

select
    mirrored.country_iso3,
    mirrored.partner_iso3,
    mirrored.year,
    mirrored.flow,
    mirrored.reported_value_usd,
    mirrored.mirror_value_usd,
    {{ decimal_round(argument_symmetric_discrepancy(
            'mirrored.reported_value_usd', 'mirrored.mirror_value_usd'
        ), 4) }} as symmetric_discrepancy,
    case
        when mirrored.flow = 'total' then null
        when mirrored.flow = 'exports'
            then {{ decimal_round(argument_multiple(
                'mirrored.mirror_value_usd', 'mirrored.reported_value_usd'
            ), 4) }}
        else {{ decimal_round(argument_multiple(
            'mirrored.reported_value_usd', 'mirrored.mirror_value_usd'
        ), 4) }}
    end as cif_fob_ratio,
    case
        when mirrored.mirror_source_kind = 'imf_dots' then first_partners.rank1_partner_reporter
    end as rank1_partner_reporter,
    case
        when mirrored.mirror_source_kind = 'imf_dots' then first_partners.rank1_partner_mirror
    end as rank1_partner_mirror,
    coalesce(
        mirrored.mirror_source_kind = 'imf_dots'
        and first_partners.rank1_partner_reporter != first_partners.rank1_partner_mirror, false
    ) as gap_changes_rank1,
    coalesce(
        mirrored.mirror_source_kind = 'imf_dots'
        and first_partners.rank1_partner_reporter != first_partners.rank1_partner_mirror
        and mirrored.partner_iso3 in (
            first_partners.rank1_partner_reporter, first_partners.rank1_partner_mirror
        ),
        false
    ) as is_rank1_contender,
    mirrored.source_id,
    mirrored.reported_source_id,
    mirrored.reported_source_kind,
    mirrored.mirror_source_id,
    mirrored.mirror_source_kind
from mirrored
left join first_partners
    on {{ keys_match('mirrored', 'first_partners', ['country_iso3', 'year']) }}
