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
    {{ trade_flow_select(
        'annual', "'KAZ'", "'WLD'", 'annual.trade_year', 'annual.value_usd',
        'annual.value_original', 'USD thousands', 'national_statistics', overrides={
            'source_id': 'annual.source_id', 'source_file': 'annual.source_file',
            'source_row': 'annual.source_row'
        }
    ) }}
from annual
where annual.months = 12
