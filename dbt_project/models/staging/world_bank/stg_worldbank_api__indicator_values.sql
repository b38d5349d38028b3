-- World Bank Indicators API pages, every loaded vintage, in the columns of
-- stg_world_bank__indicator_values (the CSV mirrors) so marts can union the newest vintage
-- (`where is_latest_vintage`) with them.
{% set fetched = fetched_vintages('world_bank_api', 'wdi_api') %}

{% if fetched is not none %}
    with fetched as (
        {{ fetched }}
    )

    select
        {{ fetched_row_key() }},
        fetched.indicator_code,
        fetched.country_iso3,
        fetched.country_name,
        fetched.period_year,
        cast(fetched.period_year as string) as period,
        fetched.value,
        case
            when fetched.indicator_code = 'PA.NUS.FCRF' then 'LCU per USD'
            when fetched.indicator_code like '%.ZS' then 'percent_of_gdp'
            when fetched.indicator_code like '%.CD%' then 'USD'
            when fetched.indicator_code = 'SP.POP.TOTL' then 'persons'
        end as unit,
        fetched._source_file as source_file,
        fetched._row_number as source_row,
        fetched._vintage as vintage,
        fetched.retrieved_at,
        fetched.indicator_name,
        fetched.obs_status,
        fetched._is_latest_vintage as is_latest_vintage
    from fetched
{% else %}
    select
        {{ typed_nulls([
            ('value_id', 'string'), ('source_id', 'string'), ('api_source_id', 'string'),
            ('indicator_code', 'string'), ('country_iso3', 'string'), ('country_name', 'string'),
            ('period_year', 'smallint'), ('period', 'string'), ('value', 'double'),
            ('unit', 'string'), ('source_file', 'string'), ('source_row', 'integer'),
            ('vintage', 'string'), ('retrieved_at', timestamp_tz()), ('indicator_name', 'string'),
            ('obs_status', 'string'), ('is_latest_vintage', 'boolean')
        ]) }}
    where false
{% endif %}
