-- Each reported flow beside its mirror: A's exports to B against B's imports from A (and
-- A's imports from B against B's exports to A), from the same source and year. Exports are
-- valued FOB and imports CIF, so the importer's figure is expected to be the larger.
with flows as (
    select * from {{ ref('int_trade_flows_unioned') }}
)

select
    reported.reporter_iso3,
    reported.partner_iso3,
    reported.trade_year,
    reported.flow,
    reported.source_id,
    reported.value_usd as reported_value_usd,
    mirror.value_usd as mirror_value_usd,
    case when reported.flow = 'exports' then 'FOB' else 'CIF' end as reported_valuation,
    case when reported.flow = 'exports' then 'CIF' else 'FOB' end as mirror_valuation
from flows as reported
left join flows as mirror
    on
        reported.partner_iso3 = mirror.reporter_iso3
        and reported.reporter_iso3 = mirror.partner_iso3
        and reported.trade_year = mirror.trade_year
        and reported.source_id = mirror.source_id
        and reported.flow != mirror.flow
