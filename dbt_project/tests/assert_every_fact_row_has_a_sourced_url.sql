-- Every source a fact outside trade flows points to has a URL (or a repository path) and a
-- retrieval or publication date in dim_sources.
with used as (
    select source_id from {{ ref('fct_remittances') }}
    union
    select source_id from {{ ref('fct_investments') }}
    union
    select source_id from {{ ref('fct_macro') }}
    union
    select source_id from {{ ref('fct_reference_facts') }}
    union
    select source_id from {{ ref('fct_deals') }}
    union
    select source_id from {{ ref('fct_memberships') }}
    union
    select source_id from {{ ref('fct_arms_transfers') }}
    union
    select source_id from {{ ref('fct_trade_figures') }}
    union
    select source_id from {{ ref('dim_claims') }}
)

select used.source_id
from used
left join {{ ref('dim_sources') }} as sources on used.source_id = sources.source_id
where
    sources.source_id is null
    or coalesce(sources.url, sources.repository_path, '') = ''
    or coalesce(sources.retrieved, sources.vintage, '') = ''
