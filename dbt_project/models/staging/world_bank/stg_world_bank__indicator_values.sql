-- World Bank series in the datahub CSV layout, one row per series, country and year. The
-- files carry no series code, so each file name is mapped to its WDI code here; a file
-- missing from this list fails the not_null test on indicator_code.
{% set wb_sources = [
    'wdi_remittances_received',
    'wdi_fdi_net_inflows',
    'wdi_macro',
    'wb_gdp_2024_vintage',
    'wb_population',
    'wdi_fx_official',
] %}

with unioned as (
    {% for source_table in wb_sources %}
        select * from {{ source('world_bank', source_table) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

series (file_name, indicator_code, unit) as (
    values
    ('wdi_bx_trf_pwkr_cd_dt_remittances_received_usd.csv', 'BX.TRF.PWKR.CD.DT', 'USD'),
    ('wdi_bx_klt_dinv_cd_wd_fdi_net_inflows_usd.csv', 'BX.KLT.DINV.CD.WD', 'USD'),
    ('wdi_ny_gdp_mktp_cd_gdp_current_usd.csv', 'NY.GDP.MKTP.CD', 'USD'),
    ('wb_gdp_current_usd_central_asia.csv', 'NY.GDP.MKTP.CD', 'USD'),
    ('wb_population_central_asia.csv', 'SP.POP.TOTL', 'persons'),
    ('wdi_tx_val_mrch_cd_wt_merch_exports_usd.csv', 'TX.VAL.MRCH.CD.WT', 'USD'),
    ('wdi_tm_val_mrch_cd_wt_merch_imports_usd.csv', 'TM.VAL.MRCH.CD.WT', 'USD'),
    ('wdi_tx_val_mrch_cd_wt_world_eu_tur.csv', 'TX.VAL.MRCH.CD.WT', 'USD'),
    ('wdi_tm_val_mrch_cd_wt_world_eu_tur.csv', 'TM.VAL.MRCH.CD.WT', 'USD'),
    ('wdi_tg_val_totl_gd_zs_merch_trade_pct_gdp.csv', 'TG.VAL.TOTL.GD.ZS', 'percent_of_gdp'),
    ('wdi_ne_exp_gnfs_zs_exports_gs_pct_gdp.csv', 'NE.EXP.GNFS.ZS', 'percent_of_gdp'),
    ('wdi_ne_imp_gnfs_zs_imports_gs_pct_gdp.csv', 'NE.IMP.GNFS.ZS', 'percent_of_gdp'),
    ('fx_annual_wdi_pa_nus_fcrf_lcu_per_usd.csv', 'PA.NUS.FCRF', 'LCU per USD')
)

select
    unioned._source_id || ':' || unioned._source_file || ':'
    || cast(unioned._row_number as string) as value_id,
    unioned._source_id as source_id,
    series.indicator_code,
    unioned.country_iso3,
    unioned.country_name,
    unioned.period_year,
    cast(unioned.period_year as string) as period,
    unioned.value,
    series.unit,
    unioned._source_file as source_file,
    unioned._row_number as source_row
from unioned
left join series on unioned.file_name = series.file_name
