"""kill -9 at several points of a refresh: each time the published warehouse and reports
keep their bytes, and the next refresh takes over the dead run's lock, removes its build
folder and publishes.

Points inside long steps (dbt build, reports) are hit from outside: the test watches the
real `caetl refresh` output and sends SIGKILL once the step has started. Points that last
microseconds (after the load wrote its rows; just before the rename; between the reports
exchange and the warehouse rename) are hit by CAETL_FAULT=<point>, which makes the process
SIGKILL itself there: the same death, at a place no outside timing can reach reliably.
"""

from __future__ import annotations

import os
import signal
import time

import duckdb
import pytest

from caetl import exitcodes, runlog
from support.refresh import (
    outdate_reports,
    published_copy,
    published_digest,
    run_caetl,
    start_caetl,
    touch_source,
)

pytestmark = pytest.mark.slow(seconds=100)

# (point, how, progress seen before the death, progress that must not have come):
# how = "self" for CAETL_FAULT, otherwise the progress line to kill after. The first three
# die in refreshes that redo only outdated reports (no load, no dbt build: the cheapest run
# that reaches them); a SIPRI change is then made for the last three to die loading and
# building, and for the final refresh to publish.
POINTS = [
    ("report", "report: started", "report: started", "report: done"),
    ("publish", "self", "record: done", "publish: started"),  # just before the renames
    ("between-renames", "self", "publish: started", "publish: done"),
    ("load", "self", "load: started", "load: done"),  # rows written, connection open
    ("load-from-outside", "load: started", "load: started", "load: done"),
    ("build", "build: started", "build: started", "build: done"),
]


def _kill_after(paths, line: str) -> tuple[int, str]:
    process = start_caetl(paths, "refresh")
    seen = []
    for text in process.stdout:
        seen.append(text)
        if line in text:
            time.sleep(1.0)  # well inside the step: a build or the reports take seconds
            os.kill(process.pid, signal.SIGKILL)
            break
    rest = process.communicate(timeout=600)[0]
    return process.returncode, "".join(seen) + rest


@pytest.fixture(scope="module")
def killed(small_home, module_tmp):
    paths = published_copy(small_home, module_tmp.mktemp("faults"))
    outdate_reports(paths, "faults")
    outcomes = {}
    for point, how, _, _ in POINTS:
        if point == "load":
            touch_source(paths, "FAULT-MARKER")
        before = published_digest(paths)
        if how == "self":
            result = run_caetl(paths, "refresh", CAETL_FAULT=point)
            code, output = result.returncode, result.stdout + result.stderr
        else:
            code, output = _kill_after(paths, how)
        outcomes[point] = (code, output, before, published_digest(paths))
    after_kills = published_digest(paths)
    final = run_caetl(paths, "refresh")
    return paths, outcomes, after_kills, final


@pytest.mark.parametrize(("point", "reached", "not_reached"), [(p[0], p[2], p[3]) for p in POINTS])
def test_killed_refresh_died_inside_its_step(killed, point, reached, not_reached):
    _, outcomes, _, _ = killed
    code, output, _, _ = outcomes[point]
    assert code == -signal.SIGKILL, output
    assert reached in output and not_reached not in output, output


@pytest.mark.parametrize("point", ["load", "load-from-outside", "build", "report", "publish"])
def test_published_warehouse_and_reports_keep_their_bytes(killed, point):
    _, outcomes, _, _ = killed
    _, _, before, after = outcomes[point]
    assert after == before


def test_death_between_the_renames_leaves_the_old_warehouse(killed):
    _, outcomes, _, _ = killed
    _, _, before, after = outcomes["between-renames"]
    assert after["warehouse"] == before["warehouse"]
    # The reports were already exchanged: new ones, which the next refresh redoes.
    assert after != before


def test_next_refresh_takes_over_cleans_up_and_publishes(killed):
    paths, _, after_kills, final = killed
    assert final.returncode == exitcodes.OK, final.stderr
    text = " ".join(final.stderr.split())
    assert "took over the lock" in text and "died without releasing it" in text
    assert "left by a refresh that did not finish" in text
    assert not any((paths.warehouse_dir / ".build").iterdir())
    assert published_digest(paths)["warehouse"] != after_kills["warehouse"]
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        marked = con.execute(
            "select count(*) from marts.fct_arms_transfers where description like '%FAULT-MARKER'"
        ).fetchone()[0]
        load_id = con.execute("select value from meta.state where key = 'load_id'").fetchall()
    assert marked == 1
    assert (paths.reports / ".caetl-run.json").read_text().count(load_id[0][0]) == 1


# The step each killed run was in, as its lock file said ("publish" dies after "record").
KILLED_IN = {
    "load": "load",
    "load-from-outside": "load",
    "build": "build",
    "report": "report",
    "publish": "record",
    "between-renames": "publish",
}


def test_every_killed_run_is_on_record(killed):
    paths, _, _, _ = killed
    dead = [r for r in runlog.read(paths) if r["status"] == "killed"]
    assert [r["failed_step"] for r in dead] == [KILLED_IN[p[0]] for p in POINTS]
    assert all(r["run_id"] and r["started_at"] and "died in step" in r["error"] for r in dead)
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        recorded = con.execute(
            "select run_id, failed_step from meta.runs where status = 'killed' order by all"
        ).fetchall()
    assert recorded == sorted((r["run_id"], r["failed_step"]) for r in dead)
