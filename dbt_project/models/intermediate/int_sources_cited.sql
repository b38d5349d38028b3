-- Every page cited by a row of the page-figure, deals, memberships and trade-figure files,
-- as a source of its own (source_id '<manifest source id>:<md5(url) prefix>'), in the
-- columns of marts.dim_sources, which unions it. Provenance fields the page does not give
-- (licence, retrieval, repository path) come from the manifest source it was transcribed in.
with citations as (
    {%- for cited in [
        'stg_page_figures__figures', 'stg_deals__deals', 'stg_memberships__memberships',
        'int_trade_figures_converted'
    ] %}
        select
            manifest_source_id,
            source_id,
            source_name,
            source_url,
            -- the deals register types its dates; the other files keep them as text
            cast(published_date as string) as published_date
        from {{ ref(cited) }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

pages as (
    select
        source_id,
        min(manifest_source_id) as manifest_source_id,
        min(source_url) as url,
        -- One page cited under slightly different outlet names: keep them all.
        {{ ordered_string_agg('source_name', "' | '", distinct=true) }} as publisher,
        max(published_date) as published_date
    from citations
    group by source_id
)

select
    pages.source_id,
    pages.publisher,
    'Page cited in ' || manifest.title as title,
    pages.url,
    manifest.repository_path,
    manifest.licence,
    manifest.retrieved,
    pages.published_date as vintage,
    manifest.cadence_days,
    'Cited page; transcribed into manifest source ' || pages.manifest_source_id
    || coalesce('; published ' || pages.published_date, '; publication date not shown')
        as note,
    pages.manifest_source_id as parent_source_id,
    pages.published_date
from pages
inner join {{ ref('stg_manifest__sources') }} as manifest
    on pages.manifest_source_id = manifest.source_id
