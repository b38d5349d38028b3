-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- Which computation tests a claim metric: the metric name (as written in the claims file)
-- maps to a family of SQL in arg_claim_values_computed, and for figures read from a fact
-- table, to the indicator(s) that hold it. Keyed by metric, never by claim: a new claim
-- with a known metric is tested without a change of code; a metric missing here leaves its
-- claim not_testable with the reason 'no computation for metric ...'.
with metric_map (metric, family, source_indicator, uses_counterpart) as (
    values
    ('deals_headline_total_usd', 'deal_headline', null, true),
    ('deal_value_usd', 'deal_item_value', null, true),
    ('deal_quantity', 'deal_item_quantity', null, true),
    ('deal_exists', 'deal_exists', null, true),
    ('membership', 'membership', null, false),
    (
        'tungsten_resource_t', 'reference_fact',
        'tungsten_resource_northern_katpar_upper_kairakty', false
    ),
    ('rare_earth_mining_share_pct', 'reference_fact', 'rare_earths_mine_production_share', true),
    ('rare_earth_mining_share_pct', 'reference_fact', 'rare_earths_mining_share', true),
    ('rare_earth_mining_share_pct', 'reference_fact', 'rare_earths_mining_share_approx', true),
    (
        'rare_earth_processing_share_pct', 'reference_fact',
        'rare_earths_processing_share_approx', true
    ),
    ('rare_earth_processing_share_pct', 'reference_fact', 'rare_earths_refining_share', true),
    ('oil_export_route_share_pct', 'reference_fact', 'oil_exports_share_via_cpc', false),
    ('border_length_km', 'reference_fact', 'land_border_length', true),
    ('migrants_count', 'remittance', 'migrant_count', true),
    ('remittances_from_partner_usd', 'remittance', 'from_counterpart_usd', true),
    ('remittances_pct_gdp', 'remittance', 'pct_of_gdp', false),
    ('bri_engagement_usd', 'investment', 'bri_engagement', true),
    ('trade_share_pct', 'trade_share', null, true),
    ('partner_rank', 'trade_rank', null, true),
    ('trade_total_usd', 'trade_total_usd', null, true),
    ('trade_ratio', 'trade_ratio', null, true),
    ('combined_trade_share_pct', 'trade_combined_share', null, true),
    ('partner_rank_change', 'trade_first_year_rank1', null, true),
    ('trade_total', 'trade_total_published', null, true),
    ('trade_growth_multiple', 'trade_growth_multiple', null, true)
)

select
    metric,
    family,
    source_indicator,
    uses_counterpart
from metric_map
