-- sqlfluff:rules:references.keywords:ignore_words:year,value,summary,label
-- The verdict of every claim part over its evidence (arg_claim_evidence), and the notes a
-- reader needs; rpt_claim_checks combines the parts of each claim.
--   a year of a multi-year period counts as one piece of evidence per basis: the basis
--   supports the part when the condition holds in most of the period's years;
--   a part is supported when all its evidence is, not_supported when none is,
--   partly_supported when bases, currencies or sources disagree.
with metrics_mapped as (
    select distinct metric from {{ ref('claim_metric_map') }}
),

parts as (
    select
        parts.claim_id,
        parts.part_index,
        parts.metric,
        parts.comparator,
        parts.threshold,
        parts.subject_iso3,
        parts.counterpart_iso3,
        parts.period,
        parts.basis as claim_basis,
        metric_map.metric is not null as has_computation
    from {{ ref('arg_claim_parts') }} as parts
    left join metrics_mapped as metric_map
        on parts.metric = metric_map.metric
),

evidence as (
    select
        claim_id,
        part_index,
        is_year_of_range,
        basis,
        variant,
        value_year,
        period_used,
        value,
        is_context,
        verdict,
        first_year_met,
        run_start_year,
        source_ids,
        detail,
        evidence_year,
        period_relation,
        years_off
    from {{ ref('arg_claim_evidence') }}
),

-- The periods of the judged evidence of each claim, and the furthest it is from the
-- claim's own period.
-- The years of a multi-year period, one group per basis.
range_groups as (
    select
        claim_id,
        part_index,
        basis,
        case
            when 2 * count(case when verdict = 'supported' then 1 end) > count(verdict)
                then 'supported'
            else 'not_supported'
        end as verdict,
        basis || ' ' || cast(min(value_year) as string) || '-'
        || cast(max(value_year) as string) as label,
        basis || ' ' || cast(min(value_year) as string) || '-'
        || cast(max(value_year) as string) || ': met in '
        || cast(count(case when verdict = 'supported' then 1 end) as string) || ' of '
        || cast(count(verdict) as string) || ' years (range '
        || {{ argument_format_value('min(value)') }} || ' to '
        || {{ argument_format_value('max(value)') }} || ')'
        || case
            when max(first_year_met) is not null
                then '; first met ' || cast(max(first_year_met) as string)
            else ''
        end as summary,
        {{ sorted_id_list('source_ids') }} as source_ids
    from evidence
    where is_year_of_range
    group by claim_id, part_index, basis
),

single_rows as (
    select
        claim_id,
        part_index,
        basis,
        verdict,
        basis || ' ' || coalesce(period_used, 'undated')
        || case when variant in ('claim period', basis) then '' else ' [' || variant || ']' end
        || ' = ' || {{ argument_format_value('value') }} as label,
        basis || ' ' || coalesce(period_used, 'undated')
        || case when variant in ('claim period', basis) then '' else ' [' || variant || ']' end
        || ' = ' || {{ argument_format_value('value') }}
        || case when is_context then ' (context)' else '' end
        || case
            when basis in ('item', 'headline', 'membership') then ' (' || detail || ')'
            else ''
        end
        || case
            when first_year_met is not null
                then
                    ' (first met ' || cast(first_year_met as string) || ', unbroken since '
                    || coalesce(cast(run_start_year as string), 'n/a') || ')'
            else ''
        end as summary,
        source_ids
    from evidence
    where not is_year_of_range
),

evidence_groups as (
    select * from range_groups
    union all
    select * from single_rows
),

part_verdicts as (
    select
        parts.claim_id,
        parts.part_index,
        parts.metric,
        parts.claim_basis,
        parts.has_computation,
        {{ argument_combine_verdicts('evidence_groups.verdict') }} as verdict,
        parts.metric || ' ' || parts.comparator || ' ' || coalesce(parts.threshold, '') || ': '
        || coalesce(
            {{ ordered_string_agg('evidence_groups.summary', "'; '") }}, 'no value'
        )
            as summary,
        {{ sorted_id_list('evidence_groups.source_ids') }} as source_ids,
        {{ sorted_distinct_list(
            "case when evidence_groups.verdict = 'supported' then evidence_groups.label end",
            "', '"
        ) }} as labels_supported,
        {{ sorted_distinct_list(
            "case when evidence_groups.verdict = 'not_supported' then evidence_groups.label end",
            "', '"
        ) }} as labels_not_supported,
        count(
            case
                when
                    evidence_groups.basis = 'reporter' and evidence_groups.verdict is not null
                    then 1
            end
        )
            as reporter_groups,
        count(
            case
                when evidence_groups.basis = 'mirror' and evidence_groups.verdict is not null then 1
            end
        )
            as mirror_groups,
        max(case when evidence_groups.summary like '%latest year (no %' then 1 else 0 end)
            as is_stale,
        parts.subject_iso3,
        parts.counterpart_iso3,
        parts.period
    from parts
    left join evidence_groups
        on {{ keys_match('parts', 'evidence_groups', ['claim_id', 'part_index']) }}
    group by
        parts.claim_id, parts.part_index, parts.metric, parts.comparator, parts.threshold,
        parts.claim_basis, parts.has_computation, parts.subject_iso3, parts.counterpart_iso3,
        parts.period
),

-- Notes a reader needs: a missing basis, a stale year, a part with no data.
part_notes as (
    select
        claim_id,
        part_index,
        verdict,
        summary,
        source_ids,
        metric,
        case
            when verdict = 'partly_supported'
                then
                    metric || ' met on ' || labels_supported || ', not on '
                    || labels_not_supported
        end as mixed_note,
        case
            when not has_computation then 'no computation for metric ' || metric
            when verdict is null
                then
                    'no ' || metric || ' figure for ' || coalesce(subject_iso3, '?') || '/'
                    || coalesce(counterpart_iso3, '-') || ' ' || coalesce(period, 'undated')
                    || ' in the warehouse'
            when claim_basis = 'reporter_and_mirror' and mirror_groups = 0
                then
                    'no mirror figure for '
                    -- a range (first_year_rank1): the mirror has years, but not the latest
                    || case when period like '%-%' then 'the latest years of ' else '' end
                    || coalesce(period, 'the period')
                    || ' (IMF DOTS ends 2020); verdict from the reporter basis'
            when claim_basis = 'reporter_and_mirror' and reporter_groups = 0
                then
                    'no reporter figure for ' || coalesce(period, 'the period')
                    || '; verdict from the mirror basis'
        end as gap_note,
        case
            when is_stale = 1
                then 'no ' || coalesce(period, '') || ' figure on any basis: latest year used'
        end as stale_note
    from part_verdicts
)

select
    claim_id,
    part_index,
    metric,
    verdict,
    summary,
    source_ids,
    mixed_note,
    gap_note,
    stale_note
from part_notes
