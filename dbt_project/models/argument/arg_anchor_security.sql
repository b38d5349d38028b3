-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- The security domain of the anchor index: arms-import shares by supplier, SIPRI TIV over
-- the five years ending in the year (deliveries 2000-2023).
with arms_years as (
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
        'arms-import share (SIPRI TIV), ' || cast(year - 4 as string) || '-'
        || cast(year as string) as measure,
        source_ids
    from arms_windows
    where tiv_total > 0
),

plain as (
    select
        *,
        'reported' as evidence_kind,
        true as is_preferred
    from security
)

select {{ anchor_observation_columns() }}
from plain
