{#- A stable source id for one cited page: the manifest source it was transcribed into,
    and the first 8 hex digits of the md5 of its URL (same URL, same id, on every build). -#}
{% macro citation_source_id(manifest_source_id, url) -%}
    {{ manifest_source_id }} || ':' || substr(md5({{ url }}), 1, 8)
{%- endmacro %}
