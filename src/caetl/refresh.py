"""One refresh: load -> dbt build -> reports, into a new warehouse file and report folder
beside the published ones, which are replaced by rename only when every step succeeded."""

from __future__ import annotations

import os
import secrets
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from caetl import build as dbt_build
from caetl.errors import CaetlError
from caetl.load import LoadResult, load_sources
from caetl.manifest import load_manifest
from caetl.paths import Paths

Progress = Callable[[str], None]


class StepFailed(CaetlError):
    """A refresh step failed; the published warehouse and reports are untouched."""

    def __init__(self, step: str, cause: Exception) -> None:
        self.step = step
        self.cause = cause
        super().__init__(f"refresh failed at step '{step}': {cause}")


@dataclass
class RefreshResult:
    load_id: str
    started_at: datetime
    timings: dict[str, float] = field(default_factory=dict)
    load: LoadResult | None = None
    published: bool = False


def new_load_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def _publish_reports(new_reports: Path, published: Path) -> None:
    """Swap the report folder: rename the old one aside, the new one in, then delete."""
    old = published.with_name(published.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if published.exists():
        published.rename(old)
    new_reports.rename(published)
    if old.exists():
        shutil.rmtree(old)


def refresh(paths: Paths, progress: Progress = lambda _: None) -> RefreshResult:
    result = RefreshResult(new_load_id(), datetime.now(UTC))
    build_dir = paths.warehouse_dir / ".build" / result.load_id
    build_dir.mkdir(parents=True)
    # Same file name as the published one: DuckDB names the catalog after the file.
    staged_db = build_dir / paths.warehouse.name
    staged_reports = build_dir / "reports"

    def step(name: str, action: Callable[[], object]) -> object:
        progress(f"[{name}] started")
        t0 = time.perf_counter()
        try:
            value = action()
        except Exception as exc:
            raise StepFailed(name, exc) from exc
        result.timings[name] = round(time.perf_counter() - t0, 3)
        progress(f"[{name}] done in {result.timings[name]:.1f}s")
        return value

    def load() -> LoadResult:
        sources = load_manifest(paths.manifest)
        with duckdb.connect(str(staged_db)) as con:
            con.execute("set enable_progress_bar = false")
            return load_sources(con, sources, paths.raw, result.load_id, progress)

    def reports() -> None:
        from caetl.reports import write_reports

        write_reports(
            staged_db,
            staged_reports,
            dbt_docs=docs_page,
            run_info={"refreshed_at": result.started_at.isoformat(), "load_id": result.load_id},
        )

    try:
        result.load = step("load", load)
        step("build", lambda: dbt_build.build(paths.dbt_project, staged_db, build_dir))
        docs_page = step(
            "docs", lambda: dbt_build.generate_docs(paths.dbt_project, staged_db, build_dir)
        )
        step("report", reports)

        def publish() -> None:
            paths.warehouse_dir.mkdir(parents=True, exist_ok=True)
            os.replace(staged_db, paths.warehouse)
            _publish_reports(staged_reports, paths.reports)

        step("publish", publish)
        result.published = True
    finally:
        if result.published:
            shutil.rmtree(build_dir, ignore_errors=True)
    return result
