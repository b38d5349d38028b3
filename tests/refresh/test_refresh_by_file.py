"""A refresh after DOTS workbooks are removed, changed or added reloads those files only,
and publishes the same facts and byte-identical report CSVs as a full rebuild.

Two refreshes cover the three cases (each a dbt rebuild of everything downstream of DOTS,
minutes apiece): one workbook removed and another changed, whose landed table is compared
with a full load of the same files; then both put back (one added, one changed), and the
published facts and report CSVs compared with the small project's own full build (the
shipped data with 16 DOTS workbooks: tests/fixtures/small_project_workbooks.txt). The
load-level test of each case alone is test_load_by_file.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from caetl.load import load_sources
from caetl.manifest import load_manifest
from caetl.paths import Paths
from caetl.quality.gates import Gates, Previous
from caetl.refresh import refresh
from support.refresh import DOTS, change_one_value, published_copy

pytestmark = pytest.mark.slow(seconds=80)

REMOVED, CHANGED = "DOTS_1.xlsx", "DOTS_100.xlsx"
# Columns naming the run that wrote a row, not its content.
RUN_COLUMNS = {"_load_id", "_loaded_at", "loaded_at", "refreshed_at"}


def published_tables(db: Path, schemas=("marts", "reporting")) -> dict[str, list]:
    """Every table of these schemas, rows sorted, without the columns naming the run."""
    found = {}
    with duckdb.connect(str(db), read_only=True) as con:
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() "
            "where list_contains(?, schema_name) order by all",
            [list(schemas)],
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
    a, b = published_tables(got.warehouse), published_tables(want.warehouse)
    assert a.keys() == b.keys()
    for table in b:
        assert a[table] == b[table], table
    csvs = report_csvs(want)
    assert csvs and report_csvs(got) == csvs


def by_file_refresh(paths: Paths) -> dict[str, tuple[int, int]]:
    result = refresh(paths)
    assert result.published and result.plan.mode == "incremental", result.plan
    return {s.source_id: (s.files, s.kept_files) for s in result.load.sources}


def landed_dots(db: Path) -> list:
    return published_tables(db, ("raw",))["raw.imf_dots"]


def full_load_of_dots(paths: Paths, db: Path) -> Path:
    """The DOTS workbooks of `paths` loaded from scratch, gates included, into `db`."""
    source = next(s for s in load_manifest(paths.manifest) if s.id == "imf_dots")
    gates = Gates(paths.dbt_project / "seeds", Previous.read(db))
    with duckdb.connect(str(db)) as con:
        load_sources(con, [source], paths.raw, "full", gates=gates)
    return db


def test_remove_change_add_workbooks_equal_a_full_rebuild(small_home, tmp_path: Path) -> None:
    ours = published_copy(small_home, tmp_path / "by_file")
    folder = Path("trade") / "imf_dots_xlsx"
    workbooks = len(list((small_home.raw / folder).glob("DOTS_*.xlsx")))

    (ours.raw / folder / REMOVED).unlink()
    change_one_value(ours.raw / folder / CHANGED)
    assert by_file_refresh(ours) == {"imf_dots": (1, workbooks - 2)}
    full = full_load_of_dots(ours, tmp_path / "full.duckdb")
    assert landed_dots(ours.warehouse) == landed_dots(full)

    # Both put back as shipped: one file added, one changed; the small project's own build
    # is the full rebuild to compare with.
    shutil.copyfile(DOTS / REMOVED, ours.raw / folder / REMOVED)
    shutil.copyfile(DOTS / CHANGED, ours.raw / folder / CHANGED)
    assert by_file_refresh(ours) == {"imf_dots": (2, workbooks - 2)}
    assert_same_as(ours, small_home)
