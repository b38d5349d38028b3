"""Run the dbt project against one warehouse file, in-process.

dbt is imported only here and only when a build runs: its import alone costs seconds.
Each build gets its own target and log folders so concurrent builds never share state; the
one thing carried between builds is dbt's partial-parse file (`parse_state`), which spares
re-parsing the unchanged files of the project. dbt checks every file's hash, the dbt
version and the profile against it, so a stale copy costs a full parse, never a wrong one.
The profile's hash includes the warehouse path, and every refresh builds in a folder of its
own: dbt therefore runs inside that folder and sees the warehouse by its bare file name,
the same for every build, and for a project that was copied or moved.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from caetl.errors import CaetlError


class BuildError(CaetlError):
    """dbt reported a failed model or test."""


@dataclass(frozen=True)
class DbtResult:
    command: str
    failures: list[str]
    target_dir: Path


@contextmanager
def _dbt_environment(warehouse: Path) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in ("CAETL_DUCKDB_PATH", "DBT_SEND_ANONYMOUS_USAGE_STATS")}
    os.environ["CAETL_DUCKDB_PATH"] = str(warehouse)
    os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


PARTIAL_PARSE_FILE = "partial_parse.msgpack"
# Commands that run nodes and take --threads.
THREADED = {"build", "run", "test", "seed", "docs"}


def _threads() -> int:
    """One dbt thread per core the process may use: the models' SQL runs in DuckDB, which
    threads each query too, so more dbt threads than cores only adds contention."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _close_duckdb() -> None:
    """The profile's `keep_open` leaves dbt-duckdb's one connection open after dbt returns;
    closing it checkpoints the warehouse file and frees its lock for the refresh's next step
    (dbt-duckdb's own `close_all_connections` only drops the reference)."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    with DuckDBConnectionManager._LOCK:
        environment, DuckDBConnectionManager._ENV = DuckDBConnectionManager._ENV, None
        if environment is not None:
            environment.close()


def _keep_parse_state(target_dir: Path, parse_state: Path) -> None:
    produced = target_dir / PARTIAL_PARSE_FILE
    if not produced.is_file():
        return
    parse_state.parent.mkdir(parents=True, exist_ok=True)
    partial = parse_state.with_name(f"{parse_state.name}.{os.getpid()}.tmp")
    shutil.copyfile(produced, partial)
    os.replace(partial, parse_state)  # a concurrent build reads the old or the new file


@contextmanager
def _inside_build_folder(warehouse: Path) -> Iterator[Path]:
    """The working directory set to the warehouse's folder, and the warehouse as dbt should
    name it there: its bare file name. The working directory is the process's: dbt builds
    run one at a time in a process (dbt keeps global state), and every other path given to
    dbt is absolute."""
    back = os.open(".", os.O_RDONLY)  # returns even if the old folder lost its name
    os.chdir(warehouse.parent)
    try:
        yield Path(warehouse.name)
    finally:
        os.fchdir(back)
        os.close(back)


def run_dbt(
    args: list[str],
    project_dir: Path,
    warehouse: Path,
    work_dir: Path,
    *,
    quiet: bool = True,
    parse_state: Path | None = None,
) -> DbtResult:
    """Invoke one dbt command; returns the names of failed nodes (empty when all passed).

    `parse_state`: where dbt's partial-parse file is kept between builds (read before the
    command, replaced after it)."""
    from dbt.cli.main import dbtRunner

    target_dir = work_dir / "dbt-target"
    if parse_state is not None and parse_state.is_file():
        target_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(parse_state, target_dir / PARTIAL_PARSE_FILE)
    project_dir, target_dir = project_dir.absolute(), target_dir.absolute()
    cli_args = [
        *args,
        "--project-dir",
        str(project_dir),
        "--profiles-dir",
        str(project_dir),
        "--target-path",
        str(target_dir),
        "--log-path",
        str(work_dir.absolute() / "dbt-logs"),
        # dbt's file log defaults to debug: a dozen events with their SQL for each of the
        # project's ~700 nodes, about a tenth of a full build's time. Warnings and errors
        # are what a failed build is read for.
        "--log-level-file",
        "warn",
    ]
    if args[0] in THREADED and "--threads" not in args:
        cli_args += ["--threads", str(_threads())]
    if quiet:
        cli_args = ["--quiet", "--no-use-colors", *cli_args]
    with _inside_build_folder(warehouse.absolute()) as seen, _dbt_environment(seen):
        try:
            outcome = dbtRunner().invoke(cli_args)
        finally:
            _close_duckdb()
    if parse_state is not None:
        _keep_parse_state(target_dir, parse_state)
    failures: list[str] = []
    for node in outcome.result or [] if args[0] in {"build", "run", "test", "seed"} else []:
        status = str(getattr(node, "status", "")).lower()
        if status in {"error", "fail"}:
            message = getattr(node, "message", "") or ""
            failures.append(f"{node.node.name}: {message}")
    if outcome.exception is not None:
        raise BuildError(f"dbt {args[0]} could not run: {outcome.exception}")
    if not outcome.success and not failures:
        failures.append(f"dbt {args[0]} failed (see {work_dir / 'dbt-logs'})")
    return DbtResult(args[0], failures, target_dir)


def build(
    project_dir: Path,
    warehouse: Path,
    work_dir: Path,
    select: list[str] | None = None,
    *,
    parse_state: Path | None = None,
    unit_tests: bool = True,
    artifacts: bool = True,
) -> DbtResult:
    """`dbt build` (seeds, models, tests) into `warehouse`; raises BuildError on failure.

    `unit_tests=False` leaves out dbt's unit tests: their inputs are fixed in the project, so
    they can only fail again when the models or dbt changed. `artifacts=False`: no
    manifest.json and run_results.json in the target folder (dbt writes the manifest twice,
    seconds each); the failed nodes are in the error and dbt.log either way."""
    args = ["build"]
    if select:
        args += ["--select", *select]
    if not unit_tests:
        args += ["--exclude-resource-type", "unit_test"]
    if not artifacts:
        args.append("--no-write-json")
    result = run_dbt(args, project_dir, warehouse, work_dir, parse_state=parse_state)
    if result.failures:
        shown = "\n  ".join(result.failures[:20])
        raise BuildError(f"dbt build failed ({len(result.failures)} node(s)):\n  {shown}")
    return result


def generate_docs(
    project_dir: Path,
    warehouse: Path,
    work_dir: Path,
    *,
    parse_state: Path | None = None,
    compiled: bool = False,
) -> Path:
    """`dbt docs generate --static`: one self-contained HTML page of lineage and columns.

    `compiled`: a build of the whole project just ran in `work_dir`, and its manifest holds
    every model's compiled SQL; the page reuses it instead of compiling the project again
    (about half the command's time)."""
    args = ["docs", "generate", "--static", *(["--no-compile"] if compiled else [])]
    result = run_dbt(args, project_dir, warehouse, work_dir, parse_state=parse_state)
    page = result.target_dir / "static_index.html"
    if result.failures or not page.exists():
        raise BuildError(f"dbt docs generate failed: {'; '.join(result.failures)}")
    return page
