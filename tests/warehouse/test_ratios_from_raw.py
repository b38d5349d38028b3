"""The published dependency measures recomputed from the raw files with readers of their own.

Kazakhstan 2017 (the last year its own basis takes from DOTS before the BNS tables by
partner) from its IMF DOTS workbook, read cell by cell with openpyxl (not the
loader's calamine path): HHI over its single partners, effective partners = 1 / HHI, and
the trade intensity index against the IMF World workbook, set against
reporting.rpt_dependency_ratios. Kazakhstan's BNS monthly totals: a year with fewer than
12 months is never stored as an annual total. The China/US multiple: China's trade over
the US's, not the other way round.
"""

from __future__ import annotations

import csv

import duckdb
import pytest

from support.raw_readers import REPO, WORKBOOKS, aggregates, dots_year, turnover
from support.refresh import published_project

BNS = REPO / "raw" / "trade" / "kaz_bns_monthly"
WORLD_WORKBOOK = "DOTS_221.xlsx"
YEAR = 2017


@pytest.fixture(scope="module")
def warehouse(request):
    con = duckdb.connect(str(published_project(request).warehouse), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def kaz_2017() -> dict:
    reporter, trade = turnover(WORKBOOKS["KAZ"], YEAR)
    assert reporter == "KAZ"
    assert dots_year(WORLD_WORKBOOK, YEAR)[0] == "World"
    total = trade["WLD"]
    singles = {p: v for p, v in trade.items() if p not in aggregates() and p != "KAZ"}
    hhi = sum((v / total) ** 2 for v in singles.values())
    _, world = turnover(WORLD_WORKBOOK, YEAR)
    tii = {p: (trade[p] / total) / (world[p] / world["WLD"]) for p in ("CHN", "RUS", "USA")}
    return {"total": total, "trade": trade, "partners": len(singles), "hhi": hhi, "tii": tii}


def _ratios(con, basis: str = "reporter") -> dict[str, dict]:
    rel = con.sql(
        "select * from reporting.rpt_dependency_ratios "
        "where country_iso3 = 'KAZ' and year = ? and basis = ?",
        params=[YEAR, basis],
    )
    return {row[rel.columns.index("partner_iso3")]: dict(zip(rel.columns, row, strict=True))
            for row in rel.fetchall()}  # fmt: skip


def test_kazakhstan_2017_hhi_and_effective_partners_from_the_workbook(warehouse, kaz_2017):
    rows = _ratios(warehouse)
    assert set(rows) >= {"CHN", "RUS", "USA"}
    for row in rows.values():
        assert row["source_class"] == "imf_dots"
        assert row["total_trade_usd"] == pytest.approx(kaz_2017["total"], rel=1e-9)
        assert row["partner_count"] == kaz_2017["partners"]
        assert row["hhi"] == pytest.approx(kaz_2017["hhi"], abs=5e-5)  # published to 4 places
        assert row["effective_partners"] == pytest.approx(1 / kaz_2017["hhi"], abs=5e-3)


def test_kazakhstan_2017_shares_and_tii_from_the_workbooks(warehouse, kaz_2017):
    rows = _ratios(warehouse)
    for partner, tii in kaz_2017["tii"].items():
        row = rows[partner]
        assert row["trade_usd"] == pytest.approx(kaz_2017["trade"][partner], rel=1e-9)
        share = 100 * kaz_2017["trade"][partner] / kaz_2017["total"]
        assert row["share_pct"] == pytest.approx(share, abs=5e-3)
        assert row["tii"] == pytest.approx(tii, abs=5e-4)  # published to 3 places
    # China and Russia trade with Kazakhstan far above their weight in world trade.
    assert kaz_2017["tii"]["CHN"] > 1 and kaz_2017["tii"]["RUS"] > 1


def test_kazakhstan_2017_multiples_are_numerator_over_denominator(warehouse, kaz_2017):
    trade = kaz_2017["trade"]
    row = _ratios(warehouse)["CHN"]
    assert row["chn_usa_multiple"] == pytest.approx(trade["CHN"] / trade["USA"], abs=5e-3)
    assert row["rus_usa_multiple"] == pytest.approx(trade["RUS"] / trade["USA"], abs=5e-3)


def test_effective_partners_is_one_over_hhi_everywhere(warehouse):
    """Over every published row with an HHI (both reports): 1/HHI, not 1/sqrt(HHI). Both
    are published rounded (HHI to 4 places, 1/HHI to 2): allow exactly that rounding."""
    for table in ("rpt_dependency_ratios", "rpt_dependency_peers"):
        rows, off = warehouse.execute(
            "select count(*), count(*) filter ("  # noqa: S608 - table names from this test
            "  abs(effective_partners - 1.0 / hhi) > 0.005 + 0.5e-4 / (hhi * hhi) + 1e-9) "
            f"from reporting.{table} where hhi >= 0.01"
        ).fetchone()
        assert rows > 100, table
        assert off == 0, table


# ---------------------------------------------------------------------------------------
# Years are honest: BNS months sum to an annual total only for complete years
# ---------------------------------------------------------------------------------------


def _bns_months() -> dict[int, dict[str, list[float]]]:
    months: dict[int, dict[str, list[float]]] = {}
    for flow in ("exports", "imports"):
        with (BNS / f"{flow}.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                year = int(row["date"][:4])
                months.setdefault(year, {}).setdefault(flow, []).append(float(row["value"]))
    return months


def test_bns_partial_year_is_never_an_annual_total(warehouse):
    months = _bns_months()
    partial = {y for y, flows in months.items() if any(len(v) < 12 for v in flows.values())}
    complete = {y for y, flows in months.items() if all(len(v) == 12 for v in flows.values())}
    assert partial, "the shipped BNS series ends mid-year"  # raw/trade/PROVENANCE.md
    national = warehouse.execute(
        "select distinct year from marts.fct_trade_flows "
        "where reporter_iso3 = 'KAZ' and partner_iso3 = 'WLD' and source_id = 'kaz_bns_monthly'"
    ).fetchall()
    stored = {y for (y,) in national}
    assert stored & partial == set()
    assert complete <= stored
    for year in sorted(complete):
        total = warehouse.execute(
            "select sum(value_usd) from marts.fct_trade_flows where reporter_iso3 = 'KAZ' "
            "and partner_iso3 = 'WLD' and source_id = 'kaz_bns_monthly' and year = ?",
            [year],
        ).fetchone()[0]
        expected = 1000.0 * sum(sum(v) for v in months[year].values())
        assert total == pytest.approx(expected, rel=1e-9), year
    shares = warehouse.execute(
        "select distinct year from reporting.rpt_partner_shares where country_iso3 = 'KAZ' "
        "and year in (select unnest(?))",
        [sorted(partial)],
    ).fetchall()
    assert shares == []


def test_bns_partial_year_has_no_share_in_the_dependency_ratios(warehouse):
    months = _bns_months()
    partial = sorted(y for y, f in months.items() if any(len(v) < 12 for v in f.values()))
    found = warehouse.execute(
        "select distinct year from reporting.rpt_dependency_ratios "
        "where country_iso3 = 'KAZ' and basis = 'reporter' and share_pct is not null "
        "and year in (select unnest(?))",
        [partial],
    ).fetchall()
    assert found == []


def test_dependency_ratios_cover_the_five_states_and_five_partners_only(warehouse):
    with (REPO / "dbt_project" / "seeds" / "countries.csv").open(encoding="utf-8") as handle:
        ca5 = {r["iso3"] for r in csv.DictReader(handle) if r["is_ca5"] == "true"}
    countries, partners = warehouse.execute(
        "select list(distinct country_iso3), list(distinct partner_iso3) "
        "from reporting.rpt_dependency_ratios"
    ).fetchone()
    assert set(countries) == ca5 == {"KAZ", "KGZ", "TJK", "TKM", "UZB"}
    assert set(partners) == {"CHN", "RUS", "USA", "EUU", "TUR"}
