"""Races and leftovers: `caetl report` waits its turn behind a refresh, a SIGKILLed
refresh is put on record by the next run, `caetl prune` removes API vintages nothing
refers to, and a full disk during a build leaves everything published as it was."""

from __future__ import annotations

import errno
import json
import shutil

import duckdb
import pytest
from typer.testing import CliRunner

from caetl import exitcodes, lock, runlog
from caetl.cli import app
from caetl.refresh import lock_path
from support.refresh import (
    TOUCHED,
    published_copy,
    published_digest,
    run_caetl,
    touch_source,
)

pytestmark = pytest.mark.slow(seconds=40)


@pytest.fixture(scope="module")
def project(small_home, module_tmp):
    return published_copy(small_home, module_tmp.mktemp("leftovers"))


def test_report_exits_busy_while_a_refresh_holds_the_lock(project):
    before = published_digest(project)
    with lock.exclusive(lock_path(project), purpose="refresh", run_id="R1"):
        result = run_caetl(project, "report")
    assert result.returncode == exitcodes.BUSY, result.stderr
    assert "another refresh is running" in " ".join(result.stderr.split())
    assert published_digest(project) == before


def test_report_runs_once_the_lock_is_free(project):
    result = run_caetl(project, "report", "--wait", "5")
    assert result.returncode == exitcodes.OK, result.stderr
    assert "wrote" in result.stderr


def test_killed_refresh_is_recorded_by_the_next_run(project):
    touched = project.raw / TOUCHED
    original = touched.read_bytes()
    touch_source(project, "KILLED-RUN")
    killed = run_caetl(project, "refresh", CAETL_FAULT="load")
    assert killed.returncode == -9, killed.stderr
    assert not any(r.get("status") == "killed" for r in runlog.read(project))
    touched.write_bytes(original)  # the data is as published again
    nxt = run_caetl(project, "refresh")
    assert nxt.returncode == exitcodes.OK, nxt.stderr
    runs = runlog.read(project)
    dead = [r for r in runs if r["status"] == "killed"]
    assert len(dead) == 1, runs
    line = dead[0]
    assert line["failed_step"] == "load" and line["started_at"] and line["run_id"]
    assert "died in step 'load'" in line["error"]
    assert runs[-1]["status"] in ("unchanged", "published")
    assert runs[-1]["run_id"] in line["error"]
    assert runs.index(line) == len(runs) - 2  # written before the run that found it
    nxt = run_caetl(project, "refresh")  # recorded once, not at every later run
    assert sum(r["status"] == "killed" for r in runlog.read(project)) == 1


def _vintage(raw, source: str, stamp: str, good: bool = True):
    folder = raw / "api" / source / (stamp if good else f"{stamp}.failed")
    folder.mkdir(parents=True)
    (folder / "response-0001.json").write_text("[]")
    if good:
        (folder / "vintage.json").write_text(json.dumps({"status": "ok"}))
    return folder


def test_prune_keeps_the_newest_and_what_the_warehouse_read(project):
    raw = project.raw
    stamps = [f"2026010{d}T000000Z" for d in range(1, 7)]
    for stamp in stamps:
        _vintage(raw, "wdi_api", stamp)
    _vintage(raw, "wdi_api", "20260107T000000Z", good=False)
    _vintage(raw, "wdi_api", "20260108T000000Z")
    (raw / "api" / "wdi_api" / "20260109T000000Z.partial").mkdir()  # a fetch under way
    # The published warehouse was loaded from the oldest one.
    with duckdb.connect(str(project.warehouse)) as con:
        con.execute(
            "insert into meta.file_hashes values ('wdi_api', "
            "'api/wdi_api/20260101T000000Z/response-0001.json', 'x', 'L0')"
        )
    before = published_digest(project)["warehouse"]
    dry = run_caetl(project, "prune", "--keep", "2", "--dry-run")
    assert dry.returncode == exitcodes.OK, dry.stderr
    assert (raw / "api" / "wdi_api" / stamps[1]).is_dir()
    result = run_caetl(project, "prune", "--keep", "2")
    assert result.returncode == exitcodes.OK, result.stderr
    left = sorted(p.name for p in (raw / "api" / "wdi_api").iterdir())
    assert left == [
        "20260101T000000Z",  # read by the published load
        "20260107T000000Z.failed",
        "20260108T000000Z",
        "20260109T000000Z.partial",
    ]
    assert "removed 5 vintage(s)" in " ".join(result.stderr.split())
    assert published_digest(project)["warehouse"] == before
    shutil.rmtree(raw / "api")


def test_prune_waits_for_no_refresh(project):
    with lock.exclusive(lock_path(project), purpose="refresh"):
        result = run_caetl(project, "prune", "--keep", "1")
    assert result.returncode == exitcodes.BUSY


def test_full_disk_during_a_build_leaves_everything_published(project, monkeypatch):
    """ENOSPC raised by the write of the load step, in the real refresh."""
    import caetl.load

    real_write = caetl.load.write_source

    def disk_full(con, source_id, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(project.warehouse_dir))

    monkeypatch.setattr(caetl.load, "write_source", disk_full)
    touched = project.raw / TOUCHED
    original = touched.read_bytes()
    touch_source(project, "DISK-FULL")
    before = published_digest(project)
    try:
        result = CliRunner().invoke(app, ["refresh", "--home", str(project.home)])
    finally:
        touched.write_bytes(original)
        monkeypatch.setattr(caetl.load, "write_source", real_write)
    text = " ".join(result.output.split())
    assert result.exit_code == exitcodes.ERROR, text
    assert "the disk is full" in text and "free space and run it again" in text
    assert "the published warehouse and reports are unchanged" in text
    assert published_digest(project) == before
    last = runlog.read(project, last=1)[0]
    assert last["status"] == "failed" and last["failed_step"] == "load"
    assert "No space left on device" in last["error"]
