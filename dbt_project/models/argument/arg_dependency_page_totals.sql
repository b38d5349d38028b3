-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- The full-year trade totals of the page figures (official releases and press quoted in
-- raw/), one per reporter, partner and year: the stated total where published, else exports
-- + imports, else a published share times the same reporter's published world total; yuan
-- figures at the year's average rate (int_trade_figures_converted). figure_variant names
-- what was taken. arg_dependency_trade_annual adds them as source_kind page_figure.
with page_figures as (
    select
        reporter_iso3,
        partner_iso3,
        figure_year as year,
        flow,
        value_usd,
        value_original,
        currency_original,
        source_id,
        source_row
    from {{ ref('int_trade_figures_converted') }}
    where
        period = cast(figure_year as string)
        and (
            (value_usd is not null and flow in ('total', 'exports', 'imports'))
            or (flow = 'share_of_total' and unit = 'percent')
        )
),

-- One figure per reporter, partner, year and flow, never an average of variants: a figure
-- published in dollars before one converted from yuan, then the register's first citation
-- (lowest row of the page-figures file). figure_variant names what was taken.
page_flows as (
    select
        reporter_iso3,
        partner_iso3,
        year,
        flow,
        value_usd,
        value_original,
        source_id as source_ids,
        case
            when flow = 'share_of_total' then 'share as published'
            when currency_original = 'USD' then 'USD as published'
            else 'USD from ' || currency_original || ' at the year''s average rate'
        end as figure_variant
    from (
        select
            *,
            row_number() over (
                partition by reporter_iso3, partner_iso3, year, flow
                order by case when currency_original = 'USD' then 0 else 1 end, source_row
            ) as choice
        from page_figures
    ) as numbered
    where choice = 1
),

-- The stated total where published, else exports + imports where both are, else a share
-- of the total as published times the same reporter's published world total (Uzbekistan
-- 2023: Russia 15.8%).
page_totals_stated as (
    select
        reporter_iso3,
        partner_iso3,
        year,
        coalesce(
            max(case when flow = 'total' then value_usd end),
            case
                when count(distinct case when flow in ('exports', 'imports') then flow end) = 2
                    then sum(case when flow in ('exports', 'imports') then value_usd end)
            end
        ) as trade_usd,
        case
            when max(case when flow = 'total' then value_usd end) is not null
                then max(case when flow = 'total' then figure_variant end)
            else
                {{ sorted_distinct_list(
                    "case when flow in ('exports', 'imports') then figure_variant end", "' + '"
                ) }}
        end as figure_variant,
        max(case when flow = 'share_of_total' then value_original end) as share_published_pct,
        {{ sorted_id_list("case when flow != 'share_of_total' then source_ids end") }}
            as source_ids,
        max(case when flow = 'share_of_total' then source_ids end) as share_source_id
    from page_flows
    group by reporter_iso3, partner_iso3, year
),

page_totals as (
    select
        stated.reporter_iso3,
        stated.partner_iso3,
        stated.year,
        coalesce(stated.trade_usd, stated.share_published_pct / 100.0 * world.trade_usd)
            as trade_usd,
        case
            when stated.trade_usd is not null then stated.figure_variant
            else 'share as published x published world total (' || world.figure_variant || ')'
        end as figure_variant,
        case
            when stated.trade_usd is not null then stated.source_ids
            else stated.share_source_id || '; ' || world.source_ids
        end as source_ids
    from page_totals_stated as stated
    left join page_totals_stated as world
        on
            {{ keys_match('stated', 'world', ['reporter_iso3', 'year']) }}
            and world.partner_iso3 = 'WLD'
            and stated.partner_iso3 != 'WLD'
)

select
    reporter_iso3,
    partner_iso3,
    year,
    trade_usd,
    figure_variant,
    source_ids
from page_totals
