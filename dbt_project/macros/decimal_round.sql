{#- Rounds half away from zero on the decimal value, as a reader rounds: 8.85 gives 8.9.
    Rounding a double directly differs by engine on such ties (DuckDB rounds the binary
    value, 8.8499..., down; Spark rounds its shortest decimal form up), so the value is first
    fixed to 12 decimal places, which also absorbs float-summation noise. The result stays
    a double. `expr` is SQL text; pass another macro's output as decimal_round(m(...), 2). -#}
{% macro decimal_round(expr, places) -%}
    cast(round(cast({{ expr }} as decimal(38, 12)), {{ places }}) as double)
{%- endmacro %}
