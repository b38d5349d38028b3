-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- Claim evidence of the membership family: whether the subject is a member (or observer)
-- of the organisation the part names, as of the end of the claim's period, and an
-- announced accession judged as its own row.
-- Memberships: 'CSTO' asks for membership, 'EAEU observer' for observer status, 'not CSTO'
-- for no membership, each as of the end of the claim's period.
with membership_asks as (
    select
        parts.claim_id,
        parts.part_index,
        parts.subject_iso3,
        parts.period,
        parts.period_end,
        parts.threshold,
        parts.threshold like 'not %' as is_negated,
        case when parts.threshold like '% observer' then 'observer' else 'member' end
            as status_asked,
        trim(
            regexp_replace(
                regexp_replace(parts.threshold, '^not ', ''), ' (member|observer)$', ''
            )
        ) as organisation_asked
    from {{ ref('arg_claim_parts_mapped') }} as parts
    where parts.family = 'membership'
),

-- The organisation each part names, as dim_organisations knows it (by id, name or the
-- name as published).
asked_organisations as (
    select
        asks.*,
        organisations.organisation_id
    from membership_asks as asks
    inner join {{ ref('dim_organisations') }} as organisations
        on
            lower(asks.organisation_asked) in (
                lower(organisations.organisation_id),
                lower(organisations.name),
                lower(organisations.name_published)
            )
),

membership_values as (
    select
        asks.claim_id,
        asks.part_index,
        'membership' as basis,
        asks.threshold as variant,
        cast(null as integer) as value_year,
        asks.period as period_used,
        case
            when count(memberships.membership_id) = 0 then null
            when
                (
                    max(
                        case
                            when
                                (
                                    memberships.valid_from is null
                                    or memberships.valid_from <= asks.period_end
                                )
                                and (
                                    memberships.valid_to is null
                                    or memberships.valid_to >= asks.period_end
                                )
                                and (
                                    (
                                        asks.status_asked = 'member'
                                        and memberships.status in (
                                            'member', 'founding_member', 'participant'
                                        )
                                        -- an announced accession is not yet membership
                                        and memberships.status_published
                                        != 'announced accession'
                                    )
                                    or (
                                        asks.status_asked = 'observer'
                                        and memberships.status = 'observer'
                                    )
                                )
                                then 1
                            else 0
                        end
                    ) = 1
                ) != asks.is_negated
                then 1.0
            else 0.0
        end as value,
        'stated' as value_qualifier,
        false as is_context,
        {{ sorted_id_list('memberships.source_id') }} as source_ids,
        max(asks.organisation_id) || ' status of ' || asks.subject_iso3 || ': '
        || coalesce(
            {{ ordered_string_agg('memberships.status', "', '", distinct=true) }}, 'no record'
        ) as detail
    from asked_organisations as asks
    left join {{ ref('fct_memberships') }} as memberships
        on
            asks.subject_iso3 = memberships.country_iso3
            and asks.organisation_id = memberships.organisation_id
    group by
        asks.claim_id, asks.part_index, asks.threshold, asks.period, asks.subject_iso3,
        asks.is_negated
),

-- Beside it, where the register records an announced accession: the announcement itself,
-- judged as its own row (C12: accession announced on 6 Nov 2025, signing to follow).
membership_announced as (
    select
        asks.claim_id,
        asks.part_index,
        'membership' as basis,
        asks.threshold || ' (accession announced)' as variant,
        cast(null as integer) as value_year,
        cast(min(memberships.valid_from) as string) as period_used,
        1.0 as value,
        'stated' as value_qualifier,
        false as is_context,
        {{ sorted_id_list('memberships.source_id') }} as source_ids,
        max(asks.organisation_id) || ' status of ' || asks.subject_iso3
        || ': accession announced ' || cast(min(memberships.valid_from) as string)
        || ' (published status: announced accession)' as detail
    from asked_organisations as asks
    inner join {{ ref('fct_memberships') }} as memberships
        on
            asks.subject_iso3 = memberships.country_iso3
            and asks.organisation_id = memberships.organisation_id
            and memberships.status_published = 'announced accession'
            and asks.period_end >= memberships.valid_from
    where asks.status_asked = 'member' and not asks.is_negated
    group by asks.claim_id, asks.part_index, asks.threshold, asks.subject_iso3
)

select {{ claim_evidence_columns(without=claim_evidence_without_runs()) }}
from membership_values
union all
select {{ claim_evidence_columns(without=claim_evidence_without_runs()) }}
from membership_announced
