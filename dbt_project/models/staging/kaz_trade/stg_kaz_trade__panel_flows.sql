-- Kazakhstan-reported trade by partner, one row per flow; missing cells (RUS 2010, the
-- customs-union break) are absent rather than zero.
with unpivoted as (
    select
        partner_iso3,
        year as trade_year,
        'exports' as flow,
        exports_musd as value_musd,
        _source_id,
        _source_file,
        source_row
    from {{ source('kaz_trade', 'kaz_trade_panel') }}
    union all
    select
        partner_iso3,
        year as trade_year,
        'imports' as flow,
        imports_musd as value_musd,
        _source_id,
        _source_file,
        source_row
    from {{ source('kaz_trade', 'kaz_trade_panel') }}
)

select
    'KAZ' as reporter_iso3,
    partner_iso3,
    cast(trade_year as {{ cross_db_string() }}) as period,
    trade_year,
    cast(null as integer) as trade_month,
    flow,
    value_musd * 1e6 as value_usd,
    value_musd as value_original,
    'USD' as currency_original,
    'USD millions' as unit_original,
    cast(1.0 as double) as fx_rate_usd_per_unit,
    cast(null as {{ cross_db_string() }}) as fx_source_id,
    false as is_estimate,
    'national_panel' as source_kind,
    _source_id as source_id,
    _source_file as source_file,
    source_row,
    cast(null as {{ cross_db_string() }}) as publication,
    true as is_latest_publication
from unpivoted
where value_musd is not null
