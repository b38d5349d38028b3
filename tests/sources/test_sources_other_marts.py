"""The marts of every non-trade source in a warehouse refreshed from the shipped raw/ data,
checked against the raw files themselves (read here with the csv module, not the parsers)."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from support import REPO

RAW = REPO / "raw"
FACTS = {
    "fct_remittances": "remittance_id",
    "fct_investments": "investment_id",
    "fct_deals": "deal_id",
    "fct_memberships": "membership_id",
    "dim_organisations": "organisation_id",
    "fct_reference_facts": "fact_id",
    "fct_macro": "macro_id",
    "fct_arms_transfers": "transfer_id",
    "dim_claims": "claim_id",
    "dim_periods": "period",
    "fct_trade_figures": "figure_id",
}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def con(built_warehouse: Path):
    connection = duckdb.connect(str(built_warehouse), read_only=True)
    yield connection
    connection.close()


def _records(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(("table", "key"), FACTS.items())
def test_mart_is_not_empty_and_keyed(con, table, key):
    rows, keys = con.execute(
        f"select count(*), count(distinct {key}) from marts.{table}"  # noqa: S608 (names from FACTS)
    ).fetchone()
    assert rows > 0 and keys == rows


def test_every_fact_source_has_a_url_and_a_date(con):
    unresolved = con.execute(
        """
        with used as (
            select source_id from marts.fct_remittances union
            select source_id from marts.fct_investments union
            select source_id from marts.fct_deals union
            select source_id from marts.fct_memberships union
            select source_id from marts.fct_reference_facts union
            select source_id from marts.fct_macro union
            select source_id from marts.fct_arms_transfers union
            select source_id from marts.fct_trade_figures
        )
        select used.source_id from used
        left join marts.dim_sources as s on used.source_id = s.source_id
        where coalesce(s.url, s.repository_path, '') = ''
            or coalesce(s.vintage, s.retrieved, '') = ''
        """
    ).fetchall()
    assert unresolved == []


def test_itemised_deal_totals_sit_next_to_headlines(con):
    deals = _records(RAW / "deals" / "deals_2025.csv")
    expected = sum(
        float(d["value_usd"])
        for d in deals
        if d["country_iso3"] == "KAZ" and d["counts_toward_country_total"] == "true"
    )
    itemised, headline, agreements = con.execute(
        """
        select
            sum(case when counts_toward_country_total then value_usd end),
            max(case when is_aggregate then value_usd end),
            max(case when is_aggregate then quantity end)
        from marts.fct_deals where country_iso3 = 'KAZ'
        """
    ).fetchone()
    assert itemised == pytest.approx(expected)
    assert (headline, agreements) == (pytest.approx(17e9), 29)  # "29 agreements, over $17bn"


@pytest.mark.parametrize("year", [2013, 2024])
def test_china_ca5_trade_in_yuan_and_usd(con, year):
    h10 = {
        int(r["Date"][:4]): float(r["Exchange rate"])
        for r in _records(RAW / "macro" / "fx_annual_frb_h10_cny_per_usd.csv")
    }
    rows = con.execute(
        """
        select value_original, fx_rate, fx_source_id, value_usd, usd_null_reason
        from marts.fct_trade_figures
        where reporter_iso3 = 'CHN' and partner_iso3 = 'CA5' and currency_original = 'CNY'
            and period = ?
        """,
        [str(year)],
    ).fetchall()
    assert rows, f"no yuan figure for {year}"
    for yuan, rate, rate_source, usd, reason in rows:
        assert (rate, rate_source, reason) == (pytest.approx(h10[year]), "frb_h10_fx", None)
        assert usd == pytest.approx(yuan / h10[year])


def test_a_yuan_figure_without_a_rate_has_a_reason_not_a_value(con):
    missing = con.execute(
        """
        select count(*) from marts.fct_trade_figures
        where currency_original = 'CNY' and fx_rate is null
            and (value_usd is not null or usd_null_reason is null)
        """
    ).fetchone()[0]
    assert missing == 0


def test_gdp_vintages_disagreeing_are_listed_with_both_rows_kept(con):
    old = {
        (r["Country Code"], r["Year"]): float(r["Value"])
        for r in _records(RAW / "macro" / "wb_gdp_current_usd_central_asia.csv")
    }
    new = {
        (r["Country Code"], r["Year"]): float(r["Value"])
        for r in _records(RAW / "macro" / "wdi_ny_gdp_mktp_cd_gdp_current_usd.csv")
    }
    apart = {
        k for k in old.keys() & new.keys() if abs(old[k] - new[k]) > 0.05 * max(old[k], new[k])
    }
    assert apart, "the two GDP vintages should disagree somewhere (UZB 2023)"
    listed = set(
        con.execute(
            """
            select country_iso3, period from reporting.rpt_source_conflicts
            where fact_table = 'fct_macro' and measure = 'gdp_current_usd'
                and 'wb_gdp_2024_vintage' in (source_id_a, source_id_b)
                and 'wdi_macro' in (source_id_a, source_id_b)
            """
        ).fetchall()
    )
    assert listed == apart


def test_arabic_quotes_survive_intact(con):
    expected = {
        r["claim_id"]: r["quote_ar"] for r in _records(RAW / "claims" / "article_claims.csv")
    }
    got = dict(con.execute("select claim_id, quote_ar from marts.dim_claims").fetchall())
    assert got == expected


def test_supplier_shares_from_the_register_match_the_derived_reference_rows(con):
    # The curator's derived KAZ 2015-2019 shares were computed from the same register.
    rows = con.execute(
        """
        with window_tiv as (
            select supplier_iso3, sum(tiv_delivery_musd) as tiv
            from marts.fct_arms_transfers
            where recipient_iso3 = 'KAZ' and delivery_year between 2015 and 2019
            group by supplier_iso3
        )
        select w.supplier_iso3, 100 * w.tiv / sum(w.tiv) over () as share, f.value
        from window_tiv as w
        inner join marts.fct_reference_facts as f
            on f.entity_iso3 = 'KAZ' and f.counterpart_iso3 = w.supplier_iso3
            and f.indicator = 'arms_imports_share_by_supplier' and f.period = '2015-2019'
            and f.is_derived
        """
    ).fetchall()
    assert rows
    for _supplier, share, published in rows:
        assert share == pytest.approx(published, abs=0.1)


def test_periods_have_their_true_span(con):
    spans = dict(
        con.execute(
            "select period, end_date - start_date + 1 from marts.dim_periods "
            "where period in ('2024', '2024M01-M09', '2025H1', '2015-2019')"
        ).fetchall()
    )
    assert spans == {"2024": 366, "2024M01-M09": 274, "2025H1": 181, "2015-2019": 1826}
