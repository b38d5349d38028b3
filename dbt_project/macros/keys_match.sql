{#- The condition of an equi-join on several keys: `left.a = right.a and ...`. A key is a
    column name both sides share, or a pair (left column, right column). The models join on
    two to four keys at once (claim and part; economy, year and basis); this writes each
    join's key list once instead of one equality line per key. -#}
{% macro keys_match(left, right, keys) -%}
    {%- for key in keys -%}
        {%- set pair = [key, key] if key is string else key -%}
        {{ left }}.{{ pair[0] }} = {{ right }}.{{ pair[1] }}{{ ' and ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}

{#- A claim part's subject and counterpart matched to a bilateral row: the subject is the
    row's economy (`country`), the counterpart its partner (`partner`). -#}
{% macro part_pair_matches(parts, rows, country='country_iso3', partner='partner_iso3') -%}
    {{ keys_match(parts, rows, [('subject_iso3', country), ('counterpart_iso3', partner)]) }}
{%- endmacro %}
