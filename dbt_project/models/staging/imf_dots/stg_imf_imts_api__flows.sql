-- IMF IMTS (formerly DOTS) observations from the SDMX 3.0 API, every loaded vintage:
-- XG_FOB_USD is exports FOB, MG_CIF_USD imports CIF. IMF codes (ISO3 and group codes such
-- as G001 World) map through country_aliases (publisher imf_sdmx); left joins keep a row
-- whose code has no alias, so the iso3 not_null tests fail instead of the row vanishing.
-- SCALE is a power of ten (0 units, 6 millions); value_usd applies it.
{% set fetched = fetched_vintages('imf_api', 'imf_imts_api') %}

{% if fetched is not none %}
    with fetched as (
        {{ fetched }}
    ),

    aliases as (
        select
            alias,
            iso3
        from {{ ref('country_aliases') }}
        where publisher = 'imf_sdmx'
    )

    select
        {{ fetched_row_key() }},
        reporter.iso3 as reporter_iso3,
        partner.iso3 as partner_iso3,
        case fetched.indicator
            when 'XG_FOB_USD' then 'exports'
            when 'MG_CIF_USD' then 'imports'
        end as flow,
        case fetched.indicator
            when 'XG_FOB_USD' then 'FOB'
            when 'MG_CIF_USD' then 'CIF'
        end as valuation,
        fetched.indicator as indicator_code,
        fetched.frequency,
        fetched.time_period,
        fetched.period_year,
        fetched.value,
        fetched.scale,
        fetched.value * power(10, coalesce(try_cast(fetched.scale as integer), 0)) as value_usd,
        fetched.series_key,
        fetched.dataflow,
        fetched._source_file as source_file,
        fetched._row_number as source_row,
        fetched._vintage as vintage,
        fetched.retrieved_at,
        fetched._is_latest_vintage as is_latest_vintage
    from fetched
    left join aliases as reporter on fetched.country = reporter.alias
    left join aliases as partner on fetched.counterpart_country = partner.alias
{% else %}
    select
        {{ typed_nulls([
            ('value_id', 'string'), ('source_id', 'string'), ('api_source_id', 'string'),
            ('reporter_iso3', 'string'), ('partner_iso3', 'string'), ('flow', 'string'),
            ('valuation', 'string'), ('indicator_code', 'string'), ('frequency', 'string'),
            ('time_period', 'string'), ('period_year', 'smallint'), ('value', 'double'),
            ('scale', 'string'), ('value_usd', 'double'), ('series_key', 'string'),
            ('dataflow', 'string'), ('source_file', 'string'), ('source_row', 'integer'),
            ('vintage', 'string'), ('retrieved_at', timestamp_tz()),
            ('is_latest_vintage', 'boolean')
        ]) }}
    where false
{% endif %}
