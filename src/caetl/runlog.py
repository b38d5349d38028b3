"""The record of every refresh: a JSON-lines file beside the warehouse and meta.runs in it.

warehouse/runs.jsonl gets one line per run whatever its outcome (published, unchanged,
failed, busy), so failed runs are on record even though they never touch the published
warehouse. meta.runs inside the published warehouse holds the run that built it and every
earlier one carried over, plus failed runs read back from the JSON log.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from caetl import meta
from caetl.paths import Paths


@dataclass
class RunRecord:
    run_id: str
    started_at: str
    finished_at: str = ""
    status: str = "running"
    """published | unchanged | failed | busy | checked | killed (found by a later run)"""
    mode: str = ""
    """full | incremental | none"""
    failed_step: str | None = None
    error: str | None = None
    exit_code: int = 0
    step_seconds: dict[str, float] = field(default_factory=dict)
    sources_loaded: list[str] = field(default_factory=list)
    rows_loaded: int = 0
    rows_rejected: int = 0
    dbt_select: str | None = None
    caetl_version: str = ""
    damaged: str | None = None
    """Where a damaged published warehouse found by this run was moved (warehouse/damaged/)."""


def log_path(paths: Paths) -> Path:
    return paths.warehouse_dir / "runs.jsonl"


def append(paths: Paths, record: RunRecord) -> None:
    """One line, written with O_APPEND in a single write so lines never interleave."""
    paths.warehouse_dir.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(asdict(record), default=str) + "\n").encode()
    try:
        fd = os.open(log_path(paths), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)
    except OSError as exc:
        if exc.errno != errno.ENOSPC:
            raise
        # A full disk must not hide the run's own error; the line is lost, said on stderr.
        print(
            f"caetl: could not log run {record.run_id} to {log_path(paths)}: {exc}", file=sys.stderr
        )


def read(paths: Paths, last: int | None = None) -> list[dict]:
    try:
        lines = log_path(paths).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    runs = []
    for line in lines:
        try:
            runs.append(json.loads(line))
        except json.JSONDecodeError:  # a line cut short by a full disk: skip it
            continue
    return runs[-last:] if last else runs


def record_in_warehouse(con, paths: Paths, record: RunRecord, *, restore: bool = False) -> None:
    """Insert this run and any failed or killed runs from the JSON log that meta.runs lacks;
    with `restore` (a rebuild without a published warehouse to carry history from) the
    published runs of the log too."""
    meta.ensure(con, "runs")
    known = {r[0] for r in con.execute("select run_id from meta.runs").fetchall()}
    wanted = {"failed", "killed"} | ({"published"} if restore else set())
    rows = {
        r["run_id"]: r
        for r in read(paths)
        if r.get("status") in wanted
        and r.get("run_id") not in known
        and r["run_id"] != record.run_id
    }
    rows = list(rows.values())
    rows.append(asdict(record))
    for r in rows:
        # delete + insert, not "insert or replace": a copied table has no primary key
        con.execute("delete from meta.runs where run_id = ?", [r["run_id"]])
        con.execute(
            "insert into meta.runs values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                r["run_id"],
                r["started_at"],
                r.get("finished_at") or None,
                r["status"],
                r.get("mode", ""),
                r.get("failed_step"),
                r.get("error"),
                json.dumps(r.get("step_seconds") or {}),
                r.get("sources_loaded") or [],
                r.get("rows_loaded", 0),
                r.get("rows_rejected", 0),
                r.get("dbt_select"),
                r.get("caetl_version", ""),
            ],
        )
