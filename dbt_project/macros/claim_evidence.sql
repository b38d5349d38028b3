{#- The columns every family of claim evidence gives (arg_claim_values_<family>), in the
    order arg_claim_values_computed unions them. `without` names the columns a family does
    not compute: they are given as typed nulls. -#}
{% macro claim_evidence_columns(without=[]) -%}
    {%- set columns = [
        ('claim_id', none), ('part_index', none), ('basis', none), ('variant', none),
        ('value_year', none), ('period_used', none), ('value', none),
        ('value_qualifier', none), ('is_context', none), ('source_ids', none),
        ('detail', none), ('figure_variant', 'string'), ('run_end_year', 'integer'),
        ('run_years_with_data', 'integer')
    ] -%}
    {%- set listed = [] -%}
    {%- for name, type in columns -%}
        {%- do listed.append((name, 'cast(null as ' ~ type ~ ')' if name in without else none)) -%}
    {%- endfor -%}
    {{ select_list(listed) }}
{%- endmacro %}

{#- The columns the evidence families that compute no figure variant or run leave null. -#}
{% macro claim_evidence_without_runs() -%}
    {{ return(['figure_variant', 'run_end_year', 'run_years_with_data']) }}
{%- endmacro %}

{#- The dependency measures a trade claim is judged on: the reporter and mirror bases of
    arg_dependency_shares, allocated reporter figures and IMF-estimated figures (the 1990s
    'e' flag) left out. -#}
{% macro claim_trade_shares() -%}
    select
        country_iso3,
        partner_iso3,
        year,
        basis,
        trade_usd,
        share_pct,
        partner_rank,
        partner_count,
        is_complete_partner_list,
        figure_variant,
        source_ids
    from {{ ref('arg_dependency_shares') }}
    where basis in ('reporter', 'mirror') and not is_reporter_allocation and not has_estimate
{%- endmacro %}

{#- The two inputs every trade evidence family starts from: the shares judged
    (claim_trade_shares) and the claim parts of the trade families. -#}
{% macro claim_trade_inputs() -%}
shares as (
    {{ claim_trade_shares() }}
),

trade_parts as (
    select * from {{ ref('arg_claim_parts_mapped') }}
    where family like 'trade_%'
)
{%- endmacro %}
