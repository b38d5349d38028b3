-- One row per reporter, partner, flow and year from the IMF DOTS workbooks, names mapped
-- to ISO3. Nicaragua was exported twice with identical figures: the first file is kept.
-- Left joins keep a row whose name has no alias; the not_null tests on the ISO3 columns
-- then fail the build instead of the row vanishing.
with ranked as (
    select
        d.*,
        row_number() over (
            partition by d.reporter_name, d.partner_name, d.flow, d.year
            order by d._source_file
        ) as copy_number
    from {{ source('imf_dots', 'imf_dots') }} as d
),

aliases as (
    select
        alias,
        iso3
    from {{ ref('country_aliases') }}
    where publisher = 'imf'
)

select
    reporter.iso3 as reporter_iso3,
    partner.iso3 as partner_iso3,
    cast(ranked.year as {{ cross_db_string() }}) as period,
    ranked.year as trade_year,
    cast(null as integer) as trade_month,
    ranked.flow,
    ranked.value_musd * 1e6 as value_usd,
    ranked.value_musd as value_original,
    'USD' as currency_original,
    'USD millions' as unit_original,
    cast(1.0 as double) as fx_rate_usd_per_unit,
    cast(null as {{ cross_db_string() }}) as fx_source_id,
    ranked.is_estimate,
    'imf_dots' as source_kind,
    ranked._source_id as source_id,
    ranked._source_file as source_file,
    ranked.source_row,
    cast(null as {{ cross_db_string() }}) as publication,
    true as is_latest_publication,
    ranked.reporter_name,
    ranked.partner_name
from ranked
left join aliases as reporter on ranked.reporter_name = reporter.alias
left join aliases as partner on ranked.partner_name = partner.alias
where ranked.copy_number = 1
