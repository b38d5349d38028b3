"""What the published warehouse offers the reports: rpt_ tables, their docs, sources, labels.

Only the `reporting` schema and `marts.dim_*` are read (plus, for a report with no source
column, the source ids of the marts it was built from: see `report_source_ids`). Docs come
from the DuckDB comments dbt writes with persist_docs, so the site needs no dbt import.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

REPORT_SCHEMA = "reporting"
MARTS_SCHEMA = "marts"
# Columns that hold source ids: source_id, source_ids, evidence_source_ids, source_id_a ...
SOURCE_COLUMN = re.compile(r"(^|_)source_ids?(_[a-z0-9]+)?$")
_ID_SPLIT = re.compile(r"[;,|\s]+")


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    description: str

    @property
    def is_numeric(self) -> bool:
        base = self.data_type.upper().split("(")[0]
        return base in {
            "TINYINT",
            "SMALLINT",
            "INTEGER",
            "BIGINT",
            "HUGEINT",
            "UTINYINT",
            "USMALLINT",
            "UINTEGER",
            "UBIGINT",
            "FLOAT",
            "DOUBLE",
            "DECIMAL",
            "REAL",
        }

    @property
    def is_list(self) -> bool:
        return self.data_type.endswith("[]")


@dataclass(frozen=True)
class Report:
    """One rpt_ table of the reporting schema."""

    name: str
    description: str
    columns: tuple[Column, ...]

    @property
    def qualified(self) -> str:
        return f'{REPORT_SCHEMA}."{self.name}"'

    @property
    def source_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if SOURCE_COLUMN.search(c.name))

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


@dataclass(frozen=True)
class Source:
    source_id: str
    publisher: str
    title: str
    url: str
    licence: str
    retrieved: str


def connect(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """Open the warehouse read-only: a report never holds a write lock."""
    con = duckdb.connect(str(warehouse), read_only=True)
    con.execute("SET enable_progress_bar = false")
    return con


def list_reports(con: duckdb.DuckDBPyConnection) -> list[Report]:
    """Every rpt_ table or view of the reporting schema, in name order."""
    relations = con.execute(
        """
        SELECT table_name, coalesce(comment, '') FROM duckdb_tables()
        WHERE database_name = current_database() AND schema_name = ?
          AND starts_with(table_name, 'rpt_')
        UNION ALL
        SELECT view_name, coalesce(comment, '') FROM duckdb_views()
        WHERE database_name = current_database() AND schema_name = ?
          AND starts_with(view_name, 'rpt_')
        ORDER BY 1
        """,
        [REPORT_SCHEMA, REPORT_SCHEMA],
    ).fetchall()
    return [
        Report(name, description, _columns(con, REPORT_SCHEMA, name))
        for name, description in relations
    ]


def _columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> tuple[Column, ...]:
    rows = con.execute(
        """
        SELECT column_name, data_type, coalesce(comment, '') FROM duckdb_columns()
        WHERE database_name = current_database() AND schema_name = ? AND table_name = ?
        ORDER BY column_index
        """,
        [schema, table],
    ).fetchall()
    return tuple(Column(*row) for row in rows)


def table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(_columns(con, schema, table))


def plain(value: object) -> object:
    """A value JSON and templates can carry: ISO dates, floats for decimals, joined lists."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return "; ".join(str(plain(v)) for v in value)
    return value


PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})


def read_rows(con: duckdb.DuckDBPyConnection, report: Report) -> list[list[object]]:
    """All rows of a report in the stable order the CSV also uses."""
    rows = con.execute(f"SELECT * FROM {report.qualified} ORDER BY ALL").fetchall()  # noqa: S608
    # Column by column: most columns hold only plain values and pass through untouched
    # (two million calls of plain() were half of writing the reports).
    columns = [
        values if all(type(v) in PLAIN_TYPES for v in values) else [plain(v) for v in values]
        for values in zip(*rows, strict=True)
    ]
    return [list(row) for row in zip(*columns, strict=True)]


def split_ids(value: object) -> list[str]:
    """Source ids from one cell: a list, or text separated by ; , | or spaces."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    return [part for part in _ID_SPLIT.split(str(value)) if part]


def all_sources(con: duckdb.DuckDBPyConnection) -> dict[str, Source]:
    if not table_exists(con, MARTS_SCHEMA, "dim_sources"):
        return {}
    wanted = ("source_id", "publisher", "title", "url", "licence", "retrieved")
    have = {c.name for c in _columns(con, MARTS_SCHEMA, "dim_sources")}
    select = ", ".join(f"CAST({name} AS VARCHAR)" if name in have else "NULL" for name in wanted)
    rows = con.execute(
        f"SELECT {select} FROM {MARTS_SCHEMA}.dim_sources ORDER BY source_id"  # noqa: S608
    ).fetchall()
    return {row[0]: Source(*(str(v) if v is not None else "" for v in row)) for row in rows}


def _upstream_source_ids(con: duckdb.DuckDBPyConnection, upstream: list[str]) -> set[str]:
    ids: set[str] = set()
    for table in upstream:
        for column in _columns(con, MARTS_SCHEMA, table):
            if SOURCE_COLUMN.search(column.name):
                quoted = f'{MARTS_SCHEMA}."{table}"'
                for (value,) in con.execute(
                    f'SELECT DISTINCT "{column.name}" FROM {quoted}'  # noqa: S608
                ).fetchall():
                    ids.update(split_ids(value))
    return ids


def report_source_ids(
    con: duckdb.DuckDBPyConnection, report: Report, upstream_marts: list[str]
) -> tuple[set[str], str]:
    """The source ids behind a report, and how they were found.

    A report with source columns cites exactly the ids in its rows. One without (a share
    computed over many flows) cites the sources of the marts it is built from, taken from
    the dbt lineage; with no lineage at hand it cites nothing and says so.
    """
    if report.source_columns:
        ids: set[str] = set()
        for column in report.source_columns:
            for (value,) in con.execute(
                f'SELECT DISTINCT "{column.name}" FROM {report.qualified}'  # noqa: S608
            ).fetchall():
                ids.update(split_ids(value))
        names = ", ".join(c.name for c in report.source_columns)
        return ids, f"the sources named in this report's rows ({names})"
    if upstream_marts:
        ids = _upstream_source_ids(con, upstream_marts)
        return ids, "the sources of the marts this report is built from: " + ", ".join(
            upstream_marts
        )
    return set(), "this report carries no source column and no dbt lineage was available"


def labels(con: duckdb.DuckDBPyConnection, table: str, key: str, label: str) -> dict[str, str]:
    """A key -> label map from a marts dimension, empty when the dimension or columns lack."""
    names = {c.name for c in _columns(con, MARTS_SCHEMA, table)}
    if key not in names or label not in names:
        return {}
    rows = con.execute(
        f'SELECT "{key}", "{label}" FROM {MARTS_SCHEMA}."{table}"'  # noqa: S608
    ).fetchall()
    return {str(k): str(v) for k, v in rows if k is not None and v is not None}


def dimension_rows(con: duckdb.DuckDBPyConnection, table: str) -> tuple[list[str], list[tuple]]:
    columns = [c.name for c in _columns(con, MARTS_SCHEMA, table)]
    if not columns:
        return [], []
    rows = con.execute(f'SELECT * FROM {MARTS_SCHEMA}."{table}"').fetchall()  # noqa: S608
    return columns, rows
