-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- The peer view: the same shares, ranks, concentration and trade intensity for every
-- economy that reports to (or is reported by partners in) the IMF DOTS workbooks, so that
-- Kazakhstan can be set beside Mongolia, Azerbaijan or Georgia. DOTS figures only
-- (1960-2020), reporter and mirror bases; aggregates and historic entities excluded.
select
    dep.country_iso3,
    countries.name as country_name,
    countries.is_ca5,
    dep.year,
    dep.basis,
    dep.partner_iso3,
    dep.trade_usd,
    dep.total_trade_usd,
    {{ decimal_round('dep.share_pct', 2) }} as share_pct,
    dep.partner_rank,
    dep.partner_count,
    {{ decimal_round('dep.tii', 3) }} as tii,
    {{ dependency_state_measures('dep') }},
    dep.source_kind as source_used
from {{ ref('arg_dependency_shares') }} as dep
inner join {{ ref('dim_countries') }} as countries
    on dep.country_iso3 = countries.iso3
where
    dep.basis in ('reporter', 'mirror')
    and dep.source_kind = 'imf_dots'
    and dep.total_trade_usd is not null
    and not countries.is_aggregate
    and not countries.is_historic
    and dep.partner_iso3 in ({{ partner_codes(all_groups=true) }})
    and dep.partner_iso3 != dep.country_iso3
