-- Uzbekistan's trade with every partner from the Statistics Agency's CSVs, in the staging
-- contract's columns, then the publisher's code and name. Partners map by ISO numeric code;
-- code 0 "Other countries" is the residual XNY. The files have no world-total row: the
-- WLD row of each flow and year is the sum of every partner row, code 0 included (its
-- source_row is the file's first data row). Left joins keep a row whose code has no
-- alias; the not_null test on partner_iso3 then fails the build instead of the row vanishing.
with aliases as (
    select
        alias,
        iso3
    from {{ ref('country_aliases') }}
    where publisher = 'uzb_stat'
),

partners as (
    select
        partner.iso3 as partner_iso3,
        uzb.year,
        uzb.flow,
        uzb.value_kusd,
        uzb._source_id,
        uzb._source_file,
        uzb.source_row,
        uzb.partner_code,
        uzb.partner_name_en
    from {{ source('national_trade', 'uzb_stat_trade_by_partner') }} as uzb
    left join aliases as partner on uzb.partner_code = partner.alias
),

world as (
    select
        'WLD' as partner_iso3,
        year,
        flow,
        sum(value_kusd) as value_kusd,
        _source_id,
        _source_file,
        min(source_row) as source_row,
        cast(null as string) as partner_code,
        'World (sum of every partner row)' as partner_name_en
    from partners
    group by year, flow, _source_id, _source_file
),

flows as (
    select * from partners
    union all
    select * from world
)

select
    {{ trade_flow_select(
        'flows', "'UZB'", 'flows.partner_iso3', 'flows.year', 'flows.value_kusd * 1e3',
        'flows.value_kusd', 'USD thousands', 'national_statistics'
    ) }},
    flows.partner_code,
    flows.partner_name_en
from flows
