"""The same raw files give the same bytes, whatever path the refresh took.

The published project was built by a full refresh from empty. Here five sources get new
file bytes with the same content (a trailing space the parsers strip), so an incremental
refresh reloads them and rebuilds every model downstream, source-id lists included, from
rows read in another order: every report CSV must keep its bytes, and every marts and
reporting table its rows.
"""

from __future__ import annotations

import csv
import shutil

import duckdb
import pytest

from caetl import exitcodes, runlog
from support.refresh import file_digest, published_copy, run_caetl

pytestmark = pytest.mark.slow(seconds=95)

# Upstream of every report: claims, deals, remittances, investments, memberships.
RESAVED = [
    "claims/article_claims.csv",
    "deals/deals_2025.csv",
    "remittances/remittances_page_figures.csv",
    "investment/investment_page_figures.csv",
    "reference/memberships.csv",
]
VARYING = ("load_id", "loaded_at", "refreshed_at")
"""Columns that name the run, not the data."""


def _resave_same_content(path) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    last = rows[-1]
    column = max(range(len(last)), key=lambda j: len(last[j]))  # a long text cell
    last[column] += " "
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


@pytest.fixture(scope="module")
def two_paths(small_home, module_tmp):
    base = module_tmp.mktemp("deterministic")
    paths = published_copy(small_home, base / "project")
    before_db = base / "before.duckdb"
    shutil.copyfile(paths.warehouse, before_db)
    before_csv = {p.name: file_digest(p) for p in (paths.reports / "csv").glob("rpt_*.csv")}
    for name in RESAVED:
        _resave_same_content(paths.raw / name)
    result = run_caetl(paths, "refresh")
    return paths, before_db, before_csv, result


def test_second_path_was_an_incremental_refresh(two_paths):
    paths, _, _, result = two_paths
    assert result.returncode == exitcodes.OK, result.stderr
    last = runlog.read(paths, last=1)[0]
    assert last["status"] == "published" and last["mode"] == "incremental", last
    assert {"article_claims", "deals_2025", "memberships"} <= set(last["sources_loaded"])
    # Same models as the published build: their unit tests passed then.
    assert "dbt unit tests skipped" in result.stderr


def test_every_report_csv_keeps_its_bytes(two_paths):
    paths, _, before_csv, _ = two_paths
    after = {p.name: file_digest(p) for p in (paths.reports / "csv").glob("rpt_*.csv")}
    assert len(after) >= 11
    changed = sorted(n for n in after if before_csv.get(n) != after[n])
    assert after.keys() == before_csv.keys() and not changed, changed


def test_source_id_lists_are_sorted_and_unique(two_paths):
    paths, _, _, _ = two_paths
    for path in (paths.reports / "csv").glob("rpt_*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                for column, cell in row.items():
                    if column.endswith("source_ids") and cell:
                        ids = cell.split("; ")
                        assert ids == sorted(set(ids)), (path.name, column, cell)


def test_marts_and_reporting_tables_hold_the_same_rows(two_paths):
    paths, before_db, _, _ = two_paths
    with duckdb.connect() as con:
        con.execute(f"attach '{before_db}' as old (read_only)")
        con.execute(f"attach '{paths.warehouse}' as new (read_only)")
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = 'new' "
            "and schema_name in ('marts', 'reporting') order by all"
        ).fetchall()
        assert len(tables) > 20
        differ = []
        for schema, table in tables:
            columns = [
                c
                for (c,) in con.execute(
                    "select column_name from duckdb_columns() where database_name = 'new' "
                    "and schema_name = ? and table_name = ? order by column_index",
                    [schema, table],
                ).fetchall()
                if not c.startswith("_") and c not in VARYING
            ]
            cols = ", ".join(f'"{c}"' for c in columns)
            old, new = f'old."{schema}"."{table}"', f'new."{schema}"."{table}"'
            diff = con.execute(
                f"select count(*) from ((select {cols} from {old} except all "  # noqa: S608
                f"select {cols} from {new}) union all (select {cols} from {new} except all "
                f"select {cols} from {old}))"
            ).fetchone()[0]
            if diff:
                differ.append((schema, table, diff))
    assert not differ
