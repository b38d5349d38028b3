{#- Text tests, types and select lists whose spelling differs between DuckDB and Spark,
    dispatched on the adapter like the list aggregates (cross_db_lists.sql). Regular
    expressions passed here avoid backslashes: a Spark string literal drops a backslash
    before a character it does not know ('\(' is '('), so a literal parenthesis is [(]. -#}

{#- True when `text` contains a match of the regular expression `pattern`. -#}
{% macro matches_regex(text, pattern) -%}
    {{ (adapter.dispatch('matches_regex') if adapter is defined
        else default__matches_regex)(text, pattern) }}
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
    {{ (adapter.dispatch('timestamp_tz') if adapter is defined else default__timestamp_tz)() }}
{%- endmacro %}

{% macro default__timestamp_tz() -%}timestamptz{%- endmacro %}

{% macro spark__timestamp_tz() -%}timestamp{%- endmacro %}

{#- Every column of `relation` but those listed, as a select list: `relation.*` without
    `columns` (a list of names). -#}
{% macro all_columns_except(relation, columns) -%}
    {{ (adapter.dispatch('all_columns_except') if adapter is defined
        else default__all_columns_except)(relation, columns) }}
{%- endmacro %}

{% macro default__all_columns_except(relation, columns) -%}
    {{ relation }}.* exclude ({{ columns | join(', ') }})
{%- endmacro %}

{% macro spark__all_columns_except(relation, columns) -%}
    {{ relation }}.* except ({{ columns | join(', ') }})
{%- endmacro %}
