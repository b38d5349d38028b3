-- SIPRI trade register, one row per deal and delivery year, with SIPRI's country names
-- mapped to ISO3 through the shared alias seed (publisher 'sipri').
with aliases as (
    select
        alias,
        iso3
    from {{ ref('country_aliases') }}
    where publisher = 'sipri'
)

select
    cast(register.sipri_deal_id as string) || ':' || cast(register.delivery_year as string)
        as transfer_id,
    register._source_id as source_id,
    register.sipri_deal_id,
    suppliers.iso3 as supplier_iso3,
    register.supplier_name,
    recipients.iso3 as recipient_iso3,
    register.recipient_name,
    register.designation,
    register.description,
    register.armament_category,
    register.order_year,
    register.order_year_is_estimate,
    register.number_delivered,
    register.number_delivered_is_estimate,
    register.delivery_year,
    register.delivery_year_is_estimate,
    register.status,
    register.sipri_estimate,
    register.tiv_deal_unit,
    register.tiv_delivery_musd,
    register.is_local_production,
    register._source_file as source_file,
    register._row_number as source_row
from {{ source('sipri', 'sipri_arms_register') }} as register
left join aliases as suppliers on register.supplier_name = suppliers.alias
left join aliases as recipients on register.recipient_name = recipients.alias
