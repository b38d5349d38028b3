{#- Aggregates over lists whose spelling differs between DuckDB and Spark. Each is
    dispatched on the adapter: a spark__ version beside the default (when sqlfluff renders
    the models there is no `adapter`, and it lints the default, DuckDB's form). -#}

{#- A list of source ids as one sorted, de-duplicated text ("a; b; c"), whether the rows
    hold single ids or lists already joined with the separator: the same rows give the same
    text whatever order the engine reads them in. NULL when no row has an id. -#}
{% macro sorted_id_list(column, separator="'; '") -%}
    {{ (adapter.dispatch('sorted_id_list') if adapter is defined
        else default__sorted_id_list)(column, separator) }}
{%- endmacro %}

{% macro default__sorted_id_list(column, separator) -%}
    nullif(array_to_string(list_sort(list_distinct(flatten(list(string_split({{ column }}, {{ separator }}))))), {{ separator }}), '')
{%- endmacro %}

{#- Spark's split takes a regular expression: the separators used here ('; ') have no
    special characters. -#}
{% macro spark__sorted_id_list(column, separator) -%}
    nullif(array_join(array_sort(array_distinct(flatten(collect_list(split({{ column }}, {{ separator }}))))), {{ separator }}), '')
{%- endmacro %}

{#- Values of `expr` (NULLs left out) as one sorted, de-duplicated text; NULL when none. -#}
{% macro sorted_distinct_list(expr, separator="'; '") -%}
    {{ (adapter.dispatch('sorted_distinct_list') if adapter is defined
        else default__sorted_distinct_list)(expr, separator) }}
{%- endmacro %}

{% macro default__sorted_distinct_list(expr, separator) -%}
    nullif(array_to_string(list_sort(list_distinct(list({{ expr }}))), {{ separator }}), '')
{%- endmacro %}

{% macro spark__sorted_distinct_list(expr, separator) -%}
    nullif(array_join(array_sort(array_distinct(collect_list({{ expr }}))), {{ separator }}), '')
{%- endmacro %}

{#- One row's source-id text ("b; a; b", e.g. two lists joined) sorted and de-duplicated. -#}
{% macro sorted_ids(text) -%}
    {{ (adapter.dispatch('sorted_ids') if adapter is defined else default__sorted_ids)(text) }}
{%- endmacro %}

{% macro default__sorted_ids(text) -%}
    nullif(array_to_string(list_sort(list_distinct(string_split({{ text }}, '; '))), '; '), '')
{%- endmacro %}

{% macro spark__sorted_ids(text) -%}
    nullif(array_join(array_sort(array_distinct(split({{ text }}, '; '))), '; '), '')
{%- endmacro %}

{#- `expr` of the group's rows joined with `separator` in the order of `order_by` (`expr`
    itself when not given); `distinct`: each value once, in the order of the values. NULLs
    are left out; NULL when no row has a value. -#}
{% macro ordered_string_agg(expr, separator, order_by=none, distinct=false) -%}
    {{ (adapter.dispatch('ordered_string_agg') if adapter is defined
        else default__ordered_string_agg)(expr, separator, order_by, distinct) }}
{%- endmacro %}

{% macro default__ordered_string_agg(expr, separator, order_by, distinct) -%}
    string_agg({{ 'distinct ' if distinct }}{{ expr }}, {{ separator }} order by {{ order_by or expr }})
{%- endmacro %}

{#- Spark 4 fails on two DISTINCT string_agg of different columns in one query; the
    distinct form is the sorted list of distinct values, which it is anyway. -#}
{% macro spark__ordered_string_agg(expr, separator, order_by, distinct) -%}
    {%- if distinct -%}
        {{ spark__sorted_distinct_list(expr, separator) }}
    {%- else -%}
        string_agg({{ expr }}, {{ separator }}) within group (order by {{ order_by or expr }})
    {%- endif -%}
{%- endmacro %}

{#- The sum of `expr` over the group's rows added in the order of `order_by`: a plain sum
    adds doubles in whatever order the rows arrive, which moves the last bits. -#}
{% macro ordered_sum(expr, order_by) -%}
    {{ (adapter.dispatch('ordered_sum') if adapter is defined
        else default__ordered_sum)(expr, order_by) }}
{%- endmacro %}

{% macro default__ordered_sum(expr, order_by) -%}
    list_sum(list({{ expr }} order by {{ order_by }}))
{%- endmacro %}

{#- Spark has no ordered aggregate into a list: a plain sum, whose last bits the callers
    round away (decimal_round(..., 10)). -#}
{% macro spark__ordered_sum(expr, order_by) -%}
    sum({{ expr }})
{%- endmacro %}
