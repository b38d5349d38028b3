-- Dependency ratios of the five Central Asian states: for each state, year and basis
-- (reporter, mirror, preferred) and each of China, Russia, the US, the EU and Turkey, the
-- partner's trade, share and rank, the trade intensity index, and the state's
-- concentration and China/Russia/US measures repeated on each row.
select
    shares.country_iso3,
    shares.year,
    shares.basis,
    shares.partner_iso3,
    shares.basis_used,
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
    round(shares.rus_usa_multiple, 2) as rus_usa_multiple,
    shares.is_reporter_allocation,
    case shares.source_class
        when 1 then 'imf_dots'
        when 2 then 'national_series'
        when 3 then 'page_figures'
    end as source_class,
    shares.source_ids
from {{ ref('int_dependency_shares') }} as shares
inner join {{ ref('dim_countries') }} as countries
    on shares.country_iso3 = countries.iso3
where
    countries.is_ca5
    and shares.partner_iso3 in ('CHN', 'RUS', 'USA', 'EUU', 'TUR')
