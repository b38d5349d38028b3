-- Every bilateral flow from every trade source in one shape. Kazakhstan's world totals
-- come from the BNS monthly series, summed only for complete years (12 months).
with bns_annual as (
    select
        flow,
        trade_year,
        max(source_id) as source_id,
        max(source_file) as source_file,
        min(source_row) as source_row,
        sum(value_usd) as value_usd,
        sum(value_original) as value_original,
        count(*) as months
    from {{ ref('stg_kaz_trade__monthly_totals') }}
    group by flow, trade_year
)

select
    reporter_iso3,
    partner_iso3,
    period,
    trade_year,
    flow,
    value_usd,
    value_original,
    unit_original,
    is_estimate,
    source_id,
    source_file,
    source_row
from {{ ref('stg_imf_dots__flows') }}

union all

select
    reporter_iso3,
    partner_iso3,
    period,
    trade_year,
    flow,
    value_usd,
    value_original,
    unit_original,
    is_estimate,
    source_id,
    source_file,
    source_row
from {{ ref('stg_kaz_trade__panel_flows') }}

union all

select
    'KAZ' as reporter_iso3,
    'WLD' as partner_iso3,
    cast(trade_year as {{ cross_db_string() }}) as period,
    trade_year,
    flow,
    value_usd,
    value_original,
    'USD thousands' as unit_original,
    false as is_estimate,
    source_id,
    source_file,
    source_row
from bns_annual
where months = 12
