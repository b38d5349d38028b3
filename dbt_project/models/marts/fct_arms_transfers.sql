-- SIPRI's trade register for the five states as published, one row per deal and delivery
-- year, so supplier shares over any window are sums of tiv_delivery_musd in SQL.
select
    transfer_id,
    sipri_deal_id,
    supplier_iso3,
    supplier_name,
    recipient_iso3,
    order_year,
    order_year_is_estimate,
    delivery_year,
    delivery_year_is_estimate,
    designation,
    description,
    armament_category,
    status,
    number_delivered,
    number_delivered_is_estimate,
    tiv_deal_unit,
    tiv_delivery_musd,
    is_local_production,
    source_id
from {{ ref('stg_sipri__arms_transfers') }}
