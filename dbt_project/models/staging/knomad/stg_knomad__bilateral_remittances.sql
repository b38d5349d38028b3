-- The bilateral remittance matrix, every sender and receiver, names mapped to ISO3 through
-- the World Bank aliases (WORLD -> WLD). Modelled estimates, not recorded transfers.
with aliases as (
    select
        alias,
        iso3
    from {{ ref('country_aliases') }}
    where publisher = 'wb'
)

select
    matrix._source_id || ':' || matrix._source_file || ':'
    || cast(matrix.source_row as string) || ':' || matrix.source_column as estimate_id,
    matrix._source_id as source_id,
    senders.iso3 as sender_iso3,
    matrix.sender_name,
    receivers.iso3 as receiver_iso3,
    matrix.receiver_name,
    cast(matrix.year as integer) as estimate_year,
    cast(matrix.year as string) as period,
    matrix.edition,
    matrix.value_musd,
    matrix.value_musd * 1e6 as value_usd,
    matrix.is_total,
    matrix.value_status,
    matrix.value_text,
    matrix.sheet,
    matrix._source_file as source_file,
    matrix.source_row,
    matrix.source_column
from {{ source('knomad', 'knomad_bilateral_remittances') }} as matrix
left join aliases as senders on trim(matrix.sender_name) = senders.alias
left join aliases as receivers on trim(matrix.receiver_name) = receivers.alias
