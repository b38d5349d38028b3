"""A refresh after DOTS workbooks are removed, changed or added reloads those files only,
and publishes the same facts and byte-identical report CSVs as a full rebuild.

Two refreshes cover the three cases (each a whole dbt rebuild downstream of DOTS): one
workbook removed and another changed, compared with a full rebuild of the same raw files;
then both put back, compared with the shipped project's own full build. The load-level
test of each case alone is test_load_by_file.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from caetl.paths import Paths
from caetl.refresh import refresh
from refresh_support import DOTS, change_one_value, published_copy, published_project

pytestmark = pytest.mark.slow

REMOVED, CHANGED = "DOTS_10.xlsx", "DOTS_100.xlsx"
# Columns naming the run that wrote a row, not its content.
RUN_COLUMNS = {"_load_id", "_loaded_at", "loaded_at", "refreshed_at"}


def published_tables(paths: Paths) -> dict[str, list]:
    """Every marts and reporting table, rows sorted."""
    found = {}
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() "
            "where schema_name in ('marts', 'reporting') order by all"
        ).fetchall()
        for schema, table in tables:
            columns = [
                c
                for (c,) in con.execute(
                    "select column_name from duckdb_columns() where schema_name = ? "
                    "and table_name = ? order by column_index",
                    [schema, table],
                ).fetchall()
                if c not in RUN_COLUMNS
            ]
            select = ", ".join(f'"{c}"' for c in columns)
            found[f"{schema}.{table}"] = con.execute(
                f'select {select} from {schema}."{table}" order by all'  # noqa: S608
            ).fetchall()
    return found


def report_csvs(paths: Paths) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((paths.reports / "csv").glob("rpt_*.csv"))}


def assert_same_as(got: Paths, want: Paths) -> None:
    a, b = published_tables(got), published_tables(want)
    assert a.keys() == b.keys()
    for table in b:
        assert a[table] == b[table], table
    csvs = report_csvs(want)
    assert csvs and report_csvs(got) == csvs


def by_file_refresh(paths: Paths) -> dict[str, tuple[int, int]]:
    result = refresh(paths)
    assert result.published and result.plan.mode == "incremental", result.plan
    return {s.source_id: (s.files, s.kept_files) for s in result.load.sources}


def full_rebuild(paths: Paths) -> None:
    assert refresh(paths, full=True).published


def test_remove_change_add_workbooks_equal_a_full_rebuild(request, tmp_path: Path) -> None:
    shipped = published_project(request)
    ours = published_copy(shipped, tmp_path / "by_file")
    full = published_copy(shipped, tmp_path / "full")
    workbooks = len(list(DOTS.glob("DOTS_*.xlsx")))
    folder = Path("trade") / "imf_dots_xlsx"

    for project in (ours, full):
        (project.raw / folder / REMOVED).unlink()
        change_one_value(project.raw / folder / CHANGED)
    assert by_file_refresh(ours) == {"imf_dots": (1, workbooks - 2)}
    full_rebuild(full)
    assert_same_as(ours, full)

    # Both put back as shipped: one file added, one changed; the shipped build is the full
    # rebuild to compare with.
    shutil.copyfile(DOTS / REMOVED, ours.raw / folder / REMOVED)
    shutil.copyfile(DOTS / CHANGED, ours.raw / folder / CHANGED)
    assert by_file_refresh(ours) == {"imf_dots": (2, workbooks - 2)}
    assert_same_as(ours, shipped)
