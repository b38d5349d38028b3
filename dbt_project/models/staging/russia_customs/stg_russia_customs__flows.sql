-- Russia's customs (FCS) trade with its main partners, one row per partner, flow and
-- month, from Russia's side: a mirror for Kazakhstan and Uzbekistan. Months published as
-- '…' have no figure and are left out (they stay in raw with a null value). Left join:
-- a name without an alias fails the not_null test instead of vanishing.
with flows as (
    select * from {{ source('russia_customs', 'russia_fcs_main_partners') }}
),

aliases as (
    select
        alias,
        iso3
    from {{ ref('country_aliases') }}
    where publisher = 'rus_fcs'
)

select
    'RUS' as reporter_iso3,
    partner.iso3 as partner_iso3,
    cast(flows.trade_year as {{ cross_db_string() }}) || '-'
    || lpad(cast(flows.trade_month as {{ cross_db_string() }}), 2, '0') as period,
    cast(flows.trade_year as integer) as trade_year,
    cast(flows.trade_month as integer) as trade_month,
    flows.flow,
    flows.value_musd * 1e6 as value_usd,
    flows.value_musd as value_original,
    'USD' as currency_original,
    'USD millions' as unit_original,
    cast(1.0 as double) as fx_rate_usd_per_unit,
    cast(null as {{ cross_db_string() }}) as fx_source_id,
    false as is_estimate,
    'partner_customs' as source_kind,
    flows._source_id as source_id,
    flows._source_file as source_file,
    flows._row_number as source_row,
    cast(null as {{ cross_db_string() }}) as publication,
    true as is_latest_publication
from flows
left join aliases as partner on trim(flows.partner_name) = partner.alias
where flows.value_musd is not null
