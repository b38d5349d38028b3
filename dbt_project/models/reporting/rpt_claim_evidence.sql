-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- Every value computed for every claim part, with its own verdict against the part's
-- comparator and threshold (context rows are shown, not judged). The long form behind
-- rpt_claim_checks: one row per claim part and piece of evidence.
select
    parts.claim_id,
    parts.part_index,
    parts.metric,
    parts.comparator,
    parts.threshold,
    parts.threshold_low,
    parts.threshold_high,
    parts.subject_iso3,
    parts.counterpart_iso3,
    parts.period,
    parts.is_period_range and evidence.variant = 'claim period' as is_year_of_range,
    evidence.basis,
    evidence.variant,
    evidence.value_year,
    evidence.period_used,
    evidence.value,
    evidence.value_qualifier,
    evidence.is_context,
    case
        when not evidence.is_context
            then {{ argument_verdict(
                'parts.comparator', 'evidence.value', 'parts.threshold_low',
                'parts.threshold_high', 'parts.tolerance', 'evidence.value_qualifier'
            ) }}
    end as verdict,
    evidence.first_year_met,
    evidence.run_start_year,
    {{ sorted_ids("evidence.source_ids") }} as source_ids,
    evidence.detail
from {{ ref('int_claim_parts') }} as parts
inner join {{ ref('int_claim_values_computed') }} as evidence
    on
        parts.claim_id = evidence.claim_id
        and parts.part_index = evidence.part_index
