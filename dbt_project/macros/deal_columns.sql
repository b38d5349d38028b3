{#- A deal's value and how it counts, in the order the deals register and fct_deals give
    them: the amount, its kind, the quantity and unit, whether the row is a headline
    package, and whether it adds to the country's itemised total. -#}
{% macro deal_value_columns() -%}
    value_usd,
    value_type,
    quantity,
    quantity_unit,
    is_aggregate,
    counts_toward_country_total
{%- endmacro %}
