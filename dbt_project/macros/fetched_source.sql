{#- API sources exist in raw/ only after their first `caetl fetch` (the loader writes raw
    tables for sources with files), so these macros look the tables up and fall back to an
    empty result before that. At parse time (no `execute`) they use the declared sources,
    so dbt still records the lineage. -#}

{#- The vintage (UTC timestamp folder) of a fetched file: api/<source>/<vintage>/<file>. -#}
{% macro vintage_of(source_file_column) -%}
    split_part({{ source_file_column }}, '/', 3)
{%- endmacro %}

{#- A SELECT of both loaded vintages of an API source (raw.<id>, the newest, and
    raw.<id>_previous once there is one) with `_api_source_id` (<id> for both), `_vintage`
    and `_is_latest_vintage` added; none before the first fetch. -#}
{% macro fetched_vintages(source_name, table_name) %}
    {%- set newest = source(source_name, table_name) -%}
    {%- set previous = source(source_name, table_name ~ '_previous') -%}
    {%- if execute -%}
        {%- set newest = adapter.get_relation(
            database=newest.database, schema=newest.schema, identifier=newest.identifier
        ) -%}
        {%- set previous = adapter.get_relation(
            database=previous.database, schema=previous.schema, identifier=previous.identifier
        ) -%}
    {%- endif -%}
    {%- if newest is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set sql -%}
        select
            *,
            '{{ table_name }}' as _api_source_id,
            {{ vintage_of('_source_file') }} as _vintage,
            true as _is_latest_vintage
        from {{ newest }}
        {%- if previous is not none %}
            union all
            select
                *,
                '{{ table_name }}' as _api_source_id,
                {{ vintage_of('_source_file') }} as _vintage,
                false as _is_latest_vintage
            from {{ previous }}
        {%- endif %}
    {%- endset -%}
    {{ return(sql) }}
{% endmacro %}

{#- A SELECT of the newest fetched vintage of an API source (raw.<id>), or before its first
    fetch an empty SELECT of `like` (a relation of the same parser), so a staging model can
    union fetched rows with the shipped files of the same layout:
      select * from {{ source('comtrade', 'comtrade') }}
      union all
      {{ fetched_latest_rows('comtrade_api', 'comtrade_api', source('comtrade', 'comtrade')) }} -#}
{% macro fetched_latest_rows(source_name, table_name, like) %}
    {%- set newest = source(source_name, table_name) -%}
    {%- if execute -%}
        {%- set newest = adapter.get_relation(
            database=newest.database, schema=newest.schema, identifier=newest.identifier
        ) -%}
    {%- endif -%}
    {%- if newest is none -%}
        select * from {{ like }} where 1 = 0
    {%- else -%}
        select * from {{ newest }}
    {%- endif -%}
{% endmacro %}

{#- The key and lineage of a row fetched from an API (relation `fetched`, the rows of
    fetched_vintages): a value id unique across vintages, the manifest source id and the
    API's own source id. -#}
{% macro fetched_row_key() -%}
    fetched._source_id || ':' || fetched._source_file || ':'
    || cast(fetched._row_number as string) as value_id,
    fetched._source_id as source_id,
    fetched._api_source_id as api_source_id
{%- endmacro %}

{#- A select list of typed nulls, `cast(null as type) as name` for each (name, type): the
    columns of a fetched source's staging model before its first fetch (`where false`). -#}
{% macro typed_nulls(columns) -%}
    {%- for name, type in columns %}
        cast(null as {{ type }}) as {{ name }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}
