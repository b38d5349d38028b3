-- UN Comtrade API responses, every loaded vintage, reduced to the value of each record, for
-- comparing vintages (reporting.rpt_revisions). The newest vintage reaches the trade models
-- through stg_comtrade__flows, like the bulk files (macro fetched_latest_rows).
{% set fetched = fetched_vintages('comtrade_api', 'comtrade_api') %}

{% if fetched is not none %}
    with fetched as (
        {{ fetched }}
    )

    select
        {{ fetched_row_key() }},
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
        || cast(coalesce(fetched.partner2_code, 0) as string) || '|'
        || coalesce(fetched.customs_code, 'C00') || '|'
        || cast(coalesce(fetched.mot_code, 0) as string) as record_key,
        fetched._source_file as source_file,
        fetched._row_number as source_row,
        fetched._vintage as vintage,
        fetched._is_latest_vintage as is_latest_vintage
    from fetched
{% else %}
    select
        {{ typed_nulls([
            ('value_id', 'string'), ('source_id', 'string'), ('api_source_id', 'string'),
            ('reporter_iso', 'string'), ('partner_iso', 'string'), ('flow_code', 'string'),
            ('cmd_code', 'string'), ('classification_code', 'string'), ('period', 'string'),
            ('ref_year', 'smallint'), ('primary_value', 'double'), ('record_key', 'string'),
            ('source_file', 'string'), ('source_row', 'integer'), ('vintage', 'string'),
            ('is_latest_vintage', 'boolean')
        ]) }}
    where false
{% endif %}
