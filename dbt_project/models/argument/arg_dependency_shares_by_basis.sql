-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- Partner shares, ranks, concentration and trade intensity for every economy, year and
-- basis (reporter and mirror), from the trade rows of the chosen source
-- (arg_dependency_trade_chosen); arg_dependency_shares adds the preferred basis.
-- Concentration (HHI, effective partners) is computed only from complete partner lists
-- (source_kinds.is_complete_partner_list: DOTS and the statistics offices' tables); ranks
-- are among the partners the chosen source lists (partner_count, is_complete_partner_list;
-- anchor_partner_count says how many of China, Russia, the US and Turkey are among them).
-- Trade intensity: the world's trade with the partner over world trade
-- (arg_dependency_world_trade: IMF DOTS World figures where they exist, else WDI).
with picked as (
    select
        {{ dependency_trade_columns() }},
        is_complete_partner_list,
        partner_is_aggregate
    from {{ ref('arg_dependency_trade_chosen') }}
),

world as (
    select * from {{ ref('arg_dependency_world_trade') }}
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
        on {{ keys_match('picked', 'totals', ['country_iso3', 'year', 'basis']) }}
),

ranked as (
    select
        *,
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
        {{ decimal_round('sum(trade_usd)', 3) }} as partner_sum_trade_usd
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
        on {{ keys_match('ranked', 'concentration', ['country_iso3', 'year', 'basis']) }}
    left join partner_sums
        on {{ keys_match('ranked', 'partner_sums', ['country_iso3', 'year', 'basis']) }}
    left join world as world_partner
        on
            {{ keys_match('ranked', 'world_partner', ['partner_iso3', 'year']) }}
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

pivoted as (
    select
        country_iso3,
        year,
        basis,
        {%- for partner, measure in [
            ('CHN', 'share_pct'), ('RUS', 'share_pct'),
            ('CHN', 'trade_usd'), ('RUS', 'trade_usd'), ('USA', 'trade_usd')
        ] %}
            max(case when partner_iso3 = '{{ partner }}' then {{ measure }} end)
                as {{ partner | lower }}_{{ measure }}
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from measured
    group by country_iso3, year, basis
)

select
    measured.country_iso3,
    measured.year,
    measured.basis,
    measured.partner_iso3,
    measured.source_kind,
    measured.trade_usd,
    measured.total_trade_usd,
    measured.share_pct,
    measured.partner_rank,
    measured.tii,
    measured.tii_exports,
    measured.tii_world_source_id,
    -- The total is the world partner's figure (on the mirror basis the IMF World
    -- workbook's); the sum over the listed partners is kept where it differs.
    case
        when
            measured.is_complete_partner_list
            and abs(measured.partner_sum_trade_usd - measured.total_trade_usd)
            > 0.0005 * measured.total_trade_usd
            then measured.partner_sum_trade_usd
    end as total_trade_usd_partner_sum,
    measured.partner_count,
    measured.is_complete_partner_list,
    measured.anchor_partner_count,
    measured.rank1_partner_iso3,
    measured.hhi,
    measured.effective_partners,
    pivoted.chn_share_pct + pivoted.rus_share_pct as chn_rus_share_pct,
    {{ argument_multiple('pivoted.chn_trade_usd', 'pivoted.usa_trade_usd') }}
        as chn_usa_multiple,
    {{ argument_multiple('pivoted.rus_trade_usd', 'pivoted.usa_trade_usd') }}
        as rus_usa_multiple,
    measured.has_estimate,
    measured.flow_count,
    measured.source_ids,
    measured.figure_variant
from measured
inner join pivoted
    on {{ keys_match('measured', 'pivoted', ['country_iso3', 'year', 'basis']) }}
