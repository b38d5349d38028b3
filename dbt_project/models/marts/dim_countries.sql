-- Countries, historic entities and aggregates, with the names each publisher uses.
with names as (
    select
        iso3,
        {{ ordered_string_agg("case when publisher = 'imf' then alias end", "'; '", 'alias') }}
            as names_imf,
        {{ ordered_string_agg("case when publisher = 'sipri' then alias end", "'; '", 'alias') }}
            as names_sipri,
        {{ ordered_string_agg("case when publisher = 'comtrade' then alias end", "'; '", 'alias') }}
            as names_comtrade
    from {{ ref('country_aliases') }}
    group by iso3
)

select
    countries.iso3,
    countries.name,
    countries.kind,
    countries.is_aggregate,
    countries.is_historic,
    countries.is_ca5,
    names.names_imf,
    names.names_sipri,
    names.names_comtrade
from {{ ref('countries') }} as countries
left join names on countries.iso3 = names.iso3
