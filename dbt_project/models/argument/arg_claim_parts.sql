-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- The article's claims exploded into parts: a claim whose metric, comparator, threshold,
-- unit or subject lists several values separated by '; ' (C08, C16, C18, C25...) becomes
-- one part per position; a field with a single value applies to every part. The
-- counterpart is split only when it lists as many values as there are parts (otherwise
-- 'CHN; USA' stays whole: a ratio's numerator and denominator).
-- Thresholds are parsed into numbers: 'low-high' for between, '<number> <currency>' for a
-- figure in one currency, and text (organisation names) for memberships. For
-- first_year_rank1 the claim's period is the window the first year must fall in.
with claims as (
    select
        claim_id,
        metric,
        comparator,
        threshold,
        unit,
        subject_iso3,
        counterpart_iso3,
        period,
        basis,
        note
    from {{ ref('dim_claims') }}
),

positions (part_index) as (
    values (1), (2), (3), (4), (5), (6)
),

counted as (
    select
        claims.*,
        greatest(
            {{ argument_count_parts('metric') }},
            {{ argument_count_parts('comparator') }},
            {{ argument_count_parts('threshold') }},
            {{ argument_count_parts('subject_iso3') }}
        ) as part_count
    from claims
),

parts as (
    select
        counted.claim_id,
        positions.part_index,
        counted.part_count,
        {{ argument_part('counted.metric', 'positions.part_index') }} as metric,
        {{ argument_part('counted.comparator', 'positions.part_index') }} as comparator,
        {{ argument_part('counted.threshold', 'positions.part_index') }} as threshold,
        {{ argument_part('counted.unit', 'positions.part_index') }} as unit,
        {{ argument_part('counted.subject_iso3', 'positions.part_index') }} as subject_iso3,
        case
            when {{ argument_count_parts('counted.counterpart_iso3') }} = counted.part_count
                then {{ argument_part('counted.counterpart_iso3', 'positions.part_index') }}
            else counted.counterpart_iso3
        end as counterpart_iso3,
        counted.period,
        counted.basis
    from counted
    inner join positions on counted.part_count >= positions.part_index
),

parsed as (
    select
        parts.*,
        case
            when parts.comparator = 'between'
                then try_cast(split_part(parts.threshold, '-', 1) as double)
            else try_cast(split_part(parts.threshold, ' ', 1) as double)
        end as threshold_low,
        case
            when parts.comparator = 'between'
                then try_cast(split_part(parts.threshold, '-', 2) as double)
        end as threshold_high,
        case
            when parts.unit in ('USD', 'CNY') then parts.unit
            when split_part(parts.threshold, ' ', 2) in ('USD', 'CNY')
                then split_part(parts.threshold, ' ', 2)
        end as currency,
        periods.start_date as period_start,
        periods.end_date as period_end,
        extract(year from periods.start_date) as period_start_year,
        extract(year from periods.end_date) as period_end_year,
        coalesce(periods.period_type = 'years', false) as is_period_range
    from parts
    left join {{ ref('dim_periods') }} as periods on parts.period = periods.period
)

select
    claim_id,
    part_index,
    part_count,
    metric,
    comparator,
    threshold,
    case
        when comparator = 'first_year_rank1' then cast(period_start_year as double)
        else threshold_low
    end as threshold_low,
    case
        when comparator = 'first_year_rank1' then cast(period_end_year as double)
        else threshold_high
    end as threshold_high,
    case when threshold_low is null then threshold end as threshold_text,
    -- 'approx' means within 10% (claims/PROVENANCE.md); no claim states another tolerance.
    0.10 as tolerance,
    unit,
    currency,
    subject_iso3,
    counterpart_iso3,
    period,
    period_start,
    period_end,
    period_start_year,
    period_end_year,
    is_period_range,
    basis
from parsed
