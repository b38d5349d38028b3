-- The R WDI-package panel, long form. remit_gdp is the panel country's own series; the two
-- Russian series are repeated on every country's row, so they are attributed to RUS here.
select
    _source_id || ':' || _source_file || ':' || cast(_row_number as string) || ':' || series
        as value_id,
    _source_id as source_id,
    series,
    case series
        when 'remit_gdp' then 'BX.TRF.PWKR.DT.GD.ZS'
        when 'rus_gdp_growth' then 'NY.GDP.MKTP.KD.ZG'
        when 'rub_depr' then 'PA.NUS.FCRF (100*dlog, derived)'
    end as indicator_code,
    case when series = 'remit_gdp' then country_iso3 else 'RUS' end as country_iso3,
    country_iso3 as panel_country_iso3,
    period_year,
    cast(period_year as string) as period,
    value,
    case series
        when 'remit_gdp' then 'percent_of_gdp'
        when 'rus_gdp_growth' then 'percent'
        when 'rub_depr' then 'percent (log points)'
    end as unit,
    _source_file as source_file,
    _row_number as source_row
from {{ source('world_bank', 'wdi_remittances_pct_gdp_panel') }}
