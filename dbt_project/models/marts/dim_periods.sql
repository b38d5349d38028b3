-- Every period label a fact or claim can carry, with its first and last day, so a figure
-- for 2024M01-M09 is never set against a full year by accident. The regular labels come from
-- the calendar (each year of the calendar_years seed, its halves, quarters and months in both
-- spellings), the irregular ones (days, spans of months or years, 'undated') from the
-- staging models that publish them. Built from neither facts nor claims, so the facts'
-- relationships tests to this table check something.
{%- set suffixes = ['', 'H1', 'H2', 'Q1', 'Q2', 'Q3', 'Q4'] -%}
{%- for month in range(1, 13) -%}
    {%- do suffixes.append('M%02d' % month) -%}
    {%- do suffixes.append('-%02d' % month) -%}
{%- endfor %}
with calendar_labels as (
    select cast(calendar_years.year as string) || sub_periods.suffix as period
    from {{ ref('calendar_years') }} as calendar_years
    cross join (
        values
        {%- for suffix in suffixes %}
            ('{{ suffix }}'){% if not loop.last %},{% endif %}
        {%- endfor %}
    ) as sub_periods (suffix)
),

labels as (
    select period from calendar_labels
    union
    select period from {{ ref('stg_page_figures__figures') }}
    union
    select period from {{ ref('stg_trade_page_figures__figures') }}
    union
    select period from {{ ref('stg_aiddata__country_commitments') }}
    union
    select period from {{ ref('stg_imf_cdis__positions') }}
    union
    select period from {{ ref('stg_claims__claims') }}
),

typed as (
    select
        period,
        substr(period, 1, 4) as first_year,
        case
            when period = 'undated' then 'undated'
            when length(period) = 4 then 'year'
            when length(period) = 6 and substr(period, 5, 1) = 'H' then 'half_year'
            when length(period) = 6 and substr(period, 5, 1) = 'Q' then 'quarter'
            when length(period) = 7 and substr(period, 5, 1) = 'M' then 'month'
            -- monthly trade sources label a month '2021-07' (the staging contract)
            when length(period) = 7 and substr(period, 5, 1) = '-' then 'month'
            when length(period) = 11 and substr(period, 5, 1) = 'M' then 'months'
            when length(period) = 9 and substr(period, 5, 1) = '-' then 'years'
            when length(period) = 10 then 'day'
        end as period_type
    from labels
    where period is not null
),

bounds as (
    select
        period,
        period_type,
        case period_type
            when 'year' then first_year || '-01-01'
            when 'years' then first_year || '-01-01'
            when
                'half_year'
                then first_year || case when period like '%H1' then '-01-01' else '-07-01' end
            when 'quarter'
                then
                    first_year || '-'
                    || lpad(
                        cast((cast(substr(period, 6, 1) as integer) - 1) * 3 + 1 as string), 2, '0'
                    )
                    || '-01'
            when 'month' then first_year || '-' || substr(period, 6, 2) || '-01'
            when 'months' then first_year || '-' || substr(period, 6, 2) || '-01'
            when 'day' then period
        end as start_text,
        -- The first day of the last month the period covers (or its last day, for years/days).
        case period_type
            when 'year' then first_year || '-12-31'
            when 'years' then substr(period, 6, 4) || '-12-31'
            when
                'half_year'
                then first_year || case when period like '%H1' then '-06-01' else '-12-01' end
            when 'quarter'
                then
                    first_year || '-'
                    || lpad(cast(cast(substr(period, 6, 1) as integer) * 3 as string), 2, '0')
                    || '-01'
            when 'month' then first_year || '-' || substr(period, 6, 2) || '-01'
            when 'months' then first_year || '-' || substr(period, 10, 2) || '-01'
            when 'day' then period
        end as end_anchor
    from typed
)

select
    period,
    period_type,
    cast(start_text as date) as start_date,
    case
        when period_type in ('half_year', 'quarter', 'month', 'months')
            then last_day(cast(end_anchor as date))
        else cast(end_anchor as date)
    end as end_date,
    period_type = 'year' as is_calendar_year
from bounds
