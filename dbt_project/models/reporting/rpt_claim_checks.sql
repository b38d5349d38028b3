-- sqlfluff:rules:references.keywords:ignore_words:year,value,summary,label
-- One row per claim of the article (all of marts.dim_claims): the values computed on every
-- basis the claim asks for, the threshold, a verdict and the evidence. The verdict comes
-- from generic logic over the claim's parts (rpt_claim_evidence):
--   a year of a multi-year period counts as one piece of evidence per basis: the basis
--   supports the part when the condition holds in most of the period's years;
--   a part is supported when all its evidence is, not_supported when none is,
--   partly_supported when bases, currencies or sources disagree;
--   the claim combines its testable parts the same way; not_testable when none is.
-- The judged evidence's period beside the claim's: evidence_period, period_relation (the
-- furthest of exact / nearest / newer / older among the judged rows, see
-- rpt_claim_evidence), years_off, and verdict_label says it in words. untested_parts names
-- every part of the claim's wording that no figure tests (seed claim_untested_parts).
with claims as (
    select
        claim_id,
        topic,
        claim_en,
        quote_ar,
        subject_iso3,
        counterpart_iso3,
        period,
        metric,
        comparator,
        threshold,
        unit,
        basis
    from {{ ref('dim_claims') }}
),

metrics_mapped as (
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
    from {{ ref('rpt_claim_evidence') }}
),

-- The periods of the judged evidence of each claim, and the furthest it is from the
-- claim's own period.
claim_periods as (
    select
        claim_id,
        case
            when min(evidence_year) = max(evidence_year)
                then cast(min(evidence_year) as varchar)
            else cast(min(evidence_year) as varchar) || '-' || cast(max(evidence_year) as varchar)
        end as evidence_period,
        case max(
            case period_relation
                when 'exact' then 0
                when 'claim undated' then 0
                when 'nearest' then 1
                when 'newer' then 2
                when 'older' then 3
                else 4
            end
        )
            when 0
                then
                    case
                        when min(period_relation) = 'claim undated' then 'claim undated'
                        else 'exact'
                    end
            when 1 then 'nearest'
            when 2 then 'newer'
            when 3 then 'older'
            else 'undated'
        end as period_relation,
        max(years_off) as years_off
    from evidence
    where not is_context and verdict is not null
    group by claim_id
),

untested as (
    select
        claim_id,
        string_agg(untested_part || ' (' || reason || ')', '; ' order by untested_part)
            as untested_parts
    from {{ ref('claim_untested_parts') }}
    group by claim_id
),

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
        basis || ' ' || cast(min(value_year) as varchar) || '-'
        || cast(max(value_year) as varchar) as label,
        basis || ' ' || cast(min(value_year) as varchar) || '-'
        || cast(max(value_year) as varchar) || ': met in '
        || cast(count(case when verdict = 'supported' then 1 end) as varchar) || ' of '
        || cast(count(verdict) as varchar) || ' years (range '
        || {{ argument_format_value('min(value)') }} || ' to '
        || {{ argument_format_value('max(value)') }} || ')'
        || case
            when max(first_year_met) is not null
                then '; first met ' || cast(max(first_year_met) as varchar)
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
                    ' (first met ' || cast(first_year_met as varchar) || ', unbroken since '
                    || coalesce(cast(run_start_year as varchar), 'n/a') || ')'
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
            string_agg(evidence_groups.summary, '; ' order by evidence_groups.summary), 'no value'
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
),

claim_verdicts as (
    select
        claim_id,
        {{ argument_combine_verdicts('verdict') }} as verdict,
        count(*) as part_count,
        count(verdict) as parts_testable,
        string_agg(summary, ' | ' order by part_index) as computed_values,
        {{ sorted_id_list('source_ids') }} as source_ids,
        string_agg(distinct gap_note, '; ' order by gap_note) as gap_notes,
        string_agg(distinct stale_note, '; ' order by stale_note) as stale_notes,
        string_agg(
            case when verdict = 'supported' then metric end, ', ' order by part_index
        ) as parts_supported,
        string_agg(
            case when verdict = 'not_supported' then metric end, ', ' order by part_index
        ) as parts_not_supported,
        string_agg(mixed_note, '; ' order by part_index) as parts_mixed
    from part_notes
    group by claim_id
),

-- Distinct evidence source ids, sorted.
sources as (
    select
        claim_verdicts.claim_id,
        string_agg(distinct trim(source_list.source_id), '; ' order by trim(source_list.source_id))
            as evidence_source_ids
    from claim_verdicts
    cross join unnest(string_split(claim_verdicts.source_ids, ';')) as source_list (source_id)
    where trim(source_list.source_id) != ''
    group by claim_verdicts.claim_id
)

select
    claims.claim_id,
    claims.topic,
    claims.claim_en,
    claims.quote_ar,
    claims.subject_iso3,
    claims.counterpart_iso3,
    claims.period,
    claims.metric,
    claims.comparator,
    claims.threshold,
    claims.unit,
    claims.basis,
    claim_verdicts.part_count,
    claim_verdicts.parts_testable,
    claim_verdicts.computed_values,
    coalesce(claim_verdicts.verdict, 'not_testable') as verdict,
    sources.evidence_source_ids,
    case
        when claim_verdicts.verdict is null then 'not testable: ' || claim_verdicts.gap_notes
        when claim_verdicts.verdict = 'supported' then 'every basis and source meets the threshold'
        when claim_verdicts.verdict = 'not_supported'
            then 'no basis or source meets the threshold'
        else
            'bases or sources disagree'
            || coalesce(' (supported: ' || claim_verdicts.parts_supported || ')', '')
            || coalesce(' (not supported: ' || claim_verdicts.parts_not_supported || ')', '')
            || coalesce(' (' || claim_verdicts.parts_mixed || ')', '')
    end
    || case
        when claim_verdicts.verdict is not null and claim_verdicts.gap_notes is not null
            then '; ' || claim_verdicts.gap_notes
        else ''
    end
    || coalesce('; ' || claim_verdicts.stale_notes, '')
    || case
        when claim_periods.period_relation in ('older', 'newer', 'nearest')
            then
                '; judged on ' || claim_periods.evidence_period || ' figures for a claim about '
                || claims.period
        else ''
    end
    || coalesce('; not tested: ' || untested.untested_parts, '') as reason,
    claim_periods.evidence_period,
    claim_periods.period_relation,
    claim_periods.years_off,
    coalesce(claim_verdicts.verdict, 'not_testable')
    -- 'on older figures (...: up to 2 years older)', 'on later figures (... later)'
    || case
        when claim_periods.period_relation in ('older', 'newer')
            then
                ' on ' || replace(claim_periods.period_relation, 'newer', 'later') || ' figures ('
                || claim_periods.evidence_period || ' for ' || claims.period || ': up to '
                || cast(claim_periods.years_off as varchar)
                || case when claim_periods.years_off = 1 then ' year ' else ' years ' end
                || replace(claim_periods.period_relation, 'newer', 'later') || ')'
        when claim_periods.period_relation = 'nearest'
            then
                ' on the nearest figures (' || claim_periods.evidence_period || ' for '
                || claims.period || ')'
        else ''
    end as verdict_label,
    untested.untested_parts
from claims
left join claim_verdicts on claims.claim_id = claim_verdicts.claim_id
left join sources on claims.claim_id = sources.claim_id
left join claim_periods on claims.claim_id = claim_periods.claim_id
left join untested on claims.claim_id = untested.claim_id
