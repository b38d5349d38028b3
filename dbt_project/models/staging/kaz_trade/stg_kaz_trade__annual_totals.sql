-- Kazakhstan's world totals by year, summed from the BNS monthly series for complete
-- years only (12 months); the lineage columns name the first month's file and row.
with annual as (
    select
        flow,
        trade_year,
        max(source_id) as source_id,
        min(source_file) as source_file,
        min(source_row) as source_row,
        sum(value_usd) as value_usd,
        sum(value_original) as value_original,
        count(*) as months
    from {{ ref('stg_kaz_trade__monthly_totals') }}
    group by flow, trade_year
)

select
    'KAZ' as reporter_iso3,
    'WLD' as partner_iso3,
    cast(trade_year as {{ cross_db_string() }}) as period,
    cast(trade_year as integer) as trade_year,
    cast(null as integer) as trade_month,
    flow,
    value_usd,
    value_original,
    'USD' as currency_original,
    'USD thousands' as unit_original,
    cast(1.0 as double) as fx_rate_usd_per_unit,
    cast(null as {{ cross_db_string() }}) as fx_source_id,
    false as is_estimate,
    'national_statistics' as source_kind,
    source_id,
    source_file,
    source_row,
    cast(null as {{ cross_db_string() }}) as publication,
    true as is_latest_publication
from annual
where months = 12
