{#- The formulas of the article's argument, one macro each, so that every model uses the
    same arithmetic and the dbt unit tests pin it on small hand-computed inputs. -#}

{#- Share of a part in a total, in percent; null when the total is missing or zero. -#}
{% macro argument_share_pct(part, total) -%}
(
    100.0 * ({{ part }})
    / nullif({{ total }}, 0)
)
{%- endmacro %}

{#- Herfindahl-Hirschman index (aggregate): the sum of squared shares, shares as fractions
    of 1, so 1 = a single partner and 1/n = n equal partners. -#}
{% macro argument_hhi(share_fraction) -%}
sum(
    ({{ share_fraction }}) * ({{ share_fraction }})
)
{%- endmacro %}

{#- Effective number of partners: 1 / HHI. -#}
{% macro argument_effective_partners(hhi) -%}
(
    1.0
    / nullif({{ hhi }}, 0)
)
{%- endmacro %}

{#- Trade intensity index TII_ij = (x_ij / X_i) / (x_wj / X_w): i's trade with j as a share of
    i's total, over the world's trade with j as a share of world trade. 1 = neutral. -#}
{% macro argument_tii(x_ij, x_i, x_wj, x_w) -%}
(
    (({{ x_ij }}) / nullif({{ x_i }}, 0))
    / nullif(({{ x_wj }}) / nullif({{ x_w }}, 0), 0)
)
{%- endmacro %}

{#- Symmetric discrepancy of two figures of one flow: |A - B| / (A + B), 0 = equal, 1 = one
    side is zero. -#}
{% macro argument_symmetric_discrepancy(a, b) -%}
(
    abs(({{ a }}) - ({{ b }}))
    / nullif(({{ a }}) + ({{ b }}), 0)
)
{%- endmacro %}

{#- A value over another (a multiple); null when the denominator is missing or zero. -#}
{% macro argument_multiple(numerator, denominator) -%}
(
    ({{ numerator }})
    / nullif({{ denominator }}, 0)
)
{%- endmacro %}

{#- Generic verdict of one computed value against a claim's comparator and threshold:
    'supported', 'not_supported', or null when the value is missing (not testable).
      approx            |value - low| <= tolerance * |low|  (tolerance 0.10 unless stated)
      gt / le / eq      value > low / value <= low / value = low
      between           low <= value <= high
      exists            value >= 1 (a count of matching rows)
      is_member         value = 1 (1 = the membership status asked for holds, 0 = not)
      first_year_rank1  low <= value <= high: the first year of the partner's latest unbroken
                        run at rank 1 falls within the claim's period (low, high = its first
                        and last year); 0 = not rank 1 in the latest year
    A value published as a lower bound ('over $17bn') supports gt at equality.
    An unknown comparator gives null, so a new comparator is visibly untested. -#}
{% macro argument_verdict(comparator, value, low, high, tolerance, qualifier="'stated'") -%}
case
    when {{ value }} is null then null
    when
        {{ comparator }} = 'gt' and {{ qualifier }} = 'lower_bound'
        and ({{ value }}) >= ({{ low }})
        then 'supported'
    when {{ comparator }} = 'approx'
        then case
            when abs(({{ value }}) - ({{ low }})) <= ({{ tolerance }}) * abs({{ low }})
                then 'supported'
            else 'not_supported'
        end
    when {{ comparator }} = 'gt'
        then case when ({{ value }}) > ({{ low }}) then 'supported' else 'not_supported' end
    when {{ comparator }} = 'le'
        then case when ({{ value }}) <= ({{ low }}) then 'supported' else 'not_supported' end
    when {{ comparator }} = 'eq'
        then case when ({{ value }}) = ({{ low }}) then 'supported' else 'not_supported' end
    when {{ comparator }} = 'between'
        then case
            when ({{ value }}) >= ({{ low }}) and ({{ value }}) <= ({{ high }}) then 'supported'
            else 'not_supported'
        end
    when {{ comparator }} = 'exists'
        then case when ({{ value }}) >= 1 then 'supported' else 'not_supported' end
    when {{ comparator }} = 'is_member'
        then case when ({{ value }}) = 1 then 'supported' else 'not_supported' end
    when {{ comparator }} = 'first_year_rank1'
        then case
            when ({{ value }}) >= ({{ low }}) and ({{ value }}) <= ({{ high }}) then 'supported'
            else 'not_supported'
        end
end
{%- endmacro %}

{#- Combine verdicts (aggregate over rows): all supported -> supported, none supported ->
    not_supported, a mix -> partly_supported; rows with a null verdict are ignored, and no
    verdict at all gives null (the caller says not_testable and why). -#}
{% macro argument_combine_verdicts(verdict) -%}
case
    when count({{ verdict }}) = 0 then null
    when min({{ verdict }}) = 'supported' and max({{ verdict }}) = 'supported' then 'supported'
    when
        min({{ verdict }}) = 'not_supported' and max({{ verdict }}) = 'not_supported'
        then 'not_supported'
    else 'partly_supported'
end
{%- endmacro %}

{#- How many '; '-separated values a claim field holds (1 for null or empty). -#}
{% macro argument_count_parts(column) -%}
(
    case
        when {{ column }} is null or {{ column }} = '' then 1
        else cast(
            (length({{ column }}) - length(replace({{ column }}, '; ', ''))) / 2 + 1 as integer
        )
    end
)
{%- endmacro %}

{#- The n-th '; '-separated value of a claim field, or the whole field when it holds one. -#}
{% macro argument_part(column, n) -%}
(
    case
        when {{ argument_count_parts(column) }} = 1 then nullif({{ column }}, '')
        else split_part({{ column }}, '; ', {{ n }})
    end
)
{%- endmacro %}

{#- A number as short text for the reasons: 35000000000 -> '35 bn', 1300000 -> '1.3 m',
    23.618 -> '23.62'. -#}
{% macro argument_format_value(value) -%}
(
    case
        when {{ value }} is null then 'n/a'
        when abs({{ value }}) >= 1e9
            then cast({{ decimal_round('(' ~ value ~ ') / 1e9', 2) }} as string) || ' bn'
        when abs({{ value }}) >= 1e6
            then cast({{ decimal_round('(' ~ value ~ ') / 1e6', 2) }} as string) || ' m'
        else cast({{ decimal_round(value, 2) }} as string)
    end
)
{%- endmacro %}
