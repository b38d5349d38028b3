-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- The anchor index: for each Central Asian state and year (2000-2025), the weight of
-- China, Russia and the US in each domain of its ties (trade, investment, remittances,
-- security, institutions; see arg_anchor_domain_observations), and a composite anchor
-- ratio: (China + Russia) over the US, each side a sum of domain weights times the
-- analyst's domain weights (seed anchor_domain_weights), over the domains observed.
-- A domain's latest preferred observation up to five years old stands for the year
-- (observed_year says which); a composite > 1 means China and Russia outweigh the US. A
-- domain where China's, Russia's or the US's figure is confidential or not reported keeps
-- a null weight with its status and is left out of the composite (in_composite false),
-- never counted as a zero.
-- The "west" variant counts the EU with the US: in the trade domain the EU's share of
-- trade (preferred basis, latest up to five years before the trade observation), in the
-- investment domain the EU members' share of reported positions; the other domains have
-- no EU series, so the EU counts 0 there.
with years as (
    select distinct year
    from {{ ref('arg_anchor_domain_observations') }}
    where year between 2000 and 2025
),

states as (
    select iso3 as country_iso3 from {{ ref('dim_countries') }}
    where is_ca5
),

observations as (
    select
        country_iso3,
        domain,
        year,
        chn_weight,
        rus_weight,
        usa_weight,
        measure,
        source_ids,
        evidence_kind,
        eu_weight,
        tur_weight,
        chn_status,
        rus_status,
        usa_status,
        confidential_investors
    from {{ ref('arg_anchor_domain_observations') }}
    where is_preferred
),

latest as (
    select
        states.country_iso3,
        years.year,
        observations.domain,
        observations.year as observed_year,
        observations.chn_weight,
        observations.rus_weight,
        observations.usa_weight,
        observations.measure,
        observations.source_ids,
        observations.evidence_kind,
        observations.eu_weight,
        observations.tur_weight,
        observations.chn_status,
        observations.rus_status,
        observations.usa_status,
        observations.confidential_investors,
        row_number() over (
            partition by states.country_iso3, years.year, observations.domain
            order by observations.year desc
        ) as recency
    from states
    cross join years
    inner join observations
        on
            states.country_iso3 = observations.country_iso3
            and observations.year between years.year - 5 and years.year
),

eu_trade as (
    select
        country_iso3,
        year,
        share_pct / 100.0 as eu_weight
    from {{ ref('arg_dependency_shares') }}
    where basis = 'preferred' and partner_iso3 = 'EUU' and share_pct is not null
),

eu_latest as (
    select
        latest.country_iso3,
        latest.year,
        eu_trade.year as eu_observed_year,
        eu_trade.eu_weight,
        row_number() over (
            partition by latest.country_iso3, latest.year order by eu_trade.year desc
        ) as eu_recency
    from latest
    inner join eu_trade
        on
            latest.country_iso3 = eu_trade.country_iso3
            and eu_trade.year between latest.observed_year - 5 and latest.observed_year
    where latest.domain = 'trade' and latest.recency = 1
),

weighted as (
    select
        latest.country_iso3,
        latest.year,
        latest.domain,
        latest.observed_year,
        latest.chn_weight,
        latest.rus_weight,
        latest.usa_weight,
        {{ argument_multiple('latest.chn_weight + latest.rus_weight', 'latest.usa_weight') }}
            as domain_anchor_ratio,
        domain_weights.weight as domain_weight,
        latest.measure,
        latest.source_ids,
        latest.evidence_kind,
        latest.tur_weight,
        latest.chn_status,
        latest.rus_status,
        latest.usa_status,
        latest.confidential_investors,
        coalesce(
            latest.chn_weight is not null
            and latest.rus_weight is not null
            and latest.usa_weight is not null,
            false
        ) as has_all_weights,
        case
            when latest.domain = 'trade' then eu_latest.eu_observed_year
            when latest.eu_weight is not null then latest.observed_year
        end as eu_observed_year,
        case
            when latest.domain = 'trade' then eu_latest.eu_weight
            else coalesce(latest.eu_weight, 0)
        end as eu_weight
    from latest
    inner join {{ ref('anchor_domain_weights') }} as domain_weights
        on latest.domain = domain_weights.domain
    left join eu_latest
        on
            {{ keys_match('latest', 'eu_latest', ['country_iso3', 'year']) }}
            and latest.domain = 'trade'
            and eu_latest.eu_recency = 1
    where latest.recency = 1
),

composite as (
    select
        country_iso3,
        year,
        sum(case when has_all_weights then domain_weight * (chn_weight + rus_weight) end)
            as chn_rus_weighted,
        sum(case when has_all_weights then domain_weight * usa_weight end) as usa_weighted,
        count(case when has_all_weights then 1 end) as domains_observed,
        count(case when not has_all_weights then 1 end) as domains_left_out,
        sum(
            case
                when has_all_weights
                    then domain_weight * (usa_weight + coalesce(eu_weight, 0))
            end
        ) as west_weighted
    from weighted
    where domain_weight > 0
    group by country_iso3, year
)

select
    weighted.country_iso3,
    weighted.year,
    weighted.domain,
    weighted.observed_year,
    {{ decimal_round('weighted.chn_weight', 4) }} as chn_weight,
    {{ decimal_round('weighted.rus_weight', 4) }} as rus_weight,
    {{ decimal_round('weighted.usa_weight', 4) }} as usa_weight,
    {{ decimal_round('weighted.domain_anchor_ratio', 2) }} as domain_anchor_ratio,
    weighted.domain_weight,
    composite.domains_observed,
    {{ decimal_round(
        argument_multiple('composite.chn_rus_weighted', 'composite.usa_weighted'), 2
    ) }} as composite_anchor_ratio,
    composite.chn_rus_weighted > composite.usa_weighted as china_russia_outweigh_us,
    weighted.measure,
    weighted.source_ids,
    weighted.evidence_kind,
    {{ decimal_round('weighted.eu_weight', 4) }} as eu_weight,
    {{ decimal_round('weighted.tur_weight', 4) }} as tur_weight,
    weighted.chn_status,
    weighted.rus_status,
    weighted.usa_status,
    weighted.confidential_investors,
    weighted.has_all_weights and weighted.domain_weight > 0 as in_composite,
    composite.domains_left_out,
    weighted.eu_observed_year,
    {{ decimal_round(
        argument_multiple('composite.chn_rus_weighted', 'composite.west_weighted'), 2
    ) }} as composite_west_ratio,
    composite.chn_rus_weighted > composite.west_weighted as china_russia_outweigh_west,
    weighted.observed_year < weighted.year as is_carried_forward,
    weighted.year - weighted.observed_year as years_carried
from weighted
inner join composite
    on {{ keys_match('weighted', 'composite', ['country_iso3', 'year']) }}
