{#- The staging contract's select list (trade_flow_columns, in order) for one trade source
    read from `relation`. A source gives its reporter, partner, year (and month for monthly
    rows), values, unit and source kind; a figure published in another currency than USD
    names the relation of its rates (`fx_rates`: usd_per_unit, source_id). Every other
    column takes the value most sources have (not an estimate, one publication in force, the
    loader's lineage columns), and `overrides` replaces any column's value by name. -#}
{% macro trade_flow_select(
    relation, reporter, partner, year, value_usd, value_original, unit, source_kind,
    month=none, currency='USD', fx_rates=none, overrides={}
) -%}
    {%- if month is none -%}
        {%- set period = 'cast(' ~ year ~ ' as string)' -%}
        {%- set trade_month = 'cast(null as integer)' -%}
    {%- else -%}
        {%- set month_text = 'cast(' ~ month ~ ' as string)' -%}
        {%- set year_text = 'cast(' ~ year ~ ' as string)' -%}
        {%- set period = year_text ~ " || '-' || lpad(" ~ month_text ~ ", 2, '0')" -%}
        {%- set trade_month = 'cast(' ~ month ~ ' as integer)' -%}
    {%- endif -%}
    {%- set values = {
        'reporter_iso3': reporter, 'partner_iso3': partner, 'period': period,
        'trade_year': 'cast(' ~ year ~ ' as integer)', 'trade_month': trade_month,
        'flow': relation ~ '.flow', 'value_usd': value_usd, 'value_original': value_original,
        'currency_original': "'USD'", 'unit_original': "'" ~ unit ~ "'",
        'fx_rate_usd_per_unit': 'cast(1.0 as double)',
        'fx_source_id': 'cast(null as string)', 'is_estimate': 'false',
        'source_kind': "'" ~ source_kind ~ "'", 'source_id': relation ~ '._source_id',
        'source_file': relation ~ '._source_file', 'source_row': relation ~ '.source_row',
        'publication': 'cast(null as string)', 'is_latest_publication': 'true'
    } -%}
    {%- if fx_rates is not none -%}
        {%- do values.update({
            'currency_original': "'" ~ currency ~ "'",
            'fx_rate_usd_per_unit': fx_rates ~ '.usd_per_unit',
            'fx_source_id': fx_rates ~ '.source_id'
        }) -%}
    {%- endif -%}
    {%- do values.update(overrides) -%}
    {%- set listed = [] -%}
    {%- for name in trade_flow_columns().split(',') -%}
        {%- do listed.append((name | trim, values[name | trim])) -%}
    {%- endfor -%}
    {{ select_list(listed) }}
{%- endmacro %}

{#- The Federal Reserve H.10 annual average rate of `currency` in US dollars per unit, by
    year: the rate every staging model of figures published in that currency converts at. -#}
{% macro usd_rates_of(currency) -%}
    select
        period_year,
        usd_per_unit,
        source_id
    from {{ ref('stg_frb__fx_rates') }}
    where currency = '{{ currency }}'
{%- endmacro %}
