-- sqlfluff:rules:references.keywords:ignore_words:year,value,family,domain,share,shares,summary
-- The weight of China, Russia and the US in each Central Asian state's ties, one row per
-- state, domain and year observed (weights are fractions of the domain's total):
--   trade         partner shares of total trade on the preferred basis
--   investment    outward direct investment positions each investor economy reports
--                 holding in the state (IMF CDIS Table 6-o, end of year): China's, Russia's
--                 and the US's positions over the reported total (the sum over reporting
--                 economies, confidential positions excluded), with the EU members together
--                 and Turkiye beside them (seed anchor_partner_groups). A confidential (C)
--                 or unreported partner has a null weight and a status saying which, never
--                 a zero. Years without positions fall back to FDI by source (gross inflows,
--                 or inward stock) from pages. BRI engagement and Chinese development
--                 finance have no Russian or US counterpart series, so they are not weights
--                 (see rpt_deals_vs_flows)
--   remittances   share of remittances received from each partner: observed figures
--                 (stated shares, and partner amounts over the total of the same period,
--                 money-transfer-system flows left out as another definition; a partner
--                 with no recorded flow counts 0 once any partner's share is known) are
--                 preferred; otherwise the World Bank/KNOMAD bilateral matrix, a Ratha-Shaw
--                 model estimate (evidence_kind modelled), each partner over the matrix's
--                 own total received
--   security      arms-import shares by supplier, SIPRI TIV over the five years ending in
--                 the year (deliveries 2000-2023)
--   institutions  memberships at the end of the year in organisations and formats anchored
--                 by each partner (dim_organisations.anchor_iso3): member or participant
--                 1, observer 0.5, over all such memberships of the state
-- Each domain is its own model (arg_anchor_<domain>), all with the columns of macro
-- anchor_observation_columns; this model unions them.
select {{ anchor_observation_columns(plain=false) }}
from {{ ref('arg_anchor_trade') }}
union all
select {{ anchor_observation_columns(plain=false) }}
from {{ ref('arg_anchor_investment') }}
union all
select {{ anchor_observation_columns(plain=false) }}
from {{ ref('arg_anchor_remittances') }}
union all
select {{ anchor_observation_columns(plain=false) }}
from {{ ref('arg_anchor_security') }}
union all
select {{ anchor_observation_columns(plain=false) }}
from {{ ref('arg_anchor_institutions') }}
