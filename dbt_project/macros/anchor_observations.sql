{#- The columns of an anchor-domain observation (arg_anchor_<domain>, unioned by
    arg_anchor_domain_observations), each with the value a plain domain gives it when the
    domain's rows carry only the three anchors' weights: the EU and Turkiye weights, and
    the statuses other than 'reported', are investment's alone (arg_anchor_investment). -#}
{% macro anchor_observation_list() -%}
    {{ return([
        ('country_iso3', none), ('domain', none), ('year', none), ('chn_weight', none),
        ('rus_weight', none), ('usa_weight', none), ('measure', none), ('source_ids', none),
        ('evidence_kind', none), ('is_preferred', none),
        ('eu_weight', 'cast(null as double)'), ('tur_weight', 'cast(null as double)'),
        ('chn_status', "case when chn_weight is not null then 'reported' end"),
        ('rus_status', "case when rus_weight is not null then 'reported' end"),
        ('usa_status', "case when usa_weight is not null then 'reported' end"),
        ('eu_status', 'cast(null as string)'), ('tur_status', 'cast(null as string)'),
        ('confidential_investors', 'cast(null as integer)')
    ]) }}
{%- endmacro %}

{#- The select list of an observation: with plain=true from a plain domain's rows (the
    investment-only columns filled as above), else the columns by name. -#}
{% macro anchor_observation_columns(plain=true) -%}
    {%- set listed = [] -%}
    {%- for name, plain_value in anchor_observation_list() -%}
        {%- do listed.append((name, plain_value if plain else none)) -%}
    {%- endfor -%}
    {{ select_list(listed) }}
{%- endmacro %}
