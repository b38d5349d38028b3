{#- The raw table of an API source, or none before its first `caetl fetch` (the loader only
    writes raw tables for sources with files). At parse time it returns the declared source,
    so dbt still records the lineage. -#}
{% macro fetched_source(source_name, table_name) %}
    {%- set declared = source(source_name, table_name) -%}
    {%- if not execute -%}
        {{ return(declared) }}
    {%- endif -%}
    {{ return(adapter.get_relation(
        database=declared.database, schema=declared.schema, identifier=declared.identifier
    )) }}
{% endmacro %}

{#- The vintage (UTC timestamp folder) of a fetched file: api/<source>/<vintage>/<file>. -#}
{% macro vintage_of(source_file_column) -%}
    split_part({{ source_file_column }}, '/', 3)
{%- endmacro %}

{#- A SELECT of the newest fetched vintage of an API source, with the columns of `like` (a
    relation with the same parser's schema); before the first fetch, an empty SELECT of
    `like`. Lets a staging model union fetched rows with shipped files of the same layout:
      select * from {{ source('comtrade', 'comtrade') }}
      union all
      {{ fetched_latest_rows('api', 'comtrade_api', source('comtrade', 'comtrade')) }} -#}
{% macro fetched_latest_rows(source_name, table_name, like) %}
    {%- set fetched = fetched_source(source_name, table_name) -%}
    {%- if fetched is none -%}
        select * from {{ like }} where 1 = 0
    {%- else -%}
        select * from {{ fetched }}
        where {{ vintage_of('_source_file') }} = (
            select max({{ vintage_of('_source_file') }}) from {{ fetched }}
        )
    {%- endif -%}
{% endmacro %}
