-- UN Comtrade API responses, every loaded vintage, reduced to the value of each record, for
-- comparing vintages (reporting.rpt_revisions). The newest vintage reaches the trade models
-- through stg_comtrade__flows, like the bulk files (macro fetched_latest_rows).
{% set fetched = fetched_vintages('comtrade_api', 'comtrade_api') %}

{% if fetched is not none %}
    with fetched as (
        {{ fetched }}
    )

    select
        fetched._source_id || ':' || fetched._source_file || ':'
        || cast(fetched._row_number as varchar) as value_id,
        fetched._source_id as source_id,
        fetched._api_source_id as api_source_id,
        fetched.reporter_iso,
        fetched.partner_iso,
        fetched.flow_code,
        fetched.cmd_code,
        fetched.classification_code,
        fetched.period,
        fetched.ref_year,
        fetched.primary_value,
        fetched.reporter_iso || '|' || fetched.partner_iso || '|' || fetched.flow_code || '|'
        || fetched.cmd_code || '|' || fetched.period || '|'
        || cast(coalesce(fetched.partner2_code, 0) as varchar) || '|'
        || coalesce(fetched.customs_code, 'C00') || '|'
        || cast(coalesce(fetched.mot_code, 0) as varchar) as record_key,
        fetched._source_file as source_file,
        fetched._row_number as source_row,
        fetched._vintage as vintage,
        fetched._is_latest_vintage as is_latest_vintage
    from fetched
{% else %}
    select
        cast(null as varchar) as value_id,
        cast(null as varchar) as source_id,
        cast(null as varchar) as api_source_id,
        cast(null as varchar) as reporter_iso,
        cast(null as varchar) as partner_iso,
        cast(null as varchar) as flow_code,
        cast(null as varchar) as cmd_code,
        cast(null as varchar) as classification_code,
        cast(null as varchar) as period,
        cast(null as smallint) as ref_year,
        cast(null as double) as primary_value,
        cast(null as varchar) as record_key,
        cast(null as varchar) as source_file,
        cast(null as integer) as source_row,
        cast(null as varchar) as vintage,
        cast(null as boolean) as is_latest_vintage
    where false
{% endif %}
