{#- The columns of an anchor-domain observation (arg_anchor_<domain>, unioned by
    arg_anchor_domain_observations), from rows that give only the three anchors' weights:
    the EU and Turkiye weights, and the statuses other than 'reported', are investment's
    alone (arg_anchor_investment). -#}
{% macro anchor_observation_columns() -%}
    country_iso3,
    domain,
    year,
    chn_weight,
    rus_weight,
    usa_weight,
    measure,
    source_ids,
    evidence_kind,
    is_preferred,
    cast(null as double) as eu_weight,
    cast(null as double) as tur_weight,
    case when chn_weight is not null then 'reported' end as chn_status,
    case when rus_weight is not null then 'reported' end as rus_status,
    case when usa_weight is not null then 'reported' end as usa_status,
    cast(null as varchar) as eu_status,
    cast(null as varchar) as tur_status,
    cast(null as integer) as confidential_investors
{%- endmacro %}

{#- The same columns by name, for the union of the domains. -#}
{% macro anchor_observation_names() -%}
    country_iso3,
    domain,
    year,
    chn_weight,
    rus_weight,
    usa_weight,
    measure,
    source_ids,
    evidence_kind,
    is_preferred,
    eu_weight,
    tur_weight,
    chn_status,
    rus_status,
    usa_status,
    eu_status,
    tur_status,
    confidential_investors
{%- endmacro %}
