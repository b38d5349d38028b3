"""The meta schema is declared once (caetl.meta): every table is created with its
description as a DuckDB comment, and creating it again changes nothing."""

from __future__ import annotations

import duckdb

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
