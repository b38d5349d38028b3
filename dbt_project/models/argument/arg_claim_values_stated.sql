-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- Claim evidence of the figures read from fact tables (families reference_fact,
-- remittance, investment): the figures of the part's indicator nearest the claim's period
-- (same label, else nearest calendar year, else nearest dated period, else undated).
with periods as (
    select
        period,
        start_date,
        is_calendar_year
    from {{ ref('dim_periods') }}
),

-- Figures from fact tables (reference facts, remittances, investment), nearest period.
stated_figures as (
    select
        'reference_fact' as family,
        indicator,
        entity_iso3 as subject_iso3,
        counterpart_iso3,
        period,
        value,
        value_qualifier,
        source_id,
        indicator as variant
    from {{ ref('fct_reference_facts') }}
    union all
    select
        'remittance' as family,
        indicator,
        country_iso3 as subject_iso3,
        counterpart_iso3,
        period,
        value,
        value_qualifier,
        source_id,
        measure as variant
    from {{ ref('fct_remittances') }}
    -- model estimates are context, from arg_claim_values_bilateral
    where evidence_kind = 'observed'
    union all
    select
        'investment' as family,
        kind as indicator,
        recipient_iso3 as subject_iso3,
        investor_iso3 as counterpart_iso3,
        period,
        value_usd as value,
        value_qualifier,
        source_id,
        measure as variant
    from {{ ref('fct_investments') }}
),

stated_candidates as (
    select
        parts.claim_id,
        parts.part_index,
        figures.variant,
        figures.period,
        figures.value,
        figures.value_qualifier,
        figures.source_id,
        extract(year from figure_periods.start_date) as figure_year,
        case
            when figures.period = parts.period then 0
            when parts.period_start_year is null then 1
            when figure_periods.is_calendar_year
                then 1 + abs(extract(year from figure_periods.start_date) - parts.period_start_year)
            when figure_periods.start_date is not null
                then
                    100
                    + abs(extract(year from figure_periods.start_date) - parts.period_start_year)
            else 1000
        end as distance
    from {{ ref('arg_claim_parts_mapped') }} as parts
    inner join stated_figures as figures
        on
            parts.family = figures.family
            and parts.source_indicator = figures.indicator
            and parts.subject_iso3 = figures.subject_iso3
            and (
                (parts.uses_counterpart and parts.counterpart_iso3 = figures.counterpart_iso3)
                or (
                    not parts.uses_counterpart
                    and (figures.counterpart_iso3 is null or figures.counterpart_iso3 = 'WLD')
                )
            )
    left join periods as figure_periods on figures.period = figure_periods.period
    where figures.value is not null
),

stated_values as (
    select
        claim_id,
        part_index,
        'stated' as basis,
        variant,
        cast(figure_year as integer) as value_year,
        period as period_used,
        value,
        value_qualifier,
        false as is_context,
        source_id as source_ids,
        variant || ' ' || coalesce(period, 'undated') as detail
    from (
        select
            stated_candidates.*,
            min(stated_candidates.distance)
                over (partition by stated_candidates.claim_id, stated_candidates.part_index)
                as nearest
        from stated_candidates
    ) as ranked
    where distance = nearest
)

select {{ claim_evidence_columns(without=claim_evidence_without_runs()) }}
from stated_values
