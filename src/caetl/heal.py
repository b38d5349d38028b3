"""A published warehouse that cannot be used: found, moved aside, rebuilt from raw/.

A full disk or a bad copy can leave warehouse/caetl.duckdb truncated or with damaged
blocks. Everything in it can be rebuilt from raw/ except its history, and that is also in
warehouse/runs.jsonl; so a damaged file is moved to warehouse/damaged/<UTC time>.duckdb
(kept for inspection, never read again) and the refresh rebuilds fully.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from caetl.errors import CaetlError
from caetl.paths import Paths


class WarehouseDamaged(CaetlError):
    """The published warehouse does not open or fails the quick integrity check."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path} is damaged ({reason})")


def damaged_dir(paths: Paths) -> Path:
    return paths.warehouse_dir / "damaged"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def problem(warehouse: Path) -> str | None:
    """Why the file at `warehouse` cannot be used, or None (also when there is none).

    Quick: open it read-only, read the catalog and meta.state, and count every table's
    rows, which reads each table's metadata blocks (each block is checksummed)."""
    if not warehouse.exists():
        return None
    import duckdb

    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            tables = con.execute(
                "select schema_name, table_name from duckdb_tables() "
                "where database_name = current_database() order by all"
            ).fetchall()
            if not tables:
                return "it holds no tables"
            if ("meta", "state") in tables:
                con.execute("select key, value from meta.state").fetchall()
            for schema, table in tables:
                quoted = '"' + schema.replace('"', '""') + '"."' + table.replace('"', '""') + '"'
                con.execute(f"select count(*) from {quoted}").fetchall()  # noqa: S608
    except (duckdb.Error, OSError) as exc:
        return _first_line(exc)
    return None


def check(paths: Paths) -> None:
    """Raise WarehouseDamaged if the published warehouse exists and cannot be used."""
    reason = problem(paths.warehouse)
    if reason:
        raise WarehouseDamaged(paths.warehouse, reason)


def move_aside(paths: Paths) -> Path:
    """Move the published file (and a WAL beside it) to warehouse/damaged/; its new path."""
    folder = damaged_dir(paths)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{stamp}{paths.warehouse.suffix}"
    os.replace(paths.warehouse, target)
    wal = paths.warehouse.with_name(paths.warehouse.name + ".wal")
    if wal.exists():
        os.replace(wal, target.with_name(target.name + ".wal"))
    return target


def heal(paths: Paths) -> tuple[str, Path] | None:
    """Move a damaged published warehouse aside; (reason, where it went) or None. Called
    with the refresh lock held, so no refresh is replacing the file meanwhile."""
    reason = problem(paths.warehouse)
    if reason is None:
        return None
    return reason, move_aside(paths)
