"""Run the dbt project against one warehouse file, in-process.

dbt is imported only here and only when a build runs: its import alone costs seconds.
Each build gets its own target and log folders so concurrent builds never share state.
"""

from __future__ import annotations

import os
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


def run_dbt(
    args: list[str], project_dir: Path, warehouse: Path, work_dir: Path, *, quiet: bool = True
) -> DbtResult:
    """Invoke one dbt command; returns the names of failed nodes (empty when all passed)."""
    from dbt.cli.main import dbtRunner

    target_dir = work_dir / "dbt-target"
    cli_args = [
        *args,
        "--project-dir",
        str(project_dir),
        "--profiles-dir",
        str(project_dir),
        "--target-path",
        str(target_dir),
        "--log-path",
        str(work_dir / "dbt-logs"),
    ]
    if quiet:
        cli_args = ["--quiet", "--no-use-colors", *cli_args]
    with _dbt_environment(warehouse):
        outcome = dbtRunner().invoke(cli_args)
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
    project_dir: Path, warehouse: Path, work_dir: Path, select: list[str] | None = None
) -> DbtResult:
    """`dbt build` (seeds, models, tests) into `warehouse`; raises BuildError on failure."""
    args = ["build"]
    if select:
        args += ["--select", *select]
    result = run_dbt(args, project_dir, warehouse, work_dir)
    if result.failures:
        shown = "\n  ".join(result.failures[:20])
        raise BuildError(f"dbt build failed ({len(result.failures)} node(s)):\n  {shown}")
    return result


def generate_docs(project_dir: Path, warehouse: Path, work_dir: Path) -> Path:
    """`dbt docs generate --static`: one self-contained HTML page of lineage and columns."""
    result = run_dbt(["docs", "generate", "--static"], project_dir, warehouse, work_dir)
    page = result.target_dir / "static_index.html"
    if result.failures or not page.exists():
        raise BuildError(f"dbt docs generate failed: {'; '.join(result.failures)}")
    return page
