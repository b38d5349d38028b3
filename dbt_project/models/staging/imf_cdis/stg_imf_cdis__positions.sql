-- CDIS outward direct investment positions, every host and investor, names mapped to ISO3
-- through the IMF aliases. A confidential (`C`) cell keeps a null position and its status.
with aliases as (
    select
        alias,
        iso3
    from {{ ref('country_aliases') }}
    where publisher = 'imf'
)

select
    positions._source_id || ':' || positions._source_file || ':'
    || cast(positions.source_row as string) || ':' || positions.source_column as position_id,
    positions._source_id as source_id,
    host_aliases.iso3 as host_iso3,
    positions.host_name,
    investors.iso3 as investor_iso3,
    positions.investor_name,
    positions.is_reporters_total,
    cast(positions.year as integer) as position_year,
    cast(positions.year as string) || '-12-31' as period,
    positions.position_musd,
    positions.position_musd * 1e6 as position_usd,
    positions.value_status,
    positions.value_text,
    positions.unit,
    positions._source_file as source_file,
    positions.source_row,
    positions.source_column
from {{ source('imf_cdis', 'imf_cdis_positions') }} as positions
left join aliases as host_aliases on trim(positions.host_name) = host_aliases.alias
left join aliases as investors on trim(positions.investor_name) = investors.alias
