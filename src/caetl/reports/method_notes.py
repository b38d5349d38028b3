"""Short method notes shown on each report page: report name -> paragraphs.

The model description (from dbt) is shown above the chart; these say how to read the
figures. A report without an entry gets its description only.
"""

from __future__ import annotations

METHOD_NOTES: dict[str, tuple[str, ...]] = {
    "rpt_partner_shares": (
        "A partner's share is its trade (exports plus imports) with the state divided by the "
        "state's trade with all partners, in the same year and on the same basis.",
        "Basis 'reporter' uses the state's own customs figures; 'mirror' uses what the partners "
        "report about the state. The shaded band in the chart spans the two, so its width is "
        "how much the answer depends on whose books are read.",
        "The state's own figures come from one source a year (source_used): its statistics "
        "office's table where there is one, IMF DOTS before, Kazakhstan's 9-partner panel or "
        "figures quoted on official pages where neither has the year. A diamond marks the "
        "year a series switches source: a step there may be the source, not the trade.",
    ),
    "rpt_mirror_gaps": (
        "A mirror gap compares a flow as the state reports it with the same flow as the partner "
        "reports it (exports against the partner's imports). Imports are usually valued CIF and "
        "exports FOB, so a gap of a few percent is expected; large gaps point to re-exports, "
        "transit, unrecorded trade or different partner attribution.",
    ),
    "rpt_anchor_index": (
        "The anchor index scores how strongly China, Russia and the US tie each state in each "
        "domain (trade, investment, remittances, security, institutions). Domains are scored "
        "separately and never summed into one number without weights that are shown.",
        "Investment is the direct investment each investor economy reports holding in the "
        "state (IMF CDIS, a mirror view); a confidential or unreported position is unknown, "
        "shown as such and left out of the composite, never counted as zero. Remittance "
        "shares are observed where a central bank or official release gives them, else the "
        "World Bank/KNOMAD matrix, a model estimate and labelled so.",
        "The west variant (composite_west_ratio) counts the EU with the US: its share of "
        "trade in the trade domain and its member states' investment positions in the "
        "investment domain; in the other domains it counts 0, so the variant understates "
        "the west where EU arms or institutions matter.",
    ),
    "rpt_anchor_sensitivity": (
        "How the anchor index moves when its inputs or weights change: a ranking that holds "
        "across the variations is robust; one that flips is a judgement call.",
    ),
    "rpt_deals_vs_flows": (
        "Announced deal values are commitments, letters of interest, list prices or ceilings: "
        "they are not flows and are not added to trade. The comparison shows their size against "
        "a year of recorded trade between the same states.",
    ),
    "rpt_dependency_ratios": (
        "China's share of each state's trade and trade with China as a multiple of trade with "
        "the US, on the preferred books (the partners' where the state's own figures are IMF "
        "allocations). Concentration (HHI) is in the table, from complete partner lists only.",
    ),
    "rpt_claim_checks": (
        "One row per claim of the article. The verdict is supported, partly_supported, "
        "not_supported or not_testable; a trade figure is checked on the reporter's and on the "
        "partner's books, and a claim that holds on one basis only is partly supported.",
        "A pledge or a headline total is checked as stated, not as a flow.",
    ),
    "rpt_claim_evidence": (
        "The figures behind each verdict: one row per claim part, basis and variant of the "
        "figure, with the value found, its source and whether it meets the claim. Context rows "
        "are shown for reading but do not decide the verdict.",
    ),
    "rpt_dependency_peers": (
        "The same dependency ratios for every reporter, so a Central Asian share can be read "
        "against what is usual. The chart sets each Central Asian state against the median of "
        "all reporters; the table opens on Kazakhstan.",
    ),
    "rpt_source_conflicts": (
        "Where two sources give different values for the same fact, both are kept and shown "
        "with the rule that chose the published one.",
    ),
    "rpt_revisions": ("How published figures changed between releases of the same source.",),
    "rpt_pivot_scenarios": (
        "Assumptions: each announced package arrives in full as extra trade with the US (exports "
        "plus imports), spread evenly over its horizon (seed deal_package_horizons: stated where "
        "the announcement gives one, otherwise an assumption named as such); trade with China, "
        "Russia, the EU and all other partners stays at its latest recorded year; the total "
        "grows by the same extra.",
        "Announced sums are commitments, ceilings and list prices, not flows, and overlap "
        "(Uzbekistan's $35bn over three years sits inside its $100bn over ten): each package is "
        "a scenario of its own, never added to another. Each basis (the state's own books, its "
        "partners' books) is a separate scenario, never averaged.",
        "The growth US trade would need to reach China's is China's trade over the US's, less "
        "one, in the same year and on the same basis.",
    ),
}
