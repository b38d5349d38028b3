-- Federal Reserve H.10 annual averages, currency units per US dollar, and their inverse
-- (US dollars per unit), the factor that converts a figure in the currency to USD.
select
    _source_id as source_id,
    currency,
    -- The economy whose currency it is: the euro is the euro area's.
    case currency
        when 'CNY' then 'CHN'
        when 'EUR' then 'EMU'
    end as country_iso3,
    period_year,
    cast(period_year as string) as period,
    rate_per_usd,
    1.0 / rate_per_usd as usd_per_unit,
    _source_file as source_file,
    _row_number as source_row
from {{ source('frb', 'frb_h10_fx') }}
