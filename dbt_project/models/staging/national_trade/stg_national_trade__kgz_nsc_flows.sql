-- Kyrgyzstan's trade with every partner from the NSC workbooks, in the staging contract's
-- columns, then the publisher's names. Cells published as `-` (no figure) are left out;
-- the preliminary year (footnote marker in its header) is an estimate. Partners map by
-- their Russian name; assert_national_trade_names_agree checks the Kyrgyz and English
-- names map to the same code. Left joins keep a row whose name has no alias; the not_null
-- test on partner_iso3 then fails the build instead of the row vanishing.
with aliases as (
    select
        alias,
        iso3
    from {{ ref('country_aliases') }}
    where publisher = 'kgz_nsc'
),

flows as (
    select *
    from {{ source('national_trade', 'kgz_nsc_trade_by_partner') }}
    where value_kusd is not null
)

select
    'KGZ' as reporter_iso3,
    partner.iso3 as partner_iso3,
    cast(flows.year as {{ cross_db_string() }}) as period,
    cast(flows.year as integer) as trade_year,
    cast(null as integer) as trade_month,
    flows.flow,
    flows.value_kusd * 1e3 as value_usd,
    flows.value_kusd as value_original,
    'USD' as currency_original,
    'USD thousands' as unit_original,
    cast(1.0 as double) as fx_rate_usd_per_unit,
    cast(null as {{ cross_db_string() }}) as fx_source_id,
    flows.is_preliminary as is_estimate,
    'national_statistics' as source_kind,
    flows._source_id as source_id,
    flows._source_file as source_file,
    flows.source_row,
    cast(null as {{ cross_db_string() }}) as publication,  -- noqa: RF04
    true as is_latest_publication,
    flows.partner_name_ru,
    flows.partner_name_en,
    flows.partner_name_ky,
    flows.year_label
from flows
left join aliases as partner on flows.partner_name_ru = partner.alias
