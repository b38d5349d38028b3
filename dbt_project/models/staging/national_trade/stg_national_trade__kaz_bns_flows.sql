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
    {{ trade_flow_select(
        'flows', "'KAZ'", 'partner.iso3', 'flows.year', 'flows.value_kusd * 1e3',
        'flows.value_kusd', 'USD thousands', 'national_statistics',
        overrides={
            'publication': 'flows.publication',
            'is_latest_publication': 'flows.publication = flows.latest_publication'
        }
    ) }},
    flows.partner_name,
    flows.sheet,
    flows.share_pct as published_share_pct
from flows
left join aliases as partner on flows.partner_name = partner.alias
