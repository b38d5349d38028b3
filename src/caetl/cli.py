"""The `caetl` command line: refresh the warehouse, query it, publish its reports."""

from __future__ import annotations

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
    epilog='Example: caetl refresh && caetl sql "select * from marts.dim_sources"',
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True)

HomeOption = Annotated[
    Path | None,
    typer.Option(
        "--home",
        help="Project folder (default: $CAETL_HOME or this checkout).",
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
        help="Wait up to SECONDS ('inf': for ever) for a running refresh instead of "
        "exiting with code 75.",
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


@app.command(
    short_help="Load what changed, build, test, write reports, publish.",
    help="Load what changed, build, test, write reports, publish.\n\n"
    "Loads the sources that changed (through the quality gates), builds the dbt models and "
    "tests downstream of them, writes the reports, and publishes warehouse/caetl.duckdb and "
    "reports/ only if all of it succeeded.\n\n"
    "Exit codes: 0 published or nothing changed; 1 unexpected error; 3 an input failed a "
    "gate; 4 dbt build or tests failed; 5 reports failed; 6 (with --fetch) an API source "
    "failed but the refresh ran on its previous vintage; 75 another refresh is running. "
    "See docs/scheduling.md.",
    epilog="Example: caetl refresh --wait 600",
)
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
            help="Fetch new vintages from the APIs first (as caetl fetch). Without it a "
            "refresh never touches the network.",
        ),
    ] = False,
) -> None:
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


JsonOption = Annotated[
    bool, typer.Option("--json", help="Print one JSON document on stdout (for schedulers).")
]


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


@app.command(
    short_help="Run every gate and the dbt build without publishing.",
    help="Run every gate and the dbt build without publishing.\n\n"
    "Parses and validates every source (GX suites, country names, shrink and units checks), "
    "then runs dbt build and tests in a scratch warehouse that is deleted afterwards. Same "
    "exit codes as refresh.",
    epilog="Example: caetl check --json > check.json",
)
def check(home: HomeOption = None, wait: WaitOption = 0.0, as_json: JsonOption = False) -> None:
    paths = _paths(home)
    if as_json:
        raise typer.Exit(_check_json(paths, wait))
    result = _run_refresh(paths, wait=wait, full=True, publish=False)
    _say_rejects(result)
    rows = result.load.rows if result.load else 0
    _say(f"all gates passed: {rows:,} rows from {len(result.load.sources)} source(s)")


@app.command(
    short_help="Recent runs, source ages and dbt source freshness.",
    help="Recent runs, source ages and dbt source freshness.\n\n"
    "Lists the last refreshes (warehouse/runs.jsonl), each source's age against its expected "
    "cadence, and dbt source freshness, all read from the published warehouse.",
    epilog="Example: caetl status --json --no-freshness",
)
def status(
    home: HomeOption = None,
    runs: Annotated[int, typer.Option("--runs", help="How many recent runs to list.")] = 10,
    freshness: Annotated[
        bool,
        typer.Option("--freshness/--no-freshness", help="Run dbt source freshness (~5 s)."),
    ] = True,
    as_json: JsonOption = False,
) -> None:
    from caetl import status as st

    paths = _paths(home)
    if as_json:
        raise typer.Exit(_status_json(paths, runs, freshness))
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


@app.command(
    short_help="Fetch new raw vintages from the publishers' APIs.",
    help="Fetch new raw vintages from the publishers' APIs.\n\n"
    "Writes each answer as a new vintage under raw/api/ and points the manifest at it. "
    "Exit code 6 when a source failed: its previous vintage stays in force.",
    epilog="Example: caetl fetch --source wdi_api",
)
def fetch(
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source",
            "-s",
            help="API source id from raw/manifest.toml (repeatable; default: all).",
        ),
    ] = None,
    home: HomeOption = None,
) -> None:
    from caetl.fetch.cli import run_fetch

    raise typer.Exit(run_fetch(_paths(home), source, _say, console))


@app.command(
    short_help="Land every source in a scratch warehouse, to inspect in SQL.",
    help="Land every source in a scratch warehouse, to inspect in SQL.\n\n"
    "Parses, gates and loads every source into warehouse/.work/caetl.duckdb without "
    "building or publishing. caetl check runs every gate and the dbt build instead.",
    epilog="Example: caetl load && caetl build",
)
def load(home: HomeOption = None) -> None:
    import duckdb

    from caetl.load import load_sources
    from caetl.manifest import load_manifest
    from caetl.quality.gates import Gates, Previous
    from caetl.refresh import new_load_id

    paths = _paths(home)
    scratch = paths.warehouse_dir / ".work" / paths.warehouse.name
    scratch.parent.mkdir(parents=True, exist_ok=True)
    gates = Gates(paths.seeds, Previous.read(paths.warehouse))
    try:
        with duckdb.connect(str(scratch)) as con:
            result = load_sources(
                con, load_manifest(paths.manifest), paths.raw, new_load_id(), _say_plain, gates
            )
    except CaetlError as exc:
        raise _fail(exc) from exc
    _say(f"loaded {result.rows:,} rows into {scratch}")


@app.command(
    short_help="Run dbt build on the scratch warehouse of caetl load.",
    help="Run dbt build (models and tests) on the scratch warehouse of caetl load.",
    epilog="Example: caetl load && caetl build",
)
def build(home: HomeOption = None) -> None:
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


@app.command(
    short_help="Write the CSV reports and the HTML site again.",
    help="Write reports/csv/ and the reports/html/ site from the published warehouse.",
    epilog="Example: caetl report",
)
def report(home: HomeOption = None, wait: WaitOption = 0.0) -> None:
    """Holds the refresh lock: a refresh publishing meanwhile would otherwise be
    overwritten by older reports (exit 75 while a refresh runs, unless --wait)."""
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
    from caetl.reports.republish import republish_reports

    started = time.perf_counter()
    try:
        written = republish_reports(paths)
    except CaetlError as exc:
        raise _fail(exc) from exc
    _say(f"wrote {len(written)} files to {paths.reports} in {time.perf_counter() - started:.1f}s")


@app.command(
    short_help="Run a read-only query on the published warehouse.",
    help="Run a read-only query on the published warehouse.\n\n"
    "The query comes from the argument, a file (--file, '-' for stdin) or piped stdin. "
    "Write statements are refused: the warehouse is opened read-only.",
    epilog="Example: caetl sql -f query.sql --format csv --output shares.csv",
)
def sql(
    query: Annotated[
        str | None, typer.Argument(help="SQL to run (or use --file, or pipe it in).")
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", "-f", help="Read the query from this file ('-': stdin)."),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option("--format", help="table, csv, jsonl, parquet or markdown."),
    ] = "table",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to FILE instead of stdout."),
    ] = None,
    as_csv: Annotated[bool, typer.Option("--csv", hidden=True)] = False,
    home: HomeOption = None,
) -> None:
    from caetl import analyst

    paths = _paths(home)
    _require_warehouse(paths)
    try:
        text = analyst.read_query(query, file)
        rows = analyst.run_sql(text, home=home, fmt="csv" if as_csv else fmt, output=output)
    except CaetlError as exc:
        raise _fail(exc) from exc
    if output is not None:
        _say(f"wrote {rows:,} row(s) to {output}")


@app.command(
    short_help="Open an interactive read-only session on the warehouse.",
    help="Open an interactive read-only session on the warehouse.\n\n"
    "Uses the DuckDB CLI when one is installed that can read this warehouse, else "
    "Harlequin (the optional shell extra), else a Python prompt with the connection "
    "open as con.",
    epilog="Example: caetl shell --with python",
)
def shell(
    use: Annotated[
        str,
        typer.Option("--with", help="auto, duckdb, harlequin or python."),
    ] = "auto",
    home: HomeOption = None,
) -> None:
    from caetl import analyst

    try:
        raise typer.Exit(analyst.run_shell(home, use))
    except CaetlError as exc:
        raise _fail(exc) from exc


def _emit_json(document: dict) -> None:
    import json

    sys.stdout.write(json.dumps(document, indent=2, default=str) + "\n")


def _check_json(paths: Paths, wait: float) -> int:
    """`caetl check --json`: the outcome as one JSON document; progress stays on stderr."""
    from caetl import exitcodes
    from caetl.lock import LockBusy
    from caetl.refresh import StepFailed
    from caetl.refresh import refresh as run_refresh

    document: dict = {"command": "check", "home": str(paths.home)}
    try:
        result = run_refresh(paths, progress=_say_plain, wait=wait, full=True, publish=False)
    except LockBusy as exc:
        code, document["error"] = exitcodes.BUSY, str(exc)
    except StepFailed as exc:
        code, document["step"], document["error"] = exc.exit_code, exc.step, str(exc)
    except CaetlError as exc:
        code, document["error"] = exitcodes.ERROR, str(exc)
    else:
        code = exitcodes.OK
        sources = result.load.sources if result.load else []
        document.update(
            load_id=result.load_id,
            rows=sum(s.rows for s in sources),
            sources=[
                {"source_id": s.source_id, "files": s.files, "rows": s.rows, "rejected": s.rejected}
                for s in sources
            ],
            rejects=[
                dict(zip(("source_id", "field", "reason", "rows", "file", "row"), r, strict=True))
                for r in result.rejects
            ],
            seconds={k: round(v, 2) for k, v in result.timings.items()},
        )
    document.update(ok=code == exitcodes.OK, exit_code=code, meaning=exitcodes.DESCRIPTIONS[code])
    _emit_json(document)
    return code


def _status_json(paths: Paths, runs: int, freshness: bool) -> int:
    """`caetl status --json`: runs, source ages and freshness as one JSON document."""
    from dataclasses import asdict

    from caetl import status as st

    document: dict = {
        "warehouse": str(paths.warehouse),
        "published": paths.warehouse.exists(),
        "runs": st.last_runs(paths, runs),
    }
    if not paths.warehouse.exists():
        document["error"] = f"{paths.warehouse} does not exist: run `caetl refresh` first"
        _emit_json(document)
        return EXIT_ERROR
    ages = st.source_ages(paths)
    document["sources"] = [{**asdict(a), "overdue": a.overdue} for a in ages]
    document["overdue"] = [a.source_id for a in ages if a.overdue]
    if freshness:
        document["freshness"] = [asdict(f) for f in st.dbt_freshness(paths)]
    _emit_json(document)
    return 0


@app.command(
    short_help="Export the marts tables as Parquet.",
    help="Export the marts tables as Parquet.\n\n"
    "Fact tables are partitioned by year, for Spark, MotherDuck or any Parquet reader "
    "(docs/scale.md).",
    epilog="Example: caetl export --parquet /tmp/caetl-parquet",
)
def export(
    parquet: Annotated[
        Path,
        typer.Option("--parquet", help="Folder to write (replaced as a whole when done)."),
    ],
    home: HomeOption = None,
) -> None:
    from caetl.export import export_parquet

    paths = _paths(home)
    _require_warehouse(paths)
    started = time.perf_counter()
    tables = export_parquet(paths.warehouse, parquet)
    _say(
        f"exported {len(tables)} marts tables to {parquet} in {time.perf_counter() - started:.1f}s"
    )


@app.command(
    short_help="Remove old API vintages no published load refers to.",
    help="Remove API vintages (raw/api/<source>/<time>/) beyond the newest --keep of each "
    "source that neither the published warehouse nor raw/manifest.toml refers to. Takes the "
    "refresh lock; in-progress fetches are left alone.",
    epilog="Example: caetl prune --keep 3 --dry-run",
)
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
