-- sqlfluff:rules:references.keywords:ignore_words:year,value,summary,label
-- One row per claim of the article (all of marts.dim_claims): the values computed on every
-- basis the claim asks for, the threshold, a verdict and the evidence. The verdict comes
-- from generic logic over the claim's parts (arg_claim_part_verdicts, over the evidence
-- of rpt_claim_evidence): the claim combines its testable parts as a part combines its
-- evidence (all supported, none, or partly); not_testable when no part is testable.
-- The judged evidence's period beside the claim's: evidence_period, period_relation (the
-- furthest of exact / nearest / newer / older among the judged rows, see
-- rpt_claim_evidence), years_off, and verdict_label says it in words. untested_parts names
-- every part of the claim's wording that no figure tests (seed claim_untested_parts).
with claims as (
    select * from {{ ref('dim_claims') }}
),

evidence as (
    select
        claim_id,
        is_context,
        verdict,
        evidence_year,
        period_relation,
        years_off
    from {{ ref('rpt_claim_evidence') }}
),

claim_periods as (
    select
        claim_id,
        case
            when min(evidence_year) = max(evidence_year)
                then cast(min(evidence_year) as string)
            else cast(min(evidence_year) as string) || '-' || cast(max(evidence_year) as string)
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
        {{ ordered_string_agg("untested_part || ' (' || reason || ')'", "'; '", 'untested_part') }}
            as untested_parts
    from {{ ref('claim_untested_parts') }}
    group by claim_id
),

claim_verdicts as (
    select
        claim_id,
        {{ argument_combine_verdicts('verdict') }} as verdict,
        count(*) as part_count,
        count(verdict) as parts_testable,
        {{ ordered_string_agg('summary', "' | '", 'part_index') }} as computed_values,
        -- Distinct evidence source ids, sorted.
        {{ sorted_id_list('source_ids') }} as evidence_source_ids,
        {{ ordered_string_agg('gap_note', "'; '", distinct=true) }} as gap_notes,
        {{ ordered_string_agg('stale_note', "'; '", distinct=true) }} as stale_notes,
        {{ ordered_string_agg(
            "case when verdict = 'supported' then metric end", "', '", 'part_index'
        ) }} as parts_supported,
        {{ ordered_string_agg(
            "case when verdict = 'not_supported' then metric end", "', '", 'part_index'
        ) }} as parts_not_supported,
        {{ ordered_string_agg('mixed_note', "'; '", 'part_index') }} as parts_mixed
    from {{ ref('arg_claim_part_verdicts') }}
    group by claim_id
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
    claim_verdicts.evidence_source_ids,
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
                || cast(claim_periods.years_off as string)
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
left join claim_periods on claims.claim_id = claim_periods.claim_id
left join untested on claims.claim_id = untested.claim_id
