"""The `caetl` command line: refresh the warehouse, query it, publish its reports."""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from caetl.errors import CaetlError
from caetl.paths import Paths

app = typer.Typer(
    help="caetl: a DuckDB + dbt warehouse of Central Asia's trade, investment and ties with "
    "China, Russia and the US, and reports that check an article's claims against it.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True)

HomeOption = Annotated[
    Path | None,
    typer.Option(
        "--home",
        help="Project folder holding raw/, dbt_project/, warehouse/ and reports/ "
        "(default: $CAETL_HOME or this checkout).",
    ),
]

EXIT_ERROR = 1


def _paths(home: Path | None) -> Paths:
    return Paths(home.resolve()) if home else Paths.default()


def _say(message: str) -> None:
    console.print(f"[dim]{time.strftime('%H:%M:%S')}[/dim] {message}")


def _fail(exc: Exception, code: int = EXIT_ERROR) -> typer.Exit:
    console.print(f"[bold red]error:[/bold red] {exc}")
    return typer.Exit(code)


@app.command()
def refresh(home: HomeOption = None) -> None:
    """Load every source in raw/manifest.toml, build the dbt models and tests, write the
    reports, and publish warehouse/caetl.duckdb and reports/ only if all of it succeeded."""
    from caetl.refresh import refresh as run_refresh

    paths = _paths(home)
    try:
        result = run_refresh(paths, progress=_say)
    except CaetlError as exc:
        raise _fail(exc) from exc
    steps = ", ".join(f"{k} {v:.1f}s" for k, v in result.timings.items())
    total = sum(result.timings.values())
    _say(f"published {paths.warehouse} (load {result.load_id}); {total:.1f}s: {steps}")


@app.command()
def fetch(
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source",
            "-s",
            help="API source id from raw/manifest.toml (repeatable; default: every API source).",
        ),
    ] = None,
    home: HomeOption = None,
) -> None:
    """Fetch fresh data from the publishers' APIs into new raw vintages (raw/api/) and point
    the manifest at them. Exit 75 when a source failed (its previous vintage stays in force)."""
    from caetl.fetch.cli import run_fetch

    raise typer.Exit(run_fetch(_paths(home), source, _say, console))


@app.command()
def load(home: HomeOption = None) -> None:
    """Parse and land every source into a scratch warehouse (warehouse/.work/caetl.duckdb)
    without building or publishing; for checking new or changed raw files."""
    import duckdb

    from caetl.load import load_sources
    from caetl.manifest import load_manifest
    from caetl.refresh import new_load_id

    paths = _paths(home)
    scratch = paths.warehouse_dir / ".work" / paths.warehouse.name
    scratch.parent.mkdir(parents=True, exist_ok=True)
    try:
        with duckdb.connect(str(scratch)) as con:
            result = load_sources(
                con, load_manifest(paths.manifest), paths.raw, new_load_id(), _say
            )
    except CaetlError as exc:
        raise _fail(exc) from exc
    _say(f"loaded {result.rows:,} rows into {scratch}")


@app.command()
def build(home: HomeOption = None) -> None:
    """Run `dbt build` (models and tests) on the scratch warehouse written by `caetl load`."""
    from caetl.build import build as dbt_build

    paths = _paths(home)
    scratch = paths.warehouse_dir / ".work" / paths.warehouse.name
    if not scratch.exists():
        raise _fail(CaetlError(f"{scratch} does not exist: run `caetl load` first"))
    try:
        dbt_build(paths.dbt_project, scratch, scratch.parent)
    except CaetlError as exc:
        raise _fail(exc) from exc
    _say(f"built {scratch}")


@app.command()
def report(home: HomeOption = None) -> None:
    """Write reports/csv/*.csv and the reports/html/ site from the published warehouse."""
    import shutil

    from caetl.refresh import _publish_reports
    from caetl.reports import write_reports

    paths = _paths(home)
    if not paths.warehouse.exists():
        raise _fail(CaetlError(f"{paths.warehouse} does not exist: run `caetl refresh` first"))
    staged = paths.warehouse_dir / ".build" / "report-only"
    shutil.rmtree(staged, ignore_errors=True)
    started = time.perf_counter()
    try:
        written = write_reports(paths.warehouse, staged)
        _publish_reports(staged, paths.reports)
    except CaetlError as exc:
        raise _fail(exc) from exc
    _say(f"wrote {len(written)} files to {paths.reports} in {time.perf_counter() - started:.1f}s")


@app.command()
def sql(
    query: Annotated[
        str, typer.Argument(help='SQL to run, e.g. "select * from marts.dim_sources"')
    ],
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")] = False,
    home: HomeOption = None,
) -> None:
    """Run one query read-only against the published warehouse and print the result."""
    import duckdb

    paths = _paths(home)
    if not paths.warehouse.exists():
        raise _fail(CaetlError(f"{paths.warehouse} does not exist: run `caetl refresh` first"))
    try:
        with duckdb.connect(str(paths.warehouse), read_only=True) as con:
            cursor = con.execute(query)
            columns = [d[0] for d in cursor.description or []]
            rows = cursor.fetchall()
    except duckdb.Error as exc:
        raise _fail(exc) from exc
    if as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return
    table = Table(*columns, show_lines=False)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    Console().print(table)


def main() -> None:  # pragma: no cover - console-script entry
    app()
