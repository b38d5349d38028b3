-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- Claim evidence from the two bilateral matrices, shown beside the verdict as context (not
-- judged: they measure something other than the claim's metric), keyed by the part's
-- metric family, subject, counterpart and period, never by claim id:
--   investor_reported  IMF CDIS outward positions of the counterpart (investment parts):
--                      the subject's rank among all economies holding the counterpart's
--                      reported positions, and the counterpart's rank among the investors
--                      in the subject (confidential reporters counted, not ranked)
--   modelled           the World Bank/KNOMAD matrix amount from the counterpart (remittance
--                      parts), a Ratha-Shaw estimate, not recorded transfers
-- Each uses the latest year up to the claim's last year, else the earliest after it.
with parts as (
    select
        parts.claim_id,
        parts.part_index,
        parts.subject_iso3,
        parts.counterpart_iso3,
        parts.period_end_year,
        metric_map.family,
        metric_map.source_indicator
    from {{ ref('arg_claim_parts') }} as parts
    inner join {{ ref('claim_metric_map') }} as metric_map
        on parts.metric = metric_map.metric
    where metric_map.family in ('investment', 'remittance') and metric_map.uses_counterpart
),

economies as (
    select iso3 from {{ ref('countries') }}
    where not is_aggregate
),

positions as (
    select
        host_iso3,
        investor_iso3,
        position_year,
        period,
        position_usd,
        value_status,
        source_id
    from {{ ref('stg_imf_cdis__positions') }}
    where
        host_iso3 in (select economies.iso3 from economies)
        and investor_iso3 in (select economies.iso3 from economies)
),

investment_parts as (
    select
        parts.*,
        coalesce(
            max(positions.position_year)
            filter (where positions.position_year <= parts.period_end_year),
            min(positions.position_year)
        ) as position_year
    from parts
    inner join positions
        on
            parts.counterpart_iso3 = positions.investor_iso3
            and parts.subject_iso3 = positions.host_iso3
            and positions.position_usd is not null
    where parts.family = 'investment'
    group by all
),

-- Both rankings of a part's year: side host, where the counterpart's reported positions go;
-- side investor, who invests in the subject (confidential reporters are counted beside the
-- ranking, they cannot be placed in it).
position_ranks as (
    {%- for side, ranked, part_column, fixed in [
        ('host', 'host_iso3', 'counterpart_iso3', 'investor_iso3'),
        ('investor', 'investor_iso3', 'subject_iso3', 'host_iso3')
    ] %}
        select
            investment_parts.claim_id,
            investment_parts.part_index,
            '{{ side }}' as side,
            positions.{{ ranked }} as economy_iso3,
            positions.position_usd,
            positions.period,
            positions.source_id,
            rank() over (
                partition by investment_parts.claim_id, investment_parts.part_index
                order by positions.position_usd desc
            ) as position_rank,
            count(*) over (
                partition by investment_parts.claim_id, investment_parts.part_index
            ) as economies_ranked
        from investment_parts
        inner join positions
            on
                investment_parts.{{ part_column }} = positions.{{ fixed }}
                and investment_parts.position_year = positions.position_year
                and positions.position_usd is not null
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

confidential_investors as (
    select
        investment_parts.claim_id,
        investment_parts.part_index,
        count(*) as investors_confidential,
        {{ ordered_string_agg('positions.investor_iso3', "', '") }}
            as confidential_list
    from investment_parts
    inner join positions
        on
            investment_parts.subject_iso3 = positions.host_iso3
            and investment_parts.position_year = positions.position_year
            and positions.value_status = 'confidential'
    group by investment_parts.claim_id, investment_parts.part_index
),

host_rank_values as (
    select
        subject.claim_id,
        subject.part_index,
        'investor_reported' as basis,
        'IMF CDIS 6-o: rank of the subject among hosts of the counterpart''s positions'
            as variant,
        cast(investment_parts.position_year as integer) as value_year,
        subject.period as period_used,
        cast(subject.position_rank as double) as value,
        'stated' as value_qualifier,
        true as is_context,
        subject.source_id as source_ids,
        investment_parts.counterpart_iso3 || ' reports US$'
        || cast({{ decimal_round('subject.position_usd / 1e9', 2) }} as string) || ' bn in '
        || subject.economy_iso3 || ' at end-' || cast(investment_parts.position_year as string)
        || ': rank ' || cast(subject.position_rank as string) || ' of '
        || cast(subject.economies_ranked as string) || ' hosts (first: ' || leader.economy_iso3
        || ' US$' || cast({{ decimal_round('leader.position_usd / 1e9', 2) }} as string) || ' bn)'
            as detail
    from position_ranks as subject
    inner join investment_parts
        on
            subject.claim_id = investment_parts.claim_id
            and subject.part_index = investment_parts.part_index
            and subject.economy_iso3 = investment_parts.subject_iso3
    inner join position_ranks as leader
        on
            {{ keys_match('subject', 'leader', ['claim_id', 'part_index', 'side']) }}
            and leader.position_rank = 1
    where subject.side = 'host'
    qualify row_number() over (
        partition by subject.claim_id, subject.part_index order by leader.economy_iso3
    ) = 1
),

investor_rank_values as (
    select
        counterpart.claim_id,
        counterpart.part_index,
        'investor_reported' as basis,
        'IMF CDIS 6-o: rank of the counterpart among investors in the subject' as variant,
        cast(investment_parts.position_year as integer) as value_year,
        counterpart.period as period_used,
        cast(counterpart.position_rank as double) as value,
        'stated' as value_qualifier,
        true as is_context,
        counterpart.source_id as source_ids,
        counterpart.economy_iso3 || ' rank ' || cast(counterpart.position_rank as string)
        || ' of ' || cast(counterpart.economies_ranked as string)
        || ' reporters with a disclosed position in ' || investment_parts.subject_iso3
        || ' (first: ' || leader.economy_iso3 || ' US$'
        || cast({{ decimal_round('leader.position_usd / 1e9', 2) }} as string) || ' bn); '
        || cast(coalesce(confidential.investors_confidential, 0) as string)
        || ' confidential, unranked'
        || coalesce(' (' || confidential.confidential_list || ')', '') as detail
    from position_ranks as counterpart
    inner join investment_parts
        on
            counterpart.claim_id = investment_parts.claim_id
            and counterpart.part_index = investment_parts.part_index
            and counterpart.economy_iso3 = investment_parts.counterpart_iso3
    inner join position_ranks as leader
        on
            {{ keys_match('counterpart', 'leader', ['claim_id', 'part_index', 'side']) }}
            and leader.position_rank = 1
    left join confidential_investors as confidential
        on {{ keys_match('counterpart', 'confidential', ['claim_id', 'part_index']) }}
    where counterpart.side = 'investor'
    qualify row_number() over (
        partition by counterpart.claim_id, counterpart.part_index order by leader.economy_iso3
    ) = 1
),

matrix as (
    select
        *,
        cast(period as integer) as matrix_year
    from {{ ref('fct_remittances') }}
    where evidence_kind = 'modelled'
),

matrix_candidates as (
    select
        parts.claim_id,
        parts.part_index,
        matrix.*,
        row_number() over (
            partition by parts.claim_id, parts.part_index
            order by
                case when matrix.matrix_year <= parts.period_end_year then 0 else 1 end,
                case
                    when matrix.matrix_year <= parts.period_end_year then -matrix.matrix_year
                    else matrix.matrix_year
                end
        ) as nearness
    from parts
    inner join matrix
        on
            {{ part_pair_matches('parts', 'matrix', partner='counterpart_iso3') }}
            and parts.source_indicator = matrix.indicator
    where parts.family = 'remittance'
),

modelled_values as (
    select
        claim_id,
        part_index,
        'modelled' as basis,
        'World Bank/KNOMAD bilateral remittance matrix' as variant,
        matrix_year as value_year,
        period as period_used,
        value,
        'stated' as value_qualifier,
        true as is_context,
        source_id as source_ids,
        'model estimate (' || estimate_method || '), not recorded transfers: US$'
        || cast({{ decimal_round('value / 1e9', 2) }} as string) || ' bn from ' || counterpart_iso3
        || ' to ' || country_iso3 || ' in ' || period as detail
    from matrix_candidates
    where nearness = 1
)

{% for family_values in ['host_rank_values', 'investor_rank_values', 'modelled_values'] -%}
    select * from {{ family_values }}
    {% if not loop.last %}union all{% endif %}
{% endfor %}
