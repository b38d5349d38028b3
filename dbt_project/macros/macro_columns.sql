{#- The columns of a fct_macro row, in order: the exchange rates of int_fx_rates_unioned
    and the other macro figures union into fct_macro by these names. -#}
{% macro macro_columns() -%}
    macro_id,
    country_iso3,
    period,
    period_year,
    indicator,
    indicator_published,
    value,
    unit,
    currency,
    source_id
{%- endmacro %}
