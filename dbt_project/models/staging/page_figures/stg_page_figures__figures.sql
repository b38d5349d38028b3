-- Every hand-recorded page figure of the remittances, investment, macro and reference
-- folders: one layout, one model. Codes go through the alias seed (C5 -> CA5), periods
-- become dim_periods labels, and each cited page gets its own source id.
{% set page_sources = [
    'remittance_page_figures',
    'investment_page_figures',
    'macro_page_figures',
    'reference_page_figures',
] %}

with unioned as (
    {% for source_table in page_sources %}
        select * from {{ source('page_figures', source_table) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    _source_id || ':' || _source_file || ':' || cast(_row_number as varchar) as figure_id,
    {{ citation_source_id('_source_id', 'source_url') }} as source_id,
    _source_id as manifest_source_id,
    {{ iso3_label('entity_iso3') }} as entity_iso3,
    {{ iso3_label('counterpart_iso3') }} as counterpart_iso3,
    indicator,
    {{ period_label('period') }} as period,
    period as period_published,
    value,
    unit,
    trim(regexp_replace(unit, ' \((lower bound|upper bound|approx\.)\)$', '')) as unit_base,
    case
        when unit like '%(lower bound)' then 'lower_bound'
        when unit like '%(upper bound)' then 'upper_bound'
        when unit like '%(approx.)' then 'approximate'
        else 'stated'
    end as value_qualifier,
    source_name,
    source_url,
    published_date,
    quote,
    confidence,
    confidence = 'derived' as is_derived,
    note,
    _source_file as source_file,
    _row_number as source_row
from unioned
