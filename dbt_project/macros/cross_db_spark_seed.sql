{#- Seeds on Spark with dbt-spark's session method: its cursor pastes each value into the
    SQL as '<value>' without escaping, so a quote in a seed (Côte d'Ivoire) breaks the
    INSERT and an empty cell becomes the text 'None'. This version writes the values as
    escaped Spark literals itself and passes no bindings; it serves every Spark method.
    (Flush left: sqlfluff lints the SQL text inside macro bodies for indentation.) -#}
{% macro spark__load_csv_rows(model, agate_table) %}
{%- set batch_size = get_batch_size() -%}
{%- set column_override = model['config'].get('column_types', {}) -%}
{%- set statements = [] -%}
{%- for chunk in agate_table.rows | batch(batch_size) -%}
{%- set sql -%}
insert into {{ this.render() }} values
{% for row in chunk -%}
({%- for col_name in agate_table.column_names -%}
{%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
{%- set type = column_override.get(col_name, inferred_type) -%}
cast({{ cross_db_spark_literal(row[loop.index0]) }} as {{ type }})
{%- if not loop.last %}, {% endif -%}
{%- endfor -%})
{%- if not loop.last %},{% endif %}
{% endfor -%}
{%- endset -%}
{%- do adapter.add_query(sql, abridge_sql_log=True) -%}
{%- if loop.index0 == 0 -%}
{%- do statements.append(sql) -%}
{%- endif -%}
{%- endfor -%}
{{ return(statements[0]) }}
{% endmacro %}

{% macro cross_db_spark_literal(value) -%}
{%- if value is none -%}
null
{%- elif value is number -%}
{{ value }}
{%- else -%}
'{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}'
{%- endif -%}
{%- endmacro %}
