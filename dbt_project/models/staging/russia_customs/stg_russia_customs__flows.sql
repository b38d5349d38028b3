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
    {{ trade_flow_select(
        'flows', "'RUS'", 'partner.iso3', 'flows.trade_year', 'flows.value_musd * 1e6',
        'flows.value_musd', 'USD millions', 'partner_customs', month='flows.trade_month',
        overrides={'source_row': 'flows._row_number'}
    ) }}
from flows
left join aliases as partner on trim(flows.partner_name) = partner.alias
where flows.value_musd is not null
