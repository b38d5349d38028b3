-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- Shares of China, Russia, the US, the EU and Turkey in each Central Asian state's trade
-- (exports + imports), on the reporter and mirror bases, read from the one share
-- computation (arg_dependency_shares) so that they are the shares of rpt_dependency_ratios.
-- Only years with a world total on the basis (so with a share) are listed.
with shares as (
    select
        dep.country_iso3,
        dep.partner_iso3,
        dep.year,
        dep.basis,
        dep.trade_usd,
        dep.total_trade_usd,
        dep.share_pct,
        dep.partner_rank,
        dep.partner_count,
        dep.is_complete_partner_list,
        dep.flow_count,
        dep.source_ids,
        dep.source_kind as source_used
    from {{ ref('arg_dependency_shares') }} as dep
    inner join {{ ref('dim_countries') }} as countries
        on dep.country_iso3 = countries.iso3
    where
        countries.is_ca5
        and dep.basis in ('reporter', 'mirror')
        and (dep.partner_iso3 in ({{ partner_codes(all_groups=true) }}) or dep.partner_iso3 = 'WLD')
        and dep.total_trade_usd is not null
)

select
    country_iso3,
    partner_iso3,
    year,
    basis,
    trade_usd,
    total_trade_usd,
    {{ decimal_round('share_pct', 2) }} as share_pct,
    flow_count,
    source_ids,
    source_used,
    partner_rank,
    partner_count,
    is_complete_partner_list,
    -- true where this year's source differs from the series' previous year with a share
    coalesce(
        source_used
        != lag(source_used) over (
            partition by country_iso3, partner_iso3, basis order by year
        ),
        false
    ) as is_source_switch
from shares
