"""What `caetl status` shows: the last runs, each source's age against its cadence, and
dbt source freshness, all read without writing to (or locking out readers of) the
published warehouse."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from caetl import runlog
from caetl.paths import Paths


@dataclass(frozen=True)
class SourceAge:
    source_id: str
    retrieved: str
    cadence_days: int
    age_days: int | None
    last_loaded: str | None
    rows: int | None

    @property
    def overdue(self) -> bool:
        return self.age_days is not None and self.age_days > self.cadence_days


@dataclass(frozen=True)
class Freshness:
    source: str
    status: str
    max_loaded_at: str
    age_hours: float | None


def last_runs(paths: Paths, count: int = 10) -> list[dict]:
    return runlog.read(paths, last=count)


def source_ages(paths: Paths, today: date | None = None) -> list[SourceAge]:
    """Age of each published source's file (since `retrieved`) against `cadence_days`."""
    import duckdb

    today = today or datetime.now(UTC).date()
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        rows = con.execute(
            """
            with loads as (
                select source_id, max(finished_at) as last_loaded,
                       arg_max(rows_loaded, finished_at) as rows
                from meta.loads where status = 'loaded' group by source_id
            )
            select m.source_id, m.retrieved, m.cadence_days, l.last_loaded::varchar, l.rows
            from raw.manifest_sources m left join loads l using (source_id)
            order by m.source_id
            """
        ).fetchall()
    ages = []
    for source_id, retrieved, cadence, last_loaded, count in rows:
        try:
            age = (today - date.fromisoformat(str(retrieved)[:10])).days
        except ValueError:
            age = None
        ages.append(SourceAge(source_id, str(retrieved), cadence, age, last_loaded, count))
    return ages


PROFILE = """caetl:
  target: published
  outputs:
    published:
      type: duckdb
      path: "{path}"
      keep_open: false
      threads: 1
      config_options:
        access_mode: READ_ONLY
"""


def dbt_freshness(paths: Paths) -> list[Freshness]:
    """`dbt source freshness` on the published file, opened read-only: a profile of our
    own points at it, so dbt can neither write to it nor take its write lock."""
    import os

    from dbt.cli.main import dbtRunner

    with tempfile.TemporaryDirectory(prefix="caetl-status-") as tmp:
        work = Path(tmp)
        (work / "profiles.yml").write_text(
            PROFILE.format(path=str(paths.warehouse).replace("\\", "/").replace('"', '\\"'))
        )
        args = [
            "--quiet",
            "--no-use-colors",
            "source",
            "freshness",
            "--project-dir",
            str(paths.dbt_project),
            "--profiles-dir",
            str(work),
            "--target-path",
            str(work / "target"),
            "--log-path",
            str(work / "logs"),
        ]
        os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
        outcome = dbtRunner().invoke(args)
    found = []
    for node in getattr(outcome.result, "results", None) or []:
        source = f"{node.node.source_name}.{node.node.name}"
        age = getattr(node, "age", None)
        loaded = getattr(node, "max_loaded_at", None)
        found.append(
            Freshness(
                source,
                str(getattr(node.status, "value", node.status)),
                "" if loaded is None else str(loaded),
                None if age is None else round(age / 3600, 1),
            )
        )
    if outcome.exception is not None and not found:
        raise RuntimeError(f"dbt source freshness could not run: {outcome.exception}")
    return found
