-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- The institutions domain of the anchor index: memberships at the end of the year in
-- organisations and formats anchored by each partner (dim_organisations.anchor_iso3):
-- member or participant 1, observer 0.5, over all such memberships of the state.
with ca5 as (
    select iso3 from {{ ref('dim_countries') }}
    where is_ca5
),

anchors as (
    select distinct group_iso3 as anchor_iso3
    from {{ ref('anchor_partner_groups') }}
    where is_anchor
),

membership_rows as (
    select
        coalesce(ca5.iso3, memberships.country_iso3) as country_iso3,
        memberships.organisation_id,
        organisations.anchor_iso3,
        memberships.status,
        memberships.valid_from,
        memberships.valid_to,
        memberships.source_id,
        case
            when
                memberships.status in (
                    'member', 'founding_member', 'participant', 'associate_member',
                    'founding_venue'
                )
                then 1.0
            when memberships.status = 'observer' then 0.5
            else 0.0
        end as score
    from {{ ref('fct_memberships') }} as memberships
    inner join {{ ref('dim_organisations') }} as organisations
        on memberships.organisation_id = organisations.organisation_id
    inner join anchors on organisations.anchor_iso3 = anchors.anchor_iso3
    left join ca5 on memberships.country_iso3 = 'CA5'
),

institution_years as (
    select distinct year from {{ ref('arg_dependency_shares') }}
    where year >= 1992
),

institutions as (
    select
        membership_rows.country_iso3,
        'institutions' as domain,
        institution_years.year,
        sum(case when membership_rows.anchor_iso3 = 'CHN' then membership_rows.score else 0 end)
        / nullif(sum(membership_rows.score), 0) as chn_weight,
        sum(case when membership_rows.anchor_iso3 = 'RUS' then membership_rows.score else 0 end)
        / nullif(sum(membership_rows.score), 0) as rus_weight,
        sum(case when membership_rows.anchor_iso3 = 'USA' then membership_rows.score else 0 end)
        / nullif(sum(membership_rows.score), 0) as usa_weight,
        'memberships: ' || {{ ordered_string_agg(
            'case when membership_rows.score > 0 then membership_rows.organisation_id end',
            "', '", 'membership_rows.organisation_id'
        ) }} as measure,
        {{ sorted_id_list('membership_rows.source_id') }} as source_ids
    from membership_rows
    inner join institution_years
        on
            (
                membership_rows.valid_from is null
                or extract(year from membership_rows.valid_from) <= institution_years.year
            )
            and (
                membership_rows.valid_to is null
                or extract(year from membership_rows.valid_to) > institution_years.year
            )
    group by membership_rows.country_iso3, institution_years.year
    having sum(membership_rows.score) > 0
),

plain as (
    select
        *,
        'reported' as evidence_kind,
        true as is_preferred
    from institutions
)

select {{ anchor_observation_columns() }}
from plain
