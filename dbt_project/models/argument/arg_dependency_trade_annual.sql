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
-- members have a figure in the same class, basis and year. The page figures' totals are
-- arg_dependency_page_totals.
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

-- Each side of the trade: on the reporter basis the economy's own figures, on the mirror
-- basis its partners' (the economy's exports are the partner's imports from it).
flow_sides as (
    {%- for basis, exports_flow in [('reporter', 'exports'), ('mirror', 'imports')] %}
        select
            {{ dependency_side_keys(basis) }},
            source_kind,
            sum(value_usd) as trade_usd,
            sum(case when flow = '{{ exports_flow }}' then value_usd end) as exports_usd,
            count(distinct flow) as flow_count,
            {{ sorted_id_list('source_id') }} as source_ids,
            source_kind as figure_variant,
            bool_or(is_estimate) as has_estimate
        from flows
        {%- if basis == 'mirror' %}
            where source_kind = 'imf_dots'
        {%- endif %}
        group by reporter_iso3, partner_iso3, year, source_kind
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

page_sides as (
    {%- for basis in ['reporter', 'mirror'] %}
        select
            {{ dependency_side_keys(basis) }},
            'page_figure' as source_kind,
            trade_usd,
            cast(null as double) as exports_usd,
            2 as flow_count,
            source_ids,
            'page_figure: ' || figure_variant as figure_variant,
            false as has_estimate
        from {{ ref('arg_dependency_page_totals') }}
        where
            trade_usd is not null
            {%- if basis == 'mirror' %} and partner_iso3 != 'WLD'{% endif %}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

economies as (
    {%- for side in ['flow_sides', 'page_sides'] %}
        select {{ dependency_trade_columns() }}
        from {{ side }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

ca5 as (
    select iso3 from {{ ref('dim_countries') }}
    where is_ca5
),

-- CA5 as the economy and as the partner: the members' sum where all five have a figure in
-- the same class, basis and year (exports only where all five have them).
ca5_sums as (
    {%- for side, member, other in [
        ('country', 'country_iso3', 'partner_iso3'),
        ('partner', 'partner_iso3', 'country_iso3')
    ] %}
        select
            {% if side == 'country' -%}
                'CA5' as country_iso3,
                economies.partner_iso3,
            {%- else -%}
                economies.country_iso3,
                'CA5' as partner_iso3,
            {%- endif %}
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
        inner join ca5 on economies.{{ member }} = ca5.iso3
        {%- if side == 'partner' %}
            where economies.country_iso3 != 'CA5'
        {%- endif %}
        group by economies.{{ other }}, economies.year, economies.basis, economies.source_kind
        having count(distinct economies.{{ member }}) = 5
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

all_rows as (
    select
        {{ dependency_trade_columns() }},
        false as is_member_sum
    from economies
    union all
    select
        {{ dependency_trade_columns() }},
        is_member_sum
    from ca5_sums
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
    {{ dependency_trade_columns() }},
    is_member_sum
from ranked
where preference = 1
