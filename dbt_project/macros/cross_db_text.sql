{#- Text tests, types and select lists whose spelling differs between DuckDB and Spark,
    dispatched on the adapter like the list aggregates (cross_db_lists.sql). Regular
    expressions passed here avoid backslashes: a Spark string literal drops a backslash
    before a character it does not know ('\(' is '('), so a literal parenthesis is [(]. -#}

{#- True when `text` contains a match of the regular expression `pattern`. -#}
{% macro matches_regex(text, pattern) -%}
    {%- if adapter is defined -%}
        {{ return(adapter.dispatch('matches_regex')(text, pattern)) }}
    {%- else -%}
        {{ default__matches_regex(text, pattern) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__matches_regex(text, pattern) -%}
    regexp_matches({{ text }}, {{ pattern }})
{%- endmacro %}

{% macro spark__matches_regex(text, pattern) -%}
    rlike({{ text }}, {{ pattern }})
{%- endmacro %}

{#- A point in time with its zone: DuckDB's timestamptz; Spark's timestamp is one already
    (stored as UTC, shown in the session's zone). -#}
{% macro timestamp_tz() -%}
    {%- if adapter is defined -%}
        {{ return(adapter.dispatch('timestamp_tz')()) }}
    {%- else -%}
        timestamptz
    {%- endif -%}
{%- endmacro %}

{% macro default__timestamp_tz() -%}timestamptz{%- endmacro %}

{% macro spark__timestamp_tz() -%}timestamp{%- endmacro %}

{#- Every column of `relation` but those listed, as a select list: `relation.*` without
    `columns` (a list of names). -#}
{% macro all_columns_except(relation, columns) -%}
    {%- if adapter is defined -%}
        {{ return(adapter.dispatch('all_columns_except')(relation, columns)) }}
    {%- else -%}
        {{ default__all_columns_except(relation, columns) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__all_columns_except(relation, columns) -%}
    {{ relation }}.* exclude ({{ columns | join(', ') }})
{%- endmacro %}

{% macro spark__all_columns_except(relation, columns) -%}
    {{ relation }}.* except ({{ columns | join(', ') }})
{%- endmacro %}
