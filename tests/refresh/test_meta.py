"""The meta schema is declared once (caetl.meta): every table is created with its
description as a DuckDB comment, and creating it again changes nothing."""

from __future__ import annotations

import duckdb
import pytest

from caetl import meta


def _tables(con) -> dict[str, str]:
    return dict(
        con.execute(
            "select table_name, comment from duckdb_tables() where schema_name = 'meta'"
        ).fetchall()
    )


def test_every_meta_table_is_created_with_its_description():
    con = duckdb.connect()
    meta.ensure(con)
    tables = _tables(con)
    assert set(tables) == {"loads", "rejects", "file_hashes", "source_stats", "runs", "state"}
    assert all(comment and comment.endswith(".") for comment in tables.values()), tables


def test_ensure_keeps_rows_and_creates_only_what_is_named():
    con = duckdb.connect()
    meta.ensure(con, "rejects")
    con.execute("insert into meta.rejects (load_id, reason) values ('L1', 'it''s bad')")
    meta.ensure(con, "rejects", "state")
    assert set(_tables(con)) == {"rejects", "state"}
    assert con.execute("select load_id, reason from meta.rejects").fetchall() == [
        ("L1", "it's bad")
    ]


def test_a_full_rebuild_keeps_the_history_in_declared_tables(tmp_path):
    """A full refresh starts a new file with the published history: the copied tables keep
    their keys and comments, so a run id can still never be recorded twice."""
    from caetl.paths import Paths
    from caetl.refresh import Plan, _start_database

    paths = Paths(tmp_path)
    paths.warehouse.parent.mkdir(parents=True)
    with duckdb.connect(str(paths.warehouse)) as con:
        meta.ensure(con)
        con.execute("insert into meta.runs (run_id, status) values ('R1', 'published')")
        con.execute("insert into meta.source_stats (load_id, source_id) values ('R1', 'kept')")
        con.execute("insert into meta.source_stats (load_id, source_id) values ('R1', 'gone')")
    staged = tmp_path / "staged.duckdb"
    _start_database(paths, Plan("full", "test", reload=["gone"], keep=["kept"]), staged)
    with duckdb.connect(str(staged)) as con:
        assert con.execute("select run_id from meta.runs").fetchall() == [("R1",)]
        assert con.execute("select source_id from meta.source_stats").fetchall() == [("kept",)]
        with pytest.raises(duckdb.ConstraintException):
            con.execute("insert into meta.runs (run_id) values ('R1')")
        assert all(_tables(con).values())
