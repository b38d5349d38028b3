{#- The columns every trade staging model that feeds int_trade_flows_unioned outputs, in
    this order (the staging contract), so the union is a plain union all over one list. -#}
{% macro trade_flow_columns() -%}
    reporter_iso3,
    partner_iso3,
    period,
    trade_year,
    trade_month,
    flow,
    value_usd,
    value_original,
    currency_original,
    unit_original,
    fx_rate_usd_per_unit,
    fx_source_id,
    is_estimate,
    source_kind,
    source_id,
    source_file,
    source_row,
    publication,
    is_latest_publication
{%- endmacro %}
