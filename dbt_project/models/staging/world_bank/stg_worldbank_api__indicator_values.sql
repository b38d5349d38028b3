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
        cast(fetched.period_year as varchar) as period,
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
            ('value_id', 'varchar'), ('source_id', 'varchar'), ('api_source_id', 'varchar'),
            ('indicator_code', 'varchar'), ('country_iso3', 'varchar'), ('country_name', 'varchar'),
            ('period_year', 'smallint'), ('period', 'varchar'), ('value', 'double'),
            ('unit', 'varchar'), ('source_file', 'varchar'), ('source_row', 'integer'),
            ('vintage', 'varchar'), ('retrieved_at', 'timestamptz'), ('indicator_name', 'varchar'),
            ('obs_status', 'varchar'), ('is_latest_vintage', 'boolean')
        ]) }}
    where false
{% endif %}
