"""What `caetl refresh` does on each outcome, run for real on a copy of a published project.

Failures: a dbt test that fails (a singular test written into the copied project) exits 4,
a report that cannot be written exits 5, an unexpected error exits 1, bad arguments exit 2;
each time nothing is published and the warehouse and reports keep their bytes.
Success: the warehouse is replaced by a rename (a new inode on every publish, so a reader
holding the old file keeps reading whole old bytes, and a reader opening the path at any
moment opens a whole database), and the lock is left empty, so the next run takes over
nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from caetl import exitcodes, runlog
from caetl.paths import Paths
from caetl.refresh import lock_path
from support.refresh import (
    file_digest,
    outdate_reports,
    published_copy,
    published_digest,
    run_caetl,
    start_caetl,
)

pytestmark = pytest.mark.slow(seconds=85)

FAILING_TEST = "assert_no_claim_is_ever_published"


def _last_run(paths: Paths) -> dict:
    lines = runlog.log_path(paths).read_text().splitlines()
    return json.loads(lines[-1])


def _failed_refresh(source: Paths, module_tmp, name: str, breakage) -> dict:
    paths = published_copy(source, module_tmp.mktemp(name))
    breakage(paths)
    before = published_digest(paths)
    result = run_caetl(paths, "refresh")
    return {
        "paths": paths,
        "code": result.returncode,
        "output": result.stdout + result.stderr,
        "before": before,
        "after": published_digest(paths),
    }


# ---------------------------------------------------------------------------------------
# Failures: exit code, and nothing published
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dbt_test_fails(small_home, module_tmp):
    def add_failing_test(paths: Paths) -> None:
        # A singular dbt test fails when it returns rows: this one always does.
        (paths.dbt_project / "tests" / f"{FAILING_TEST}.sql").write_text(
            "select claim_id from {{ ref('dim_claims') }}\n"
        )

    return _failed_refresh(small_home, module_tmp, "dbt_test_fails", add_failing_test)


def test_failing_dbt_test_exits_4_and_publishes_nothing(dbt_test_fails):
    outcome = dbt_test_fails
    assert outcome["code"] == exitcodes.BUILD, outcome["output"]
    assert FAILING_TEST in outcome["output"]
    assert "nothing was published" in outcome["output"]
    assert outcome["after"] == outcome["before"]
    run = _last_run(outcome["paths"])
    assert (run["status"], run["failed_step"], run["exit_code"]) == ("failed", "build", 4)


@pytest.fixture(scope="module")
def report_fails(small_home, module_tmp):
    def break_docs_page(paths: Paths) -> None:
        # The reports read the dbt docs page a reports-only refresh reuses: not UTF-8 here.
        (paths.reports / "html" / "dbt-docs.html").write_bytes(b"<html>\xff\xfe\x00broken")
        outdate_reports(paths, "report-fails")

    return _failed_refresh(small_home, module_tmp, "report_fails", break_docs_page)


def test_failing_report_exits_5_and_publishes_nothing(report_fails):
    outcome = report_fails
    assert outcome["code"] == exitcodes.REPORT, outcome["output"]
    assert "refresh failed at step 'report'" in outcome["output"]
    assert outcome["after"] == outcome["before"]
    run = _last_run(outcome["paths"])
    assert (run["status"], run["failed_step"], run["exit_code"]) == ("failed", "report", 5)


@pytest.fixture(scope="module")
def unexpected_error(small_home, module_tmp):
    def block_build_folder(paths: Paths) -> None:
        # A stray file where the refresh makes its build folder: no parser or dbt error.
        (paths.warehouse_dir / ".build").write_text("not a folder")
        outdate_reports(paths, "unexpected")

    return _failed_refresh(small_home, module_tmp, "unexpected", block_build_folder)


def test_unexpected_error_exits_1_and_publishes_nothing(unexpected_error):
    outcome = unexpected_error
    assert outcome["code"] == exitcodes.ERROR, outcome["output"]
    assert "NotADirectoryError" in outcome["output"]
    assert outcome["after"] == outcome["before"]
    run = _last_run(outcome["paths"])
    assert (run["status"], run["exit_code"]) == ("failed", exitcodes.ERROR)


@pytest.mark.parametrize("args", [("--no-such-option",), ("--wait", "soon"), ("surplus-argument",)])
def test_bad_arguments_exit_2_and_touch_nothing(small_home, tmp_path, args):
    paths = published_copy(small_home, tmp_path)
    outdate_reports(paths, "usage")  # a refresh that ran would publish
    before = published_digest(paths)
    result = run_caetl(paths, "refresh", *args)
    assert result.returncode == exitcodes.USAGE, result.stdout + result.stderr
    assert published_digest(paths) == before
    assert not runlog.log_path(paths).exists()


# ---------------------------------------------------------------------------------------
# Success: publish by rename, readers never see a partial file, the lock is left clean
# ---------------------------------------------------------------------------------------

# Opens the path again and again, each time as a new process-level DuckDB instance (no
# cache shared with an earlier open), until the stop file appears.
READER = r"""
import json, sys, time
from pathlib import Path
import duckdb

path, stop, report = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
opened, failures, sizes = 0, [], set()
while not stop.exists():
    try:
        con = duckdb.connect(path, read_only=True, config={"threads": 1})
        try:
            tables = con.execute(
                "select count(*) from duckdb_tables() where schema_name = 'reporting'"
            ).fetchone()[0]
            rows = con.execute("select count(*) from reporting.rpt_claim_checks").fetchone()[0]
            if tables < 5 or rows == 0:
                failures.append(f"opened with {tables} reporting tables, {rows} claim rows")
        finally:
            con.close()
        opened += 1
    except Exception as exc:
        failures.append(repr(exc)[:300])
report.write_text(json.dumps({"opened": opened, "failures": failures}))
"""


def _publish_while_reading(paths: Paths, work: Path, tag: str) -> dict:
    outdate_reports(paths, tag)
    old_inode = paths.warehouse.stat().st_ino
    old_digest = file_digest(paths.warehouse)
    stop, report = work / f"stop-{tag}", work / f"reader-{tag}.json"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(paths.warehouse), str(stop), str(report)]
    )
    # A reader that opened the file before the publish and reads it after.
    with paths.warehouse.open("rb") as held:
        refresh = start_caetl(paths, "refresh")
        output = refresh.communicate(timeout=1200)[0]
        held_bytes_after = _digest_handle(held)
    time.sleep(0.5)  # a few opens of the new file too
    stop.touch()
    reader.wait(timeout=120)
    return {
        "code": refresh.returncode,
        "output": output,
        "old_inode": old_inode,
        "new_inode": paths.warehouse.stat().st_ino,
        "old_digest": old_digest,
        "held_digest": held_bytes_after,
        "links": paths.warehouse.stat().st_nlink,
        "reader": json.loads(report.read_text()),
    }


def _digest_handle(handle) -> str:
    import hashlib

    handle.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


@pytest.fixture(scope="module")
def publishes(small_home, module_tmp):
    work = module_tmp.mktemp("publishes")
    paths = published_copy(small_home, work / "project")
    first = _publish_while_reading(paths, work, "first")
    second = _publish_while_reading(paths, work, "second")
    lock_after = lock_path(paths).read_bytes()
    unchanged = run_caetl(paths, "refresh")
    return {"paths": paths, "runs": [first, second], "lock": lock_after, "noop": unchanged}


def test_every_publish_puts_a_new_file_in_place(publishes):
    for run in publishes["runs"]:
        assert run["code"] == exitcodes.OK, run["output"]
        assert "published" in run["output"]
        assert run["new_inode"] != run["old_inode"]
        assert run["links"] == 1  # renamed into place, no second name left behind
    inodes = [r["old_inode"] for r in publishes["runs"]] + [publishes["runs"][-1]["new_inode"]]
    assert len(set(inodes)) == 3


def test_reader_holding_the_old_file_keeps_its_whole_bytes(publishes):
    for run in publishes["runs"]:
        assert run["held_digest"] == run["old_digest"]


def test_reader_opening_the_path_during_publish_always_opens_a_whole_database(publishes):
    for run in publishes["runs"]:
        assert run["reader"]["opened"] >= 3, run["reader"]
        assert run["reader"]["failures"] == []


def test_clean_run_leaves_no_lock_holder_and_the_next_run_takes_over_nothing(publishes):
    assert publishes["lock"] == b""
    noop = publishes["noop"]
    output = noop.stdout + noop.stderr
    assert noop.returncode == exitcodes.OK, output
    assert "nothing changed" in output
    assert "took over" not in output
    for run in publishes["runs"][1:]:
        assert "took over" not in run["output"]


def test_build_folders_are_gone_after_publishing(publishes):
    builds = publishes["paths"].warehouse_dir / ".build"
    assert not builds.exists() or not any(builds.iterdir())


# ---------------------------------------------------------------------------------------
# --wait N: gives up after about N seconds while another run holds the lock
# ---------------------------------------------------------------------------------------

HOLDER = r"""
import sys, time
from pathlib import Path
from caetl import lock

with lock.exclusive(Path(sys.argv[1]), 0, "refresh"):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_wait_gives_up_after_its_seconds_with_exit_75(small_home, tmp_path):
    paths = published_copy(small_home, tmp_path)
    outdate_reports(paths, "wait")  # a refresh that got the lock would publish
    before = published_digest(paths)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock_path(paths)), "600"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        result = run_caetl(paths, "refresh", "--wait", "4")
        elapsed = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait(timeout=30)
    output = result.stdout + result.stderr
    assert result.returncode == exitcodes.BUSY, output
    assert f"pid {holder.pid}" in output and "(waited 4s)" in output
    # 4 s of waiting plus the command's own start (imports), not an endless wait.
    assert 4 <= elapsed < 60, elapsed
    assert published_digest(paths) == before
    run = _last_run(paths)
    assert (run["status"], run["exit_code"]) == ("busy", exitcodes.BUSY)
