-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- Every value computed for every claim part, with its own verdict against the part's
-- comparator and threshold (context rows are shown, not judged). The long form behind
-- rpt_claim_checks: one row per claim part and piece of evidence, as arg_claim_evidence
-- computes it, every column in its order (see there for the period relations); the
-- columns are listed and described in the YAML of both models.
select * from {{ ref('arg_claim_evidence') }}  -- noqa: AM04
