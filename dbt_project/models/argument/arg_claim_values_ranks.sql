-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- Claim evidence of the rank families: first_year_rank1, the first year of the partner's
-- latest unbroken run at rank 1 among a complete partner list, on each basis; and a rank
-- from a list that is not every partner, shown as context with the size of its list.
with {{ claim_trade_inputs() }},

-- A rank from a list that is not every partner (the Kazakh panel's 9, a page figure's one
-- to three) is not judged: it is shown as context with the size of its list.
rank_context_values as (
    select
        trade_parts.claim_id,
        trade_parts.part_index,
        shares.basis,
        'rank among ' || cast(shares.partner_count as string)
        || ' listed partners (not a complete list)' as variant,
        cast(shares.year as integer) as value_year,
        cast(shares.year as string) as period_used,
        cast(shares.partner_rank as double) as value,
        'stated' as value_qualifier,
        true as is_context,
        shares.source_ids,
        shares.figure_variant,
        cast(null as integer) as run_end_year,
        cast(null as integer) as run_years_with_data,
        'rank ' || cast(shares.partner_rank as string) || ' of '
        || cast(shares.partner_count as string) || ' partners the source lists' as detail
    from trade_parts
    inner join shares
        on {{ part_pair_matches('trade_parts', 'shares') }}
    where
        trade_parts.family in ('trade_rank', 'trade_first_year_rank1')
        and shares.partner_rank is not null
        and not shares.is_complete_partner_list
        and shares.year between trade_parts.period_start_year and trade_parts.period_end_year
),

-- first_year_rank1: the first year of the partner's latest unbroken run at rank 1 among a
-- complete partner list, over consecutive years with a ranking, on each basis; 0 if it is
-- not rank 1 in the latest year. The claim is judged on who ranks first in the latest
-- years: a basis whose ranks end before another basis's is shown as context, not judged.
rank_series as (
    select
        trade_parts.claim_id,
        trade_parts.part_index,
        shares.basis,
        shares.year,
        shares.partner_rank,
        shares.source_ids,
        shares.figure_variant,
        lag(shares.year) over (
            partition by trade_parts.claim_id, trade_parts.part_index, shares.basis
            order by shares.year
        ) as previous_year,
        lag(shares.partner_rank) over (
            partition by trade_parts.claim_id, trade_parts.part_index, shares.basis
            order by shares.year
        ) as previous_rank
    from trade_parts
    inner join shares
        on {{ part_pair_matches('trade_parts', 'shares') }}
    where
        trade_parts.family = 'trade_first_year_rank1'
        and shares.is_complete_partner_list
        and shares.partner_rank is not null
        and shares.year <= trade_parts.period_end_year
),

rank_runs as (
    select
        claim_id,
        part_index,
        basis,
        max(year) as latest_year,
        max(
            case
                when
                    partner_rank = 1
                    and (
                        previous_year is null
                        or previous_year != year - 1
                        or previous_rank != 1
                    )
                    then year
            end
        ) as latest_run_start,
        max(case when partner_rank = 1 then year end) as latest_year_first,
        {{ sorted_id_list('source_ids') }} as source_ids,
        {{ sorted_distinct_list('figure_variant') }} as figure_variant
    from rank_series
    group by claim_id, part_index, basis
),

rank_values as (
    select
        rank_runs.claim_id,
        rank_runs.part_index,
        rank_runs.basis,
        case
            when
                rank_runs.latest_year
                < max(rank_runs.latest_year) over (
                    partition by rank_runs.claim_id, rank_runs.part_index
                )
                then
                    'rank 1 run (context: ranks on this basis end '
                    || cast(rank_runs.latest_year as string) || ')'
            else 'rank 1 run'
        end as variant,
        cast(rank_runs.latest_year as integer) as value_year,
        cast(min(rank_series.year) as string) || '-' || cast(rank_runs.latest_year as string)
            as period_used,
        cast(
            case
                when rank_runs.latest_year_first = rank_runs.latest_year
                    then rank_runs.latest_run_start
                else 0
            end as double
        ) as value,
        'stated' as value_qualifier,
        rank_runs.latest_year
        < max(rank_runs.latest_year) over (
            partition by rank_runs.claim_id, rank_runs.part_index
        ) as is_context,
        rank_runs.source_ids,
        rank_runs.figure_variant,
        case
            when rank_runs.latest_year_first = rank_runs.latest_year
                then cast(rank_runs.latest_year as integer)
        end as run_end_year,
        case
            when rank_runs.latest_year_first = rank_runs.latest_year
                then cast(count(
                    case when rank_series.year >= rank_runs.latest_run_start then 1 end
                ) as integer)
        end as run_years_with_data,
        'years with a ranking among every partner: ' || {{ ordered_string_agg(
            "cast(rank_series.year as string) || ' rank '
            || cast(rank_series.partner_rank as string)",
            "', '", 'rank_series.year'
        ) }} as detail
    from rank_runs
    inner join rank_series
        on {{ keys_match('rank_runs', 'rank_series', ['claim_id', 'part_index', 'basis']) }}
    group by
        rank_runs.claim_id, rank_runs.part_index, rank_runs.basis, rank_runs.latest_year,
        rank_runs.latest_run_start, rank_runs.latest_year_first, rank_runs.source_ids,
        rank_runs.figure_variant
)

select {{ claim_evidence_columns() }}
from rank_values
union all
select {{ claim_evidence_columns() }}
from rank_context_values
