-- The annual trade rows (arg_dependency_trade_annual) each economy, year and basis takes
-- its shares from: one kind of source (seed source_kinds), the one with the lowest
-- preference in trade_source_precedence for that reporter and year (other economies and
-- the mirror basis: source_kinds.default_precedence) among those that have the world total
-- with both flows; if none has it, the best kind with any figure (trade values without
-- shares). Partners come from that kind only, so a share never mixes sources.
with trade as (
    select {{ dependency_trade_columns() }}
    from {{ ref('arg_dependency_trade_annual') }}
),

kinds as (
    select
        source_kind,
        is_complete_partner_list,
        default_precedence
    from {{ ref('source_kinds') }}
),

precedence as (
    select
        reporter_iso3,
        year_from,
        year_to,
        source_kind,
        preference
    from {{ ref('trade_source_precedence') }}
),

-- Each economy, year, basis and kind, whether it has the world total with both flows, and
-- its place in the order of preference.
kinds_found as (
    select
        country_iso3,
        year,
        basis,
        source_kind,
        bool_or(partner_iso3 = 'WLD' and flow_count = 2) as has_world_total
    from trade
    group by country_iso3, year, basis, source_kind
),

candidates as (
    select
        kinds_found.country_iso3,
        kinds_found.year,
        kinds_found.basis,
        kinds_found.source_kind,
        kinds_found.has_world_total,
        case
            when kinds_found.basis = 'reporter' and precedence.preference is not null
                then precedence.preference
            else 100 + kinds.default_precedence
        end as preference
    from kinds_found
    inner join kinds on kinds_found.source_kind = kinds.source_kind
    left join precedence
        on
            kinds_found.country_iso3 = precedence.reporter_iso3
            and kinds_found.year between precedence.year_from and precedence.year_to
            and kinds_found.source_kind = precedence.source_kind
),

countries as (
    select
        iso3,
        is_aggregate
    from {{ ref('dim_countries') }}
),

chosen as (
    select
        country_iso3,
        year,
        basis,
        coalesce(
            min_by(source_kind, preference) filter (where has_world_total),
            min_by(source_kind, preference)
        ) as source_kind
    from candidates
    group by country_iso3, year, basis
)

select
    {{ dependency_trade_columns('trade') }},
    kinds.is_complete_partner_list,
    coalesce(countries.is_aggregate, false) as partner_is_aggregate
from trade
inner join chosen
    on {{ keys_match('trade', 'chosen', ['country_iso3', 'year', 'basis', 'source_kind']) }}
inner join kinds on trade.source_kind = kinds.source_kind
left join countries on trade.partner_iso3 = countries.iso3
