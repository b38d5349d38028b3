-- One row per reporter, partner, flow and year from the IMF DOTS workbooks, names mapped
-- to ISO3. Nicaragua was exported twice with identical figures: the first file is kept.
-- Left joins keep a row whose name has no alias; the not_null tests on the ISO3 columns
-- then fail the build instead of the row vanishing.
with ranked as (
    select
        d.*,
        row_number() over (
            partition by d.reporter_name, d.partner_name, d.flow, d.year
            order by d._source_file
        ) as copy_number
    from {{ source('imf_dots', 'imf_dots') }} as d
),

aliases as (
    select
        alias,
        iso3
    from {{ ref('country_aliases') }}
    where publisher = 'imf'
)

select
    {{ trade_flow_select(
        'ranked', 'reporter.iso3', 'partner.iso3', 'ranked.year', 'ranked.value_musd * 1e6',
        'ranked.value_musd', 'USD millions', 'imf_dots',
        overrides={'trade_year': 'ranked.year', 'is_estimate': 'ranked.is_estimate'}
    ) }},
    ranked.reporter_name,
    ranked.partner_name
from ranked
left join aliases as reporter on ranked.reporter_name = reporter.alias
left join aliases as partner on ranked.partner_name = partner.alias
where ranked.copy_number = 1
