"""One refresh: plan -> load (with quality gates) -> dbt build and tests -> docs -> reports
-> publish, into a new warehouse file and report folder beside the published ones.

Nothing published is written to until every step succeeded: the new DuckDB file replaces
warehouse/caetl.duckdb by one rename (readers holding the old file keep their view), and
the new report folder is swapped with reports/ by one atomic exchange. A lock keeps
refreshes one at a time; fingerprints (caetl.state) make an unchanged refresh a no-op that
imports neither dbt nor Great Expectations, and a partial one reload only what changed.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from caetl import exitcodes, lock, meta, runlog, state
from caetl.errors import CaetlError, ManifestError, SourceError
from caetl.load import LoadResult
from caetl.manifest import load_manifest
from caetl.paths import Paths
from caetl.publish import (
    PUBLISHED_DOCS,
    exchange_dirs,
    fsync_dir,
    reports_load_id,
    write_reports_marker,
)

Progress = Callable[[str], None]
BUILD_ID = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{6}$")
# Tables of meta.* history carried from the published warehouse into a rebuilt one.
HISTORY = ("runs", "loads", "rejects")


class StepFailed(CaetlError):
    """A refresh step failed; the published warehouse and reports are untouched."""

    def __init__(self, step: str, cause: Exception) -> None:
        self.step = step
        self.cause = cause
        super().__init__(f"refresh failed at step '{step}': {cause}")

    @property
    def exit_code(self) -> int:
        from caetl.build import BuildError

        if isinstance(self.cause, SourceError | ManifestError):
            return exitcodes.INPUT
        if isinstance(self.cause, BuildError):
            return exitcodes.BUILD
        if self.step == "report":
            return exitcodes.REPORT
        return exitcodes.ERROR

    @property
    def disk_full(self) -> bool:
        return (
            isinstance(self.cause, OSError)
            and self.cause.errno == errno.ENOSPC
            or (
                "No space left on device" in str(self.cause)  # DuckDB's own IO errors
            )
        )

    def __str__(self) -> str:
        if self.disk_full:
            return (
                f"refresh failed at step '{self.step}': the disk is full ({self.cause}); "
                "free space and run it again"
            )
        return super().__str__()


@dataclass
class Plan:
    mode: str
    """none | incremental (from a copy of the published file) | full (from an empty one)"""
    reason: str
    reload: list[str] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)
    """Unchanged sources whose raw tables a full rebuild copies from the published file."""
    dbt_select: list[str] | None = None
    """None: build the whole dbt project; []: build nothing (reports only)."""
    docs_current: bool = False
    """The published dbt docs page describes this build's models and columns."""
    unit_tests: bool = True
    """Run dbt's unit tests: a full rebuild, or the dbt project (or dbt) is not the one whose
    build published the warehouse, and whose unit tests passed then."""


@dataclass
class RefreshResult:
    load_id: str
    started_at: datetime
    timings: dict[str, float] = field(default_factory=dict)
    load: LoadResult | None = None
    published: bool = False
    plan: Plan | None = None
    rejects: list[tuple] = field(default_factory=list)
    """(source, field, reason, rows, first file, first row) of rows sent to meta.rejects."""
    damaged: tuple[str, Path] | None = None
    """(why, where it was moved) when the published warehouse was found damaged."""

    @property
    def unchanged(self) -> bool:
        return self.plan is not None and self.plan.mode == "none"


def new_load_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def lock_path(paths: Paths) -> Path:
    return paths.warehouse_dir / ".refresh.lock"


def fault_point(name: str) -> None:
    """Fault injection for tests: CAETL_FAULT=<name> SIGKILLs this process right here, the
    same death as `kill -9` from outside, at a point no outside timing can hit reliably."""
    if os.environ.get("CAETL_FAULT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def make_plan(
    fp: state.Fingerprint, before: state.Fingerprint | None, reports_current: bool, full: bool
) -> Plan:
    plan = _make_plan(fp, before, reports_current, full)
    # Same dbt project and the same loading code: the same models, columns and types.
    plan.docs_current = (
        before is not None
        and fp.dbt_project == before.dbt_project
        and fp.load_code == before.load_code
        and set(fp.sources) == set(before.sources)
    )
    # --full (and `check`) trusts nothing earlier, the unit tests' last pass included.
    plan.unit_tests = full or before is None or fp.dbt_project != before.dbt_project
    return plan


def _make_plan(
    fp: state.Fingerprint, before: state.Fingerprint | None, reports_current: bool, full: bool
) -> Plan:
    if before is None or full:
        why = "--full asked" if full else "no published warehouse with a fingerprint"
        return Plan("full", why, reload=list(fp.sources))
    changed = [s for s, h in fp.sources.items() if before.sources.get(s) != h]
    unchanged = [s for s in fp.sources if s not in changed]
    dropped = [s for s in before.sources if s not in fp.sources]
    if fp.load_code != before.load_code:
        why = "parser, gate or loader code (or their packages) changed"
        return Plan("full", why, reload=list(fp.sources))
    if fp.dbt_project != before.dbt_project or dropped:
        why = "dbt project changed" if not dropped else f"removed: {', '.join(dropped)}"
        return Plan("full", why, reload=changed, keep=unchanged)
    select = [f"source:*.{s}+" for s in changed]
    if fp.manifest != before.manifest:
        select.append("source:*.manifest_sources+")
    if select:
        what = ", ".join(changed) or "manifest entries"
        return Plan("incremental", f"changed: {what}", changed, [], select)
    if fp.reports_code != before.reports_code:
        return Plan("incremental", "report code changed", [], [], [])
    if not reports_current:
        return Plan("incremental", "reports are not those of the warehouse", [], [], [])
    return Plan("none", "nothing changed")


def _clean_leftovers(paths: Paths, progress: Progress) -> None:
    """Build folders of refreshes that died (we hold the lock, so none is running)."""
    builds = paths.warehouse_dir / ".build"
    if not builds.is_dir():
        return
    for folder in builds.iterdir():
        if BUILD_ID.match(folder.name):
            progress(f"removing {folder.name}, left by a refresh that did not finish")
            shutil.rmtree(folder, ignore_errors=True)


def _start_database(paths: Paths, plan: Plan, staged_db: Path) -> None:
    """The file a refresh builds in: a copy of the published one (incremental), or a new
    one with the published history and the raw tables of unchanged sources (full)."""
    import duckdb

    if plan.mode == "incremental":
        shutil.copyfile(paths.warehouse, staged_db)
        return
    with duckdb.connect(str(staged_db)) as con:
        con.execute("set enable_progress_bar = false")
        if not paths.warehouse.exists():
            return
        try:
            con.execute("attach ? as published (read_only)", [str(paths.warehouse)])
        except duckdb.Error:  # damaged (a check does not move it aside): start empty
            return
        con.execute("create schema if not exists raw; create schema if not exists meta")
        present = {
            (s, t)
            for s, t in con.execute(
                "select schema_name, table_name from duckdb_tables() "
                "where database_name = 'published'"
            ).fetchall()
        }
        # Declared tables (keys, comments) filled from the published ones, by column name.
        for table in HISTORY:
            if ("meta", table) in present:
                meta.ensure(con, table)
                copy = f"insert into meta.{table} by name select * from published.meta.{table}"  # noqa: S608
                con.execute(copy)
        for source_id in plan.keep:  # ids are checked plain identifiers (manifest.SOURCE_ID)
            if ("raw", source_id) in present:
                con.execute(f'create table raw."{source_id}" as from published.raw."{source_id}"')  # noqa: S608
        for table in ("file_hashes", "source_stats"):
            if ("meta", table) in present and plan.keep:
                meta.ensure(con, table)
                con.execute(
                    f"insert into meta.{table} by name select * from published.meta.{table} "  # noqa: S608
                    "where list_contains(?, source_id)",
                    [plan.keep],
                )
        con.execute("detach published")


def refresh(
    paths: Paths,
    progress: Progress = lambda _: None,
    *,
    wait: float = 0.0,
    full: bool = False,
    publish: bool = True,
) -> RefreshResult:
    """Refresh and publish; raises lock.LockBusy or StepFailed. Every outcome is logged to
    warehouse/runs.jsonl. With publish=False (caetl check) every gate runs, nothing moves."""
    from importlib.metadata import version

    result = RefreshResult(new_load_id(), datetime.now(UTC))
    record = runlog.RunRecord(
        result.load_id, result.started_at.isoformat(), caetl_version=version("caetl")
    )
    purpose = "refresh" if publish else "check"
    try:
        with lock.exclusive(lock_path(paths), wait, purpose, run_id=result.load_id) as held:
            if held.stale_holder:
                progress(
                    f"took over the lock of pid {held.stale_holder.get('pid')} (started "
                    f"{held.stale_holder.get('started_at')}), which died without releasing it"
                )
                _record_killed(paths, held.stale_holder, result.load_id)
            _clean_leftovers(paths, progress)
            if publish:
                _heal(paths, result, record, progress)
            _run(paths, result, record, progress, full=full, publish=publish, held=held)
    except lock.LockBusy as exc:
        record.status, record.error, record.exit_code = "busy", str(exc), exitcodes.BUSY
        raise
    except StepFailed as exc:
        record.status, record.failed_step = "failed", exc.step
        record.error, record.exit_code = str(exc.cause), exc.exit_code
        raise
    except BaseException as exc:  # KeyboardInterrupt too: the log says the run ended
        record.status, record.error, record.exit_code = "failed", repr(exc), exitcodes.ERROR
        raise
    finally:
        record.finished_at = datetime.now(UTC).isoformat()
        record.step_seconds = dict(result.timings)
        runlog.append(paths, record)
    return result


def _record_killed(paths: Paths, holder: dict, found_by: str) -> None:
    """A line in runs.jsonl for a run that died holding the lock (SIGKILL, power loss):
    its id, start and the step it was in, as its lock file said."""
    run_id = holder.get("run_id")
    if not run_id or any(r.get("run_id") == run_id for r in runlog.read(paths)):
        return
    step = holder.get("step")
    runlog.append(
        paths,
        runlog.RunRecord(
            run_id,
            holder.get("started_at", ""),
            finished_at=datetime.now(UTC).isoformat(),
            status="killed",
            failed_step=step,
            error=f"{holder.get('purpose', 'refresh')} (pid {holder.get('pid')}) died in step "
            f"'{step or 'lock'}' without finishing (killed or power lost); found by run "
            f"{found_by}",
            exit_code=-signal.SIGKILL,
        ),
    )


def _heal(paths: Paths, result: RefreshResult, record: runlog.RunRecord, progress) -> None:
    """Move a damaged published warehouse aside; the plan then rebuilds fully."""
    from caetl import heal

    found = heal.heal(paths)
    if found is None:
        return
    reason, moved = found
    result.damaged = found
    record.damaged = str(moved)
    progress(
        f"the published warehouse {paths.warehouse} is damaged ({reason}): moved it to "
        f"{moved} and rebuilding it fully from raw/, with the run history of "
        f"{runlog.log_path(paths)}"
    )


def _run(
    paths: Paths,
    result: RefreshResult,
    record: runlog.RunRecord,
    progress: Progress,
    *,
    full: bool,
    publish: bool,
    held: lock.Held | None = None,
) -> None:
    def step(name: str, action: Callable[[], object]) -> object:
        if held is not None:
            held.note(step=name)
        progress(f"{name}: started")
        t0 = time.perf_counter()
        try:
            value = action()
        except Exception as exc:
            raise StepFailed(name, exc) from exc
        result.timings[name] = round(time.perf_counter() - t0, 3)
        progress(f"{name}: done in {result.timings[name]:.1f}s")
        return value

    def plan_step() -> tuple[list, state.Fingerprint, Plan]:
        sources = load_manifest(paths.manifest)
        cache = state.HashCache(state.state_dir(paths) / "file-hashes.json")
        fp = state.compute(paths, sources, cache)
        cache.save()
        before, published_id = state.read_published(paths.warehouse)
        current = published_id is not None and reports_load_id(paths.reports) == published_id
        # `check` validates everything from scratch: it must not trust earlier loads.
        return sources, fp, make_plan(fp, before, current, full or not publish)

    sources, fp, plan = step("plan", plan_step)
    result.plan = plan
    record.mode, record.dbt_select = plan.mode, _selector_text(plan.dbt_select)
    if plan.mode == "none":
        record.status = "unchanged"
        progress(f"nothing changed since the published load; {paths.warehouse} is current")
        return
    progress(f"{plan.mode} refresh ({plan.reason})")
    if plan.dbt_select != [] and not plan.unit_tests:
        progress("dbt unit tests skipped: the models and dbt are those of the published build")

    build_dir = paths.warehouse_dir / ".build" / result.load_id
    build_dir.mkdir(parents=True)
    # Same file name as the published one: DuckDB names the catalog after the file.
    staged_db = build_dir / paths.warehouse.name
    staged_reports = build_dir / "reports"
    from caetl import build as dbt_build

    try:
        _build(paths, result, record, progress, step, sources, fp, plan, staged_db, build_dir)
        if not publish:
            record.status = "checked"
            return
        docs_page = step("docs", lambda: _docs(paths, plan, staged_db, build_dir, dbt_build))
        step("report", lambda: _write_reports(result, staged_db, paths, staged_reports, docs_page))
        step("record", lambda: _record(paths, record, fp, result, staged_db))
        fault_point("publish")
        step("publish", lambda: _publish(paths, staged_db, staged_reports))
        result.published = True
        record.status = "published"
    finally:
        # A failed build stays for inspection until the next refresh (which removes it).
        if result.published or not publish:
            shutil.rmtree(build_dir, ignore_errors=True)


def _docs(paths: Paths, plan: Plan, staged_db: Path, build_dir: Path, dbt_build) -> Path:
    """The dbt docs page. Unless the dbt project, the loading code or the set of sources
    changed, the models, columns and types are those of the published page, which is
    reused (dbt-duckdb's catalog holds no row counts), saving a `dbt docs generate`."""
    if _docs_reused(paths, plan):
        published = paths.reports / PUBLISHED_DOCS
        return Path(shutil.copyfile(published, build_dir / "dbt-docs.html"))
    return dbt_build.generate_docs(
        paths.dbt_project,
        staged_db,
        build_dir,
        parse_state=parse_state_file(paths),
        compiled=plan.dbt_select is None,
    )


def _docs_reused(paths: Paths, plan: Plan) -> bool:
    return plan.docs_current and (paths.reports / PUBLISHED_DOCS).is_file()


def parse_state_file(paths: Paths) -> Path:
    """dbt's partial-parse state, kept between refreshes of this project."""
    return state.state_dir(paths) / "dbt-partial-parse.msgpack"


def _selector_text(select: list[str] | None) -> str | None:
    return None if select is None else " ".join(select)


def _build(paths, result, record, progress, step, sources, fp, plan, staged_db, build_dir):
    import duckdb

    from caetl import build as dbt_build
    from caetl.load import load_sources
    from caetl.quality.gates import Gates, Previous

    step("start", lambda: _start_database(paths, plan, staged_db))

    def load() -> LoadResult:
        gates = Gates(paths.seeds, Previous.read(paths.warehouse))
        wanted = [s for s in sources if s.id in plan.reload]
        with duckdb.connect(str(staged_db)) as con:
            con.execute("set enable_progress_bar = false")
            # A copy of the published file holds the changed sources as last landed: only
            # their changed files are reloaded. Hashes are the fingerprint's.
            known = {name: sha for files in fp.files.values() for name, sha in files}
            loaded = load_sources(
                con,
                wanted,
                paths.raw,
                result.load_id,
                progress,
                gates,
                manifest=sources,
                by_file=True,
                known_hashes=known,
            )
            result.rejects = con.execute(
                "select source_id, field, reason, count(*), min(source_file), "
                "arg_min(row_number, (source_file, row_number)) from meta.rejects "
                "where load_id = ? group by all order by all",
                [result.load_id],
            ).fetchall()
            fault_point("load")
        return loaded

    result.load = step("load", load)
    record.sources_loaded = [s.source_id for s in result.load.sources]
    record.rows_loaded = result.load.rows
    record.rows_rejected = sum(s.rejected for s in result.load.sources)
    if plan.dbt_select != []:
        step(
            "build",
            lambda: dbt_build.build(
                paths.dbt_project,
                staged_db,
                build_dir,
                plan.dbt_select,
                parse_state=parse_state_file(paths),
                unit_tests=plan.unit_tests,
                artifacts=not _docs_reused(paths, plan),
            ),
        )


def _write_reports(
    result: RefreshResult, staged_db: Path, paths: Paths, out: Path, docs: Path
) -> None:
    from caetl.reports import write_reports

    run_info = {"refreshed_at": result.started_at.isoformat(), "load_id": result.load_id}
    write_reports(staged_db, out, dbt_docs=docs, run_info=run_info, published=paths.reports)
    write_reports_marker(out, result.load_id)
    fault_point("report")


def _record(
    paths: Paths, record, fp: state.Fingerprint, result: RefreshResult, staged_db: Path
) -> None:
    """meta.runs and meta.state in the new file, then a checkpoint so it is whole alone."""
    import duckdb

    record.status = "published"
    record.finished_at = datetime.now(UTC).isoformat()
    record.step_seconds = dict(result.timings)  # up to the reports; publish takes ~0.1 s
    # No published warehouse (first build, or a damaged one moved aside): the history
    # comes back from runs.jsonl.
    restore = not paths.warehouse.exists()
    with duckdb.connect(str(staged_db)) as con:
        runlog.record_in_warehouse(con, paths, record, restore=restore)
        state.write(con, fp, result.load_id)
        con.execute("checkpoint")
    wal = staged_db.with_name(staged_db.name + ".wal")
    if wal.exists():  # a WAL left beside the published file would be replayed into it
        raise CaetlError(f"{wal} remains after checkpoint; not publishing")


def _publish(paths: Paths, staged_db: Path, staged_reports: Path) -> None:
    """Reports first, then the warehouse: the warehouse rename is the commit point. A
    death between the two leaves new reports over the old warehouse, which the next
    refresh sees (the reports' load id differs from the warehouse's) and redoes."""
    paths.warehouse_dir.mkdir(parents=True, exist_ok=True)
    exchange_dirs(staged_reports, paths.reports)
    fault_point("between-renames")
    os.replace(staged_db, paths.warehouse)
    fsync_dir(paths.warehouse_dir)
