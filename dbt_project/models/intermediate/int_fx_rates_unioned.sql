-- sqlfluff:rules:references.keywords:ignore_words:value
-- Every annual average exchange rate in raw/, in the shape of fct_macro's rows: the World
-- Bank official rate (PA.NUS.FCRF, both vintages) with the currency it is quoted in, and the
-- Federal Reserve H.10 market rate. fct_macro publishes these rows; int_fx_rates_chosen
-- picks one rate per currency and year from them.
with official as (
    select
        value_id as macro_id,
        country_iso3,
        period,
        cast(period_year as integer) as period_year,
        'fx_lcu_per_usd' as indicator,
        indicator_code as indicator_published,
        value,
        unit,
        source_id,
        -- The currency an official rate is quoted in; Turkmenistan's rates before the 2009
        -- redenomination are in the old manat (TMM).
        case
            when country_iso3 = 'CHN' then 'CNY'
            when country_iso3 = 'KAZ' then 'KZT'
            when country_iso3 = 'KGZ' then 'KGS'
            when country_iso3 = 'TJK' then 'TJS'
            when country_iso3 = 'TKM' and period_year < 2009 then 'TMM'
            when country_iso3 = 'TKM' then 'TMT'
            when country_iso3 = 'UZB' then 'UZS'
            when country_iso3 = 'RUS' then 'RUB'
            when country_iso3 = 'USA' then 'USD'
        end as currency
    from {{ ref('int_world_bank_values_unioned') }}
    where value is not null and indicator_code = 'PA.NUS.FCRF'
),

h10 as (
    select
        source_id || ':' || source_file || ':' || cast(source_row as string) as macro_id,
        country_iso3,
        period,
        cast(period_year as integer) as period_year,
        'fx_lcu_per_usd' as indicator,
        'H.10 annual average' as indicator_published,
        rate_per_usd as value,
        currency || ' per USD' as unit,
        source_id,
        currency
    from {{ ref('stg_frb__fx_rates') }}
)

-- a rate's unit names the currency it is quoted in, where that is known
select {{ macro_columns(unit="coalesce(currency || ' per USD', unit)") }}
from (
    select {{ macro_columns() }}
    from official
    union all
    select {{ macro_columns() }}
    from h10
) as rates
