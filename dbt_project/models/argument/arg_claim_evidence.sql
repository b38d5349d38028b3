-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- Every value computed for every claim part, with its own verdict against the part's
-- comparator and threshold (context rows are shown, not judged): one row per claim part
-- and piece of evidence, published as rpt_claim_evidence and judged per part in
-- arg_claim_part_verdicts. Each row names its own period and how it relates to the
-- claim's: exact (the claim's period, or a year or date within it), nearest (another
-- period of the same year, e.g. a full year for a month), older / newer by years_off
-- years, undated (the evidence has no period), or claim undated (the claim states no
-- period).
with evidence as (
    select
        parts.claim_id,
        parts.part_index,
        parts.metric,
        parts.comparator,
        parts.threshold,
        parts.threshold_low,
        parts.threshold_high,
        parts.tolerance,
        parts.subject_iso3,
        parts.counterpart_iso3,
        parts.period,
        parts.period_start,
        parts.period_end,
        parts.period_start_year,
        parts.period_end_year,
        parts.is_period_range,
        evidence.basis,
        evidence.variant,
        evidence.figure_variant,
        evidence.value_year,
        evidence.period_used,
        evidence.evidence_year,
        evidence.value,
        evidence.value_qualifier,
        evidence.is_context,
        evidence.first_year_met,
        evidence.run_start_year,
        evidence.run_end_year,
        evidence.run_years_with_data,
        evidence.source_ids,
        evidence.detail
    from {{ ref('arg_claim_parts') }} as parts
    inner join {{ ref('arg_claim_values_computed') }} as evidence
        on {{ keys_match('parts', 'evidence', ['claim_id', 'part_index']) }}
),

related as (
    select
        evidence.*,
        case
            when evidence.period is null or evidence.period_start_year is null
                then 'claim undated'
            when evidence.evidence_year is null then 'undated'
            when evidence.period_used = evidence.period then 'exact'
            when
                try_cast(evidence.period_used as date)
                between evidence.period_start and evidence.period_end
                then 'exact'
            when
                evidence.is_period_range
                and evidence.evidence_year
                between evidence.period_start_year and evidence.period_end_year
                then 'exact'
            when
                evidence.evidence_year
                between evidence.period_start_year and evidence.period_end_year
                then 'nearest'
            when evidence.evidence_year < evidence.period_start_year then 'older'
            else 'newer'
        end as period_relation,
        case
            when evidence.period_start_year is null or evidence.evidence_year is null then null
            when evidence.evidence_year < evidence.period_start_year
                then cast(evidence.period_start_year - evidence.evidence_year as integer)
            when evidence.evidence_year > evidence.period_end_year
                then cast(evidence.evidence_year - evidence.period_end_year as integer)
            else 0
        end as years_off
    from evidence
)

select
    claim_id,
    part_index,
    metric,
    comparator,
    threshold,
    threshold_low,
    threshold_high,
    subject_iso3,
    counterpart_iso3,
    period,
    is_period_range and variant = 'claim period' as is_year_of_range,
    basis,
    variant,
    value_year,
    period_used,
    value,
    value_qualifier,
    is_context,
    case
        when not is_context
            then {{ argument_verdict(
                'comparator', 'value', 'threshold_low',
                'threshold_high', 'tolerance', 'value_qualifier'
            ) }}
    end as verdict,
    first_year_met,
    run_start_year,
    {{ sorted_ids("source_ids") }} as source_ids,
    detail,
    coalesce(period_used, 'undated') as evidence_period,
    evidence_year,
    period_relation,
    years_off,
    figure_variant,
    run_end_year,
    run_years_with_data
from related
