-- Every source a figure can come from: the manifest's sources (files and APIs) with their
-- provenance. A fact's source_id resolves here.
with manifest_sources as (
    select
        source_id,
        publisher,
        title,
        url,
        repository_path,
        licence,
        retrieved,
        vintage,
        cadence_days,
        note
    from {{ ref('stg_manifest__sources') }}
),

-- One source per page cited by a row of the page-figure, deals, memberships and
-- trade-figure files.
cited_pages as (
    select
        source_id,
        publisher,
        title,
        url,
        repository_path,
        licence,
        retrieved,
        vintage,
        cadence_days,
        note
    from {{ ref('int_sources_cited') }}
)

select * from manifest_sources
union all
select * from cited_pages
