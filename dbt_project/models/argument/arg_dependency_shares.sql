-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- Partner shares, ranks, concentration and trade intensity for every economy, year and
-- basis (reporter, mirror, and preferred), from arg_dependency_trade_annual.
-- Source choice per economy, year and basis: the kind of source (seed source_kinds) with
-- the lowest preference in trade_source_precedence for that reporter and year (other
-- economies and the mirror basis: source_kinds.default_precedence) among those that have
-- the world total with both flows; if none has it, the best kind with any figure (trade
-- values without shares). Partners come from that kind only, so a share never mixes
-- sources.
-- Preferred basis (the precedence): the mirror where the reporter's own figures are IMF
-- allocations (Turkmenistan every year, Uzbekistan before 2016: see trade/PROVENANCE.md),
-- else the reporter where it has a world total, else the mirror where it has one, else the
-- reporter.
-- Concentration (HHI, effective partners) is computed only from complete partner lists
-- (source_kinds.is_complete_partner_list: DOTS and the statistics offices' tables); ranks
-- are among the partners the chosen source lists (partner_count, is_complete_partner_list;
-- anchor_partner_count says how many of China, Russia, the US and Turkey are among them).
-- Trade intensity: the world's trade with the partner over world trade from the IMF DOTS
-- World figures where they exist, else from the WDI merchandise totals (see the model's
-- description).
with trade as (
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

-- Economies whose own figures in IMF DOTS are IMF allocations rather than reports.
reporter_allocations (country_iso3, year_from, year_to) as (
    values ('TKM', 1900, 2100), ('UZB', 1900, 2015)
),

-- The world's trade with each partner and in total: the IMF World workbook where it has
-- the year, else WDI merchandise exports + imports of the partner and of the world.
-- exports_to_partner_usd: the world's exports to the partner (the World workbook's
-- exports; with WDI totals, the partner's merchandise imports, and for WLD the world's
-- merchandise exports), for the export-based index.
dots_world as (
    select
        partner_iso3,
        year,
        trade_usd,
        exports_usd as exports_to_partner_usd,
        'imf_dots' as world_source_id
    from trade
    where
        country_iso3 = 'WLD'
        and basis = 'reporter'
        and source_kind = 'imf_dots'
        and flow_count = 2
),

wdi_world as (
    select
        country_iso3 as partner_iso3,
        period_year as year,
        sum(value) as trade_usd,
        max(
            case
                when country_iso3 = 'WLD' and indicator = 'merch_exports_usd' then value
                when country_iso3 != 'WLD' and indicator = 'merch_imports_usd' then value
            end
        ) as exports_to_partner_usd,
        {{ sorted_id_list('source_id') }} as world_source_id
    from {{ ref('fct_macro') }}
    where
        indicator in ('merch_exports_usd', 'merch_imports_usd')
        and source_id = 'wdi_macro'
        and value is not null
    group by country_iso3, period_year
    having count(distinct indicator) = 2
),

world as (
    select
        partner_iso3,
        year,
        trade_usd,
        exports_to_partner_usd,
        world_source_id
    from dots_world
    union all
    select
        wdi_world.partner_iso3,
        wdi_world.year,
        wdi_world.trade_usd,
        wdi_world.exports_to_partner_usd,
        wdi_world.world_source_id
    from wdi_world
    where not exists (
        select 1 from dots_world
        where dots_world.year = wdi_world.year and dots_world.partner_iso3 = 'WLD'
    )
),

chosen as (
    select
        country_iso3,
        year,
        basis,
        coalesce(
            arg_min(source_kind, preference) filter (where has_world_total),
            arg_min(source_kind, preference)
        ) as source_kind
    from candidates
    group by country_iso3, year, basis
),

picked as (
    select
        trade.country_iso3,
        trade.partner_iso3,
        trade.year,
        trade.basis,
        trade.source_kind,
        trade.trade_usd,
        trade.exports_usd,
        trade.flow_count,
        trade.source_ids,
        trade.figure_variant,
        trade.has_estimate,
        kinds.is_complete_partner_list,
        coalesce(countries.is_aggregate, false) as partner_is_aggregate
    from trade
    inner join chosen
        on
            trade.country_iso3 = chosen.country_iso3
            and trade.year = chosen.year
            and trade.basis = chosen.basis
            and trade.source_kind = chosen.source_kind
    inner join kinds on trade.source_kind = kinds.source_kind
    left join countries on trade.partner_iso3 = countries.iso3
),

totals as (
    select
        country_iso3,
        year,
        basis,
        trade_usd as total_trade_usd,
        exports_usd as total_exports_usd,
        has_estimate as total_has_estimate
    from picked
    where partner_iso3 = 'WLD' and flow_count = 2
),

shares as (
    select
        picked.country_iso3,
        picked.partner_iso3,
        picked.year,
        picked.basis,
        picked.source_kind,
        picked.is_complete_partner_list,
        picked.trade_usd,
        picked.exports_usd,
        totals.total_trade_usd,
        totals.total_exports_usd,
        {{ argument_share_pct('picked.trade_usd', 'totals.total_trade_usd') }} as share_pct,
        picked.flow_count,
        picked.source_ids,
        picked.figure_variant,
        coalesce(picked.has_estimate or totals.total_has_estimate, false) as has_estimate,
        (
            not picked.partner_is_aggregate
            and picked.partner_iso3 != picked.country_iso3
            and picked.flow_count = 2
        ) as is_single_partner
    from picked
    left join totals
        on
            picked.country_iso3 = totals.country_iso3
            and picked.year = totals.year
            and picked.basis = totals.basis
),

ranked as (
    select
        country_iso3,
        partner_iso3,
        year,
        basis,
        source_kind,
        is_complete_partner_list,
        trade_usd,
        exports_usd,
        total_trade_usd,
        total_exports_usd,
        share_pct,
        flow_count,
        source_ids,
        figure_variant,
        has_estimate,
        is_single_partner,
        case
            when is_single_partner
                then rank() over (
                    partition by country_iso3, year, basis, is_single_partner
                    order by trade_usd desc
                )
        end as partner_rank
    from shares
),

named_partners as (
    {{ partner_codes(all_groups=true) }}
),

concentration as (
    select
        ranked.country_iso3,
        ranked.year,
        ranked.basis,
        count(*) as partner_count,
        -- the named partners of seed anchor_partner_groups (the EU is an aggregate, never a
        -- single partner): CHN, RUS, USA and TUR
        count(named_partners.group_iso3) as anchor_partner_count,
        max(case when ranked.partner_rank = 1 then ranked.partner_iso3 end) as rank1_partner_iso3,
        bool_and(ranked.is_complete_partner_list) and max(ranked.total_trade_usd) is not null
            as is_complete_partner_list,
        case
            when
                bool_and(ranked.is_complete_partner_list)
                and max(ranked.total_trade_usd) is not null
                then {{ argument_hhi('ranked.share_pct / 100.0') }}
        end as hhi
    from ranked
    left join named_partners
        on ranked.partner_iso3 = named_partners.group_iso3
    where ranked.is_single_partner
    group by ranked.country_iso3, ranked.year, ranked.basis
),

-- The sum over every listed partner (one flow or both), the other possible denominator.
partner_sums as (
    select
        country_iso3,
        year,
        basis,
        -- rounded to a thousandth of a dollar: a double sum's last bits depend on row order
        round(sum(trade_usd), 3) as partner_sum_trade_usd
    from picked
    where not partner_is_aggregate and partner_iso3 != country_iso3
    group by country_iso3, year, basis
),

measured as (
    select
        ranked.country_iso3,
        ranked.partner_iso3,
        ranked.year,
        ranked.basis,
        ranked.source_kind,
        ranked.trade_usd,
        ranked.total_trade_usd,
        ranked.share_pct,
        ranked.partner_rank,
        {{ argument_tii(
            'ranked.trade_usd', 'ranked.total_trade_usd',
            'world_partner.trade_usd', 'world_total.trade_usd'
        ) }} as tii,
        {{ argument_tii(
            'ranked.exports_usd', 'ranked.total_exports_usd',
            'world_partner.exports_to_partner_usd', 'world_total.exports_to_partner_usd'
        ) }} as tii_exports,
        world_total.world_source_id as tii_world_source_id,
        ranked.flow_count,
        ranked.source_ids,
        ranked.figure_variant,
        ranked.has_estimate,
        partner_sums.partner_sum_trade_usd,
        concentration.partner_count,
        coalesce(concentration.is_complete_partner_list, false) as is_complete_partner_list,
        concentration.anchor_partner_count,
        concentration.rank1_partner_iso3,
        concentration.hhi,
        {{ argument_effective_partners('concentration.hhi') }} as effective_partners
    from ranked
    left join concentration
        on
            ranked.country_iso3 = concentration.country_iso3
            and ranked.year = concentration.year
            and ranked.basis = concentration.basis
    left join partner_sums
        on
            ranked.country_iso3 = partner_sums.country_iso3
            and ranked.year = partner_sums.year
            and ranked.basis = partner_sums.basis
    left join world as world_partner
        on
            ranked.partner_iso3 = world_partner.partner_iso3
            and ranked.year = world_partner.year
            and ranked.total_trade_usd is not null
    left join world as world_total
        on
            world_total.partner_iso3 = 'WLD'
            and ranked.year = world_total.year
            and ranked.total_trade_usd is not null
            and world_partner.world_source_id = world_total.world_source_id
    where
        ranked.partner_iso3 in ({{ partner_codes(all_groups=true) }})
        or ranked.partner_iso3 in ('WLD', 'CA5')
),

preference as (
    select
        measured.country_iso3,
        measured.year,
        case
            when
                max(allocations.country_iso3) is not null
                and max(case when measured.basis = 'mirror' then measured.total_trade_usd end)
                is not null
                then 'mirror'
            when
                max(case when measured.basis = 'reporter' then measured.total_trade_usd end)
                is not null
                then 'reporter'
            when
                max(case when measured.basis = 'mirror' then measured.total_trade_usd end)
                is not null
                then 'mirror'
            else 'reporter'
        end as preferred_basis,
        max(allocations.country_iso3) is not null as reporter_is_allocation
    from measured
    left join reporter_allocations as allocations
        on
            measured.country_iso3 = allocations.country_iso3
            and measured.year between allocations.year_from and allocations.year_to
            -- the allocations are DOTS figures; a statistics office's own table is a report
            and measured.basis = 'reporter'
            and measured.source_kind = 'imf_dots'
    group by measured.country_iso3, measured.year
),

with_preferred as (
    select
        measured.*,
        measured.basis as basis_used
    from measured
    union all
    select
        measured.country_iso3,
        measured.partner_iso3,
        measured.year,
        'preferred' as basis,
        measured.source_kind,
        measured.trade_usd,
        measured.total_trade_usd,
        measured.share_pct,
        measured.partner_rank,
        measured.tii,
        measured.tii_exports,
        measured.tii_world_source_id,
        measured.flow_count,
        measured.source_ids,
        measured.figure_variant,
        measured.has_estimate,
        measured.partner_sum_trade_usd,
        measured.partner_count,
        measured.is_complete_partner_list,
        measured.anchor_partner_count,
        measured.rank1_partner_iso3,
        measured.hhi,
        measured.effective_partners,
        measured.basis as basis_used
    from measured
    inner join preference
        on
            measured.country_iso3 = preference.country_iso3
            and measured.year = preference.year
            and measured.basis = preference.preferred_basis
),

pivoted as (
    select
        country_iso3,
        year,
        basis,
        max(case when partner_iso3 = 'CHN' then share_pct end) as chn_share_pct,
        max(case when partner_iso3 = 'RUS' then share_pct end) as rus_share_pct,
        max(case when partner_iso3 = 'CHN' then trade_usd end) as chn_trade_usd,
        max(case when partner_iso3 = 'RUS' then trade_usd end) as rus_trade_usd,
        max(case when partner_iso3 = 'USA' then trade_usd end) as usa_trade_usd
    from with_preferred
    group by country_iso3, year, basis
)

select
    with_preferred.country_iso3,
    with_preferred.year,
    with_preferred.basis,
    with_preferred.partner_iso3,
    with_preferred.basis_used,
    with_preferred.source_kind,
    with_preferred.trade_usd,
    with_preferred.total_trade_usd,
    with_preferred.share_pct,
    with_preferred.partner_rank,
    with_preferred.tii,
    with_preferred.tii_exports,
    with_preferred.tii_world_source_id,
    -- The total is the world partner's figure (on the mirror basis the IMF World
    -- workbook's); the sum over the listed partners is kept where it differs.
    case
        when
            with_preferred.is_complete_partner_list
            and abs(with_preferred.partner_sum_trade_usd - with_preferred.total_trade_usd)
            > 0.0005 * with_preferred.total_trade_usd
            then with_preferred.partner_sum_trade_usd
    end as total_trade_usd_partner_sum,
    with_preferred.partner_count,
    with_preferred.is_complete_partner_list,
    with_preferred.anchor_partner_count,
    with_preferred.rank1_partner_iso3,
    with_preferred.hhi,
    with_preferred.effective_partners,
    pivoted.chn_share_pct + pivoted.rus_share_pct as chn_rus_share_pct,
    {{ argument_multiple('pivoted.chn_trade_usd', 'pivoted.usa_trade_usd') }}
        as chn_usa_multiple,
    {{ argument_multiple('pivoted.rus_trade_usd', 'pivoted.usa_trade_usd') }}
        as rus_usa_multiple,
    coalesce(preference.reporter_is_allocation, false)
    and with_preferred.basis_used = 'reporter' as is_reporter_allocation,
    with_preferred.has_estimate,
    with_preferred.flow_count,
    with_preferred.source_ids,
    with_preferred.figure_variant
from with_preferred
inner join pivoted
    on
        with_preferred.country_iso3 = pivoted.country_iso3
        and with_preferred.year = pivoted.year
        and with_preferred.basis = pivoted.basis
left join preference
    on
        with_preferred.country_iso3 = preference.country_iso3
        and with_preferred.year = preference.year
