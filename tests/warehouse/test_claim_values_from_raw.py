"""The figures behind the claim verdicts, recomputed from raw/ by readers of their own
(tests/support/raw_readers.py: openpyxl for the DOTS workbooks, the csv module for the rest) and
set against reporting.rpt_claim_evidence. Values only: each `expected_*` function returns
{(part, basis, year): value} straight from the raw files, so a change to the claim models
that keeps the evidence's shape needs no change here.
"""

from __future__ import annotations

import csv

import duckdb
import pytest

from support.raw_readers import CA5, REPO, WORKBOOKS, bns_turnover_usd, turnover
from support.refresh import published_project

RAW = REPO / "raw"
LAST_DOTS_YEAR = 2020


@pytest.fixture(scope="module")
def warehouse(request):
    con = duckdb.connect(str(published_project(request).warehouse), read_only=True)
    yield con
    con.close()


def evidence(con, claim_id: str) -> dict[tuple, list[float]]:
    """(part, basis, year or None) -> values of the claim's non-context evidence."""
    found: dict[tuple, list[float]] = {}
    for part, basis, year, value in con.execute(
        "select part_index, basis, value_year, value from reporting.rpt_claim_evidence "
        "where claim_id = ? and not is_context and value is not null",
        [claim_id],
    ).fetchall():
        found.setdefault((part, basis, year), []).append(value)
    return found


def _rows(relative: str) -> list[dict[str, str]]:
    with (RAW / relative).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _panel_usd(iso3: str, year: int) -> float | None:
    """Kazakhstan's national partner panel, USD (the file is in USD millions)."""
    for row in _rows("trade/kaz_gravity_panel_extract.csv"):
        if row["iso3"] == iso3 and int(row["year"]) == year and row["exports"] and row["imports"]:
            return 1e6 * (float(row["exports"]) + float(row["imports"]))
    return None


def _kaz_reported(partner: str, year: int) -> float | None:
    """Kazakhstan's own figure, by the source precedence seed: the BNS tables by partner
    for 2018-2023, DOTS before, the national panel after."""
    if 2018 <= year <= 2023:
        return bns_turnover_usd(partner, year)
    if year <= LAST_DOTS_YEAR:
        return turnover(WORKBOOKS["KAZ"], year)[1].get(partner)
    return _panel_usd(partner, year)


def _reported_by(reporter: str, partner: str, year: int) -> float | None:
    return turnover(WORKBOOKS[reporter], year)[1].get(partner)


def _assert_values(found: dict, expected: dict) -> None:
    assert expected, "nothing recomputed"
    for key, value in expected.items():
        assert key in found, (key, sorted(found))
        assert any(v == pytest.approx(value, rel=1e-9) for v in found[key]), (key, found[key])


# ---------------------------------------------------------------------------------------
# Trade claims, from the DOTS workbooks and the Kazakh national panel
# ---------------------------------------------------------------------------------------


def expected_c27(year: int = LAST_DOTS_YEAR) -> dict:
    """China's trade with the five over the US's: their own figures (reporter) and China's
    and the US's figures of the same trade (mirror). The latest year with DOTS figures."""
    own_chn = sum(_reported_by(c, "CHN", year) for c in CA5)
    own_usa = sum(_reported_by(c, "USA", year) for c in CA5)
    seen_chn = sum(_reported_by("CHN", c, year) for c in CA5)
    seen_usa = sum(_reported_by("USA", c, year) for c in CA5)
    return {(1, "reporter", year): own_chn / own_usa, (1, "mirror", year): seen_chn / seen_usa}


def test_c27_china_over_us_trade_with_central_asia(warehouse):
    expected = expected_c27()
    _assert_values(evidence(warehouse, "C27"), expected)
    assert expected[(1, "reporter", 2020)] == pytest.approx(13.04, abs=0.005)
    assert expected[(1, "mirror", 2020)] == pytest.approx(21.81, abs=0.005)


def expected_c18() -> dict:
    """Part 1: Kazakhstan-US trade each year 2000-2025; part 2: China's over the US's."""
    expected = {}
    for year in range(2000, 2026):
        usa, chn = _kaz_reported("USA", year), _kaz_reported("CHN", year)
        if usa is not None:
            expected[(1, "reporter", year)] = usa
            if chn is not None:
                expected[(2, "reporter", year)] = chn / usa
    for year in range(2000, LAST_DOTS_YEAR + 1):
        usa, chn = _reported_by("USA", "KAZ", year), _reported_by("CHN", "KAZ", year)
        expected[(1, "mirror", year)] = usa
        expected[(2, "mirror", year)] = chn / usa
    return expected


def test_c18_kazakhstan_us_trade_and_china_multiple_every_year(warehouse):
    expected = expected_c18()
    assert len([k for k in expected if k[0] == 2]) >= 40  # both bases, most years
    _assert_values(evidence(warehouse, "C18"), expected)


def expected_c20_mirror(first: int = 2000, last: int = LAST_DOTS_YEAR) -> int | None:
    """Uzbekistan, partners' figures: the first year of the latest unbroken run in which
    China's figure of its trade with Uzbekistan tops Russia's (the two largest partners)."""
    start = None
    for year in range(first, last + 1):
        chn, rus = _reported_by("CHN", "UZB", year), _reported_by("RUS", "UZB", year)
        above = chn is not None and rus is not None and chn > rus
        start = (start or year) if above else None
    return start


def test_c20_china_overtook_russia_in_uzbekistan_on_partners_figures(warehouse):
    """The partners' figures end in 2020, so their run is context beside Uzbekistan's own
    later ranks; its start is still the workbooks' first year of the latest run."""
    runs = warehouse.execute(
        "select value_year, value from reporting.rpt_claim_evidence where claim_id = 'C20' "
        "and basis = 'mirror' and variant like 'rank 1 run%'"
    ).fetchall()
    assert runs == [(LAST_DOTS_YEAR, float(expected_c20_mirror()))]


# ---------------------------------------------------------------------------------------
# Stated figures, from the page-figure and fact files
# ---------------------------------------------------------------------------------------


def _figures(relative: str, indicator: str, period: str | None = None, **match) -> list[float]:
    return [
        float(r["value"])
        for r in _rows(relative)
        if r["indicator"] == indicator
        and (period is None or r["period"] == period)
        and all(r[k] == v for k, v in match.items())
    ]


def test_c25_uzbek_migrants_and_remittances_from_russia(warehouse):
    found = evidence(warehouse, "C25")
    remit = "remittances/remittances_page_figures.csv"
    migrants = _figures(remit, "uzb_labour_migrants_in_russia_estimate", "2025")
    from_russia = _figures(
        remit, "remittances_from_counterpart", "2024", entity_iso3="UZB", counterpart_iso3="RUS"
    )
    pct_page = _figures(remit, "remittances_pct_gdp", "2024", entity_iso3="UZB")
    pct_wdi = [
        float(r["remit_gdp"])
        for r in _rows("remittances/wdi_remittances_pct_gdp_uzb_kgz_tjk_2009_2024.csv")
        if r["iso3c"] == "UZB" and r["year"] == "2024"
    ]
    assert (migrants, from_russia) == ([1.3e6], [11e9])
    _assert_values(found, {(1, "stated", 2025): migrants[0], (2, "stated", 2024): from_russia[0]})
    assert sorted(found[(3, "stated", 2024)]) == sorted(pct_page + pct_wdi)


@pytest.mark.parametrize(
    ("claim_id", "relative", "indicator", "period"),
    [
        ("C06", "reference/minerals_security_facts.csv",
         "tungsten_resource_northern_katpar_upper_kairakty", "2025"),
        ("C15", "investment/investment_page_figures.csv",
         "bri_engagement_construction_plus_investment", "2025-H1"),
        ("C21", "reference/energy_transport_facts.csv", "oil_exports_share_via_cpc", None),
    ],
)  # fmt: skip
def test_stated_fact_claims_show_the_files_figures(
    warehouse, claim_id, relative, indicator, period
):
    subject = next(r for r in _rows("claims/article_claims.csv") if r["claim_id"] == claim_id)
    figures = _figures(relative, indicator, period, entity_iso3=subject["subject_iso3"])
    assert figures
    shown = [v for (part, _, _), values in evidence(warehouse, claim_id).items() for v in values]
    assert sorted(shown) == sorted(figures)


def test_c08_rare_earth_mining_and_processing_shares(warehouse):
    facts = "reference/minerals_security_facts.csv"
    found = evidence(warehouse, "C08")
    assert found[(1, "stated", 2024)] == _figures(facts, "rare_earths_mine_production_share")
    production = _figures(facts, "rare_earths_mine_production", "2024")  # WLD, CHN order
    assert 100 * production[1] / production[0] == pytest.approx(69.2, abs=0.05)
    processing = _figures(facts, "rare_earths_processing_share_approx") + _figures(
        facts, "rare_earths_refining_share"
    )
    shown = found[(2, "stated", 2025)] + found[(2, "stated", 2023)]
    assert sorted(shown) == sorted(processing)


@pytest.mark.parametrize(
    ("claim_id", "deal_id", "column"),
    [("C04", "KAZ-01", "value_usd"), ("C10", "KAZ-06", "value_usd"),
     ("C11", "KAZ-04", "quantity"), ("C02", "UZB-14", "value_usd")],
)  # fmt: skip
def test_deal_claims_show_the_deal_register_figure(warehouse, claim_id, deal_id, column):
    deal = next(r for r in _rows("deals/deals_2025.csv") if r["deal_id"] == deal_id)
    found = evidence(warehouse, claim_id)
    basis = "headline" if deal["value_type"].startswith("headline") else "item"
    assert found[(1, basis, None)] == [float(deal[column])]
