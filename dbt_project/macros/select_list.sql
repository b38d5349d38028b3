{#- A select list from (name, value) pairs: `value as name` where a value is given, else
    the column `name` as it is. -#}
{% macro select_list(columns) -%}
    {%- for name, value in columns %}
        {% if value is not none -%}
            {{ value }} as {{ name }}
        {%- else -%}
            {{ name }}
        {%- endif %}
        {%- if not loop.last %},{% endif %}
    {%- endfor %}
{%- endmacro %}
