-- The national tables name each partner in several languages (Kyrgyzstan NSC: Kyrgyz,
-- Russian, English; Uzbekistan: numeric code, Uzbek, Russian, English). The staging maps
-- one of them; every other name on the same row must map to the same code.
with aliases as (
    select
        publisher,
        alias,
        iso3
    from {{ ref('country_aliases') }}
),

kgz as (
    select
        k._source_file as source_file,
        k.source_row,
        ru.iso3 as mapped,
        ky.iso3 as other_ky,
        en.iso3 as other_en,
        ru.iso3 as other_third
    from {{ source('national_trade', 'kgz_nsc_trade_by_partner') }} as k
    left join aliases as ru
        on ru.publisher = 'kgz_nsc' and k.partner_name_ru = ru.alias
    left join aliases as ky
        on ky.publisher = 'kgz_nsc' and k.partner_name_ky = ky.alias
    left join aliases as en
        on en.publisher = 'kgz_nsc' and k.partner_name_en = en.alias
),

uzb as (
    select
        u._source_file as source_file,
        u.source_row,
        code.iso3 as mapped,
        uz.iso3 as other_ky,
        en.iso3 as other_en,
        ru.iso3 as other_third
    from {{ source('national_trade', 'uzb_stat_trade_by_partner') }} as u
    left join aliases as code
        on code.publisher = 'uzb_stat' and u.partner_code = code.alias
    left join aliases as uz
        on uz.publisher = 'uzb_stat' and u.partner_name_uz = uz.alias
    left join aliases as ru
        on ru.publisher = 'uzb_stat' and u.partner_name_ru = ru.alias
    left join aliases as en
        on en.publisher = 'uzb_stat' and u.partner_name_en = en.alias
),

rows_ as (
    select * from kgz
    union all
    select * from uzb
)

select distinct
    source_file,
    source_row
from rows_
where
    mapped is null
    or other_ky is distinct from mapped
    or other_en is distinct from mapped
    or other_third is distinct from mapped
