-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- The trade domain of the anchor index: China's, Russia's and the US's shares of each
-- Central Asian state's total trade on the preferred basis, in years where the source
-- gives all three.
with ca5 as (
    select iso3 from {{ ref('dim_countries') }}
    where is_ca5
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

plain as (
    select
        *,
        'reported' as evidence_kind,
        true as is_preferred
    from trade
)

select {{ anchor_observation_columns() }}
from plain
