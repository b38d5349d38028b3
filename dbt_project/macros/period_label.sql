{#- A period as published (2024-H1, 2024-01/09, 2021-mid, 2023/2024, 2022-01) -> the
    warehouse's label (2024H1, 2024M01-M09, 2021-06-30, 2023-2024, 2022M01), the key of
    dim_periods. Labels already in that form pass through; anything else is 'undated'. -#}
{% macro period_label(column) -%}
case
    when {{ column }} is null then null
    when {{ matches_regex(column, "'^[0-9]{4}$'") }} then {{ column }}
    when {{ matches_regex(column, "'^[0-9]{4}-?[HQ][1-4]$'") }}
        then replace({{ column }}, '-', '')
    when {{ matches_regex(column, "'^[0-9]{4}-[0-9]{2}/[0-9]{2}( avg)?$'") }}
        then
            substr({{ column }}, 1, 4) || 'M' || substr({{ column }}, 6, 2)
            || '-M' || substr({{ column }}, 9, 2)
    when {{ matches_regex(column, "'^[0-9]{4}[-/][0-9]{4}$'") }}
        then replace({{ column }}, '/', '-')
    when {{ matches_regex(column, "'^[0-9]{4}-mid$'") }}
        then replace({{ column }}, '-mid', '-06-30')
    when {{ matches_regex(column, "'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'") }} then {{ column }}
    when {{ matches_regex(column, "'^[0-9]{4}-[0-9]{2}$'") }} then replace({{ column }}, '-', 'M')
    when {{ matches_regex(column, "'^[0-9]{4}M[0-9]{2}(-M[0-9]{2})?$'") }} then {{ column }}
    else 'undated'
end
{%- endmacro %}
