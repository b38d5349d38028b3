"""The CDIS positions and the KNOMAD matrix in the built warehouse: the marts keep a
confidential position as a null with its status and the matrix as a model estimate, the
anchor index has both domains for every state, and the claims carry the labelled context.
Expected figures are read independently from the published workbooks with openpyxl."""

from __future__ import annotations

from pathlib import Path

import duckdb
import openpyxl
import pytest

from support import REPO

RAW = REPO / "raw"
CDIS_2022 = RAW / "investment/imf_cdis_table6o/CDIS_Table_6_Direct_Investment_Position_2022.xlsx"
CA5 = ("KAZ", "KGZ", "TJK", "TKM", "UZB")


@pytest.fixture(scope="module")
def con(built_warehouse: Path):
    connection = duckdb.connect(str(built_warehouse), read_only=True)
    yield connection
    connection.close()


def _rows(con, sql: str, params=()) -> list[dict]:
    rel = con.execute(sql, list(params))
    columns = [d[0] for d in rel.description]
    return [dict(zip(columns, row, strict=True)) for row in rel.fetchall()]


def _cdis_2022(host: str, investor: str) -> object:
    """One cell of the 2022 workbook, found by its row and column labels."""
    sheet = openpyxl.load_workbook(CDIS_2022, read_only=True)["Table 6"]
    grid = list(sheet.iter_rows(values_only=True))
    header = next(r for r in grid if r[0] == "Investment in:")
    row = next(r for r in grid if r[0] == host)
    return row[[str(h).strip() if h else h for h in header].index(investor)]


def test_anchor_index_has_investment_and_remittances_for_every_state_latest_year(con):
    rows = _rows(
        con,
        "select * from reporting.rpt_anchor_index "
        "qualify year = max(year) over (partition by country_iso3)",
    )
    by_state = {(r["country_iso3"], r["domain"]): r for r in rows}
    for state in CA5:
        investment = by_state[(state, "investment")]
        assert investment["observed_year"] == 2022
        assert investment["source_ids"] == "imf_cdis_positions"
        assert investment["evidence_kind"] == "reported"
        assert investment["chn_weight"] is not None and investment["chn_status"] == "reported"
        remittances = by_state[(state, "remittances")]
        assert remittances["observed_year"] >= 2021
        assert remittances["rus_weight"] is not None
        assert remittances["evidence_kind"] in ("reported", "modelled")
        assert remittances["source_ids"]
        if remittances["evidence_kind"] == "modelled":
            assert remittances["source_ids"] == "knomad_bilateral_remittances"
            assert "modelled" in remittances["measure"]
    # Kazakhstan and Turkmenistan have no observed split: the matrix stands, labelled
    assert by_state[("KAZ", "remittances")]["evidence_kind"] == "modelled"
    assert by_state[("TKM", "remittances")]["rus_weight"] == pytest.approx(1.0)


def test_anchor_investment_shares_match_the_workbook(con):
    total = float(_cdis_2022("Kyrgyz Rep.", "Total Investment"))
    for investor, column in (
        ("China, P.R.: Mainland", "chn_weight"),
        ("United States", "usa_weight"),
    ):
        expected = float(_cdis_2022("Kyrgyz Rep.", investor)) / total
        got = _rows(
            con,
            f"select {column} as w from argument.arg_anchor_domain_observations "  # noqa: S608
            "where country_iso3 = 'KGZ' and domain = 'investment' and year = 2022 "
            "and source_ids = 'imf_cdis_positions'",
        )
        assert got[0]["w"] == pytest.approx(expected, rel=1e-9)


def test_a_confidential_us_position_is_unknown_not_zero(con):
    assert _cdis_2022("Kazakhstan, Rep. of", "United States") == "C"
    fact = _rows(
        con,
        "select value_usd, value_status, basis from marts.fct_investments "
        "where kind = 'fdi_position_outward' and recipient_iso3 = 'KAZ' "
        "and investor_iso3 = 'USA' and period = '2022-12-31'",
    )
    assert fact == [
        {"value_usd": None, "value_status": "confidential", "basis": "investor_reported"}
    ]
    anchor = _rows(
        con,
        "select usa_weight, usa_status, in_composite, domain_anchor_ratio "
        "from reporting.rpt_anchor_index "
        "where country_iso3 = 'KAZ' and domain = 'investment' and observed_year = 2022",
    )
    assert anchor and all(
        r["usa_weight"] is None
        and r["usa_status"] == "confidential"
        and r["in_composite"] is False
        and r["domain_anchor_ratio"] is None
        for r in anchor
    )
    grid = _rows(
        con,
        "select domains_list, domains_left_out from reporting.rpt_anchor_sensitivity "
        "where weight_set = 'investment_only' and country_iso3 = 'KAZ' and year = 2022",
    )
    assert grid == [{"domains_list": None, "domains_left_out": "investment"}]


def test_the_matrix_is_a_model_estimate_beside_observed_figures(con):
    rows = _rows(
        con,
        "select value, evidence_kind, estimate_method, measure from marts.fct_remittances "
        "where source_id = 'knomad_bilateral_remittances' and country_iso3 = 'UZB' "
        "and counterpart_iso3 = 'RUS' and period = '2021'",
    )
    assert len(rows) == 1
    assert rows[0]["value"] == pytest.approx(9197.53e6, abs=0.01e6)  # PROVENANCE.md
    assert rows[0]["evidence_kind"] == "modelled" and "Ratha-Shaw" in rows[0]["estimate_method"]
    assert rows[0]["measure"] == "remittances_from_counterpart"
    kinds = {
        r["evidence_kind"]
        for r in _rows(con, "select distinct evidence_kind from marts.fct_remittances")
    }
    assert kinds == {"observed", "modelled"}
    conflicts = _rows(
        con,
        "select pct_apart from reporting.rpt_source_conflicts "
        "where fact_table = 'fct_remittances' and 'modelled' in (evidence_kind_a, evidence_kind_b) "
        "and 'observed' in (evidence_kind_a, evidence_kind_b)",
    )
    assert conflicts and all(r["pct_apart"] > 5 for r in conflicts)


def test_claims_c15_and_c25_carry_labelled_context(con):
    c15 = _rows(
        con,
        "select basis, value, value_year, is_context, verdict, detail "
        "from reporting.rpt_claim_evidence where claim_id = 'C15' and basis = 'investor_reported'",
    )
    assert len(c15) == 2 and all(r["is_context"] and r["verdict"] is None for r in c15)
    assert {r["value_year"] for r in c15} == {2022}
    host_rank = next(r for r in c15 if "hosts" in r["detail"])
    assert host_rank["value"] > 1  # Kazakhstan is not the first host of China's positions
    c25 = _rows(
        con,
        "select basis, value, is_context from reporting.rpt_claim_evidence "
        "where claim_id = 'C25' and basis = 'modelled'",
    )
    assert len(c25) == 1 and c25[0]["is_context"]
    assert c25[0]["value"] == pytest.approx(9197.53e6, abs=0.01e6)
    stated = _rows(
        con,
        "select source_ids from reporting.rpt_claim_evidence "
        "where claim_id = 'C25' and basis = 'stated'",
    )
    assert stated and all("knomad" not in r["source_ids"] for r in stated)
