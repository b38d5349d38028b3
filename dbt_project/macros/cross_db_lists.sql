{#- A list of source ids as one sorted, de-duplicated text ("a; b; c"), whether the rows
    hold single ids or lists already joined with the separator: the same rows give the same
    text whatever order the engine reads them in. NULL when no row has an id.
    Dispatched on the adapter like cross_db_string; sqlfluff renders the DuckDB form. -#}
{% macro sorted_id_list(column, separator="'; '") -%}
    {%- if adapter is defined -%}
        {{ return(adapter.dispatch('sorted_id_list')(column, separator)) }}
    {%- else -%}
        {{ default__sorted_id_list(column, separator) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__sorted_id_list(column, separator) -%}
    nullif(array_to_string(list_sort(list_distinct(flatten(list(string_split({{ column }}, {{ separator }}))))), {{ separator }}), '')
{%- endmacro %}

{% macro spark__sorted_id_list(column, separator) -%}
    nullif(array_join(array_sort(array_distinct(flatten(collect_list(split({{ column }}, {{ separator }}))))), {{ separator }}), '')
{%- endmacro %}

{#- Values of `expr` (NULLs left out) as one sorted, de-duplicated text; NULL when none. -#}
{% macro sorted_distinct_list(expr, separator="'; '") -%}
    nullif(array_to_string(list_sort(list_distinct(list({{ expr }}))), {{ separator }}), '')
{%- endmacro %}

{#- One row's source-id text ("b; a; b", e.g. two lists joined) sorted and de-duplicated. -#}
{% macro sorted_ids(text) -%}
    nullif(array_to_string(list_sort(list_distinct(string_split({{ text }}, '; '))), '; '), '')
{%- endmacro %}
