-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- Each Central Asian state's figure of a flow beside its partner's figure of the same flow
-- (IMF DOTS, 1992-2020): the state's exports (FOB) against the partner's imports from it
-- (CIF), and the state's imports (CIF) against the partner's exports to it (FOB). The
-- symmetric discrepancy |A - B| / (A + B) measures the gap; the CIF/FOB ratio (importer's
-- figure over exporter's) is about 1.1 where both report well. Flags mark years where
-- the reporter and mirror bases disagree on the state's first partner.
with mirrored as (
    select
        flows.reporter_iso3 as country_iso3,
        flows.partner_iso3,
        flows.trade_year as year,
        flows.flow,
        flows.reported_value_usd,
        flows.mirror_value_usd,
        flows.source_id
    from {{ ref('int_trade_flows_mirrored') }} as flows
    inner join {{ ref('dim_countries') }} as reporters
        on flows.reporter_iso3 = reporters.iso3
    inner join {{ ref('dim_countries') }} as partners
        on flows.partner_iso3 = partners.iso3
    where
        flows.source_id = 'imf_dots'
        and reporters.is_ca5
        and not partners.is_aggregate
),

first_partners as (
    select
        country_iso3,
        year,
        max(case when basis = 'reporter' then rank1_partner_iso3 end)
            as rank1_partner_reporter,
        max(case when basis = 'mirror' then rank1_partner_iso3 end) as rank1_partner_mirror
    from {{ ref('int_dependency_shares') }}
    where basis in ('reporter', 'mirror') and source_class = 1
    group by country_iso3, year
)

select
    mirrored.country_iso3,
    mirrored.partner_iso3,
    mirrored.year,
    mirrored.flow,
    mirrored.reported_value_usd,
    mirrored.mirror_value_usd,
    round(
        {{ argument_symmetric_discrepancy(
            'mirrored.reported_value_usd', 'mirrored.mirror_value_usd'
        ) }},
        4
    ) as symmetric_discrepancy,
    round(
        case
            when mirrored.flow = 'exports'
                then {{ argument_multiple(
                    'mirrored.mirror_value_usd', 'mirrored.reported_value_usd'
                ) }}
            else {{ argument_multiple('mirrored.reported_value_usd', 'mirrored.mirror_value_usd') }}
        end,
        4
    ) as cif_fob_ratio,
    first_partners.rank1_partner_reporter,
    first_partners.rank1_partner_mirror,
    coalesce(
        first_partners.rank1_partner_reporter != first_partners.rank1_partner_mirror, false
    ) as gap_changes_rank1,
    coalesce(
        first_partners.rank1_partner_reporter != first_partners.rank1_partner_mirror
        and mirrored.partner_iso3 in (
            first_partners.rank1_partner_reporter, first_partners.rank1_partner_mirror
        ),
        false
    ) as is_rank1_contender,
    mirrored.source_id
from mirrored
left join first_partners
    on
        mirrored.country_iso3 = first_partners.country_iso3
        and mirrored.year = first_partners.year
