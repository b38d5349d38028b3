"""The trade models run on Spark too: same dbt project, dbt-spark's session method, a local
pyspark, the shipped data; every row of the trade marts must match DuckDB's.

The data is the small project's (the shipped files with 16 of the 235 DOTS workbooks:
every source and every code path, a tenth of the rows, so a local Spark on 2 cores builds
it in about a minute). The raw tables of its refreshed DuckDB warehouse are handed to Spark
as Parquet (as a cluster would get them, see docs/scale.md). Spark's marts are written back
as Parquet and compared with DuckDB's inside DuckDB, row for row (EXCEPT ALL both ways), numbers as
doubles: Spark's types differ (decimal(22,2) vs DECIMAL(38,2), int vs BIGINT).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from support import REPO
from support.skips import import_or_skip

import_or_skip("pyspark", "pip install -e '.[spark]' (make test does it)")
pytestmark = pytest.mark.slow(seconds=130)

TRADE_MARTS = ["+fct_trade_flows", "+fct_trade_flows_hs", "+dim_products"]
COMPARED = ["fct_trade_flows", "fct_trade_flows_hs", "dim_products"]
NUMERIC = ("DOUBLE", "FLOAT", "DECIMAL", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "HUGEINT")


@pytest.fixture(scope="module")
def spark_env(module_tmp):
    """One local Spark session for the module; dbt's session method reuses it."""
    from pyspark.sql import SparkSession

    base = module_tmp.mktemp("spark")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SPARK_LOCAL_IP", "127.0.0.1")
        env.setenv("CAETL_SPARK_DIR", str(base))
        env.setenv("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
        session = (
            SparkSession.builder.master("local[2]")
            .appName("caetl-portability")
            .config("spark.sql.warehouse.dir", str(base / "warehouse"))
            .config(
                "spark.hadoop.javax.jdo.option.ConnectionURL",
                f"jdbc:derby:;databaseName={base}/metastore_db;create=true",
            )
            .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={base}")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .enableHiveSupport()
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        try:
            yield session, base
        finally:
            session.stop()


def _hand_raw_tables_to_spark(session, warehouse: Path, base: Path) -> None:
    """Every raw.* table of the DuckDB warehouse as a Parquet-backed Spark table."""
    session.sql("create database if not exists raw")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = con.sql(
            "select table_name from information_schema.tables where table_schema = 'raw'"
        ).fetchall()
        for (table,) in tables:
            folder = base / "raw_parquet" / table
            folder.mkdir(parents=True)
            con.execute(f"copy raw.\"{table}\" to '{folder / 'data.parquet'}' (format parquet)")
            session.sql(f"create table raw.{table} using parquet location '{folder}'")


def _dbt_on_spark(base: Path) -> None:
    from dbt.cli.main import dbtRunner

    project = REPO / "dbt_project"
    args = ["--quiet", "--no-use-colors", "build", "--select", *TRADE_MARTS]
    args += ["--indirect-selection", "cautious", "--target", "spark"]
    # Two models or tests at once: a local Spark job is mostly latency (99 s against 114 s).
    args += ["--threads", "2"]
    args += ["--project-dir", str(project), "--profiles-dir", str(project)]
    args += ["--target-path", str(base / "dbt-target"), "--log-path", str(base / "dbt-logs")]
    outcome = dbtRunner().invoke(args)
    failed = [
        f"{r.node.name}: {r.message}"
        for r in (outcome.result or [])
        if str(r.status).lower() in {"error", "fail"}
    ]
    assert outcome.success and not failed, (outcome.exception, failed)


def _normalised(con: duckdb.DuckDBPyConnection, relation: str, types: dict[str, str]) -> str:
    columns = [
        f'round(cast("{c}" as double), 4) as "{c}"' if t.startswith(NUMERIC) else f'"{c}"'
        for c, t in types.items()
    ]
    return f"select {', '.join(columns)} from {relation}"  # noqa: S608


def test_trade_marts_match_duckdb_on_spark(spark_env, small_home) -> None:
    session, base = spark_env
    warehouse = small_home.warehouse
    _hand_raw_tables_to_spark(session, warehouse, base)
    _dbt_on_spark(base)
    con = duckdb.connect(str(warehouse), read_only=True)
    for table in COMPARED:
        out = base / "spark_marts" / table
        session.table(f"marts.{table}").write.mode("overwrite").parquet(str(out))
        types = dict(
            con.sql(
                "select column_name, data_type from information_schema.columns "  # noqa: S608
                f"where table_schema = 'marts' and table_name = '{table}' "
                "order by ordinal_position"
            ).fetchall()
        )
        spark_columns = [c.lower() for c in session.table(f"marts.{table}").columns]
        assert spark_columns == list(types), table
        ours = _normalised(con, f'marts."{table}"', types)
        theirs = _normalised(con, f"read_parquet('{out}/*.parquet')", types)
        rows = con.sql(f"select count(*) from marts.{table}").fetchall()[0][0]  # noqa: S608
        assert rows > 0, table
        for a, b in ((ours, theirs), (theirs, ours)):
            extra = con.sql(f"select count(*) from ({a} except all {b})").fetchall()[0][0]  # noqa: S608
            assert extra == 0, f"{table}: {extra} of {rows} rows differ"
