-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- The yearly series every trade claim part is judged on (families trade_share, trade_rank,
-- trade_total_usd, trade_ratio, trade_combined_share, trade_first_year_rank1 ...), one row
-- per part, basis and year up to the end of the claim's period: the value, its own
-- verdict, and the runs of years it belongs to. Read by arg_claim_values_trade (the values
-- judged) and arg_claim_values_computed (the first year and latest run of each basis).
-- Trade: the dependency measures on the reporter and mirror bases (allocated reporter
-- figures and IMF-estimated figures, the 1990s 'e' flag, left out).
with {{ claim_trade_inputs() }},

combined_partners as (
    select
        trade_parts.claim_id,
        trade_parts.part_index,
        split_part(trade_parts.counterpart_iso3, '+', positions.n) as partner_iso3,
        (
            length(trade_parts.counterpart_iso3)
            - length(replace(trade_parts.counterpart_iso3, '+', '')) + 1
        ) as partner_total
    from trade_parts
    inner join (values (1), (2), (3), (4)) as positions (n)
        on
            positions.n
            <= length(trade_parts.counterpart_iso3)
            - length(replace(trade_parts.counterpart_iso3, '+', '')) + 1
    where trade_parts.family = 'trade_combined_share'
),

trade_series as (
    select
        trade_parts.claim_id,
        trade_parts.part_index,
        shares.basis,
        shares.year,
        case trade_parts.family
            when 'trade_share' then shares.share_pct
            when
                'trade_rank'
                then case when shares.is_complete_partner_list then shares.partner_rank end
            when 'trade_total_usd' then shares.trade_usd
        end as value,
        shares.source_ids,
        shares.figure_variant,
        trade_parts.family
    from trade_parts
    inner join shares
        on {{ part_pair_matches('trade_parts', 'shares') }}
    where trade_parts.family in ('trade_share', 'trade_rank', 'trade_total_usd')
    union all
    select
        trade_parts.claim_id,
        trade_parts.part_index,
        numerators.basis,
        numerators.year,
        {{ argument_multiple('numerators.trade_usd', 'denominators.trade_usd') }} as value,
        numerators.source_ids || '; ' || denominators.source_ids as source_ids,
        case
            when numerators.figure_variant = denominators.figure_variant
                then numerators.figure_variant
            else numerators.figure_variant || ' / ' || denominators.figure_variant
        end as figure_variant,
        trade_parts.family
    from trade_parts
    inner join shares as numerators
        on
            trade_parts.subject_iso3 = numerators.country_iso3
            and trade_parts.numerator_iso3 = numerators.partner_iso3
    inner join shares as denominators
        on
            {{ keys_match('numerators', 'denominators', ['country_iso3', 'year', 'basis']) }}
            and trade_parts.denominator_iso3 = denominators.partner_iso3
    where trade_parts.family = 'trade_ratio'
    union all
    select
        trade_parts.claim_id,
        trade_parts.part_index,
        shares.basis,
        shares.year,
        case
            when count(distinct shares.partner_iso3) = max(combined_partners.partner_total)
                then sum(shares.share_pct)
        end as value,
        {{ sorted_id_list('shares.source_ids') }} as source_ids,
        {{ sorted_distinct_list('shares.figure_variant') }} as figure_variant,
        trade_parts.family
    from trade_parts
    inner join combined_partners
        on {{ keys_match('trade_parts', 'combined_partners', ['claim_id', 'part_index']) }}
    inner join shares
        on
            trade_parts.subject_iso3 = shares.country_iso3
            and combined_partners.partner_iso3 = shares.partner_iso3
    group by
        trade_parts.claim_id, trade_parts.part_index, shares.basis, shares.year,
        trade_parts.family
),

-- Per year and basis: the year's own verdict, and the first year of the latest unbroken
-- run of consecutive years in which it held (up to the end of the claim's period), e.g.
-- since when China's share has stayed above 20%. A year without a figure breaks a run.
trade_judged as (
    select
        trade_series.claim_id,
        trade_series.part_index,
        trade_series.basis,
        trade_series.year,
        trade_series.value,
        trade_series.source_ids,
        trade_series.figure_variant,
        trade_series.family,
        trade_parts.period_start_year,
        trade_parts.period_end_year,
        trade_parts.is_period_range,
        {{ argument_verdict(
            'trade_parts.comparator', 'trade_series.value',
            'trade_parts.threshold_low', 'trade_parts.threshold_high',
            'trade_parts.tolerance'
        ) }} as year_verdict
    from trade_series
    inner join {{ ref('arg_claim_parts') }} as trade_parts
        on {{ keys_match('trade_series', 'trade_parts', ['claim_id', 'part_index']) }}
    where trade_series.value is not null and trade_series.year <= trade_parts.period_end_year
),

trade_previous as (
    select
        trade_judged.*,
        lag(trade_judged.year) over (
            partition by trade_judged.claim_id, trade_judged.part_index, trade_judged.basis
            order by trade_judged.year
        ) as previous_year,
        lag(trade_judged.year_verdict) over (
            partition by trade_judged.claim_id, trade_judged.part_index, trade_judged.basis
            order by trade_judged.year
        ) as previous_verdict
    from trade_judged
),

trade_last_miss as (
    select
        trade_previous.*,
        -- a year the condition held after a miss or after a year without a figure
        case
            when
                trade_previous.year_verdict = 'supported'
                and (
                    trade_previous.previous_year is null
                    or trade_previous.previous_year != trade_previous.year - 1
                    or trade_previous.previous_verdict != 'supported'
                )
                then trade_previous.year
        end as run_start_candidate,
        max(trade_previous.year)
            over (
                partition by
                    trade_previous.claim_id, trade_previous.part_index, trade_previous.basis
            )
            as latest_year,
        max(case when trade_previous.year_verdict != 'supported' then trade_previous.year end)
            over (
                partition by
                    trade_previous.claim_id, trade_previous.part_index, trade_previous.basis
            )
            as last_year_not_met,
        min(case when trade_previous.year_verdict = 'supported' then trade_previous.year end)
            over (
                partition by
                    trade_previous.claim_id, trade_previous.part_index, trade_previous.basis
            )
            as first_year_ever,
        max(case when trade_previous.year = trade_previous.period_end_year then 1 else 0 end)
            over (partition by trade_previous.claim_id, trade_previous.part_index)
            as has_claim_year,
        max(case when trade_previous.year = trade_previous.period_end_year then 1 else 0 end)
            over (
                partition by
                    trade_previous.claim_id, trade_previous.part_index, trade_previous.basis
            )
            as basis_has_claim_year
    from trade_previous
),

trade_in_period as (
    select
        trade_last_miss.*,
        case
            when coalesce(trade_last_miss.last_year_not_met, 0) < trade_last_miss.latest_year
                then
                    max(trade_last_miss.run_start_candidate) over (
                        partition by
                            trade_last_miss.claim_id, trade_last_miss.part_index,
                            trade_last_miss.basis
                    )
        end as first_year_met
    from trade_last_miss
)

select * from trade_in_period
