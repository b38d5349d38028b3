-- Every value of the API sources (World Bank Indicators API, IMF IMTS, UN Comtrade API) in
-- every vintage loaded (raw.<id> and raw.<id>_previous; see docs/fetch.md), in one shape:
-- a series key that names the value within its source, and the value as published.
select
    api_source_id as source_id,
    vintage,
    country_iso3 || '|' || indicator_code || '|' || period as series_key,
    country_iso3,
    cast(null as string) as partner_iso3,
    indicator_code as measure,
    period,
    value as observed_value
from {{ ref('stg_worldbank_api__indicator_values') }}
union all
select
    api_source_id as source_id,
    vintage,
    series_key || '|' || time_period as series_key,
    reporter_iso3 as country_iso3,
    partner_iso3,
    indicator_code as measure,
    time_period as period,
    value_usd as observed_value
from {{ ref('stg_imf_imts_api__flows') }}
union all
select
    api_source_id as source_id,
    vintage,
    record_key as series_key,
    reporter_iso as country_iso3,
    partner_iso as partner_iso3,
    flow_code || ' ' || cmd_code as measure,
    period,
    primary_value as observed_value
from {{ ref('stg_comtrade_api__values') }}
