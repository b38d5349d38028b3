"""Helpers for the refresh tests: private copies of a published project, digests of what
is published, and the real `caetl` command run as a subprocess."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from caetl import runlog
from caetl.paths import Paths
from caetl.publish import REPORTS_MARKER
from caetl.refresh import parse_state_file
from support import REPO

CAETL = str(Path(sys.executable).parent / "caetl")
DOTS = REPO / "raw" / "trade" / "imf_dots_xlsx"


def published_project(request) -> Paths:
    """The session's published project (conftest `built_home`, which honours
    CAETL_TEST_PUBLISHED=<project dir> for quick iterations)."""
    return request.getfixturevalue("built_home")


def published_copy(source: Paths, target: Path, *, run_log: bool = False) -> Paths:
    """A project of its own with the same raw/, dbt project, warehouse, reports and dbt
    parse state (`run_log`: and the runs recorded in warehouse/runs.jsonl)."""
    for name in ("raw", "dbt_project", "reports"):
        shutil.copytree(
            source.home / name,
            target / name,
            symlinks=True,
            ignore=shutil.ignore_patterns("target", "logs", ".user.yml"),
        )
    (target / "warehouse").mkdir()
    shutil.copyfile(source.warehouse, target / "warehouse" / source.warehouse.name)
    copy = Paths(target)
    kept, carried = parse_state_file(source), parse_state_file(copy)
    if kept.is_file():  # as in a copied project folder: its first build parses nothing
        carried.parent.mkdir()
        shutil.copyfile(kept, carried)
    if run_log:
        shutil.copyfile(runlog.log_path(source), runlog.log_path(copy))
    return copy


def outdate_reports(paths: Paths, tag: str) -> None:
    """Make the reports look written for another load: the next refresh redoes only them
    (no load, no dbt build), the cheapest refresh that publishes a new warehouse file."""
    (paths.reports / REPORTS_MARKER).write_text(json.dumps({"load_id": f"outdated-{tag}"}))


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def published_digest(paths: Paths) -> dict[str, str]:
    """sha256 of the published warehouse file and of every file under reports/."""
    found = {"warehouse": file_digest(paths.warehouse)}
    for path in sorted(paths.reports.rglob("*")):
        if path.is_file():
            found[path.relative_to(paths.home).as_posix()] = file_digest(path)
    return found


def caetl_env(**extra: str) -> dict[str, str]:
    # Wide lines: rich wraps at 80 columns when not on a terminal, splitting messages.
    env = dict(os.environ, DBT_SEND_ANONYMOUS_USAGE_STATS="false", NO_COLOR="1", COLUMNS="200")
    env.update(extra)
    return env


def run_caetl(paths: Paths, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CAETL, *args, "--home", str(paths.home)],
        capture_output=True,
        text=True,
        env=caetl_env(**env),
        timeout=1200,
    )


def start_caetl(paths: Paths, *args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [CAETL, *args, "--home", str(paths.home)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=caetl_env(**env),
    )


# A source with a small downstream in the dbt project (six models, two reports, 35 nodes): the
# refreshes of the mechanics tests build what a one-source change builds, and no more.
TOUCHED = Path("reference") / "sipri_trade_register_central_asia_2000_2023.csv"
TOUCHED_DESCRIPTION = "select description from marts.fct_arms_transfers where transfer_id = ?"
"""The published description of the row `touch_source` changed (its transfer id)."""


def touch_source(paths: Paths, marker: str) -> str:
    """Append `marker` to the description of the SIPRI register's last row (a new file
    hash, one changed text, the same figures); returns that row's transfer id."""
    path = paths.raw / TOUCHED
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(i for i, line in enumerate(lines) if line.startswith("SIPRI AT Database ID"))
    columns = next(csv.reader([lines[header]]))
    last = next(csv.reader([lines[-1]]))
    last[columns.index("Description")] += f" {marker}"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(last)
    lines[-1] = buffer.getvalue()
    path.write_text("".join(lines), encoding="utf-8")
    return f"{last[columns.index('SIPRI AT Database ID')]}:{last[columns.index('Delivery year')]}"


def change_one_value(workbook: Path) -> None:
    """One export value of a DOTS workbook, changed in place (openpyxl rewrites the file)."""
    import openpyxl

    book = openpyxl.load_workbook(workbook)
    sheet = book["Exports, FOB"]
    sheet.cell(row=12, column=5).value = 4321.5
    book.save(workbook)
