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
    flow,
    trade_year,
    cast(trade_year as {{ cross_db_string() }}) as period,
    value_musd * 1e6 as value_usd,
    value_musd as value_original,
    'USD millions' as unit_original,
    false as is_estimate,
    _source_id as source_id,
    _source_file as source_file,
    source_row
from unpivoted
where value_musd is not null
