"""The analyst's ways into the published warehouse, all read-only: a DuckDB connection
(`caetl.connect()`), one query written as a table, CSV, JSON lines, Parquet or Markdown
(`caetl sql`), and an interactive session (`caetl shell`).

Read-only matters twice: nobody can change the published warehouse by accident, and many
readers may hold it open while a refresh builds the next one (it is published by rename).
"""

from __future__ import annotations

import code
import csv
import datetime as dt
import decimal
import difflib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

from caetl.errors import CaetlError
from caetl.paths import Paths

if TYPE_CHECKING:
    import duckdb

FORMATS = ("table", "csv", "jsonl", "parquet", "markdown")
SHELLS = ("auto", "duckdb", "harlequin", "python")


class QueryError(CaetlError):
    """A query the warehouse refused, explained for the person who typed it."""


def _paths(home: Path | str | None) -> Paths:
    return Paths(Path(home).resolve()) if home else Paths.default()


def published_warehouse(home: Path | str | None = None) -> Path:
    warehouse = _paths(home).warehouse
    if not warehouse.exists():
        raise CaetlError(f"{warehouse} does not exist: run `caetl refresh` first")
    return warehouse


def connect(home: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only DuckDB connection to the published warehouse of the project at `home`
    (default: $CAETL_HOME or this checkout). Close it when done (or use `with`)."""
    import duckdb

    con = duckdb.connect(str(published_warehouse(home)), read_only=True)
    con.execute("set enable_progress_bar = false")
    return con


def _table_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_catalog = current_database() order by all"
    ).fetchall()
    return [f"{schema}.{name}" for schema, name in rows]


def closest_tables(con: duckdb.DuckDBPyConnection, missing: str, n: int = 5) -> list[str]:
    """The warehouse's tables and views nearest to `missing` by spelling, schema-qualified.
    A bare name is also compared with the bare names, so `fact_trad` finds marts.fact_trade."""
    names = _table_names(con)
    wanted = missing.strip('"').lower()
    by_full = difflib.get_close_matches(wanted, names, n=n, cutoff=0.5)
    bare = [full.split(".", 1)[1] for full in names]
    by_bare = difflib.get_close_matches(wanted.split(".")[-1], bare, n=n, cutoff=0.5)
    found = by_full + [full for full in names if full.split(".", 1)[1] in by_bare]
    return list(dict.fromkeys(found))[:n]


_MISSING = re.compile(r"(?:Table|View|Table Function) with name (\S+) does not exist")
_WRITE = re.compile(r'Cannot execute statement of type "(\w+)".*read-only', re.S)


def explain(con: duckdb.DuckDBPyConnection, exc: Exception) -> QueryError:
    """Turn DuckDB's refusal into a message that says what to do next."""
    text = str(exc)
    if write := _WRITE.search(text):
        return QueryError(
            f"the warehouse is opened read-only, so the {write.group(1)} statement cannot run. "
            "To keep results, write them out (caetl sql --format parquet --output FILE) or "
            "ATTACH a database of your own and create tables there."
        )
    if missing := _MISSING.search(text):
        name = missing.group(1).rstrip("!")
        near = closest_tables(con, name)
        hint = f" Closest: {', '.join(near)}." if near else ""
        return QueryError(
            f"no table or view named {name} in the warehouse.{hint} "
            "List them all with: caetl sql 'show all tables'"
        )
    return QueryError(text.splitlines()[0] if text else type(exc).__name__)


def read_query(query: str | None, file: Path | None, stdin: IO[str] | None = None) -> str:
    """The SQL to run: the argument, a file (`-` is stdin), or stdin when it is piped."""
    stdin = stdin or sys.stdin
    if query and file:
        raise CaetlError("give the query as an argument or with --file, not both")
    if file is not None:
        text = stdin.read() if str(file) == "-" else _read_file(file)
    elif query:
        text = query
    elif not stdin.isatty():
        text = stdin.read()
    else:
        raise CaetlError("no query: give one as an argument, with --file FILE, or on stdin")
    if not text.strip():
        raise CaetlError("the query is empty")
    return text


def _read_file(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except OSError as exc:
        raise CaetlError(f"cannot read the query file {file}: {exc.strerror}") from exc


def _json_value(value: object) -> object:
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dict | list | tuple):
        return value
    return str(value)


def _markdown_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def write_rows(
    columns: Sequence[str], rows: Sequence[Sequence[object]], fmt: str, out: IO[str]
) -> None:
    """Write a result in one of the text formats."""
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    elif fmt == "jsonl":
        for row in rows:
            record = dict(zip(columns, row, strict=True))
            out.write(json.dumps(record, default=_json_value, ensure_ascii=False) + "\n")
    elif fmt == "markdown":
        out.write("| " + " | ".join(_markdown_cell(c) for c in columns) + " |\n")
        out.write("|" + "|".join("---" for _ in columns) + "|\n")
        for row in rows:
            out.write("| " + " | ".join(_markdown_cell(v) for v in row) + " |\n")
    elif fmt == "table":
        from rich.console import Console
        from rich.table import Table

        table = Table(*columns)
        for row in rows:
            table.add_row(*("" if v is None else str(v) for v in row))
        interactive = out is sys.stdout and out.isatty()
        Console(file=out, no_color=not interactive, soft_wrap=False).print(table)
    else:
        raise CaetlError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")


def run_sql(
    query: str, *, home: Path | str | None = None, fmt: str = "table", output: Path | None = None
) -> int:
    """Run `query` on the published warehouse and write its result; returns the row count
    (for Parquet, the rows written)."""
    import duckdb

    if fmt not in FORMATS:
        raise CaetlError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt == "parquet" and output is None:
        raise CaetlError("--format parquet needs --output FILE (Parquet is binary)")
    with connect(home) as con:
        try:
            if fmt == "parquet":
                relation = con.sql(query)
                if relation is None:
                    raise CaetlError("the statement returns no rows to write")
                relation.write_parquet(str(output))
                return con.execute(
                    "select count(*) from read_parquet(?)", [str(output)]
                ).fetchall()[0][0]
            cursor = con.execute(query)
            columns = [d[0] for d in cursor.description or []]
            rows = cursor.fetchall() if columns else []
        except duckdb.Error as exc:
            raise explain(con, exc) from exc
    if output is None:
        write_rows(columns, rows, fmt, sys.stdout)
    else:
        buffer = io.StringIO()
        write_rows(columns, rows, fmt, buffer)
        output.write_text(buffer.getvalue(), encoding="utf-8")
    return len(rows)


# --- caetl shell -------------------------------------------------------------------------


def duckdb_cli_can_open(warehouse: Path, executable: str | None = None) -> bool:
    """True when a `duckdb` CLI is installed and opens this file read-only. A 1.x CLI (the
    duckdb-cli wheel) cannot read a file written by DuckDB 2.0, so it is tried, not assumed."""
    executable = executable or shutil.which("duckdb")
    if not executable:
        return False
    try:
        probe = subprocess.run(
            [executable, "-readonly", str(warehouse), "-c", "select 1"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


def harlequin_installed() -> str | None:
    return shutil.which("harlequin")


def choose_shell(warehouse: Path, wanted: str = "auto") -> tuple[str, list[str] | None]:
    """(kind, command): the DuckDB CLI if it can read the file, else Harlequin, else the
    Python prompt (command None: it runs in this process)."""
    if wanted not in SHELLS:
        raise CaetlError(f"unknown shell {wanted!r}: choose one of {', '.join(SHELLS)}")
    if wanted in ("auto", "duckdb"):
        cli = shutil.which("duckdb")
        if cli and duckdb_cli_can_open(warehouse, cli):
            return "duckdb", [cli, "-readonly", str(warehouse)]
        if wanted == "duckdb":
            raise CaetlError(
                "no DuckDB CLI that can open this warehouse (a 1.x CLI cannot read files "
                "written by DuckDB 2.0); try `caetl shell --with python`"
            )
    if wanted in ("auto", "harlequin"):
        harlequin = harlequin_installed()
        if harlequin:
            return "harlequin", [harlequin, "--read-only", str(warehouse)]
        if wanted == "harlequin":
            raise CaetlError("Harlequin is not installed: pip install 'caetl[shell]'")
    return "python", None


BANNER = """caetl shell: {warehouse} (read-only)
`con` is an open DuckDB connection. Examples:
  con.sql("select * from marts.dim_sources").show()
  df = con.sql("select * from reporting.rpt_partner_shares").pl()   # polars (.df(): pandas)
  con.sql("show all tables").show()
Exit with Ctrl-D or exit()."""


def python_shell(home: Path | str | None = None) -> None:
    """A plain Python prompt with the read-only connection open as `con`."""
    import duckdb

    with connect(home) as con:
        warehouse = published_warehouse(home)
        console = code.InteractiveConsole({"con": con, "duckdb": duckdb, "__name__": "__console__"})
        console.interact(banner=BANNER.format(warehouse=warehouse), exitmsg="")


def run_shell(home: Path | str | None = None, wanted: str = "auto") -> int:
    warehouse = published_warehouse(home)
    kind, command = choose_shell(warehouse, wanted)
    if command is None:
        python_shell(home)
        return 0
    return subprocess.run(command, check=False, env=os.environ.copy()).returncode
