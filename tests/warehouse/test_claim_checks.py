"""The article's claim checks, recomputed from the raw files (not from the marts) and set
against reporting.rpt_claim_checks / rpt_claim_evidence of a warehouse refreshed from the
shipped data.

Each test reads raw/ with polars, computes the claim's value(s) with its own arithmetic and
judges them with its own comparator logic; the warehouse must agree on the values and the
verdict. Raw files change -> both sides move; a broken model -> the test fails.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from support import REPO

RAW = REPO / "raw"
VERDICTS = {"supported", "partly_supported", "not_supported", "not_testable"}


# ---------------------------------------------------------------------------------------
# Raw readers and an independent verdict
# ---------------------------------------------------------------------------------------


def _panel() -> pl.DataFrame:
    """Kazakhstan-reported trade by partner, USD (the panel is in USD millions)."""
    panel = pl.read_csv(RAW / "trade" / "kaz_gravity_panel_extract.csv", infer_schema_length=0)
    return panel.select(
        pl.col("iso3"),
        pl.col("year").cast(pl.Int64),
        (
            pl.col("exports").cast(pl.Float64, strict=False)
            + pl.col("imports").cast(pl.Float64, strict=False)
        ).alias("trade_usd")
        * 1e6,
    )


def _bns_total(year: int) -> float:
    """Kazakhstan's total trade in a year: 12 BNS months of exports + imports, USD."""
    total = 0.0
    for flow in ("exports", "imports"):
        months = pl.read_csv(RAW / "trade" / "kaz_bns_monthly" / f"{flow}.csv").filter(
            pl.col("date").str.starts_with(str(year))
        )
        assert months.height == 12, (flow, year, months.height)
        total += months["value"].sum() * 1000.0  # thousand USD
    return total


def _page_figures() -> pl.DataFrame:
    return pl.read_csv(
        RAW / "trade" / "figures_from_pages.csv",
        schema_overrides={"period": pl.Utf8, "value": pl.Float64, "year": pl.Int64},
    )


def _page_total(reporter: str, partner: str, year: int, unit: str = "USD") -> float:
    """The full-year 'total' figure a reporter published for a partner: the register's first
    citation (variants of a figure are never averaged)."""
    rows = _page_figures().filter(
        (pl.col("reporter_iso3") == reporter)
        & (pl.col("partner_iso3") == partner)
        & (pl.col("period") == str(year))
        & (pl.col("flow") == "total")
        & (pl.col("unit") == unit)
    )
    assert rows.height > 0, (reporter, partner, year, unit)
    return float(rows["value"][0])


def _h10_cny_per_usd(year: int) -> float:
    fx = pl.read_csv(RAW / "macro" / "fx_annual_frb_h10_cny_per_usd.csv")
    rate = fx.filter(pl.col("Date").str.starts_with(str(year)))["Exchange rate"]
    assert rate.len() == 1
    return float(rate[0])


def judge(comparator: str, value: float, low: float, high: float | None = None) -> str:
    """The claims file's comparators, written again here (approx = within 10%)."""
    if comparator == "approx":
        ok = abs(value - low) <= 0.10 * abs(low)
    elif comparator == "gt":
        ok = value > low
    elif comparator == "le":
        ok = value <= low
    elif comparator == "between":
        assert high is not None
        ok = low <= value <= high
    else:  # pragma: no cover - only the comparators used below
        raise ValueError(comparator)
    return "supported" if ok else "not_supported"


def combine(verdicts: list[str]) -> str:
    if not verdicts:
        return "not_testable"
    if all(v == "supported" for v in verdicts):
        return "supported"
    if all(v == "not_supported" for v in verdicts):
        return "not_supported"
    return "partly_supported"


# ---------------------------------------------------------------------------------------
# The warehouse side
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def warehouse(built_warehouse: Path):
    con = duckdb.connect(str(built_warehouse), read_only=True)
    yield con
    con.close()


def _check(con, claim_id: str) -> dict:
    rel = con.sql(
        "select claim_id, verdict, computed_values, evidence_source_ids, reason "
        "from reporting.rpt_claim_checks where claim_id = ?",
        params=[claim_id],
    )
    rows = rel.fetchall()
    assert len(rows) == 1, claim_id
    return dict(zip(rel.columns, rows[0], strict=True))


def _evidence(con, claim_id: str, part_index: int = 1) -> pl.DataFrame:
    return con.sql(
        "select basis, variant, value_year, value, is_context, verdict "
        "from reporting.rpt_claim_evidence where claim_id = ? and part_index = ?",
        params=[claim_id, part_index],
    ).pl()


def _value(evidence: pl.DataFrame, **where) -> float:
    rows = evidence
    for column, wanted in where.items():
        rows = rows.filter(pl.col(column) == wanted)
    assert rows.height == 1, (where, evidence)
    return float(rows["value"][0])


# ---------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------


def test_every_claim_has_a_checked_row(warehouse):
    claims = pl.read_csv(RAW / "claims" / "article_claims.csv", infer_schema_length=0)
    checks = warehouse.sql(
        "select claim_id, verdict, evidence_source_ids, reason from reporting.rpt_claim_checks"
    ).pl()
    assert sorted(checks["claim_id"].to_list()) == sorted(claims["claim_id"].to_list())
    assert set(checks["verdict"].to_list()) <= VERDICTS
    untestable = checks.filter(pl.col("verdict") == "not_testable")
    assert untestable.height <= 3, untestable
    for reason in untestable["reason"].to_list():
        assert reason.startswith("not testable: ") and " no " in f" {reason}", reason
    testable = checks.filter(pl.col("verdict") != "not_testable")
    assert testable["evidence_source_ids"].null_count() == 0


def test_c16_china_share_of_kazakhstan_2025(warehouse):
    panel = _panel().filter(pl.col("year") == 2025)
    total = _bns_total(2025)
    by_partner = dict(zip(panel["iso3"], panel["trade_usd"], strict=True))
    share = 100.0 * by_partner["CHN"] / total
    assert share == pytest.approx(23.6, abs=0.05)  # trade/PROVENANCE.md
    china_first = max(by_partner, key=by_partner.get) == "CHN"

    share_rows = _evidence(warehouse, "C16", 1)
    assert _value(share_rows, basis="reporter", value_year=2025) == pytest.approx(share, rel=1e-9)
    # No 2025 mirror share (DOTS ends 2020): the mirror's latest year is shown as context.
    mirror = share_rows.filter(pl.col("basis") == "mirror")
    assert mirror.height == 1 and mirror["is_context"][0] and mirror["value_year"][0] == 2020

    expected = combine([judge("gt", share, 20.0), "supported" if china_first else "not_supported"])
    check = _check(warehouse, "C16")
    assert check["verdict"] == expected
    assert "no mirror figure" in check["reason"]


def test_c17_kazakhstan_china_trade_2025_both_bases(warehouse):
    reporter = float(
        _panel().filter((pl.col("year") == 2025) & (pl.col("iso3") == "CHN"))["trade_usd"][0]
    )
    mirror = _page_total("CHN", "KAZ", 2025)  # China's customs: first of several pages
    evidence = _evidence(warehouse, "C17")
    assert _value(evidence, basis="reporter") == pytest.approx(reporter, rel=1e-9)
    assert _value(evidence, basis="mirror") == pytest.approx(mirror, rel=1e-9)
    expected = combine([judge("gt", reporter, 30e9), judge("gt", mirror, 30e9)])
    assert _check(warehouse, "C17")["verdict"] == expected


def test_c13_c14_china_central_asia_in_yuan_and_dollars(warehouse):
    cny_2013 = _page_total("CHN", "CA5", 2013, unit="CNY")
    cny_2024 = _page_total("CHN", "CA5", 2024, unit="CNY")
    usd_2013 = cny_2013 / _h10_cny_per_usd(2013)
    usd_2024 = cny_2024 / _h10_cny_per_usd(2024)
    yuan_multiple = cny_2024 / cny_2013
    dollar_multiple = usd_2024 / usd_2013
    assert yuan_multiple == pytest.approx(2.16, abs=0.005)
    assert dollar_multiple < 2 < yuan_multiple

    growth = _evidence(warehouse, "C14")
    assert _value(growth, variant="CNY as published") == pytest.approx(yuan_multiple, rel=1e-9)
    assert _value(growth, variant="USD from CNY at each year's average rate") == pytest.approx(
        dollar_multiple, rel=1e-9
    )
    assert _check(warehouse, "C14")["verdict"] == combine(
        [judge("gt", yuan_multiple, 2.0), judge("gt", dollar_multiple, 2.0)]
    )

    in_yuan = _evidence(warehouse, "C13", 1)
    assert _value(in_yuan, variant="CNY as published") == pytest.approx(cny_2024, rel=1e-9)
    in_dollars = _evidence(warehouse, "C13", 2)
    converted = in_dollars.filter(pl.col("variant").str.starts_with("USD from CNY"))
    assert float(converted["value"][0]) == pytest.approx(usd_2024, rel=1e-9)
    published_usd = (
        _page_figures()
        .filter(
            (pl.col("reporter_iso3") == "CHN")
            & (pl.col("partner_iso3") == "CA5")
            & (pl.col("period") == "2024")
            & (pl.col("unit") == "USD")
        )["value"]
        .to_list()
    )
    verdicts = [judge("approx", cny_2024, 674e9)] + [
        judge("approx", v, 95e9) for v in [usd_2024, *published_usd]
    ]
    assert _check(warehouse, "C13")["verdict"] == combine(verdicts)


def test_c19_china_and_russia_in_uzbekistan_2024(warehouse):
    combined = (
        100.0
        * (_page_total("UZB", "CHN", 2024) + _page_total("UZB", "RUS", 2024))
        / _page_total("UZB", "WLD", 2024)
    )
    assert combined == pytest.approx(36.4, abs=0.05)  # trade/PROVENANCE.md
    evidence = _evidence(warehouse, "C19")
    assert _value(evidence, basis="reporter", value_year=2024) == pytest.approx(combined, rel=1e-9)
    assert _check(warehouse, "C19")["verdict"] == judge("approx", combined, 35.0)


def test_c18_kazakhstan_us_trade_a_few_billion_in_most_years(warehouse):
    panel = _panel()
    usa = panel.filter((pl.col("iso3") == "USA") & pl.col("year").is_between(2000, 2025))
    met = sum(1 for v in usa["trade_usd"].to_list() if 1e9 <= v <= 9_999_999_999)
    text = _check(warehouse, "C18")["computed_values"]
    assert f"reporter 2000-2025: met in {met} of {usa.height} years" in text


def test_c01_c09_deal_headlines_and_itemised_sums(warehouse):
    deals = pl.read_csv(RAW / "deals" / "deals_2025.csv", infer_schema_length=0).with_columns(
        pl.col("value_usd").cast(pl.Float64, strict=False)
    )
    headlines = deals.filter(
        (pl.col("value_type") == "headline_package_total") & (pl.col("country_iso3") == "UZB")
    )
    nearest = min(headlines["value_usd"].to_list(), key=lambda v: abs(v - 35e9))
    c01 = _evidence(warehouse, "C01")
    assert _value(c01, basis="headline") == nearest
    assert _check(warehouse, "C01")["verdict"] == judge("approx", nearest, 35e9)

    kaz_items = deals.filter(
        (pl.col("country_iso3") == "KAZ")
        & (pl.col("is_aggregate").str.to_lowercase() == "false")
        & (pl.col("counts_toward_country_total").str.to_lowercase() == "true")
    )
    itemised = float(kaz_items["value_usd"].sum())
    assert itemised == pytest.approx(18.95e9)  # deals/PROVENANCE.md
    c09 = _evidence(warehouse, "C09")
    assert _value(c09, variant="itemised sum") == pytest.approx(itemised)


def test_c22_border_length_sources_disagree(warehouse):
    facts = pl.read_csv(RAW / "reference" / "minerals_security_facts.csv", infer_schema_length=0)
    lengths = [
        float(v)
        for v in facts.filter(pl.col("indicator") == "land_border_length")["value"].to_list()
    ]
    assert len(lengths) >= 2
    verdicts = [judge("approx", v, 7000.0) for v in lengths]
    evidence = _evidence(warehouse, "C22")
    assert sorted(evidence["value"].to_list()) == sorted(lengths)
    assert _check(warehouse, "C22")["verdict"] == combine(verdicts)


def test_c24_uzbekistan_in_sco_not_in_csto(warehouse):
    members = pl.read_csv(RAW / "reference" / "memberships.csv", infer_schema_length=0)
    uzb = members.filter(pl.col("entity_iso3") == "UZB")
    sco = uzb.filter(pl.col("organisation") == "SCO")
    csto = uzb.filter(pl.col("organisation") == "CSTO")
    in_sco = sco.height == 1 and sco["status"][0].startswith("member") and not sco["end_date"][0]
    csto_ended = csto.height == 1 and (csto["end_date"][0] or "") < "2025-12-31"
    expected = combine(
        ["supported" if in_sco else "not_supported", "supported" if csto_ended else "not_supported"]
    )
    assert _check(warehouse, "C24")["verdict"] == expected
