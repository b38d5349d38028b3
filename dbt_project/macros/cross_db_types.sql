{#- Type names that differ between the engines the trade models run on (DuckDB, Spark):
    Spark has no unbounded varchar. Dispatched on the adapter, so another engine adds its
    own `<adapter>__cross_db_string`. When sqlfluff renders the models for linting there is
    no `adapter`, and plain varchar is what it should see. -#}
{% macro cross_db_string() -%}
    {%- if adapter is defined -%}
        {{ return(adapter.dispatch('cross_db_string')()) }}
    {%- else -%}
        varchar
    {%- endif -%}
{%- endmacro %}

{% macro default__cross_db_string() -%}varchar{%- endmacro %}

{% macro spark__cross_db_string() -%}string{%- endmacro %}
