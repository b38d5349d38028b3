-- What the newest vintage of each API source revised: every value that differs between the
-- two newest vintages loaded (raw.<id> and raw.<id>_previous; see docs/fetch.md). A value
-- present in only one of them is listed as added or removed. Below them, the trade figures
-- a statistics office revised in a later publication (the BNS publishes each year twice):
-- every figure whose value differs between an earlier publication and the one in force.
with observations as (
    select * from {{ ref('int_api_observations_unioned') }}
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

-- The newest vintage of each source (rank 1) and the one before it (rank 2).
latest_two as (
    select
        observations.*,
        ranked_vintages.vintage_rank
    from observations
    inner join ranked_vintages
        on {{ keys_match('observations', 'ranked_vintages', ['source_id', 'vintage']) }}
    where ranked_vintages.vintage_rank <= 2
),

newest as (
    select {{ all_columns_except('latest_two', ['vintage_rank']) }} from latest_two
    where latest_two.vintage_rank = 1
),

previous as (
    select {{ all_columns_except('latest_two', ['vintage_rank']) }} from latest_two
    where latest_two.vintage_rank = 2
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
        on {{ keys_match('newest', 'previous', ['source_id', 'series_key']) }}
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
        else {{ decimal_round(
            '100.0 * (pairs.new_value - pairs.old_value) / abs(pairs.old_value)', 4
        ) }}
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

union all

select
    latest.source_id,
    latest.reporter_iso3 || '|' || latest.partner_iso3 || '|' || latest.flow || '|'
    || latest.period as series_key,
    latest.reporter_iso3 as country_iso3,
    latest.partner_iso3,
    latest.flow as measure,
    latest.period,
    earlier.publication as old_vintage,
    latest.publication as new_vintage,
    earlier.value_usd as old_value,
    latest.value_usd as new_value,
    latest.value_usd - earlier.value_usd as value_change,
    case
        when earlier.value_usd is null or earlier.value_usd = 0 then null
        else {{ decimal_round(
            '100.0 * (latest.value_usd - earlier.value_usd) / abs(earlier.value_usd)', 4
        ) }}
    end as change_pct,
    'revised' as revision_kind
from {{ ref('int_trade_flows_unioned') }} as latest
inner join {{ ref('int_trade_flows_unioned') }} as earlier
    on {{ keys_match(
        'latest', 'earlier', ['source_id', 'reporter_iso3', 'partner_iso3', 'flow', 'period']
    ) }}
where
    latest.is_latest_publication
    and not earlier.is_latest_publication
    -- compared as published (USD values can differ in the last bit after scaling)
    and latest.value_original is distinct from earlier.value_original
