-- The peer view: the same shares, ranks, concentration and trade intensity for every
-- economy that reports to (or is reported by partners in) the IMF DOTS workbooks, so that
-- Kazakhstan can be set beside Mongolia, Azerbaijan or Georgia. DOTS figures only
-- (1960-2020), reporter and mirror bases; aggregates and historic entities excluded.
select
    shares.country_iso3,
    countries.name as country_name,
    countries.is_ca5,
    shares.year,
    shares.basis,
    shares.partner_iso3,
    shares.trade_usd,
    shares.total_trade_usd,
    round(shares.share_pct, 2) as share_pct,
    shares.partner_rank,
    shares.partner_count,
    round(shares.tii, 3) as tii,
    round(shares.hhi, 4) as hhi,
    round(shares.effective_partners, 2) as effective_partners,
    shares.rank1_partner_iso3,
    round(shares.chn_rus_share_pct, 2) as chn_rus_share_pct,
    round(shares.chn_usa_multiple, 2) as chn_usa_multiple,
    round(shares.rus_usa_multiple, 2) as rus_usa_multiple
from {{ ref('int_dependency_shares') }} as shares
inner join {{ ref('dim_countries') }} as countries
    on shares.country_iso3 = countries.iso3
where
    shares.basis in ('reporter', 'mirror')
    and shares.source_class = 1
    and shares.total_trade_usd is not null
    and not countries.is_aggregate
    and not countries.is_historic
    and shares.partner_iso3 in ('CHN', 'RUS', 'USA', 'EUU', 'TUR')
    and shares.partner_iso3 != shares.country_iso3
