"""`export_parquet`: every mart as Parquet, facts partitioned by year, same rows as DuckDB."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from caetl.export import export_parquet

pytestmark = pytest.mark.slow(seconds=25)  # needs the session's refreshed warehouse


def test_every_mart_round_trips(built_warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    exported = {t.table: t for t in export_parquet(built_warehouse, out)}
    con = duckdb.connect(str(built_warehouse), read_only=True)
    marts = {
        name
        for (name,) in con.sql(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall()
    }
    assert set(exported) == marts
    assert {"fct_trade_flows", "fct_trade_flows_hs", "dim_products"} <= marts
    for table, info in exported.items():
        files = f"{info.path.as_posix()}/**/*.parquet"
        back = f"read_parquet('{files}', hive_partitioning = {bool(info.partitioned_by)})"
        # EXCEPT ALL both ways: same rows with the same multiplicities
        columns = ", ".join(
            f'"{c}"'
            for (c,) in con.sql(
                "select column_name from information_schema.columns "  # noqa: S608
                f"where table_schema = 'marts' and table_name = '{table}'"
            ).fetchall()
        )
        mine = f'select {columns} from marts."{table}"'  # noqa: S608
        theirs = f"select {columns} from {back}"  # noqa: S608
        for a, b in ((mine, theirs), (theirs, mine)):
            diff = con.sql(f"select count(*) from ({a} except all {b})").fetchall()[0][0]  # noqa: S608
            assert diff == 0, table
        assert info.rows == con.sql(f'select count(*) from marts."{table}"').fetchall()[0][0]  # noqa: S608


def test_facts_are_partitioned_by_year(built_warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    exported = {t.table: t for t in export_parquet(built_warehouse, out)}
    assert exported["fct_trade_flows_hs"].partitioned_by == "year"
    assert exported["dim_products"].partitioned_by is None
    con = duckdb.connect(str(built_warehouse), read_only=True)
    years = {
        str(y) for (y,) in con.sql("select distinct year from marts.fct_trade_flows_hs").fetchall()
    }
    folders = {p.name.removeprefix("year=") for p in (out / "fct_trade_flows_hs").iterdir()}
    assert folders == years


def test_export_replaces_the_previous_one(built_warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    out.mkdir()
    (out / "stale_table").mkdir()
    export_parquet(built_warehouse, out)
    assert not (out / "stale_table").exists()
    assert not out.with_name("parquet.partial").exists()
