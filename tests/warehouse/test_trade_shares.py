"""One share computation serves every report, and the statistics offices' tables reach it.

rpt_partner_shares and rpt_dependency_ratios both read arg_dependency_shares: on every row
they share they must agree, and every reporter-basis share of China, Russia and the US in
the ratios must be in rpt_partner_shares. The coverage checks are the years the statistics
offices publish (raw/trade/national/PROVENANCE.md) and the years of the WDI world totals.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from caetl.reports import charts

# Columns the two reports share, per (state, partner, year, basis).
SHARED = ("trade_usd", "total_trade_usd", "share_pct", "partner_rank", "partner_count")


def disagreements(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    differs = " or ".join(f"s.{c} is distinct from r.{c}" for c in SHARED)
    return con.execute(
        f"""
        select s.country_iso3, s.partner_iso3, s.year, s.basis
        from reporting.rpt_partner_shares as s
        join reporting.rpt_dependency_ratios as r
          using (country_iso3, partner_iso3, year, basis)
        where {differs} or s.source_used is distinct from r.source_used
        """  # noqa: S608 - column names from the constant above
    ).fetchall()


def shared_row_count(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute(
        "select count(*) from reporting.rpt_partner_shares "
        "join reporting.rpt_dependency_ratios using (country_iso3, partner_iso3, year, basis)"
    ).fetchall()[0][0]


def ratio_shares_missing_from_partner_shares(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        """
        select r.country_iso3, r.partner_iso3, r.year
        from reporting.rpt_dependency_ratios as r
        join marts.dim_countries as c on c.iso3 = r.country_iso3 and c.is_ca5
        where r.basis = 'reporter' and r.partner_iso3 in ('CHN', 'RUS', 'USA')
          and r.share_pct is not null
          and not exists (
              select 1 from reporting.rpt_partner_shares as s
              where s.country_iso3 = r.country_iso3 and s.partner_iso3 = r.partner_iso3
                and s.year = r.year and s.basis = 'reporter' and s.share_pct = r.share_pct
          )
        """
    ).fetchall()


def reporter_years(
    con: duckdb.DuckDBPyConnection, country: str, source_used: str, *, complete: bool
) -> set[int]:
    """Years whose reporter-basis CHN, RUS and USA rows have shares (and, for a complete
    list, ranks, HHI and effective partners) from the named kind of source."""
    measures = "share_pct is not null"
    if complete:
        measures += (
            " and partner_rank is not null and hhi is not null"
            " and effective_partners is not null and is_complete_partner_list"
        )
    rows = con.execute(
        f"""
        select year from reporting.rpt_dependency_ratios
        where country_iso3 = ? and basis = 'reporter' and source_used = ?
          and partner_iso3 in ('CHN', 'RUS', 'USA') and {measures}
        group by year having count(distinct partner_iso3) = 3
        """,  # noqa: S608 - fixed fragments above
        [country, source_used],
    ).fetchall()
    return {r[0] for r in rows}


def years_with_world_totals_but_no_tii(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Reporter-basis rows with a share in a year that has world totals (IMF DOTS World,
    or WDI merchandise exports and imports of the world and the partner) but no TII."""
    return con.execute(
        """
        with wdi as (
            select country_iso3, period_year as year
            from marts.fct_macro
            where indicator in ('merch_exports_usd', 'merch_imports_usd')
              and source_id = 'wdi_macro' and value is not null
            group by all having count(distinct indicator) = 2
        )
        select r.country_iso3, r.partner_iso3, r.year
        from reporting.rpt_dependency_ratios as r
        join wdi as world on world.country_iso3 = 'WLD' and world.year = r.year
        join wdi as partner on partner.country_iso3 = r.partner_iso3 and partner.year = r.year
        where r.basis = 'reporter' and r.share_pct is not null and r.tii is null
        """
    ).fetchall()


@pytest.mark.slow
def test_partner_shares_and_ratios_agree_on_every_shared_row(built_warehouse):
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        assert shared_row_count(con) > 1000
        assert disagreements(con) == []
        assert ratio_shares_missing_from_partner_shares(con) == []


@pytest.mark.slow
def test_ratios_have_the_national_tables_and_the_panel(built_warehouse):
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        national = "national_statistics"
        assert set(range(2018, 2024)) <= reporter_years(con, "KAZ", national, complete=True)
        assert set(range(1994, 2024)) <= reporter_years(con, "KGZ", national, complete=True)
        assert set(range(2010, 2024)) <= reporter_years(con, "UZB", national, complete=True)
        assert {2024, 2025} <= reporter_years(con, "KAZ", "national_panel", complete=False)


@pytest.mark.slow
def test_tii_in_every_year_with_world_totals(built_warehouse):
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        assert years_with_world_totals_but_no_tii(con) == []
        after_dots = con.execute(
            "select count(*) from reporting.rpt_dependency_ratios "
            "where basis = 'reporter' and year > 2020 and tii is not null"
        ).fetchall()[0][0]
    assert after_dots > 0


def _shares(rows: list[tuple]) -> pd.DataFrame:
    columns = ["country_iso3", "partner_iso3", "year", "basis", "share_pct", "source_used"]
    df = pd.DataFrame(rows, columns=columns)
    df["is_source_switch"] = df["source_used"] != df.groupby(
        ["country_iso3", "partner_iso3", "basis"]
    )["source_used"].shift().fillna(df["source_used"])
    return df


def test_partner_shares_chart_marks_a_source_switch():
    df = _shares(
        [
            ("UZB", "CHN", 2008, "reporter", 12.0, "imf_dots"),
            ("UZB", "CHN", 2009, "reporter", 13.0, "imf_dots"),
            ("UZB", "CHN", 2010, "reporter", 15.0, "national_statistics"),
            ("UZB", "CHN", 2011, "reporter", 16.0, "national_statistics"),
        ]
    )
    spec = charts.partner_shares(df, {})[0].chart.to_dict()
    layers = spec["spec"]["layer"]
    markers = [
        layer
        for layer in layers
        if any("is_source_switch" in str(t.get("filter")) for t in layer.get("transform", []))
    ]
    assert len(markers) == 1
    assert markers[0]["mark"]["shape"] == "diamond"
    assert "switches source" in spec["title"]["subtitle"]
    switched = df[df["is_source_switch"]]
    assert switched["year"].tolist() == [2010]


def test_partner_shares_chart_without_source_columns_has_no_marker():
    df = _shares([("KAZ", "CHN", 2019, "reporter", 17.0, "imf_dots")])
    (figure,) = charts.partner_shares(df.drop(columns=["source_used", "is_source_switch"]), {})
    assert len(figure.chart.to_dict()["spec"]["layer"]) == 1
