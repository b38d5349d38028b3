-- Every source a figure can come from: the manifest's sources (files and APIs) with their
-- provenance, and one source per page cited by a row of the page-figure, deals,
-- memberships and trade-figure files (int_sources_cited). A fact's source_id resolves here.
{% for sources in ['stg_manifest__sources', 'int_sources_cited'] -%}
    select
        {{ select_list([
            ('source_id', none), ('publisher', none), ('title', none), ('url', none),
            ('repository_path', none), ('licence', none), ('retrieved', none),
            ('vintage', none), ('cadence_days', none), ('note', none)
        ]) }}
    from {{ ref(sources) }}
    {% if not loop.last %}union all{% endif %}
{% endfor %}
