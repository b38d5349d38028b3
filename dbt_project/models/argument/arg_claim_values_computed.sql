-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- Every value the warehouse holds for every claim part, one SELECT per metric family
-- (claim_metric_map), keyed by the part's metric, subject, counterpart and period,
-- never by claim id. One row per part and piece of evidence:
--   basis       reporter / mirror (trade), headline / item (deals), stated (facts and
--               figures from pages), membership
--   variant     which variant of the figure (currency and conversion, source definition)
--   is_context  shown beside the verdict but not judged (the itemised sum next to a
--               headline total)
-- Period rule for facts: the figures nearest the claim's period (same label, else nearest
-- calendar year, else nearest dated period, else undated). Trade rule: the claim's year(s);
-- for a single year that no basis has, each basis's latest earlier year (flagged stale).
-- Each family is its own model (arg_claim_values_deals, _memberships, _stated, _trade,
-- _ranks, _published, _bilateral), all with the columns of macro claim_evidence_columns;
-- this model unions them and adds the first year and latest run of each trade basis.
with unioned as (
    select {{ claim_evidence_columns() }}
    from {{ ref('arg_claim_values_deals') }}
    union all
    select {{ claim_evidence_columns() }}
    from {{ ref('arg_claim_values_memberships') }}
    union all
    select {{ claim_evidence_columns() }}
    from {{ ref('arg_claim_values_stated') }}
    union all
    select {{ claim_evidence_columns() }}
    from {{ ref('arg_claim_values_trade') }}
    union all
    select {{ claim_evidence_columns() }}
    from {{ ref('arg_claim_values_ranks') }}
    union all
    select {{ claim_evidence_columns() }}
    from {{ ref('arg_claim_values_published') }}
    union all
    select {{ claim_evidence_columns(without=claim_evidence_without_runs()) }}
    from {{ ref('arg_claim_values_bilateral') }}
),

-- Per part and basis: the first year the condition ever held, and the first and last year
-- of its latest unbroken run (null when it does not hold in the latest year).
trade_first_years as (
    select
        claim_id,
        part_index,
        basis,
        cast(first_year_ever as integer) as first_year_met,
        cast(first_year_met as integer) as run_start_year,
        case when first_year_met is not null then cast(latest_year as integer) end
            as run_end_year,
        case
            when first_year_met is not null
                then cast(count(case when year >= first_year_met then 1 end) as integer)
        end as run_years_with_data
    from {{ ref('arg_claim_trade_years') }}
    where family != 'trade_first_year_rank1'
    group by claim_id, part_index, basis, first_year_ever, first_year_met, latest_year
)

select
    unioned.claim_id,
    unioned.part_index,
    unioned.basis,
    unioned.variant,
    unioned.value_year,
    unioned.period_used,
    -- the evidence's own year (the last year of a run or a growth period; a dated deal's
    -- year), for comparing it with the claim's period
    coalesce(
        unioned.value_year,
        try_cast(left(unioned.period_used, 4) as integer)
    ) as evidence_year,
    unioned.value,
    unioned.value_qualifier,
    unioned.is_context,
    trade_first_years.first_year_met,
    coalesce(
        trade_first_years.run_start_year,
        case when unioned.run_end_year is not null then cast(unioned.value as integer) end
    ) as run_start_year,
    coalesce(trade_first_years.run_end_year, unioned.run_end_year) as run_end_year,
    coalesce(trade_first_years.run_years_with_data, unioned.run_years_with_data)
        as run_years_with_data,
    unioned.figure_variant,
    unioned.source_ids,
    unioned.detail
from unioned
left join trade_first_years
    on
        {{ keys_match('unioned', 'trade_first_years', ['claim_id', 'part_index', 'basis']) }}
        -- a rank from an incomplete list is not part of the judged series' run
        and unioned.variant not like 'rank among %'
