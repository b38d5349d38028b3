-- UN Comtrade goods records, one row per published record, with reporter and partner
-- mapped to ISO3 through the comtrade aliases. Kept free of DuckDB-only syntax: the trade
-- models also run on Spark (tests/warehouse/test_spark_portability.py).
with aliases as (
    select
        alias,
        iso3
    from {{ ref('country_aliases') }}
    where publisher = 'comtrade'
),

-- The shipped Comtrade files and the newest answer of the Comtrade API connector (caetl
-- fetch, source comtrade_api), read by the same parser into the same columns.
comtrade_rows as (
    select * from {{ source('comtrade', 'comtrade') }}
    union all
    {{ fetched_latest_rows('comtrade_api', 'comtrade_api', source('comtrade', 'comtrade')) }}
),

records as (
    select
        *,
        -- Legacy downloads leave the ISO of "Other Asia, nes" (code 490) empty, where the
        -- current layout writes S19; Comtrade pads some codes ('_X ', 'X1 ') with a space.
        coalesce(
            nullif(trim(reporter_iso), ''),
            case when reporter_code = 490 then 'S19' end
        ) as reporter_alias,
        coalesce(
            nullif(trim(partner_iso), ''),
            case when partner_code = 490 then 'S19' end
        ) as partner_alias
    from comtrade_rows
    where type_code = 'C'
)

select
    reporter.iso3 as reporter_iso3,
    partner.iso3 as partner_iso3,
    records.reporter_code,
    records.partner_code,
    records.reporter_desc as reporter_name,
    records.partner_desc as partner_name,
    case records.flow_code
        when 'M' then 'imports'
        when 'X' then 'exports'
        when 'RM' then 're_imports'
        when 'RX' then 're_exports'
        else lower(records.flow_code)
    end as flow,
    records.flow_code,
    records.freq_code as frequency,
    records.period,
    records.ref_year as trade_year,
    case when records.freq_code = 'M' then records.ref_month end as trade_month,
    records.classification_code,
    records.classification_search_code as classification_family,
    records.cmd_code as product_code,
    records.cmd_desc as product_description,
    records.aggr_level as product_level,
    records.is_leaf,
    coalesce(records.partner2_code, 0) as partner2_code,
    coalesce(records.customs_code, 'C00') as customs_code,
    coalesce(records.mot_code, 0) as mot_code,
    coalesce(records.mos_code, '0') as mos_code,
    records.primary_value as value_usd,
    records.cif_value as cif_value_usd,
    records.fob_value as fob_value_usd,
    -- Comtrade+ writes 0 for "not available" in weights and quantities: no traded good
    -- weighs nothing, so a zero is read as missing.
    nullif(records.net_wgt, 0) as net_weight_kg,
    nullif(records.qty, 0) as quantity,
    records.qty_unit_abbr as quantity_unit,
    records.is_reported,
    records.is_aggregate,
    records._source_id as source_id,
    records._source_file as source_file,
    records.source_row
from records
left join aliases as reporter on records.reporter_alias = reporter.alias
left join aliases as partner on records.partner_alias = partner.alias
