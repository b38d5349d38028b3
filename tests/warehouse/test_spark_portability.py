"""The whole dbt project runs on Spark too: same models, dbt-spark's session method, a local
pyspark; every row of every `marts` and `reporting` table must match DuckDB's.

The data is the small project's (the shipped files with 16 of the 235 DOTS workbooks:
every source and every code path, a tenth of the rows; a local Spark on 2 cores builds it
in about two minutes, a cost that follows the ~100 queries, not the rows). The raw tables
of its refreshed DuckDB warehouse are handed to Spark as Parquet (as a cluster would get
them, see docs/scale.md); dbt builds the seeds and all the models there. The data and unit
tests are left to DuckDB's build: on Spark they pass too but take about two more minutes
(docs/scale.md). Spark's tables are written back as Parquet and compared with DuckDB's
inside DuckDB, row for row: text, dates and booleans exactly, numbers as doubles within
1e-9 relative (Spark's types differ: int for BIGINT, and sums of doubles add in another
order).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from support import REPO
from support.skips import import_or_skip

import_or_skip("pyspark", "pip install -e '.[spark]' (make test does it)")
pytestmark = pytest.mark.slow(seconds=150)
COMPARED_SCHEMAS = ("marts", "reporting")
NUMERIC = ("DOUBLE", "FLOAT", "DECIMAL", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "HUGEINT")
RELATIVE_TOLERANCE = 1e-9


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
    args = ["--quiet", "--no-use-colors", "build", "--target", "spark"]
    args += ["--resource-type", "seed", "--resource-type", "model"]
    # Two models at once: a local Spark job is mostly latency.
    args += ["--threads", "2"]
    args += ["--project-dir", str(project), "--profiles-dir", str(project)]
    args += ["--target-path", str(base / "dbt-target"), "--log-path", str(base / "dbt-logs")]
    outcome = dbtRunner().invoke(args)
    failed = [
        f"{r.node.name}: {r.message}"
        for r in (outcome.result or [])
        if str(r.status).lower() in {"error", "fail", "skipped"}
    ]
    assert outcome.success and not failed, (outcome.exception, failed)


def _published_tables(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    query = (
        "select table_schema, table_name from information_schema.tables "  # noqa: S608
        f"where table_schema in {COMPARED_SCHEMAS} and table_type = 'BASE TABLE' "
        "order by table_schema, table_name"
    )
    return con.sql(query).fetchall()


def _column_types(con: duckdb.DuckDBPyConnection, relation: str) -> dict[str, str]:
    """Column name → type, in the table's order (`describe` also gives null, key, ...)."""
    described = con.sql(f"describe select * from {relation}").fetchall()  # noqa: S608
    return {name.lower(): kind for name, kind, *_ in described}


def _family(data_type: str) -> str:
    return "number" if data_type.startswith(NUMERIC) else data_type


def _normalised(relation: str, types: dict[str, str]) -> str:
    """Numbers as doubles, every other column as text; each row numbered in the order of
    all its columns, so the two sides pair up row by row."""
    columns = [
        f'cast("{c}" as double) as "{c}"'
        if _family(t) == "number"
        else f'cast("{c}" as varchar) as "{c}"'
        for c, t in types.items()
    ]
    order = ", ".join(f'"{c}"' for c in types)
    return (
        f"select *, row_number() over (order by {order}) as _row "  # noqa: S608
        f"from (select {', '.join(columns)} from {relation})"
    )


def _differences(con, ours: str, theirs: str, types: dict[str, str]) -> dict[str, int]:
    """Per column, how many paired rows differ (`_row`: rows one side has and the other not)."""
    checks = {"_row": "ours._row is not null and theirs._row is not null"}
    for c, t in types.items():
        a, b = f'ours."{c}"', f'theirs."{c}"'
        if _family(t) == "number":
            checks[c] = (
                f"({a} is null and {b} is null) or abs({a} - {b}) "
                f"<= {RELATIVE_TOLERANCE} * greatest(abs({a}), abs({b}))"
            )
        else:
            checks[c] = f"{a} is not distinct from {b}"
    counts = ", ".join(
        f"count(*) filter (where not coalesce({check}, false))" for check in checks.values()
    )
    row = con.sql(
        f"select {counts} from ({_normalised(ours, types)}) as ours "  # noqa: S608
        f"full join ({_normalised(theirs, types)}) as theirs using (_row)"
    ).fetchall()[0]
    return {c: n for c, n in zip(checks, row, strict=True) if n}


def test_every_mart_and_report_table_matches_duckdb_on_spark(spark_env, small_home) -> None:
    session, base = spark_env
    warehouse = small_home.warehouse
    _hand_raw_tables_to_spark(session, warehouse, base)
    _dbt_on_spark(base)
    con = duckdb.connect(str(warehouse), read_only=True)
    tables = _published_tables(con)
    assert len(tables) >= 25, tables
    mismatched = {}
    for schema, table in tables:
        out = base / "spark_tables" / schema / table
        session.table(f"{schema}.{table}").write.mode("overwrite").parquet(str(out))
        ours = f'{schema}."{table}"'
        theirs = f"read_parquet('{out}/*.parquet')"
        types = _column_types(con, ours)
        spark_types = _column_types(con, theirs)
        assert list(spark_types) == list(types), (schema, table)
        assert {c: _family(t) for c, t in spark_types.items()} == {
            c: _family(t) for c, t in types.items()
        }, (schema, table)
        rows = con.sql(f"select count(*) from {ours}").fetchall()[0][0]  # noqa: S608
        assert rows > 0, (schema, table)
        differing = _differences(con, ours, theirs, types)
        if differing:
            mismatched[f"{schema}.{table} ({rows} rows)"] = differing
    assert not mismatched, mismatched
