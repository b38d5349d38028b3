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
        positions.host_iso3,
        positions.investor_iso3,
        positions.position_year,
        positions.period,
        positions.position_usd,
        positions.value_status,
        positions.source_id
    from {{ ref('stg_imf_cdis__positions') }} as positions
    inner join economies as host_economies on positions.host_iso3 = host_economies.iso3
    inner join economies as investor_economies
        on positions.investor_iso3 = investor_economies.iso3
),

investment_parts as (
    select
        parts.*,
        coalesce(
            max(
                case
                    when positions.position_year <= parts.period_end_year
                        then positions.position_year
                end
            ),
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

-- Where the counterpart's reported positions go: every host with a value that year.
host_ranks as (
    select
        investment_parts.claim_id,
        investment_parts.part_index,
        positions.host_iso3,
        positions.position_usd,
        positions.period,
        positions.source_id,
        rank() over (
            partition by investment_parts.claim_id, investment_parts.part_index
            order by positions.position_usd desc
        ) as host_rank,
        count(*) over (
            partition by investment_parts.claim_id, investment_parts.part_index
        ) as hosts_ranked
    from investment_parts
    inner join positions
        on
            investment_parts.counterpart_iso3 = positions.investor_iso3
            and investment_parts.position_year = positions.position_year
            and positions.position_usd is not null
),

-- Who invests in the subject: every reporter with a value that year; confidential ones
-- are counted beside the ranking, they cannot be placed in it.
investor_ranks as (
    select
        investment_parts.claim_id,
        investment_parts.part_index,
        positions.investor_iso3,
        positions.position_usd,
        positions.period,
        positions.source_id,
        rank() over (
            partition by investment_parts.claim_id, investment_parts.part_index
            order by positions.position_usd desc
        ) as investor_rank,
        count(*) over (
            partition by investment_parts.claim_id, investment_parts.part_index
        ) as investors_ranked
    from investment_parts
    inner join positions
        on
            investment_parts.subject_iso3 = positions.host_iso3
            and investment_parts.position_year = positions.position_year
            and positions.position_usd is not null
),

confidential_investors as (
    select
        investment_parts.claim_id,
        investment_parts.part_index,
        count(*) as investors_confidential,
        string_agg(positions.investor_iso3, ', ' order by positions.investor_iso3)
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
        cast(subject.host_rank as double) as value,
        'stated' as value_qualifier,
        true as is_context,
        subject.source_id as source_ids,
        investment_parts.counterpart_iso3 || ' reports US$'
        || cast(round(subject.position_usd / 1e9, 2) as varchar) || ' bn in '
        || subject.host_iso3 || ' at end-' || cast(investment_parts.position_year as varchar)
        || ': rank ' || cast(subject.host_rank as varchar) || ' of '
        || cast(subject.hosts_ranked as varchar) || ' hosts (first: ' || leader.host_iso3
        || ' US$' || cast(round(leader.position_usd / 1e9, 2) as varchar) || ' bn)'
            as detail
    from host_ranks as subject
    inner join investment_parts
        on
            subject.claim_id = investment_parts.claim_id
            and subject.part_index = investment_parts.part_index
            and subject.host_iso3 = investment_parts.subject_iso3
    inner join host_ranks as leader
        on
            subject.claim_id = leader.claim_id
            and subject.part_index = leader.part_index
            and leader.host_rank = 1
    qualify row_number() over (
        partition by subject.claim_id, subject.part_index order by leader.host_iso3
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
        cast(counterpart.investor_rank as double) as value,
        'stated' as value_qualifier,
        true as is_context,
        counterpart.source_id as source_ids,
        counterpart.investor_iso3 || ' rank ' || cast(counterpart.investor_rank as varchar)
        || ' of ' || cast(counterpart.investors_ranked as varchar)
        || ' reporters with a disclosed position in ' || investment_parts.subject_iso3
        || ' (first: ' || leader.investor_iso3 || ' US$'
        || cast(round(leader.position_usd / 1e9, 2) as varchar) || ' bn); '
        || cast(coalesce(confidential.investors_confidential, 0) as varchar)
        || ' confidential, unranked'
        || coalesce(' (' || confidential.confidential_list || ')', '') as detail
    from investor_ranks as counterpart
    inner join investment_parts
        on
            counterpart.claim_id = investment_parts.claim_id
            and counterpart.part_index = investment_parts.part_index
            and counterpart.investor_iso3 = investment_parts.counterpart_iso3
    inner join investor_ranks as leader
        on
            counterpart.claim_id = leader.claim_id
            and counterpart.part_index = leader.part_index
            and leader.investor_rank = 1
    left join confidential_investors as confidential
        on
            counterpart.claim_id = confidential.claim_id
            and counterpart.part_index = confidential.part_index
    qualify row_number() over (
        partition by counterpart.claim_id, counterpart.part_index order by leader.investor_iso3
    ) = 1
),

matrix as (
    select
        remittances.country_iso3,
        remittances.counterpart_iso3,
        remittances.indicator,
        remittances.period,
        cast(remittances.period as integer) as matrix_year,
        remittances.value,
        remittances.estimate_method,
        remittances.source_id
    from {{ ref('fct_remittances') }} as remittances
    where remittances.evidence_kind = 'modelled'
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
            parts.subject_iso3 = matrix.country_iso3
            and parts.counterpart_iso3 = matrix.counterpart_iso3
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
        || cast(round(value / 1e9, 2) as varchar) || ' bn from ' || counterpart_iso3
        || ' to ' || country_iso3 || ' in ' || period as detail
    from matrix_candidates
    where nearness = 1
)

select * from host_rank_values
union all
select * from investor_rank_values
union all
select * from modelled_values
