-- What the newest vintage of each API source revised: every value that differs between the
-- two newest vintages loaded (raw.<id> and raw.<id>_previous; see docs/fetch.md). A value
-- present in only one of them is listed as added or removed.
with observations as (
    select
        api_source_id as source_id,
        vintage,
        country_iso3 || '|' || indicator_code || '|' || period as series_key,
        country_iso3,
        cast(null as varchar) as partner_iso3,
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
),

ranked_vintages as (
    select
        source_id,
        vintage,
        dense_rank() over (partition by source_id order by vintage desc) as vintage_rank
    from (
        select distinct
            source_id,
            vintage
        from observations
    ) as vintages
),

newest as (
    select observations.*
    from observations
    inner join ranked_vintages
        on
            observations.source_id = ranked_vintages.source_id
            and observations.vintage = ranked_vintages.vintage
    where ranked_vintages.vintage_rank = 1
),

previous as (
    select observations.*
    from observations
    inner join ranked_vintages
        on
            observations.source_id = ranked_vintages.source_id
            and observations.vintage = ranked_vintages.vintage
    where ranked_vintages.vintage_rank = 2
),

pairs as (
    select
        coalesce(newest.source_id, previous.source_id) as source_id,
        coalesce(newest.series_key, previous.series_key) as series_key,
        coalesce(newest.country_iso3, previous.country_iso3) as country_iso3,
        coalesce(newest.partner_iso3, previous.partner_iso3) as partner_iso3,
        coalesce(newest.measure, previous.measure) as measure,
        coalesce(newest.period, previous.period) as period,
        previous.observed_value as old_value,
        newest.observed_value as new_value,
        newest.series_key is not null as in_newest,
        previous.series_key is not null as in_previous
    from newest
    full outer join previous
        on
            newest.source_id = previous.source_id
            and newest.series_key = previous.series_key
),

-- Only sources with two vintages can have revisions.
vintage_pairs as (
    select
        source_id,
        max(case when vintage_rank = 1 then vintage end) as new_vintage,
        max(case when vintage_rank = 2 then vintage end) as old_vintage
    from ranked_vintages
    group by source_id
    having count(*) >= 2
)

select
    pairs.source_id,
    pairs.series_key,
    pairs.country_iso3,
    pairs.partner_iso3,
    pairs.measure,
    pairs.period,
    vintage_pairs.old_vintage,
    vintage_pairs.new_vintage,
    pairs.old_value,
    pairs.new_value,
    pairs.new_value - pairs.old_value as value_change,
    case
        when pairs.old_value is null or pairs.old_value = 0 then null
        else round(100.0 * (pairs.new_value - pairs.old_value) / abs(pairs.old_value), 4)
    end as change_pct,
    case
        when not pairs.in_previous then 'added'
        when not pairs.in_newest then 'removed'
        when pairs.old_value is null then 'value published'
        when pairs.new_value is null then 'value withdrawn'
        else 'revised'
    end as revision_kind
from pairs
inner join vintage_pairs on pairs.source_id = vintage_pairs.source_id
where
    not pairs.in_previous
    or not pairs.in_newest
    or pairs.old_value is distinct from pairs.new_value
