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

{#- The keys of one side of a bilateral trade row: on the reporter basis the economy is the
    reporter, on the mirror basis it is the partner of the reporting economy. -#}
{% macro dependency_side_keys(basis) -%}
    {%- if basis == 'reporter' -%}
        reporter_iso3 as country_iso3,
        partner_iso3,
    {%- else -%}
        partner_iso3 as country_iso3,
        reporter_iso3 as partner_iso3,
    {%- endif %}
        year,
        '{{ basis }}' as basis
{%- endmacro %}

{#- The state's concentration and China/Russia/US measures of an arg_dependency_shares
    row as the reports publish them, rounded (rpt_dependency_ratios, rpt_dependency_peers). -#}
{% macro dependency_state_measures(relation) -%}
    {{ decimal_round(relation ~ '.hhi', 4) }} as hhi,
    {{ decimal_round(relation ~ '.effective_partners', 2) }} as effective_partners,
    {{ relation }}.rank1_partner_iso3,
    {{ decimal_round(relation ~ '.chn_rus_share_pct', 2) }} as chn_rus_share_pct,
    {{ decimal_round(relation ~ '.chn_usa_multiple', 2) }} as chn_usa_multiple,
    {{ decimal_round(relation ~ '.rus_usa_multiple', 2) }} as rus_usa_multiple
{%- endmacro %}
