{#- Seeds on DuckDB read their CSV from the folder this run found it in. dbt-duckdb's own
    version reads it from the project folder recorded when the seed was first parsed,
    which a kept partial-parse state carries into a copied or moved project (it would load
    the old folder's file, or fail when that folder is gone). dbt-core has just read the
    file for this run and records where (`original_abspath`). -#}
{% macro duckdb__load_csv_rows(model, agate_table) %}
{%- set sql -%}
copy {{ this.render() }} from '{{ agate_table.original_abspath }}'
(format csv, header true, delimiter '{{ config.get("delimiter", ",") }}')
{%- endset -%}
{%- do adapter.add_query(sql, abridge_sql_log=True) -%}
{{ return(sql) }}
{% endmacro %}
