-- One row per HS product code present in fct_trade_flows_hs, with its chapter (first two
-- digits), heading (first four) and HS section (seed hs_sections, by chapter range).
-- Descriptions are Comtrade's, from the latest year the code appears in.
with codes as (
    select
        product_code,
        product_level,
        product_description,
        row_number() over (
            partition by product_code
            order by trade_year desc, classification_code desc
        ) as recency
    from {{ ref('stg_comtrade__flows') }}
    where classification_family = 'HS'
),

latest as (
    select
        product_code,
        product_level,
        product_description,
        case when product_code <> 'TOTAL' then substr(product_code, 1, 2) end as chapter_code,
        case when product_level >= 4 then substr(product_code, 1, 4) end as heading_code
    from codes
    where recency = 1
)

select
    latest.product_code,
    latest.product_level,
    latest.product_description,
    latest.chapter_code,
    chapters.product_description as chapter_description,
    latest.heading_code,
    sections.section_number,
    sections.section_code,
    sections.section_title
from latest
left join latest as chapters
    on latest.chapter_code = chapters.product_code
left join {{ ref('hs_sections') }} as sections
    on cast(latest.chapter_code as int) between sections.first_chapter and sections.last_chapter
