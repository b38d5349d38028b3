-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- Claim evidence of the trade series families: the value of each basis in the claim's
-- year(s) (arg_claim_trade_years); for a single year that no basis has, each basis's
-- latest earlier year (flagged in the variant); a basis that lacks the claim's year while
-- another has it is shown as context.
with trade_values as (
    select
        claim_id,
        part_index,
        basis,
        case
            when not is_period_range and has_claim_year = 0
                then
                    'latest year (no ' || cast(period_end_year as string)
                    || ' figure on any basis)'
            when not is_period_range and basis_has_claim_year = 0
                then
                    'latest year on this basis (context: no '
                    || cast(period_end_year as string) || ' figure)'
            else 'claim period'
        end as variant,
        cast(year as integer) as value_year,
        cast(year as string) as period_used,
        value,
        'stated' as value_qualifier,
        (not is_period_range and has_claim_year = 1 and basis_has_claim_year = 0)
            as is_context,
        source_ids,
        figure_variant,
        'first year the condition held: '
        || coalesce(cast(first_year_ever as string), 'never')
        || '; held in every year since (each with a figure): '
        || coalesce(cast(first_year_met as string), 'not met in the latest year') as detail
    from {{ ref('arg_claim_trade_years') }}
    where
        family != 'trade_first_year_rank1'
        and (
            (is_period_range and year between period_start_year and period_end_year)
            or (not is_period_range and basis_has_claim_year = 1 and year = period_end_year)
            or (not is_period_range and basis_has_claim_year = 0 and year = latest_year)
        )
)

select {{ claim_evidence_columns(without=['run_end_year', 'run_years_with_data']) }}
from trade_values
