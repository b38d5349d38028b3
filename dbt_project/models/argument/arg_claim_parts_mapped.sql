-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- Every claim part with the computation its metric maps to (seed claim_metric_map): the
-- family of SQL that computes its evidence (arg_claim_values_<family>), the fact indicator
-- read, whether the counterpart must match, and for trade ratio parts the numerator and
-- denominator partners. A part whose metric has no computation is left out here (and not
-- testable in rpt_claim_checks).
select
    parts.claim_id,
    parts.part_index,
    parts.metric,
    parts.comparator,
    parts.threshold,
    parts.threshold_low,
    parts.threshold_high,
    parts.tolerance,
    parts.unit,
    parts.currency,
    parts.subject_iso3,
    parts.counterpart_iso3,
    parts.period,
    parts.period_start,
    parts.period_end,
    parts.period_start_year,
    parts.period_end_year,
    parts.is_period_range,
    parts.basis as claim_basis,
    metric_map.family,
    metric_map.source_indicator,
    metric_map.uses_counterpart,
    -- a ratio part names 'numerator; denominator' (else China over the counterpart)
    case
        when parts.counterpart_iso3 like '%; %' then split_part(parts.counterpart_iso3, '; ', 1)
        else 'CHN'
    end as numerator_iso3,
    case
        when parts.counterpart_iso3 like '%; %' then split_part(parts.counterpart_iso3, '; ', 2)
        else parts.counterpart_iso3
    end as denominator_iso3
from {{ ref('arg_claim_parts') }} as parts
inner join {{ ref('claim_metric_map') }} as metric_map
    on parts.metric = metric_map.metric
