-- Every hand-recorded page figure of the remittances, investment, macro and reference
-- folders: one layout, one model. Codes go through the alias seed (C5 -> CA5), periods
-- become dim_periods labels, and each cited page gets its own source id. The alias seed is
-- joined rather than looked up per row (iso3_label): Spark cannot push a projection with
-- a correlated subquery through the union.
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
    unioned._source_id || ':' || unioned._source_file || ':' || cast(unioned._row_number as string)
        as figure_id,
    {{ citation_source_id('unioned._source_id', 'unioned.source_url') }} as source_id,
    unioned._source_id as manifest_source_id,
    coalesce(entity_aliases.iso3, unioned.entity_iso3) as entity_iso3,
    coalesce(counterpart_aliases.iso3, unioned.counterpart_iso3) as counterpart_iso3,
    unioned.indicator,
    {{ period_label('unioned.period') }} as period,
    unioned.period as period_published,
    unioned.value,
    unioned.unit,
    trim(regexp_replace(unioned.unit, ' [(](lower bound|upper bound|approx[.])[)]$', ''))
        as unit_base,
    case
        when unioned.unit like '%(lower bound)' then 'lower_bound'
        when unioned.unit like '%(upper bound)' then 'upper_bound'
        when unioned.unit like '%(approx.)' then 'approximate'
        else 'stated'
    end as value_qualifier,
    unioned.source_name,
    unioned.source_url,
    unioned.published_date,
    unioned.quote,
    unioned.confidence,
    unioned.confidence = 'derived' as is_derived,
    unioned.note,
    unioned._source_file as source_file,
    unioned._row_number as source_row
from unioned
left join {{ ref('country_aliases') }} as entity_aliases
    on entity_aliases.publisher = 'iso3' and unioned.entity_iso3 = entity_aliases.alias
left join {{ ref('country_aliases') }} as counterpart_aliases
    on
        counterpart_aliases.publisher = 'iso3'
        and unioned.counterpart_iso3 = counterpart_aliases.alias
