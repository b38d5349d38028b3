"""Export the marts as Parquet, for engines past one machine (Spark, Trino, MotherDuck).

Every marts table becomes a folder `<out>/<table>/` (a folder, because Spark and Hive
tables point at folders). Fact tables with a `year` column are written Hive-partitioned
(`year=2022/...`) so an engine reads only the years a query needs. The export is written
beside `out` and renamed into place, so a reader never sees half of it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

PARTITION_COLUMN = "year"


@dataclass(frozen=True)
class ExportedTable:
    table: str
    rows: int
    partitioned_by: str | None
    path: Path


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _marts_tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    rows = con.execute(
        "select table_name, column_name from information_schema.columns "
        "where table_schema = 'marts' order by table_name, ordinal_position"
    ).fetchall()
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        tables.setdefault(table, []).append(column)
    return tables


def export_parquet(warehouse: Path, out_dir: Path) -> list[ExportedTable]:
    """Write every marts table of `warehouse` under `out_dir`, replacing what was there."""
    out_dir = Path(out_dir).resolve()
    staging = out_dir.with_name(out_dir.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    exported: list[ExportedTable] = []
    with duckdb.connect(str(warehouse), read_only=True) as con:
        con.execute("set enable_progress_bar = false")
        tables = _marts_tables(con)
        if not tables:
            raise FileNotFoundError(f"{warehouse}: no tables in schema marts")
        for table, columns in tables.items():
            target = staging / table
            partition = (
                PARTITION_COLUMN
                if table.startswith("fct_") and PARTITION_COLUMN in columns
                else None
            )
            relation = f'marts."{table}"'
            if partition:
                options = f"format parquet, partition_by ({partition})"
                con.execute(f"copy {relation} to {_quote(str(target))} ({options})")
            else:
                target.mkdir()
                file = target / f"{table}.parquet"
                con.execute(f"copy {relation} to {_quote(str(file))} (format parquet)")
            rows = con.execute(f"select count(*) from {relation}").fetchone()[0]  # noqa: S608
            exported.append(ExportedTable(table, rows, partition, out_dir / table))
    old = out_dir.with_name(out_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        out_dir.rename(old)
    staging.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
    return exported
