-- Every bilateral flow from every trade source in one shape (the staging contract's
-- columns, macro trade_flow_columns), earlier publications included: fct_trade_flows keeps
-- the figures in force.
select
    {{ trade_flow_columns() }}
from {{ ref('stg_imf_dots__flows') }}
union all
select
    {{ trade_flow_columns() }}
from {{ ref('stg_kaz_trade__panel_flows') }}
union all
select
    {{ trade_flow_columns() }}
from {{ ref('stg_kaz_trade__annual_totals') }}
union all
select
    {{ trade_flow_columns() }}
from {{ ref('stg_national_trade__kaz_bns_flows') }}
union all
select
    {{ trade_flow_columns() }}
from {{ ref('stg_national_trade__kgz_nsc_flows') }}
union all
select
    {{ trade_flow_columns() }}
from {{ ref('stg_national_trade__uzb_stat_flows') }}
union all
select
    {{ trade_flow_columns() }}
from {{ ref('stg_russia_customs__flows') }}
union all
select
    {{ trade_flow_columns() }}
from {{ ref('stg_eurostat__eu27_exports_annual') }}
union all
select
    {{ trade_flow_columns() }}
from {{ ref('stg_eurostat__member_trade_monthly') }}
