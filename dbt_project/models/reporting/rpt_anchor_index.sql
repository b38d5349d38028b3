-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- The anchor index: for each Central Asian state and year (2000-2025), the weight of
-- China, Russia and the US in each domain of its ties (trade, investment, remittances,
-- security, institutions; see int_anchor_domain_observations), and a composite anchor
-- ratio: (China + Russia) over the US, each side a sum of domain weights times the
-- analyst's domain weights (seed anchor_domain_weights), over the domains observed.
-- A domain's latest observation up to five years old stands for the year (observed_year
-- says which); a composite > 1 means China and Russia outweigh the US.
with years as (
    select distinct year
    from {{ ref('int_anchor_domain_observations') }}
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
        source_ids
    from {{ ref('int_anchor_domain_observations') }}
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
        latest.source_ids
    from latest
    inner join {{ ref('anchor_domain_weights') }} as domain_weights
        on latest.domain = domain_weights.domain
    where latest.recency = 1
),

composite as (
    select
        country_iso3,
        year,
        sum(domain_weight * (chn_weight + rus_weight)) as chn_rus_weighted,
        sum(domain_weight * usa_weight) as usa_weighted,
        count(*) as domains_observed
    from weighted
    where domain_weight > 0
    group by country_iso3, year
)

select
    weighted.country_iso3,
    weighted.year,
    weighted.domain,
    weighted.observed_year,
    round(weighted.chn_weight, 4) as chn_weight,
    round(weighted.rus_weight, 4) as rus_weight,
    round(weighted.usa_weight, 4) as usa_weight,
    round(weighted.domain_anchor_ratio, 2) as domain_anchor_ratio,
    weighted.domain_weight,
    composite.domains_observed,
    round(
        {{ argument_multiple('composite.chn_rus_weighted', 'composite.usa_weighted') }}, 2
    ) as composite_anchor_ratio,
    composite.chn_rus_weighted > composite.usa_weighted as china_russia_outweigh_us,
    weighted.measure,
    weighted.source_ids,
    weighted.observed_year < weighted.year as is_carried_forward,
    weighted.year - weighted.observed_year as years_carried
from weighted
inner join composite
    on
        weighted.country_iso3 = composite.country_iso3
        and weighted.year = composite.year
