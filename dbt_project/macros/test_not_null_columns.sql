-- noqa: disable=LT02
{#
    Fails with one row per listed column that holds nulls: the column's name and how many
    of its rows are null. One query per model in place of one not_null test per column:
    dbt's cost per test node, not the scan, is what a test costs in this project.
    Plain sum(case ...) rather than count(*) filter (...) so the test also runs on Spark.
    LT02 is off: sqlfluff wants the CTE inside the test block indented, then refuses it.
#}
{% test not_null_columns(model, columns) %}
with null_counts as (
    select
    {%- for column in columns %}
        sum(case when {{ column }} is null then 1 else 0 end) as null_rows_{{ loop.index }}
        {{- "," if not loop.last }}
    {%- endfor %}
    from {{ model }}
)

{% for column in columns -%}
select
    '{{ column }}' as column_name,
    null_rows_{{ loop.index }} as null_rows
from null_counts
where null_rows_{{ loop.index }} > 0
{% if not loop.last %}union all
{% endif %}
{%- endfor %}
{% endtest %}
