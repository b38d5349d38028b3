-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- Annual bilateral trade (exports + imports) of every economy with every partner, on two
-- bases and from each kind of source (seed source_kinds), before any choice is made:
--   basis reporter: the economy's own figures; basis mirror: its partners' figures of the
--   same trade (partner WLD on the mirror basis = the IMF World workbook's figures).
--   source_kind imf_dots, national_statistics (a statistics office's tables by every
--   partner), national_panel (Kazakhstan's 9 partners over the BNS monthly world total),
--   page_figure (full-year figures from official releases and press, yuan converted to USD
--   at the year's average rate). Monthly mirrors (partner customs, Eurostat) are compared
--   in rpt_mirror_gaps, not used here.
-- CA5 (the five states together) is added as an economy and as a partner where all five
-- members have a figure in the same class, basis and year.
with flows as (
    select
        reporter_iso3,
        partner_iso3,
        year,
        flow,
        value_usd,
        source_id,
        coalesce(is_estimate, false) as is_estimate,
        -- The panel lists partners only; its shares are taken over the BNS monthly world
        -- totals, so those totals belong to the panel's series.
        case
            when source_kind = 'national_statistics' and source_id = 'kaz_bns_monthly'
                then 'national_panel'
            else source_kind
        end as source_kind
    from {{ ref('fct_trade_flows') }}
    where
        value_usd is not null
        and trade_month is null
        and source_kind in ('imf_dots', 'national_statistics', 'national_panel')
),

page_figures as (
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
        period = cast(figure_year as varchar)
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
            stated.reporter_iso3 = world.reporter_iso3
            and stated.year = world.year
            and world.partner_iso3 = 'WLD'
            and stated.partner_iso3 != 'WLD'
),

reporter_side as (
    select
        reporter_iso3 as country_iso3,
        partner_iso3,
        year,
        'reporter' as basis,
        source_kind,
        sum(value_usd) as trade_usd,
        sum(case when flow = 'exports' then value_usd end) as exports_usd,
        count(distinct flow) as flow_count,
        {{ sorted_id_list('source_id') }} as source_ids,
        source_kind as figure_variant,
        bool_or(is_estimate) as has_estimate
    from flows
    group by reporter_iso3, partner_iso3, year, source_kind
),

-- On the mirror basis the economy's exports are the partner's imports from it.
mirror_side as (
    select
        partner_iso3 as country_iso3,
        reporter_iso3 as partner_iso3,
        year,
        'mirror' as basis,
        source_kind,
        sum(value_usd) as trade_usd,
        sum(case when flow = 'imports' then value_usd end) as exports_usd,
        count(distinct flow) as flow_count,
        {{ sorted_id_list('source_id') }} as source_ids,
        source_kind as figure_variant,
        bool_or(is_estimate) as has_estimate
    from flows
    where source_kind = 'imf_dots'
    group by partner_iso3, reporter_iso3, year, source_kind
),

page_sides as (
    select
        reporter_iso3 as country_iso3,
        partner_iso3,
        year,
        'reporter' as basis,
        'page_figure' as source_kind,
        trade_usd,
        cast(null as double) as exports_usd,
        2 as flow_count,
        source_ids,
        'page_figure: ' || figure_variant as figure_variant,
        false as has_estimate
    from page_totals
    where trade_usd is not null
    union all
    select
        partner_iso3 as country_iso3,
        reporter_iso3 as partner_iso3,
        year,
        'mirror' as basis,
        'page_figure' as source_kind,
        trade_usd,
        cast(null as double) as exports_usd,
        2 as flow_count,
        source_ids,
        'page_figure: ' || figure_variant as figure_variant,
        false as has_estimate
    from page_totals
    where trade_usd is not null and partner_iso3 != 'WLD'
),

economies as (
    select
        country_iso3,
        partner_iso3,
        year,
        basis,
        source_kind,
        trade_usd,
        exports_usd,
        flow_count,
        source_ids,
        figure_variant,
        has_estimate
    from reporter_side
    union all
    select
        country_iso3,
        partner_iso3,
        year,
        basis,
        source_kind,
        trade_usd,
        exports_usd,
        flow_count,
        source_ids,
        figure_variant,
        has_estimate
    from mirror_side
    union all
    select
        country_iso3,
        partner_iso3,
        year,
        basis,
        source_kind,
        trade_usd,
        exports_usd,
        flow_count,
        source_ids,
        figure_variant,
        has_estimate
    from page_sides
),

ca5 as (
    select iso3 from {{ ref('dim_countries') }}
    where is_ca5
),

ca5_as_country as (
    select
        'CA5' as country_iso3,
        economies.partner_iso3,
        economies.year,
        economies.basis,
        economies.source_kind,
        sum(economies.trade_usd) as trade_usd,
        case
            when count(economies.exports_usd) = 5 then sum(economies.exports_usd)
        end as exports_usd,
        min(economies.flow_count) as flow_count,
        {{ sorted_id_list('economies.source_ids') }} as source_ids,
        {{ sorted_distinct_list('economies.figure_variant') }} as figure_variant,
        bool_or(economies.has_estimate) as has_estimate,
        true as is_member_sum
    from economies
    inner join ca5 on economies.country_iso3 = ca5.iso3
    group by economies.partner_iso3, economies.year, economies.basis, economies.source_kind
    having count(distinct economies.country_iso3) = 5
),

ca5_as_partner as (
    select
        economies.country_iso3,
        'CA5' as partner_iso3,
        economies.year,
        economies.basis,
        economies.source_kind,
        sum(economies.trade_usd) as trade_usd,
        case
            when count(economies.exports_usd) = 5 then sum(economies.exports_usd)
        end as exports_usd,
        min(economies.flow_count) as flow_count,
        {{ sorted_id_list('economies.source_ids') }} as source_ids,
        {{ sorted_distinct_list('economies.figure_variant') }} as figure_variant,
        bool_or(economies.has_estimate) as has_estimate,
        true as is_member_sum
    from economies
    inner join ca5 on economies.partner_iso3 = ca5.iso3
    where economies.country_iso3 != 'CA5'
    group by economies.country_iso3, economies.year, economies.basis, economies.source_kind
    having count(distinct economies.partner_iso3) = 5
),

all_rows as (
    select
        country_iso3,
        partner_iso3,
        year,
        basis,
        source_kind,
        trade_usd,
        exports_usd,
        flow_count,
        source_ids,
        figure_variant,
        has_estimate,
        false as is_member_sum
    from economies
    union all
    select
        country_iso3,
        partner_iso3,
        year,
        basis,
        source_kind,
        trade_usd,
        exports_usd,
        flow_count,
        source_ids,
        figure_variant,
        has_estimate,
        is_member_sum
    from ca5_as_country
    union all
    select
        country_iso3,
        partner_iso3,
        year,
        basis,
        source_kind,
        trade_usd,
        exports_usd,
        flow_count,
        source_ids,
        figure_variant,
        has_estimate,
        is_member_sum
    from ca5_as_partner
),

-- A stated CA5 figure (class 3) and the sum of its members in the same class can both
-- exist (China-reported CA5 trade): the stated figure wins.
ranked as (
    select
        *,
        row_number() over (
            partition by country_iso3, partner_iso3, year, basis, source_kind
            order by case when is_member_sum then 2 else 1 end
        ) as preference
    from all_rows
)

select
    country_iso3,
    partner_iso3,
    year,
    basis,
    source_kind,
    trade_usd,
    exports_usd,
    flow_count,
    source_ids,
    figure_variant,
    has_estimate,
    is_member_sum
from ranked
where preference = 1
