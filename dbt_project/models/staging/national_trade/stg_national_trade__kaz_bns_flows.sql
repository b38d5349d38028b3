-- Kazakhstan's trade with every partner from the BNS workbooks, in the staging contract's
-- columns, then the publisher's name, sheet and share. A year is published twice (in its
-- own workbook and, revised, in the next year's): both publications are kept, and
-- is_latest_publication marks the figure in force, the latest publication of that year.
-- Left joins keep a row whose name has no alias; the not_null test on partner_iso3 then
-- fails the build instead of the row vanishing.
with aliases as (
    select
        alias,
        iso3
    from {{ ref('country_aliases') }}
    where publisher = 'kaz_bns'
),

flows as (
    select
        bns.*,
        max(bns.publication) over (partition by bns.year) as latest_publication
    from {{ source('national_trade', 'kaz_bns_trade_by_country') }} as bns
)

select
    'KAZ' as reporter_iso3,
    partner.iso3 as partner_iso3,
    cast(flows.year as {{ cross_db_string() }}) as period,
    cast(flows.year as integer) as trade_year,
    cast(null as integer) as trade_month,
    flows.flow,
    flows.value_kusd * 1e3 as value_usd,
    flows.value_kusd as value_original,
    'USD' as currency_original,
    'USD thousands' as unit_original,
    cast(1.0 as double) as fx_rate_usd_per_unit,
    cast(null as {{ cross_db_string() }}) as fx_source_id,
    false as is_estimate,
    'national_statistics' as source_kind,
    flows._source_id as source_id,
    flows._source_file as source_file,
    flows.source_row,
    flows.publication,
    flows.publication = flows.latest_publication as is_latest_publication,
    flows.partner_name,
    flows.sheet,
    flows.share_pct as published_share_pct
from flows
left join aliases as partner on flows.partner_name = partner.alias
