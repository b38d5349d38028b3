-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- The 2025 US deal totals of each state (headline packages one by one, the itemised total,
-- and itemised totals by value type) beside the state's annual trade with China, Russia,
-- the US, the EU and Turkey (the year with a figure nearest the deals' year, each partner's
-- year shown beside its figure, own figures before partners') and China's BRI engagement:
-- e.g. how many months of trade with China a headline equals. Deal values mix commitments,
-- list prices and "up to" ceilings: they are not flows, and the comparison is a sense of
-- scale only.
with deals as (
    select
        deals.deal_id,
        deals.country_iso3,
        deals.value_usd,
        deals.value_type,
        deals.is_aggregate,
        deals.counts_toward_country_total,
        deals.source_id,
        deals.announced_date
    from {{ ref('fct_deals') }} as deals
    inner join {{ ref('dim_countries') }} as countries
        on deals.country_iso3 = countries.iso3
    where deals.value_usd is not null
),

deal_totals as (
    select
        country_iso3,
        'headline' as deal_measure,
        value_type,
        deal_id as deal_ids,
        1 as deal_count,
        value_usd as deal_value_usd,
        source_id as source_ids
    from deals
    where is_aggregate
    union all
    -- the itemised rows summed over all value types, and by value type
    {%- for measure, value_type in [
        ('itemised_total', "'all item value types'"), ('itemised_by_value_type', 'value_type')
    ] %}
        select
            country_iso3,
            '{{ measure }}' as deal_measure,
            {{ value_type }} as value_type,
            {{ ordered_string_agg('deal_id', "', '") }} as deal_ids,
            count(*) as deal_count,
            sum(value_usd) as deal_value_usd,
            {{ sorted_id_list('source_id') }} as source_ids
        from deals
        where not is_aggregate and counts_toward_country_total
        group by country_iso3{% if value_type == 'value_type' %}, value_type{% endif %}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

-- The year of the state's deals (all announced in 2025), the year trade is taken nearest to.
deal_years as (
    select
        country_iso3,
        cast(extract(year from max(announced_date)) as integer) as deal_year
    from deals
    group by country_iso3
),

trade as (
    select
        shares.country_iso3,
        shares.partner_iso3,
        shares.year,
        shares.basis,
        shares.trade_usd,
        shares.source_ids,
        row_number() over (
            partition by shares.country_iso3, shares.partner_iso3
            order by
                abs(shares.year - deal_years.deal_year), shares.year desc,
                case when shares.basis = 'reporter' then 1 else 2 end
        ) as recency
    from {{ ref('arg_dependency_shares') }} as shares
    inner join deal_years on shares.country_iso3 = deal_years.country_iso3
    where
        shares.basis in ('reporter', 'mirror')
        and shares.partner_iso3 in ({{ partner_codes(all_groups=true) }})
        and shares.trade_usd is not null
        and not shares.is_reporter_allocation
),

latest_trade as (
    select
        country_iso3,
        max(case when partner_iso3 = 'CHN' then year end) as chn_trade_year,
        max(case when partner_iso3 = 'CHN' then basis end) as chn_trade_basis,
        max(case when partner_iso3 = 'CHN' then trade_usd end) as chn_trade_usd,
        max(case when partner_iso3 = 'RUS' then year end) as rus_trade_year,
        max(case when partner_iso3 = 'RUS' then basis end) as rus_trade_basis,
        max(case when partner_iso3 = 'RUS' then trade_usd end) as rus_trade_usd,
        max(case when partner_iso3 = 'USA' then year end) as usa_trade_year,
        max(case when partner_iso3 = 'USA' then basis end) as usa_trade_basis,
        max(case when partner_iso3 = 'USA' then trade_usd end) as usa_trade_usd,
        max(case when partner_iso3 = 'EUU' then year end) as eu_trade_year,
        max(case when partner_iso3 = 'EUU' then basis end) as eu_trade_basis,
        max(case when partner_iso3 = 'EUU' then trade_usd end) as eu_trade_usd,
        max(case when partner_iso3 = 'TUR' then year end) as tur_trade_year,
        max(case when partner_iso3 = 'TUR' then basis end) as tur_trade_basis,
        max(case when partner_iso3 = 'TUR' then trade_usd end) as tur_trade_usd,
        {{ sorted_id_list('source_ids') }} as trade_source_ids
    from trade
    where recency = 1
    group by country_iso3
),

latest_bri_period as (
    select max(period) as period
    from {{ ref('fct_investments') }}
    where kind = 'bri_engagement'
),

-- One BRI figure per state: two pages quoting a figure are not averaged; the first source
-- id is taken and named.
bri_figures as (
    select
        investments.recipient_iso3 as country_iso3,
        investments.period as bri_period,
        investments.value_usd as bri_engagement_usd,
        investments.source_id as bri_source_id,
        row_number() over (
            partition by investments.recipient_iso3
            order by investments.source_id
        ) as citation_order
    from {{ ref('fct_investments') }} as investments
    inner join latest_bri_period on investments.period = latest_bri_period.period
    where
        investments.kind = 'bri_engagement'
        and investments.investor_iso3 = 'CHN'
        and investments.measure = 'bri_engagement_construction_plus_investment'
),

bri as (
    select
        country_iso3,
        bri_period,
        bri_engagement_usd,
        bri_source_id
    from bri_figures
    where citation_order = 1
)

select
    deal_totals.country_iso3,
    deal_totals.deal_measure,
    deal_totals.value_type,
    deal_totals.deal_ids,
    deal_totals.deal_count,
    deal_totals.deal_value_usd,
    latest_trade.chn_trade_year,
    latest_trade.chn_trade_basis,
    latest_trade.chn_trade_usd,
    {{ decimal_round(
        argument_multiple('deal_totals.deal_value_usd', 'latest_trade.chn_trade_usd / 12.0'), 1
    ) }} as months_of_chn_trade,
    latest_trade.rus_trade_year,
    latest_trade.rus_trade_basis,
    latest_trade.rus_trade_usd,
    {{ decimal_round(
        argument_multiple('deal_totals.deal_value_usd', 'latest_trade.rus_trade_usd / 12.0'), 1
    ) }} as months_of_rus_trade,
    latest_trade.usa_trade_year,
    latest_trade.usa_trade_basis,
    latest_trade.usa_trade_usd,
    {{ decimal_round(
        argument_multiple('deal_totals.deal_value_usd', 'latest_trade.usa_trade_usd'), 2
    ) }} as years_of_usa_trade,
    bri.bri_period,
    bri.bri_engagement_usd,
    {{ decimal_round(
        argument_multiple('deal_totals.deal_value_usd', 'bri.bri_engagement_usd'), 2
    ) }} as multiple_of_bri_engagement,
    deal_totals.source_ids as deal_source_ids,
    latest_trade.trade_source_ids,
    latest_trade.eu_trade_year,
    latest_trade.eu_trade_basis,
    latest_trade.eu_trade_usd,
    latest_trade.tur_trade_year,
    latest_trade.tur_trade_basis,
    latest_trade.tur_trade_usd,
    deal_years.deal_year,
    bri.bri_source_id,
    -- each figure's year beside the deal year, said in words where they differ
    case
        when
            latest_trade.chn_trade_year != deal_years.deal_year
            or latest_trade.rus_trade_year != deal_years.deal_year
            or latest_trade.usa_trade_year != deal_years.deal_year
            then
                'deals ' || cast(deal_years.deal_year as string) || '; trade CHN '
                || coalesce(cast(latest_trade.chn_trade_year as string), 'none') || ', RUS '
                || coalesce(cast(latest_trade.rus_trade_year as string), 'none') || ', USA '
                || coalesce(cast(latest_trade.usa_trade_year as string), 'none')
                || ' (nearest year with a figure)'
    end as trade_years_note
from deal_totals
left join latest_trade on deal_totals.country_iso3 = latest_trade.country_iso3
left join deal_years on deal_totals.country_iso3 = deal_years.country_iso3
left join bri on deal_totals.country_iso3 = bri.country_iso3
