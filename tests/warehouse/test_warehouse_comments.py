"""Every dbt model and every one of its columns carries its description as a DuckDB comment
in the published warehouse (dbt_project.yml persists docs for all models), so analysts
read what a table or column means from the warehouse itself."""

from __future__ import annotations

import duckdb
import pytest

from support import REPO
from support.refresh import published_project

MODELS = REPO / "dbt_project" / "models"
# dbt model folders and the warehouse schema each builds into (dbt_project.yml).
SCHEMAS = {"staging": "staging", "intermediate": "intermediate", "marts": "marts",
           "argument": "argument", "reporting": "reporting"}  # fmt: skip


def _models() -> dict[str, str]:
    return {
        sql.stem: SCHEMAS[folder] for folder in SCHEMAS for sql in (MODELS / folder).rglob("*.sql")
    }


@pytest.fixture(scope="module")
def catalog(request):
    with duckdb.connect(str(published_project(request).warehouse), read_only=True) as con:
        tables = {
            (s, t): c
            for s, t, c in con.execute(
                "select schema_name, table_name, comment from duckdb_tables()"
            ).fetchall()
        }
        columns = con.execute(
            "select schema_name, table_name, column_name, comment from duckdb_columns()"
        ).fetchall()
    return tables, columns


def _blank(comment: object) -> bool:
    return comment is None or not str(comment).strip()


def test_every_model_is_in_the_warehouse_with_a_comment(catalog):
    tables, _ = catalog
    models = _models()
    assert len(models) > 50
    missing = [m for m, s in models.items() if (s, m) not in tables]
    assert missing == []
    uncommented = [f"{s}.{m}" for m, s in models.items() if _blank(tables[(s, m)])]
    assert uncommented == []


@pytest.mark.parametrize("schema", sorted(set(SCHEMAS.values())))
def test_every_column_of_every_model_has_a_comment(catalog, schema):
    _, columns = catalog
    models = {m for m, s in _models().items() if s == schema}
    checked = [(t, c, comment) for s, t, c, comment in columns if s == schema and t in models]
    assert len({t for t, _, _ in checked}) == len(models)
    uncommented = [f"{schema}.{t}.{c}" for t, c, comment in checked if _blank(comment)]
    assert uncommented == []
