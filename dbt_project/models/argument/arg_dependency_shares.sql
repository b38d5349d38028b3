-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- Partner shares, ranks, concentration and trade intensity for every economy, year and
-- basis: the reporter and mirror rows of arg_dependency_shares_by_basis, and the preferred
-- basis, a copy of one of them.
-- Preferred basis (the precedence): the mirror where the reporter's own figures are IMF
-- allocations (seed reporter_allocations: Turkmenistan every year, Uzbekistan before 2016;
-- see trade/PROVENANCE.md), else the reporter where it has a world total, else the mirror
-- where it has one, else the reporter.
with by_basis as (
    select * from {{ ref('arg_dependency_shares_by_basis') }}
),

allocations as (
    select
        country_iso3,
        year_from,
        year_to
    from {{ ref('reporter_allocations') }}
),

-- Per economy and year: whether its reporter figures are allocations, and which bases have
-- a world total.
bases as (
    select
        by_basis.country_iso3,
        by_basis.year,
        max(allocations.country_iso3) is not null as reporter_is_allocation,
        max(case when by_basis.basis = 'reporter' then by_basis.total_trade_usd end)
        is not null as reporter_has_total,
        max(case when by_basis.basis = 'mirror' then by_basis.total_trade_usd end)
        is not null as mirror_has_total
    from by_basis
    left join allocations
        on
            by_basis.country_iso3 = allocations.country_iso3
            and by_basis.year between allocations.year_from and allocations.year_to
            -- the allocations are DOTS figures; a statistics office's own table is a report
            and by_basis.basis = 'reporter'
            and by_basis.source_kind = 'imf_dots'
    group by by_basis.country_iso3, by_basis.year
),

preference as (
    select
        country_iso3,
        year,
        case
            when reporter_is_allocation and mirror_has_total then 'mirror'
            when reporter_has_total then 'reporter'
            when mirror_has_total then 'mirror'
            else 'reporter'
        end as preferred_basis,
        reporter_is_allocation
    from bases
),

with_preferred as (
    select
        {{ all_columns_except('by_basis', ['basis']) }},
        by_basis.basis,
        by_basis.basis as basis_used
    from by_basis
    union all
    select
        {{ all_columns_except('by_basis', ['basis']) }},
        'preferred' as basis,
        by_basis.basis as basis_used
    from by_basis
    inner join preference
        on
            by_basis.country_iso3 = preference.country_iso3
            and by_basis.year = preference.year
            and by_basis.basis = preference.preferred_basis
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
    with_preferred.total_trade_usd_partner_sum,
    with_preferred.partner_count,
    with_preferred.is_complete_partner_list,
    with_preferred.anchor_partner_count,
    with_preferred.rank1_partner_iso3,
    with_preferred.hhi,
    with_preferred.effective_partners,
    with_preferred.chn_rus_share_pct,
    with_preferred.chn_usa_multiple,
    with_preferred.rus_usa_multiple,
    coalesce(preference.reporter_is_allocation, false)
    and with_preferred.basis_used = 'reporter' as is_reporter_allocation,
    with_preferred.has_estimate,
    with_preferred.flow_count,
    with_preferred.source_ids,
    with_preferred.figure_variant
from with_preferred
left join preference
    on {{ keys_match('with_preferred', 'preference', ['country_iso3', 'year']) }}
