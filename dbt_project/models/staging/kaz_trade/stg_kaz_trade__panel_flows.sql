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
    {{ trade_flow_select(
        'unpivoted', "'KAZ'", 'unpivoted.partner_iso3', 'unpivoted.trade_year',
        'unpivoted.value_musd * 1e6', 'unpivoted.value_musd', 'USD millions', 'national_panel',
        overrides={'trade_year': 'unpivoted.trade_year'}
    ) }}
from unpivoted
where unpivoted.value_musd is not null
