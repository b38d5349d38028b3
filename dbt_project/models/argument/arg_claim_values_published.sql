-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- Claim evidence of the published trade figures (families trade_total_published and
-- trade_growth_multiple): the figures as published by a statistics office or customs, in
-- the part's currency and in USD, and growth multiples between the period's first and last
-- year, one row per variant of the figure.
with {{ claim_trade_inputs() }},

-- Published trade figures (China's customs in yuan and dollars): the part's currency as
-- published, and USD at the year's average rate where the figure was published in yuan.
-- Each page's figure is its own row; citation_order ranks a year's figures of one
-- currency in the register's order (the first citation is taken for a growth multiple).
published as (
    select
        reporter_iso3,
        partner_iso3,
        figure_year,
        currency_original,
        value_original,
        value_usd,
        fx_rate,
        fx_source_id,
        source_id,
        row_number() over (
            partition by reporter_iso3, partner_iso3, figure_year, currency_original
            order by source_row
        ) as citation_order
    from {{ ref('int_trade_figures_converted') }}
    where flow = 'total' and period = cast(figure_year as string)
),

published_values as (
    select
        trade_parts.claim_id,
        trade_parts.part_index,
        'reporter' as basis,
        case
            when trade_parts.currency = 'CNY' then 'CNY as published'
            when published.currency_original = 'USD' then 'USD as published'
            else
                'USD from CNY at ' || cast({{ decimal_round('published.fx_rate', 4) }} as string)
                || ' (' || published.fx_source_id || ')'
        end as variant,
        published.figure_year as value_year,
        cast(published.figure_year as string) as period_used,
        case
            when trade_parts.currency = 'CNY' then published.value_original
            else published.value_usd
        end as value,
        'stated' as value_qualifier,
        false as is_context,
        published.source_id as source_ids,
        case
            when trade_parts.currency = 'CNY' or published.currency_original = 'USD'
                then published.currency_original || ' as published'
            else 'USD from ' || published.currency_original || ' at the year''s average rate'
        end as figure_variant,
        cast(null as integer) as run_end_year,
        cast(null as integer) as run_years_with_data,
        trade_parts.currency || ' ' || trade_parts.subject_iso3 || '-'
        || trade_parts.counterpart_iso3 as detail
    from trade_parts
    inner join published
        on
            {{ part_pair_matches('trade_parts', 'published', country='reporter_iso3') }}
            and trade_parts.period_end_year = published.figure_year
    where
        trade_parts.family = 'trade_total_published'
        and (
            (trade_parts.currency = 'CNY' and published.currency_original = 'CNY')
            or (trade_parts.currency = 'USD' and published.value_usd is not null)
        )
),

-- Growth multiple between the period's first and last year, one row per variant of the
-- figure, never an average of variants: in yuan as published, in dollars converted from
-- the yuan figures at each year's average rate, and on the warehouse's USD trade series
-- (for China's trade: IMF DOTS in 2013, dollars as published by China's customs in 2024).
-- The first citation of the yuan figures of a growth part's first and last year.
growth_published as (
    select
        trade_parts.claim_id,
        trade_parts.part_index,
        published.figure_year,
        published.value_original,
        published.value_usd,
        published.source_id,
        published.fx_source_id
    from trade_parts
    inner join published
        on
            {{ part_pair_matches('trade_parts', 'published', country='reporter_iso3') }}
            and published.figure_year in (
                trade_parts.period_start_year, trade_parts.period_end_year
            )
    where
        trade_parts.family = 'trade_growth_multiple'
        and published.currency_original = 'CNY'
        and published.citation_order = 1
),

growth_points as (
    select
        claim_id,
        part_index,
        'CNY as published' as variant,
        figure_year as year,
        value_original as value,
        source_id as source_ids,
        'CNY as published' as figure_variant
    from growth_published
    union all
    select
        claim_id,
        part_index,
        'USD from CNY at each year''s average rate' as variant,
        figure_year as year,
        value_usd as value,
        {{ sorted_ids("source_id || '; ' || fx_source_id") }} as source_ids,
        'USD from CNY at the year''s average rate' as figure_variant
    from growth_published
    where value_usd is not null
    union all
    select
        trade_parts.claim_id,
        trade_parts.part_index,
        'USD trade series (' || shares.basis || ')' as variant,
        shares.year,
        shares.trade_usd as value,
        shares.source_ids,
        shares.figure_variant
    from trade_parts
    inner join shares
        on
            {{ part_pair_matches('trade_parts', 'shares') }}
            and shares.year in (trade_parts.period_start_year, trade_parts.period_end_year)
    where trade_parts.family = 'trade_growth_multiple' and shares.trade_usd is not null
),

growth_values as (
    select
        growth_first.claim_id,
        growth_first.part_index,
        case
            when growth_first.variant like 'USD trade series (mirror)' then 'mirror'
            else 'reporter'
        end as basis,
        growth_first.variant,
        cast(growth_last.year as integer) as value_year,
        cast(growth_first.year as string) || '-' || cast(growth_last.year as string)
            as period_used,
        {{ argument_multiple('growth_last.value', 'growth_first.value') }} as value,
        'stated' as value_qualifier,
        false as is_context,
        growth_first.source_ids || '; ' || growth_last.source_ids as source_ids,
        case
            when growth_first.figure_variant = growth_last.figure_variant
                then growth_first.figure_variant
            else
                cast(growth_first.year as string) || ' ' || growth_first.figure_variant
                || ' -> ' || cast(growth_last.year as string) || ' '
                || growth_last.figure_variant
        end as figure_variant,
        cast(null as integer) as run_end_year,
        cast(null as integer) as run_years_with_data,
        cast({{ decimal_round('growth_first.value / 1e9', 2) }} as string) || ' bn -> '
        || cast({{ decimal_round('growth_last.value / 1e9', 2) }} as string) || ' bn' as detail
    from growth_points as growth_first
    inner join trade_parts
        on
            growth_first.claim_id = trade_parts.claim_id
            and growth_first.part_index = trade_parts.part_index
            and growth_first.year = trade_parts.period_start_year
    inner join growth_points as growth_last
        on
            {{ keys_match('growth_first', 'growth_last', ['claim_id', 'part_index', 'variant']) }}
            and trade_parts.period_end_year = growth_last.year
)

select {{ claim_evidence_columns() }}
from published_values
union all
select {{ claim_evidence_columns() }}
from growth_values
