"""Claims tested for exactly what they say, on a warehouse refreshed from the shipped data.

One regression test per way an argument can take liberties with its figures (a blended
series, a run of years that jumps a gap, a rank among one partner, a dropped published
figure, figures of different years set side by side, a claim judged on another period,
an untested part of a claim, an unnamed trade intensity, an unnamed mirror denominator),
a Hypothesis property test over every evidence row, and the 27 verdicts pinned with the
reason each has.

Set CAETL_TEST_WAREHOUSE to a refreshed warehouse file to run these against it instead
of refreshing a copy of the project.
"""

from __future__ import annotations

import os
import re

import duckdb
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import REPO

RAW = REPO / "raw"
RELATIONS = {"exact", "nearest", "newer", "older", "undated", "claim undated"}


@pytest.fixture(scope="module")
def con(request):
    path = os.environ.get("CAETL_TEST_WAREHOUSE") or request.getfixturevalue("built_warehouse")
    connection = duckdb.connect(str(path), read_only=True)
    yield connection
    connection.close()


def _rows(con, query: str, params: list | None = None) -> list[dict]:
    rel = con.sql(query, params=params or [])
    return [dict(zip(rel.columns, row, strict=True)) for row in rel.fetchall()]


def _page_figures() -> pl.DataFrame:
    return pl.read_csv(
        RAW / "trade" / "figures_from_pages.csv",
        schema_overrides={"period": pl.Utf8, "value": pl.Float64, "year": pl.Int64},
    )


def _check(con, claim_id: str) -> dict:
    rows = _rows(con, "select * from reporting.rpt_claim_checks where claim_id = ?", [claim_id])
    assert len(rows) == 1, claim_id
    return rows[0]


def _evidence(con, claim_id: str) -> list[dict]:
    return _rows(
        con,
        "select * from reporting.rpt_claim_evidence where claim_id = ? order by part_index",
        [claim_id],
    )


# ---------------------------------------------------------------------------------------
# 1. Variants of a figure are never averaged
# ---------------------------------------------------------------------------------------


def test_c14_published_and_converted_dollars_are_separate_rows(con):
    pages = _page_figures().filter(
        (pl.col("reporter_iso3") == "CHN")
        & (pl.col("partner_iso3") == "CA5")
        & (pl.col("period") == "2024")
        & (pl.col("flow") == "total")
        & (pl.col("unit") == "USD")
    )
    first_citation = float(pages["value"][0])
    assert first_citation == 94.82e9 and pages.height == 2  # 94.82 and 94.80 bn
    series = _rows(
        con,
        "select year, source_kind, trade_usd, figure_variant "
        "from argument.arg_dependency_trade_annual where country_iso3 = 'CHN' "
        "and partner_iso3 = 'CA5' and basis = 'reporter' and year in (2013, 2024) "
        "and source_kind in ('imf_dots', 'page_figure')",
    )
    by_key = {(r["year"], r["source_kind"]): r for r in series}
    # The 2024 page figure is the first citation in dollars, not a mean with 94.80 bn or
    # with the yuan figure converted at the H.10 rate (93.69 bn).
    page_2024 = by_key[(2024, "page_figure")]
    assert page_2024["trade_usd"] == pytest.approx(first_citation, rel=1e-12)
    assert page_2024["figure_variant"] == "page_figure: USD as published"
    dots_2013 = by_key[(2013, "imf_dots")]["trade_usd"]

    rows = {r["variant"]: r for r in _evidence(con, "C14")}
    published = rows["USD trade series (reporter)"]
    assert published["value"] == pytest.approx(first_citation / dots_2013, rel=1e-9)
    assert round(published["value"], 2) == 1.89
    converted = rows["USD from CNY at each year's average rate"]
    assert round(converted["value"], 2) == 1.85
    for row in rows.values():
        assert "; " not in (row["figure_variant"] or ""), row


# ---------------------------------------------------------------------------------------
# 2. A run of years never jumps a year without a figure
# ---------------------------------------------------------------------------------------


def test_runs_are_over_consecutive_years_with_a_figure(con):
    runs = _rows(
        con,
        "select claim_id, part_index, basis, run_start_year, run_end_year, "
        "run_years_with_data from reporting.rpt_claim_evidence "
        "where run_start_year is not null and not is_context",
    )
    assert runs, "no run of years in the evidence"
    for run in runs:
        span = run["run_end_year"] - run["run_start_year"] + 1
        assert run["run_years_with_data"] == span, run
    # C20: Russia ranked first in Uzbekistan's own tables in 2021 and 2022, so China's
    # latest run at rank 1 (among every partner) starts in 2023 and is one year long.
    c20 = [r for r in runs if r["claim_id"] == "C20" and r["basis"] == "reporter"]
    assert [(r["run_start_year"], r["run_end_year"]) for r in c20] == [(2023, 2023)]


# ---------------------------------------------------------------------------------------
# 3. A rank is judged only among a complete partner list
# ---------------------------------------------------------------------------------------


def test_ranks_judged_only_among_every_partner(con):
    ranked = _rows(
        con,
        "select e.claim_id, e.variant, e.is_context, e.value_year, e.basis "
        "from reporting.rpt_claim_evidence as e where e.metric in "
        "('partner_rank', 'partner_rank_change')",
    )
    partial = [r for r in ranked if r["variant"].startswith("rank among ")]
    assert partial and all(r["is_context"] for r in partial)
    assert any("rank among 9 listed partners" in r["variant"] for r in partial)  # KAZ panel
    # C16: Kazakhstan's 2025 rank comes from the 9-partner panel: context only; the judged
    # ranks are the BNS tables' 2023 and the DOTS mirror's 2020.
    judged = sorted(
        (r["basis"], r["value_year"])
        for r in ranked
        if r["claim_id"] == "C16" and not r["is_context"]
    )
    assert judged == [("mirror", 2020), ("reporter", 2023)]
    # The ratios carry the size of the list every rank was taken among.
    usa = _rows(
        con,
        "select year, partner_rank, partner_count, is_complete_partner_list "
        "from reporting.rpt_dependency_ratios where country_iso3 = 'KAZ' "
        "and partner_iso3 = 'USA' and basis = 'reporter' and year = 2025",
    )
    assert usa and usa[0]["partner_count"] == 9 and not usa[0]["is_complete_partner_list"]


# ---------------------------------------------------------------------------------------
# 4. A published share is kept
# ---------------------------------------------------------------------------------------


def test_uzbekistan_2023_russia_share_as_published_is_kept(con):
    pages = _page_figures().filter(
        (pl.col("reporter_iso3") == "UZB") & (pl.col("period") == "2023")
    )
    share = pages.filter((pl.col("partner_iso3") == "RUS") & (pl.col("flow") == "share_of_total"))
    world = pages.filter((pl.col("partner_iso3") == "WLD") & (pl.col("flow") == "total"))
    assert float(share["value"][0]) == 15.8
    rows = _rows(
        con,
        "select trade_usd, figure_variant from argument.arg_dependency_trade_annual "
        "where country_iso3 = 'UZB' and partner_iso3 = 'RUS' and year = 2023 "
        "and basis = 'reporter' and source_kind = 'page_figure'",
    )
    assert len(rows) == 1
    expected = float(share["value"][0]) / 100.0 * float(world["value"][0])
    assert rows[0]["trade_usd"] == pytest.approx(expected, rel=1e-12)
    assert rows[0]["figure_variant"].startswith("page_figure: share as published")


# ---------------------------------------------------------------------------------------
# 5. Figures set side by side carry their own years
# ---------------------------------------------------------------------------------------


def test_deals_beside_trade_of_the_nearest_year_labelled(con):
    rows = _rows(
        con,
        "select country_iso3, deal_measure, deal_year, usa_trade_year, chn_trade_year, "
        "rus_trade_year, years_of_usa_trade, trade_years_note from reporting.rpt_deals_vs_flows "
        "where country_iso3 = 'UZB'",
    )
    assert rows
    for row in rows:
        assert row["deal_year"] == 2025
        # Uzbekistan's own 2023 table is nearer the 2025 deals than the 2020 COVID low.
        assert row["usa_trade_year"] == 2023, row
        years = {row["chn_trade_year"], row["rus_trade_year"], row["usa_trade_year"]}
        if years != {2025}:
            assert row["trade_years_note"] and "USA 2023" in row["trade_years_note"]
    # The $35bn headline is about 46 years of the 2023 trade with the US (it was "158.9
    # years" of 2020's COVID-low $220m).
    headline = [r for r in rows if r["deal_measure"] == "headline"]
    assert min(r["years_of_usa_trade"] for r in headline) == pytest.approx(45.74, abs=0.01)

    carried = _rows(
        con,
        "select count(*) as n, count(case when is_carried_forward != (observed_year < year) "
        "then 1 end) as wrong, count(case when is_carried_forward then 1 end) as flagged "
        "from reporting.rpt_anchor_index",
    )[0]
    assert carried["n"] > 0 and carried["wrong"] == 0 and carried["flagged"] > 0


# ---------------------------------------------------------------------------------------
# 6. A claim judged on another period says so, in the CSV and on the card
# ---------------------------------------------------------------------------------------


def test_claim_judged_on_older_figures_says_so(con):
    c27 = _check(con, "C27")
    assert c27["period"] == "2024" and c27["evidence_period"] == "2020"
    assert c27["period_relation"] == "older" and c27["years_off"] == 4
    assert "older" in c27["verdict_label"] and "judged on 2020 figures" in c27["reason"]
    exact = _check(con, "C19")
    assert exact["period_relation"] == "exact" and exact["verdict_label"] == exact["verdict"]

    from caetl.reports import catalog, site

    reports = {r.name: r for r in catalog.list_reports(con)}
    cards = {c.claim_id: c for c in site.claims_for_index(con, reports["rpt_claim_checks"], {})}
    assert "older by 4 years" in cards["C27"].period_note
    assert cards["C19"].period_note == ""


# ---------------------------------------------------------------------------------------
# 7. Every part of a claim is tested or named as untested
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim_id", "words"),
    [
        ("C03", "large US firms"),
        ("C15", "more than any other country"),
        ("C23", "January 2022"),
    ],
)
def test_untested_parts_named_in_the_row_and_on_the_card(con, claim_id, words):
    check = _check(con, claim_id)
    assert words in (check["untested_parts"] or "")
    assert "not tested: " in check["reason"]

    from caetl.reports import catalog, site

    reports = {r.name: r for r in catalog.list_reports(con)}
    cards = {c.claim_id: c for c in site.claims_for_index(con, reports["rpt_claim_checks"], {})}
    assert words in cards[claim_id].untested_parts


def test_c24_kazakhstan_in_the_sco_is_tested(con):
    parts = {(r["subject_iso3"], r["threshold"]): r for r in _evidence(con, "C24")}
    assert set(parts) == {("UZB", "SCO"), ("UZB", "not CSTO"), ("KAZ", "SCO")}
    assert parts[("KAZ", "SCO")]["verdict"] == "supported"


def test_c12_announced_accession_is_not_membership(con):
    rows = {r["variant"]: r for r in _evidence(con, "C12")}
    assert rows["Abraham Accords"]["verdict"] == "not_supported"
    announced = rows["Abraham Accords (accession announced)"]
    assert announced["verdict"] == "supported" and announced["evidence_period"] == "2025-11-06"
    assert _check(con, "C12")["verdict"] == "partly_supported"


# ---------------------------------------------------------------------------------------
# 8. Trade intensity: both forms, named, with their formulas
# ---------------------------------------------------------------------------------------


def test_trade_intensity_total_and_export_based(con):
    row = _rows(
        con,
        "select tii, tii_exports, source_used from reporting.rpt_dependency_ratios "
        "where country_iso3 = 'KAZ' and partner_iso3 = 'CHN' and year = 2019 "
        "and basis = 'reporter'",
    )[0]
    trade = {
        (r["country_iso3"], r["partner_iso3"]): r
        for r in _rows(
            con,
            "select country_iso3, partner_iso3, trade_usd, exports_usd "
            "from argument.arg_dependency_trade_annual where year = 2019 and basis = 'reporter' "
            "and ((country_iso3 = 'KAZ' and source_kind = ?) or (country_iso3 = 'WLD' "
            "and source_kind = 'imf_dots')) and partner_iso3 in ('CHN', 'WLD')",
            [row["source_used"]],
        )
    }
    kaz_chn, kaz_wld = trade[("KAZ", "CHN")], trade[("KAZ", "WLD")]
    wld_chn, wld_wld = trade[("WLD", "CHN")], trade[("WLD", "WLD")]
    total_based = (kaz_chn["trade_usd"] / kaz_wld["trade_usd"]) / (
        wld_chn["trade_usd"] / wld_wld["trade_usd"]
    )
    export_based = (kaz_chn["exports_usd"] / kaz_wld["exports_usd"]) / (
        wld_chn["exports_usd"] / wld_wld["exports_usd"]
    )
    assert row["tii"] == pytest.approx(total_based, abs=0.0005)
    assert row["tii_exports"] == pytest.approx(export_based, abs=0.0005)
    assert row["tii_exports"] > row["tii"]  # 1.43 vs 1.31 on the BNS table
    comments = dict(
        con.sql(
            "select column_name, comment from duckdb_columns() where schema_name = 'reporting' "
            "and table_name = 'rpt_dependency_ratios' and column_name in ('tii', 'tii_exports')"
        ).fetchall()
    )
    assert "exports + imports" in comments["tii"]
    assert "(x_ij / X_i) / (x_wj / X_w)" in comments["tii_exports"]
    assert "WITS" in comments["tii_exports"]


# ---------------------------------------------------------------------------------------
# 9. The mirror denominator is named, and the other one kept where they differ
# ---------------------------------------------------------------------------------------


def test_mirror_total_is_the_world_workbook_and_the_partner_sum_is_kept(con):
    row = _rows(
        con,
        "select total_trade_usd, total_trade_usd_partner_sum from reporting.rpt_dependency_ratios "
        "where country_iso3 = 'KAZ' and partner_iso3 = 'CHN' and year = 2013 and basis = 'mirror'",
    )[0]
    assert round(row["total_trade_usd"] / 1e6, 1) == 119300.0
    partner_sum = con.sql(
        "select sum(trade_usd) from argument.arg_dependency_trade_annual as t "
        "join marts.dim_countries as c on t.partner_iso3 = c.iso3 "
        "where t.country_iso3 = 'KAZ' and t.year = 2013 and t.basis = 'mirror' "
        "and t.source_kind = 'imf_dots' and not c.is_aggregate and t.partner_iso3 != 'KAZ'"
    ).fetchall()[0][0]
    assert row["total_trade_usd_partner_sum"] == pytest.approx(partner_sum, rel=1e-12)
    assert abs(row["total_trade_usd_partner_sum"] - row["total_trade_usd"]) > 1e8
    comment = con.sql(
        "select comment from duckdb_columns() where schema_name = 'reporting' "
        "and table_name = 'rpt_dependency_ratios' and column_name = 'total_trade_usd'"
    ).fetchall()[0][0]
    assert "IMF World workbook" in comment and "not the sum" in comment


# ---------------------------------------------------------------------------------------
# Property: over every evidence row of the built warehouse
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def evidence_rows(con) -> list[dict]:
    rows = _rows(
        con,
        "select e.*, p.period_start_year, p.period_end_year, p.is_period_range "
        "from reporting.rpt_claim_evidence as e join argument.arg_claim_parts as p "
        "using (claim_id, part_index)",
    )
    assert len(rows) > 50
    return rows


@pytest.fixture(scope="module")
def shares_years(con) -> dict[tuple, set[int]]:
    years: dict[tuple, set[int]] = {}
    for country, partner, basis, year in con.sql(
        "select country_iso3, partner_iso3, basis, year from argument.arg_dependency_shares "
        "where basis in ('reporter', 'mirror') and trade_usd is not null"
    ).fetchall():
        years.setdefault((country, partner, basis), set()).add(year)
    return years


def _expected_relation(row: dict) -> tuple[str, int | None]:
    start, end, year = row["period_start_year"], row["period_end_year"], row["evidence_year"]
    if row["period"] is None or start is None:
        return "claim undated", None
    if year is None:
        return "undated", None
    if year < start:
        return "older", int(start - year)
    if year > end:
        return "newer", int(year - end)
    return row["period_relation"], 0  # exact or nearest: within the claim's years


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_property_every_evidence_row_is_honest_about_variants_runs_and_periods(
    data, evidence_rows, shares_years
):
    row = data.draw(st.sampled_from(evidence_rows))
    # No row combines two variants of a figure.
    variant = row["figure_variant"] or ""
    assert "; " not in variant, row
    # Every row names its period and how it relates to the claim's.
    assert row["evidence_period"], row
    assert row["period_relation"] in RELATIONS, row
    relation, years_off = _expected_relation(row)
    assert (row["period_relation"], row["years_off"]) == (relation, years_off), row
    if relation in ("exact", "nearest"):
        assert row["period_start_year"] <= row["evidence_year"] <= row["period_end_year"]
    # Every run of years is over consecutive years with a figure.
    if row["run_start_year"] is not None and row["run_end_year"] is not None:
        span = range(row["run_start_year"], row["run_end_year"] + 1)
        assert row["run_years_with_data"] == len(span), row
        if row["counterpart_iso3"] and re.fullmatch(r"[A-Z]{3}", row["counterpart_iso3"]):
            have = shares_years.get((row["subject_iso3"], row["counterpart_iso3"], row["basis"]))
            assert have is not None and set(span) <= have, row


@settings(
    max_examples=27, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_property_claim_rows_state_the_furthest_period_of_their_evidence(data, con, evidence_rows):
    claim_id = data.draw(st.sampled_from(sorted({r["claim_id"] for r in evidence_rows})))
    check = _check(con, claim_id)
    judged = [r for r in evidence_rows if r["claim_id"] == claim_id and r["verdict"] is not None]
    order = ["exact", "claim undated", "nearest", "newer", "older", "undated"]
    if not judged:
        assert check["verdict"] == "not_testable"
        return
    furthest = max(
        judged,
        key=lambda r: (order.index(r["period_relation"]) > 1, order.index(r["period_relation"])),
    )
    expected = furthest["period_relation"]
    if expected == "claim undated" or all(r["period_relation"] == "claim undated" for r in judged):
        expected = "claim undated"
    elif expected in ("exact", "claim undated"):
        expected = "exact"
    assert check["period_relation"] == expected, (claim_id, check["period_relation"], expected)
    assert check["years_off"] == max(
        (r["years_off"] for r in judged if r["years_off"] is not None), default=None
    )
    assert check["verdict_label"].startswith(check["verdict"])
    if expected in ("older", "newer", "nearest"):
        assert check["verdict_label"] != check["verdict"]


# ---------------------------------------------------------------------------------------
# The 27 verdicts, pinned, each with its reason
# ---------------------------------------------------------------------------------------

VERDICTS = [
    ("C01", "supported", "the UZB-13 headline ($35bn) is within 10% of $35bn"),
    ("C02", "supported", "the UZB-14 headline 'over $100bn' is a lower bound at the threshold"),
    ("C03", "supported", "2025-11-06 deal rows exist; 'with large US firms' is listed untested"),
    ("C04", "supported", "KAZ-01 project cost $1.1bn"),
    ("C05", "supported", "KAZ-02 EXIM letter of interest $900m, at most $900m"),
    ("C06", "supported", "410,000 t tungsten in the reference facts"),
    ("C07", "supported", "UZB-03 allocations up to $400m"),
    ("C08", "supported", "mining 69.2% (2024), refining 92% (2023) / processing ~90% (2025)"),
    ("C09", "supported", "KAZ-12 headline 'over $17bn' (itemised $18.95bn as context)"),
    ("C10", "supported", "KAZ-06 John Deere $2.5bn and 3,000 machines"),
    ("C11", "not_supported", "KAZ-04 Air Astana: up to 15 Boeing 787-9 (18 only with 3 leased)"),
    ("C12", "partly_supported", "accession announced 6 Nov 2025; not a member in the register"),
    ("C13", "supported", "674.15bn yuan; $94.82bn and $94.80bn published, $93.69bn converted"),
    ("C14", "partly_supported", "2.16x in yuan; 1.85x converted and 1.89x published USD"),
    ("C15", "supported", "$23bn BRI engagement H1 2025; 'more than any other' untested"),
    ("C16", "supported", "23.6% in 2025 (panel); rank 1 among every partner 2023 and 2020"),
    ("C17", "supported", "KAZ-CHN $34.17bn (panel) and $48.7bn (China's customs) in 2025"),
    ("C18", "supported", "KAZ-USA $1-10bn in 21 of 26 years (reporter), CHN/USA above 3"),
    ("C19", "supported", "CHN + RUS 36.4% of Uzbekistan's 2024 trade (page figures)"),
    ("C20", "supported", "China first again since 2023 by Uzbekistan's own table"),
    ("C21", "supported", "80% of Kazakhstan's oil exports through the CPC"),
    ("C22", "partly_supported", "border sources disagree: 6,846 to 7,800 km"),
    ("C23", "supported", "KAZ in the CSTO in Jan 2022; the deployment is listed untested"),
    ("C24", "supported", "UZB and KAZ in the SCO; Uzbekistan's CSTO membership ended 2012"),
    ("C25", "supported", "1.3m migrants, $11bn from Russia, remittances 14% of GDP"),
    ("C26", "supported", "KAZ an EAEU member, UZB an observer since Dec 2020"),
    ("C27", "supported", "CA5 trade with China many times the US's, on 2020 figures (older)"),
]


def test_every_claim_is_pinned():
    claims = pl.read_csv(RAW / "claims" / "article_claims.csv", infer_schema_length=0)
    assert sorted(claims["claim_id"].to_list()) == [claim for claim, _, _ in VERDICTS]


@pytest.mark.parametrize(("claim_id", "verdict", "why"), VERDICTS, ids=[v[0] for v in VERDICTS])
def test_verdict_pinned(con, claim_id, verdict, why):
    assert _check(con, claim_id)["verdict"] == verdict, why
