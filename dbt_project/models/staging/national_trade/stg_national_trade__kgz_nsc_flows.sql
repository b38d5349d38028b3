-- Kyrgyzstan's trade with every partner from the NSC workbooks, in the staging contract's
-- columns, then the publisher's names. Cells published as `-` (no figure) are left out;
-- the preliminary year (footnote marker in its header) is an estimate. Partners map by
-- their Russian name; assert_national_trade_names_agree checks the Kyrgyz and English
-- names map to the same code. Left joins keep a row whose name has no alias; the not_null
-- test on partner_iso3 then fails the build instead of the row vanishing.
with aliases as (
    select
        alias,
        iso3
    from {{ ref('country_aliases') }}
    where publisher = 'kgz_nsc'
),

flows as (
    select *
    from {{ source('national_trade', 'kgz_nsc_trade_by_partner') }}
    where value_kusd is not null
)

select
    {{ trade_flow_select(
        'flows', "'KGZ'", 'partner.iso3', 'flows.year', 'flows.value_kusd * 1e3',
        'flows.value_kusd', 'USD thousands', 'national_statistics',
        overrides={'is_estimate': 'flows.is_preliminary'}
    ) }},
    flows.partner_name_ru,
    flows.partner_name_en,
    flows.partner_name_ky,
    flows.year_label
from flows
left join aliases as partner on flows.partner_name_ru = partner.alias
