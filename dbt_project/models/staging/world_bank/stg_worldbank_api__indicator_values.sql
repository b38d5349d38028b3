-- World Bank Indicators API pages, every loaded vintage, in the columns of
-- stg_world_bank__indicator_values (the CSV mirrors) so marts can union the newest vintage
-- (`where is_latest_vintage`) with them.
{% set fetched = fetched_vintages('world_bank_api', 'wdi_api') %}

{% if fetched is not none %}
    with fetched as (
        {{ fetched }}
    )

    select
        fetched._source_id || ':' || fetched._source_file || ':'
        || cast(fetched._row_number as varchar) as value_id,
        fetched._source_id as source_id,
        fetched._api_source_id as api_source_id,
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
        cast(null as varchar) as value_id,
        cast(null as varchar) as source_id,
        cast(null as varchar) as api_source_id,
        cast(null as varchar) as indicator_code,
        cast(null as varchar) as country_iso3,
        cast(null as varchar) as country_name,
        cast(null as smallint) as period_year,
        cast(null as varchar) as period,
        cast(null as double) as value,  -- noqa: RF04
        cast(null as varchar) as unit,
        cast(null as varchar) as source_file,
        cast(null as integer) as source_row,
        cast(null as varchar) as vintage,
        cast(null as timestamptz) as retrieved_at,
        cast(null as varchar) as indicator_name,
        cast(null as varchar) as obs_status,
        cast(null as boolean) as is_latest_vintage
    where false
{% endif %}
