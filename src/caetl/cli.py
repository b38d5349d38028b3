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


WaitOption = Annotated[
    float,
    typer.Option(
        "--wait",
        metavar="SECONDS",
        help="If another refresh holds the lock, wait up to SECONDS for it ('inf': for "
        "ever) instead of exiting at once with code 75.",
    ),
]


def _say_plain(message: str) -> None:
    """Progress text may hold file names with [brackets]: never read it as rich markup."""
    from rich.markup import escape

    _say(escape(message))


def _run_refresh(paths: Paths, *, wait: float, full: bool, publish: bool):
    """Run a refresh or check; on failure print the cause and exit with its code."""
    from rich.markup import escape

    from caetl import exitcodes
    from caetl.lock import LockBusy
    from caetl.refresh import StepFailed
    from caetl.refresh import refresh as run_refresh

    try:
        return run_refresh(paths, progress=_say_plain, wait=wait, full=full, publish=publish)
    except LockBusy as exc:
        console.print(f"[bold yellow]busy:[/bold yellow] {escape(str(exc))}")
        raise typer.Exit(exitcodes.BUSY) from exc
    except StepFailed as exc:
        console.print(f"[bold red]error:[/bold red] {escape(str(exc))}")
        console.print("nothing was published; the published warehouse and reports are unchanged")
        raise typer.Exit(exc.exit_code) from exc


def _say_rejects(result) -> None:
    for source_id, field, reason, count, file, row in result.rejects:
        _say_plain(
            f"rejected {count} row(s) of {source_id} ({field}: {reason}); first: {file} row {row}"
        )


@app.command()
def refresh(
    home: HomeOption = None,
    wait: WaitOption = 0.0,
    full: Annotated[
        bool, typer.Option("--full", help="Reload every source and rebuild every model.")
    ] = False,
    fetch_first: Annotated[
        bool,
        typer.Option(
            "--fetch",
            help="First fetch new vintages from the publishers' APIs (as `caetl fetch`); "
            "without it a refresh never touches the network.",
        ),
    ] = False,
) -> None:
    """Load the sources that changed (with quality gates), build the dbt models and tests
    downstream of them, write the reports, and publish warehouse/caetl.duckdb and
    reports/ only if all of it succeeded. Exit codes: 0 published or nothing changed,
    1 unexpected error, 3 an input failed a gate, 4 dbt build/tests failed, 5 reports
    failed, 6 (--fetch) an API source failed but the refresh ran on the previous vintage,
    75 another refresh is running (see docs/scheduling.md)."""
    from caetl import exitcodes

    paths = _paths(home)
    fetch_code = exitcodes.OK
    if fetch_first:
        from caetl.fetch.cli import run_fetch

        fetch_code = run_fetch(paths, None, _say_plain, console)
        if fetch_code == exitcodes.USAGE:
            raise typer.Exit(fetch_code)
    result = _run_refresh(paths, wait=wait, full=full, publish=True)
    if result.unchanged:
        _say(f"nothing changed; {paths.warehouse} is current ({result.timings['plan']:.2f}s)")
    else:
        _say_rejects(result)
        steps = ", ".join(f"{k} {v:.1f}s" for k, v in result.timings.items())
        total = sum(result.timings.values())
        _say(f"published {paths.warehouse} (load {result.load_id}); {total:.1f}s: {steps}")
    _exit_if_healed(result)
    if fetch_code != exitcodes.OK:
        raise typer.Exit(fetch_code)


def _exit_if_healed(result) -> None:
    """A rebuild after a damaged warehouse published, but the operator should know why."""
    from caetl import exitcodes

    if result.damaged:
        reason, moved = result.damaged
        _say_plain(
            f"the published warehouse had been damaged ({reason}); it is rebuilt, and the "
            f"damaged file kept at {moved}: check the disk it lives on"
        )
        raise typer.Exit(exitcodes.DAMAGED)


def _heal_for_status(paths: Paths) -> None:
    """A damaged published warehouse: say so, move it aside and rebuild (as refresh)."""
    from rich.markup import escape

    from caetl import heal

    reason = heal.problem(paths.warehouse)
    if reason is None:
        return
    console.print(
        f"[bold red]damaged:[/bold red] {escape(str(paths.warehouse))} does not open or fails "
        f"the integrity check ({escape(reason)}); moving it aside and rebuilding from raw/"
    )
    _exit_if_healed(_run_refresh(paths, wait=0.0, full=True, publish=True))


def _require_warehouse(paths: Paths) -> None:
    """Refuse to read a missing or damaged published warehouse, in one sentence."""
    from caetl import exitcodes, heal

    if not paths.warehouse.exists():
        raise _fail(CaetlError(f"{paths.warehouse} does not exist: run `caetl refresh` first"))
    reason = heal.problem(paths.warehouse)
    if reason:
        raise _fail(
            heal.WarehouseDamaged(
                paths.warehouse, f"{reason}; `caetl refresh` moves it aside and rebuilds it"
            ),
            exitcodes.DAMAGED,
        )


@app.command()
def check(home: HomeOption = None, wait: WaitOption = 0.0) -> None:
    """Run every gate without publishing: parse and validate every source (GX suites,
    country names, shrink and units checks), then dbt build and tests, in a scratch
    warehouse that is deleted afterwards. Same exit codes as refresh."""
    paths = _paths(home)
    result = _run_refresh(paths, wait=wait, full=True, publish=False)
    _say_rejects(result)
    rows = result.load.rows if result.load else 0
    _say(f"all gates passed: {rows:,} rows from {len(result.load.sources)} source(s)")


@app.command()
def status(
    home: HomeOption = None,
    runs: Annotated[int, typer.Option("--runs", help="How many recent runs to list.")] = 10,
    freshness: Annotated[
        bool,
        typer.Option("--freshness/--no-freshness", help="Run dbt source freshness (~5 s)."),
    ] = True,
) -> None:
    """The last refreshes (from warehouse/runs.jsonl), each source's age against its
    expected cadence, and dbt source freshness, read from the published warehouse."""
    from caetl import status as st

    paths = _paths(home)
    table = Table("started", "status", "mode", "seconds", "sources", "rows", "rejects", "error")
    for run in st.last_runs(paths, runs):
        seconds = sum(run.get("step_seconds", {}).values())
        table.add_row(
            run["started_at"][:19],
            run["status"],
            run.get("mode", ""),
            f"{seconds:.1f}",
            str(len(run.get("sources_loaded", []))),
            f"{run.get('rows_loaded', 0):,}",
            f"{run.get('rows_rejected', 0):,}",
            ((run.get("failed_step") or "") + " " + (run.get("error") or ""))[:80].strip(),
        )
    Console().print(table)
    _heal_for_status(paths)
    if not paths.warehouse.exists():
        raise _fail(CaetlError(f"{paths.warehouse} does not exist: run `caetl refresh` first"))
    ages = Table("source", "retrieved", "age (days)", "cadence (days)", "", "last loaded", "rows")
    for a in st.source_ages(paths):
        flag = "[red]overdue[/red]" if a.overdue else "ok"
        ages.add_row(
            a.source_id, a.retrieved, str(a.age_days), str(a.cadence_days), flag,
            (a.last_loaded or "")[:19], "" if a.rows is None else f"{a.rows:,}",
        )  # fmt: skip
    Console().print(ages)
    if freshness:
        fresh = Table("dbt source", "freshness", "max loaded at", "age (hours)")
        for f in st.dbt_freshness(paths):
            fresh.add_row(f.source, f.status, f.max_loaded_at[:19], str(f.age_hours))
        Console().print(fresh)


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
    the manifest at them. Exit 6 when a source failed (its previous vintage stays in force)."""
    from caetl.fetch.cli import run_fetch

    raise typer.Exit(run_fetch(_paths(home), source, _say, console))


@app.command()
def load(home: HomeOption = None) -> None:
    """Parse, gate and land every source into a scratch warehouse
    (warehouse/.work/caetl.duckdb) without building or publishing, to look at new or
    changed raw files in SQL. `caetl check` runs every gate and the dbt build instead."""
    import duckdb

    from caetl.load import load_sources
    from caetl.manifest import load_manifest
    from caetl.quality.gates import Gates, Previous
    from caetl.refresh import new_load_id

    paths = _paths(home)
    scratch = paths.warehouse_dir / ".work" / paths.warehouse.name
    scratch.parent.mkdir(parents=True, exist_ok=True)
    gates = Gates(paths.dbt_project / "seeds", Previous.read(paths.warehouse))
    try:
        with duckdb.connect(str(scratch)) as con:
            result = load_sources(
                con, load_manifest(paths.manifest), paths.raw, new_load_id(), _say_plain, gates
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


def _last_published_run(warehouse: Path) -> dict | None:
    """Refresh time and run id of the run that built the published warehouse."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        try:
            row = con.execute(
                "select started_at, run_id from meta.runs where status = 'published' "
                "order by started_at desc limit 1"
            ).fetchone()
        except duckdb.CatalogException:
            return None
    return {"refreshed_at": row[0].isoformat(), "load_id": row[1]} if row else None


@app.command()
def report(home: HomeOption = None, wait: WaitOption = 0.0) -> None:
    """Write reports/csv/*.csv and the reports/html/ site from the published warehouse,
    holding the refresh lock (a refresh publishing meanwhile would be overwritten by older
    reports): exit 75 while a refresh runs, unless --wait."""
    paths = _paths(home)
    _require_warehouse(paths)
    _with_refresh_lock(paths, wait, "report", lambda: _report(paths))


def _with_refresh_lock(paths: Paths, wait: float, purpose: str, action) -> object:
    from rich.markup import escape

    from caetl import exitcodes, lock
    from caetl.refresh import lock_path

    try:
        with lock.exclusive(lock_path(paths), wait, purpose):
            return action()
    except lock.LockBusy as exc:
        console.print(f"[bold yellow]busy:[/bold yellow] {escape(str(exc))}")
        raise typer.Exit(exitcodes.BUSY) from exc


def _report(paths: Paths) -> None:
    import shutil

    from caetl.refresh import PUBLISHED_DOCS, _publish_reports
    from caetl.reports import write_reports

    work = paths.warehouse_dir / ".build" / "report-only"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    # The published dbt docs page describes the published warehouse: keep it on the site
    # (the folder swap below replaces the folder it lives in, so copy it out first).
    docs = paths.reports / PUBLISHED_DOCS
    kept_docs = Path(shutil.copyfile(docs, work / docs.name)) if docs.is_file() else None
    started = time.perf_counter()
    try:
        written = write_reports(
            paths.warehouse,
            work / "reports",
            dbt_docs=kept_docs,
            run_info=_last_published_run(paths.warehouse),
        )
        _publish_reports(work / "reports", paths.reports)
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
    _require_warehouse(paths)
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


@app.command()
def export(
    parquet: Annotated[
        Path,
        typer.Option("--parquet", help="Folder to write (replaced as a whole when done)."),
    ],
    home: HomeOption = None,
) -> None:
    """Export every marts table of the published warehouse as Parquet, fact tables
    partitioned by year, for Spark, MotherDuck or any Parquet reader (docs/scale.md)."""
    from caetl.export import export_parquet

    paths = _paths(home)
    _require_warehouse(paths)
    started = time.perf_counter()
    tables = export_parquet(paths.warehouse, parquet)
    _say(
        f"exported {len(tables)} marts tables to {parquet} in {time.perf_counter() - started:.1f}s"
    )


@app.command()
def prune(
    keep: Annotated[
        int, typer.Option("--keep", min=1, help="Newest vintages to keep per API source.")
    ] = 3,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would go, remove nothing.")
    ] = False,
    home: HomeOption = None,
    wait: WaitOption = 0.0,
) -> None:
    """Remove API vintages (raw/api/<source>/<time>/) beyond the newest --keep of each
    source that neither the published warehouse nor raw/manifest.toml refers to."""
    _prune(_paths(home), keep, dry_run, wait)


def _prune(paths: Paths, keep: int, dry_run: bool, wait: float) -> None:
    from rich.markup import escape

    from caetl import exitcodes, lock
    from caetl.prune import prune as run_prune

    try:
        outcome = run_prune(paths, keep, wait=wait, dry_run=dry_run)
    except lock.LockBusy as exc:
        console.print(f"[bold yellow]busy:[/bold yellow] {escape(str(exc))}")
        raise typer.Exit(exitcodes.BUSY) from exc
    except CaetlError as exc:
        raise _fail(exc) from exc
    verb = "would remove" if dry_run else "removed"
    for name in outcome.removed:
        _say_plain(f"{verb} raw/{name}")
    _say(
        f"{verb} {len(outcome.removed)} vintage(s), {outcome.bytes_freed / 1e6:.1f} MB; "
        f"kept {len(outcome.kept)}"
    )


def main() -> None:  # pragma: no cover - console-script entry
    app()
