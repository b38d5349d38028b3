-- Announced deals, one row a deal. Headline packages (is_aggregate) total other rows, and
-- rows with counts_toward_country_total = false would count a value twice (financing of
-- another row, option conversions) or have no value: a country's itemised total sums only
-- rows where counts_toward_country_total, to be set next to its headline rows.
select
    deal_id,
    announced_date,
    event,
    country_iso3,
    counterparty_us,
    counterparty_local,
    description,
    sector,
    {{ deal_value_columns() }},
    confidence,
    source_id,
    quote,
    note
from {{ ref('stg_deals__deals') }}
