{#- A code column as published -> the warehouse's code, through the shared alias seed
    (publisher 'iso3': e.g. C5 -> CA5). Codes the seed does not list pass unchanged. -#}
{% macro iso3_label(column) -%}
coalesce(
    (
        select aliases.iso3 from {{ ref('country_aliases') }} as aliases
        where aliases.publisher = 'iso3' and aliases.alias = {{ column }}
    ),
    {{ column }}
)
{%- endmacro %}
