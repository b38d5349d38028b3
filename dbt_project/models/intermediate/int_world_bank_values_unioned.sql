-- World Bank series from every route, in the columns of stg_world_bank__indicator_values:
-- the CSV mirrors shipped in raw/ and the newest vintage fetched from the Indicators API
-- (source wdi_api). Rows of different sources stay side by side; marts choose by source_id.
{% for route in ['stg_world_bank__indicator_values', 'stg_worldbank_api__indicator_values'] -%}
    select
        value_id,
        source_id,
        indicator_code,
        country_iso3,
        country_name,
        period_year,
        period,
        value,
        unit,
        source_file,
        source_row
    from {{ ref(route) }}
    {% if route == 'stg_worldbank_api__indicator_values' %}where is_latest_vintage{% endif %}
    {% if not loop.last %}union all{% endif %}
{% endfor %}
