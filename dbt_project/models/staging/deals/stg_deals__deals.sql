-- Announced deals, one row a deal, with the cited page's source id.
select
    deal_id,
    {{ citation_source_id('_source_id', 'source_url') }} as source_id,
    _source_id as manifest_source_id,
    date as announced_date,
    event,
    {{ iso3_label('country_iso3') }} as country_iso3,
    counterparty_us,
    counterparty_local,
    description,
    sector,
    {{ deal_value_columns() }},
    source_name,
    source_url,
    published_date,
    quote,
    confidence,
    note,
    _source_file as source_file,
    _row_number as source_row
from {{ source('deals', 'deals_2025') }}
