-- Trade figures from official releases and press, as published (USD, CNY or percent).
select
    reporter_iso3,
    partner_iso3,
    year as figure_year,
    period,
    flow,
    value,
    unit,
    source_name,
    source_url,
    published_date,
    quote,
    _source_id as source_id,
    _source_file as source_file,
    source_row
from {{ source('trade_page_figures', 'trade_page_figures') }}
