-- Shares of China, Russia, the US, the EU and Turkey in each Central Asian state's trade
-- (exports + imports), on two bases:
--   reporter: the state's own figures (IMF DOTS where it has the year, else the national
--             series: Kazakhstan's partner panel over its BNS world total);
--   mirror:   the partners' figures of the same flows (IMF DOTS, each partner as reporter),
--             over the world's reported trade with the state.
with flows as (
    select
        reporter_iso3,
        partner_iso3,
        year,
        flow,
        value_usd,
        source_id,
        case when source_id = 'imf_dots' then 1 else 2 end as source_precedence
    from {{ ref('fct_trade_flows') }}
),

ca5 as (
    select iso3 from {{ ref('dim_countries') }}
    where is_ca5
),

partners as (
    select iso3
    from {{ ref('dim_countries') }}
    where iso3 in ('CHN', 'RUS', 'USA', 'EUU', 'TUR', 'WLD')
),

reporter_side as (
    select
        flows.reporter_iso3 as country_iso3,
        flows.partner_iso3,
        flows.year,
        'reporter' as basis,
        flows.source_precedence,
        {{ sorted_id_list('flows.source_id') }} as source_ids,
        count(distinct flows.flow) as flow_count,
        sum(flows.value_usd) as trade_usd
    from flows
    inner join ca5 on flows.reporter_iso3 = ca5.iso3
    inner join partners on flows.partner_iso3 = partners.iso3
    group by flows.reporter_iso3, flows.partner_iso3, flows.year, flows.source_precedence
),

mirror_side as (
    select
        flows.partner_iso3 as country_iso3,
        flows.reporter_iso3 as partner_iso3,
        flows.year,
        'mirror' as basis,
        flows.source_precedence,
        {{ sorted_id_list('flows.source_id') }} as source_ids,
        count(distinct flows.flow) as flow_count,
        sum(flows.value_usd) as trade_usd
    from flows
    inner join ca5 on flows.partner_iso3 = ca5.iso3
    inner join partners on flows.reporter_iso3 = partners.iso3
    where flows.source_id = 'imf_dots'
    group by flows.partner_iso3, flows.reporter_iso3, flows.year, flows.source_precedence
),

both_bases as (
    select * from reporter_side
    union all
    select * from mirror_side
),

-- A basis is usable for a year only where both flows of the world total are present;
-- the source with the best precedence among those wins.
chosen as (
    select
        country_iso3,
        year,
        basis,
        min(source_precedence) as source_precedence
    from both_bases
    where partner_iso3 = 'WLD' and flow_count = 2
    group by country_iso3, year, basis
),

totals as (
    select
        both_bases.country_iso3,
        both_bases.year,
        both_bases.basis,
        both_bases.trade_usd as total_trade_usd
    from both_bases
    inner join chosen
        on
            both_bases.country_iso3 = chosen.country_iso3
            and both_bases.year = chosen.year
            and both_bases.basis = chosen.basis
            and both_bases.source_precedence = chosen.source_precedence
    where both_bases.partner_iso3 = 'WLD'
)

select
    both_bases.country_iso3,
    both_bases.partner_iso3,
    both_bases.year,
    both_bases.basis,
    both_bases.trade_usd,
    totals.total_trade_usd,
    round(100.0 * both_bases.trade_usd / nullif(totals.total_trade_usd, 0), 2) as share_pct,
    both_bases.flow_count,
    both_bases.source_ids
from both_bases
inner join chosen
    on
        both_bases.country_iso3 = chosen.country_iso3
        and both_bases.year = chosen.year
        and both_bases.basis = chosen.basis
        and both_bases.source_precedence = chosen.source_precedence
inner join totals
    on
        both_bases.country_iso3 = totals.country_iso3
        and both_bases.year = totals.year
        and both_bases.basis = totals.basis
