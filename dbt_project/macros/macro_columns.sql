{#- The columns of a fct_macro row, in order: the exchange rates of int_fx_rates_unioned
    and the other macro figures union into fct_macro by these names. `unit` may give the
    unit's value. -#}
{% macro macro_columns(unit=none) -%}
    {{ select_list([
        ('macro_id', none), ('country_iso3', none), ('period', none), ('period_year', none),
        ('indicator', none), ('indicator_published', none), ('value', none), ('unit', unit),
        ('currency', none), ('source_id', none)
    ]) }}
{%- endmacro %}
