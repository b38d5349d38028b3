-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- Claim evidence of the deal families (claim_metric_map: deal_headline, deal_item_value,
-- deal_item_quantity, deal_exists): for each part, the deal nearest its wording (headline
-- or item), the sum of the country's itemised deals beside a headline total (context), and
-- the count of matching deals.
-- Deals with the bound their wording gives ('over $17bn' in the quote or in a statement
-- recorded in the note is a lower bound, 'up to' an upper one).
with deals as (
    select
        deal_id,
        announced_date,
        country_iso3,
        sector,
        description,
        {{ deal_value_columns() }},
        source_id,
        case
            when
                lower(coalesce(note, '')) like '%lower bound%'
                or {{ matches_regex(
                    "lower(coalesce(quote, '') || ' ' || coalesce(note, ''))",
                    "'(more than|over [$]|over [0-9]|exceed|in excess of)'"
                ) }}
                then 'lower_bound'
            when
                value_type like '%up_to%' or lower(coalesce(quote, '')) like '%up to%'
                then 'upper_bound'
            else 'stated'
        end as value_qualifier
    from {{ ref('fct_deals') }}
),

deal_candidates as (
    select
        parts.claim_id,
        parts.part_index,
        parts.family,
        deals.deal_id,
        deals.announced_date,
        deals.sector,
        deals.description,
        deals.value_type,
        deals.value_qualifier,
        deals.source_id,
        case
            when parts.family = 'deal_item_quantity' then deals.quantity
            else deals.value_usd
        end as value,
        deals.quantity,
        deals.quantity_unit,
        row_number() over (
            partition by parts.claim_id, parts.part_index
            order by abs(
                case
                    when parts.family = 'deal_item_quantity' then deals.quantity
                    else deals.value_usd
                end - parts.threshold_low
            )
        ) as closeness
    from {{ ref('arg_claim_parts_mapped') }} as parts
    inner join deals
        on
            parts.subject_iso3 = deals.country_iso3
            and deals.announced_date between parts.period_start and parts.period_end
    where
        (
            parts.family = 'deal_headline'
            and deals.is_aggregate
            and deals.value_type = 'headline_package_total'
            and deals.value_usd is not null
        )
        or (
            parts.family = 'deal_item_value'
            and not deals.is_aggregate
            and deals.value_usd is not null
        )
        or (
            parts.family = 'deal_item_quantity'
            and not deals.is_aggregate
            and deals.quantity is not null
            and deals.quantity_unit like parts.unit || '%'
        )
),

deal_values as (
    select
        claim_id,
        part_index,
        case when family = 'deal_headline' then 'headline' else 'item' end as basis,
        deal_id as variant,
        cast(null as integer) as value_year,
        cast(announced_date as string) as period_used,
        value,
        value_qualifier,
        false as is_context,
        source_id as source_ids,
        deal_id || ' (' || sector || ')'
        || case
            when quantity is not null
                then ', ' || cast(quantity as string) || ' ' || quantity_unit
            else ''
        end
        || ', ' || value_type || ': ' || left(description, 160) as detail
    from deal_candidates
    where closeness = 1
),

-- Beside a headline total: the sum of the country's itemised deals (not comparable: a
-- headline mixes commitments, list prices and ceilings).
deal_item_sums as (
    select
        parts.claim_id,
        parts.part_index,
        'item' as basis,
        'itemised sum' as variant,
        cast(null as integer) as value_year,
        min(cast(deals.announced_date as string)) || '/'
        || max(cast(deals.announced_date as string)) as period_used,
        sum(deals.value_usd) as value,
        'stated' as value_qualifier,
        true as is_context,
        {{ sorted_id_list('deals.source_id') }} as source_ids,
        'sum of ' || cast(count(*) as string)
        || ' itemised deals that count toward the country total' as detail
    from {{ ref('arg_claim_parts_mapped') }} as parts
    inner join deals
        on
            parts.subject_iso3 = deals.country_iso3
            and not deals.is_aggregate
            and deals.counts_toward_country_total
            and deals.value_usd is not null
    where parts.family = 'deal_headline'
    group by parts.claim_id, parts.part_index
),

deal_counts as (
    select
        parts.claim_id,
        parts.part_index,
        'item' as basis,
        'deal rows' as variant,
        cast(null as integer) as value_year,
        parts.period as period_used,
        cast(count(deals.deal_id) as double) as value,
        'stated' as value_qualifier,
        false as is_context,
        {{ sorted_id_list('deals.source_id') }} as source_ids,
        'sectors: '
        || coalesce({{ ordered_string_agg('deals.sector', "', '", distinct=true) }}, 'none')
            as detail
    from {{ ref('arg_claim_parts_mapped') }} as parts
    left join deals
        on
            parts.subject_iso3 = deals.country_iso3
            and not deals.is_aggregate
            and deals.announced_date between parts.period_start and parts.period_end
    where parts.family = 'deal_exists'
    group by parts.claim_id, parts.part_index, parts.period
)

select {{ claim_evidence_columns(without=claim_evidence_without_runs()) }}
from deal_values
union all
select {{ claim_evidence_columns(without=claim_evidence_without_runs()) }}
from deal_item_sums
union all
select {{ claim_evidence_columns(without=claim_evidence_without_runs()) }}
from deal_counts
