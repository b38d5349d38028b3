-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- The composite anchor ratio of rpt_anchor_index recomputed for every weight set of the
-- grid (seed anchor_weight_grid), with whether "China and Russia outweigh the US" holds
-- under it, and whether it holds under every set for that state and year; the same for
-- the "west" variant that counts the EU with the US (eu_weight of rpt_anchor_index). A
-- domain whose China, Russia or US weight is unknown (confidential, not reported) is left
-- out, and named.
with domains as (
    select distinct
        country_iso3,
        year,
        domain,
        chn_weight,
        rus_weight,
        usa_weight,
        chn_weight is not null
        and rus_weight is not null
        and usa_weight is not null as has_all_weights,
        coalesce(eu_weight, 0) as eu_weight
    from {{ ref('rpt_anchor_index') }}
),

by_set as (
    select
        grid.weight_set,
        domains.country_iso3,
        domains.year,
        -- Summed in domain order (a plain sum adds doubles in whatever order the rows
        -- arrive) and rounded past the noise, so ties compare the same in every build.
        {{ decimal_round(ordered_sum(
            'case when domains.has_all_weights
                then grid.weight * (domains.chn_weight + domains.rus_weight) end',
            'domains.domain, domains.chn_weight + domains.rus_weight'
        ), 10) }} as chn_rus_weighted,
        {{ decimal_round(ordered_sum(
            'case when domains.has_all_weights then grid.weight * domains.usa_weight end',
            'domains.domain, domains.usa_weight'
        ), 10) }} as usa_weighted,
        count(case when grid.weight > 0 and domains.has_all_weights then 1 end)
            as domains_used,
        {{ ordered_string_agg(
            'case when grid.weight > 0 and domains.has_all_weights then domains.domain end',
            "', '", 'domains.domain'
        ) }} as domains_list,
        {{ ordered_string_agg(
            'case when grid.weight > 0 and not domains.has_all_weights then domains.domain end',
            "', '", 'domains.domain'
        ) }} as domains_left_out,
        {{ decimal_round(ordered_sum(
            'case when domains.has_all_weights
                then grid.weight * (domains.usa_weight + domains.eu_weight) end',
            'domains.domain, domains.usa_weight + domains.eu_weight'
        ), 10) }} as west_weighted
    from domains
    inner join {{ ref('anchor_weight_grid') }} as grid on domains.domain = grid.domain
    group by grid.weight_set, domains.country_iso3, domains.year
)

select
    weight_set,
    country_iso3,
    year,
    domains_used,
    domains_list,
    {{ decimal_round('chn_rus_weighted', 4) }} as chn_rus_weighted,
    {{ decimal_round('usa_weighted', 4) }} as usa_weighted,
    {{ decimal_round(argument_multiple('chn_rus_weighted', 'usa_weighted'), 2) }}
        as composite_anchor_ratio,
    case when domains_used > 0 then chn_rus_weighted > usa_weighted end
        as china_russia_outweigh_us,
    bool_and(case when domains_used > 0 then chn_rus_weighted > usa_weighted end)
        over (partition by country_iso3, year)
        as holds_under_every_set,
    domains_left_out,
    {{ decimal_round('west_weighted', 4) }} as west_weighted,
    {{ decimal_round(argument_multiple('chn_rus_weighted', 'west_weighted'), 2) }}
        as composite_west_ratio,
    case when domains_used > 0 then chn_rus_weighted > west_weighted end
        as china_russia_outweigh_west,
    bool_and(case when domains_used > 0 then chn_rus_weighted > west_weighted end)
        over (partition by country_iso3, year)
        as holds_under_every_set_west
from by_set
