-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- Dependency ratios of the five Central Asian states: for each state, year and basis
-- (reporter, mirror, preferred) and each of China, Russia, the US, the EU and Turkey, the
-- partner's trade, share and rank, the trade intensity index, and the state's
-- concentration and China/Russia/US measures repeated on each row, all read from the one
-- share computation (arg_dependency_shares). The source class of a row is its kind's
-- report_class in the seed source_kinds.
select
    dep.country_iso3,
    dep.year,
    dep.basis,
    dep.partner_iso3,
    dep.basis_used,
    dep.trade_usd,
    dep.total_trade_usd,
    dep.total_trade_usd_partner_sum,
    {{ decimal_round('dep.share_pct', 2) }} as share_pct,
    dep.partner_rank,
    dep.partner_count,
    {{ decimal_round('dep.tii', 3) }} as tii,
    {{ decimal_round('dep.tii_exports', 3) }} as tii_exports,
    {{ dependency_state_measures('dep') }},
    dep.is_reporter_allocation,
    dep.has_estimate,
    kinds.report_class as source_class,
    dep.source_ids,
    dep.source_kind as source_used,
    dep.is_complete_partner_list,
    dep.tii_world_source_id,
    dep.figure_variant
from {{ ref('arg_dependency_shares') }} as dep
inner join {{ ref('dim_countries') }} as countries
    on dep.country_iso3 = countries.iso3
left join {{ ref('source_kinds') }} as kinds
    on dep.source_kind = kinds.source_kind
where
    countries.is_ca5
    and dep.partner_iso3 in ({{ partner_codes(all_groups=true) }})
