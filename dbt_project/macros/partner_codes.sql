{#- The partner codes the argument names, from the seed anchor_partner_groups, as a subquery
    for `in (...)`: the three anchors weighed against each other (China, Russia, the US), or,
    with all_groups=true, the EU (EUU) and Turkey beside them. -#}
{% macro partner_codes(all_groups=false) -%}
    select distinct partner_groups.group_iso3 from {{ ref('anchor_partner_groups') }} as partner_groups
    {%- if not all_groups %} where partner_groups.is_anchor{% endif %}
{%- endmacro %}
