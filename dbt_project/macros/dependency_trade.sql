{#- The columns of an annual bilateral trade row of arg_dependency_trade_annual, in order,
    each prefixed with `relation.` where one is given: the sides of the trade, the CA5 sums
    and arg_dependency_shares all carry these, so they are listed once. -#}
{% macro dependency_trade_columns(relation=none) -%}
    {%- set prefix = relation ~ '.' if relation else '' -%}
    {%- for name in [
        'country_iso3', 'partner_iso3', 'year', 'basis', 'source_kind', 'trade_usd',
        'exports_usd', 'flow_count', 'source_ids', 'figure_variant', 'has_estimate'
    ] %}
        {{ prefix ~ name }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}
