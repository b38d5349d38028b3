"""The `meta` schema: what each refresh records beside the data it loads. One module owns
its tables, so their columns are declared once and every writer creates them the same way.

    loads         one row per source a load landed or failed to land
    rejects       rows refused by a gate: file, row, field, value, reason
    file_hashes   the sha256 of every landed file and the load that landed it
    source_stats  per-file rows and measure totals, the baseline of the next load's gates
    runs          one row per refresh (the JSON log under warehouse/ keeps the same)
    state         the fingerprint of what the published warehouse was built from
"""

from __future__ import annotations

TABLES: dict[str, tuple[str, str]] = {
    "loads": (
        "One row per source a load landed or failed to land, with its timings.",
        "load_id varchar, source_id varchar, status varchar, files integer, "
        "rows_loaded bigint, rows_rejected bigint, parse_seconds double, "
        "write_seconds double, started_at timestamptz, finished_at timestamptz, "
        "error varchar",
    ),
    "rejects": (
        "Rows a quality gate refused, kept with file, row, field, value and reason.",
        "load_id varchar, source_id varchar, source_file varchar, row_number integer, "
        "field varchar, value varchar, reason varchar, rejected_at timestamptz",
    ),
    "file_hashes": (
        "The sha256 of every landed file of a source and the load that landed it.",
        "source_id varchar, source_file varchar, file_sha256 varchar, load_id varchar",
    ),
    "source_stats": (
        "Rows and measure totals per file and load: the baseline of the next load's gates.",
        "load_id varchar, source_id varchar, source_file varchar, rows bigint, "
        "measure varchar, total double",
    ),
    "runs": (
        "One row per refresh: status, mode, step timings, sources loaded, rows.",
        "run_id varchar primary key, started_at timestamptz, finished_at timestamptz, "
        "status varchar, mode varchar, failed_step varchar, error varchar, "
        "step_seconds json, sources_loaded varchar[], rows_loaded bigint, "
        "rows_rejected bigint, dbt_select varchar, caetl_version varchar",
    ),
    "state": (
        "Key-value state of the published warehouse: its fingerprint and load id.",
        "key varchar primary key, value varchar",
    ),
}


def ensure(con, *names: str) -> None:
    """Create the schema and these tables (all of them when none is named) if missing,
    each with its description as a DuckDB comment."""
    con.execute("create schema if not exists meta")
    for name in names or tuple(TABLES):
        description, columns = TABLES[name]
        con.execute(f"create table if not exists meta.{name} ({columns})")
        quoted = description.replace("'", "''")
        con.execute(f"comment on table meta.{name} is '{quoted}'")
