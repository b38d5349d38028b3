"""Two refreshes started together: exactly one publishes, the other exits 75 at once with
a clear message; a third with --wait waits its turn, then finds nothing left to do. An
analyst's read-only connection, open throughout, neither blocks the refresh nor loses its
view. The one source that changed is the only one reloaded."""

from __future__ import annotations

import json
import time

import duckdb
import pytest

from caetl import exitcodes, runlog
from caetl.paths import Paths
from caetl.refresh import lock_path
from support.refresh import (
    TOUCHED_DESCRIPTION,
    published_copy,
    published_digest,
    start_caetl,
    touch_source,
)

pytestmark = pytest.mark.slow(seconds=55)


def _lock_holder(paths: Paths) -> dict:
    try:
        text = lock_path(paths).read_text()
    except FileNotFoundError:
        return {}
    return json.loads(text) if text.strip() else {}


@pytest.fixture(scope="module")
def race(small_home, module_tmp):
    paths = published_copy(small_home, module_tmp.mktemp("race"))
    before = published_digest(paths)
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        old_load = con.execute("select value from meta.state where key = 'load_id'").fetchall()
    transfer = touch_source(paths, "RACE-MARKER")

    def read(con) -> list[tuple]:
        return con.execute(TOUCHED_DESCRIPTION, [transfer]).fetchall()

    reader = duckdb.connect(str(paths.warehouse), read_only=True)
    seen_before = read(reader)

    first, second = start_caetl(paths, "refresh"), start_caetl(paths, "refresh")
    deadline = time.monotonic() + 600
    while not _lock_holder(paths) and time.monotonic() < deadline:
        time.sleep(0.05)
    waiter = start_caetl(paths, "refresh", "--wait", "inf")
    reads_during = []
    while first.poll() is None or second.poll() is None:
        reads_during.append(read(reader))
        time.sleep(0.5)
    outputs = {p: p.communicate(timeout=1200)[0] for p in (first, second, waiter)}
    seen_after = read(reader)
    reader.close()
    return {
        "paths": paths,
        "before": before,
        "old_load": old_load[0][0],
        "runs": [(p.returncode, outputs[p]) for p in (first, second)],
        "waiter": (waiter.returncode, outputs[waiter]),
        "seen": (seen_before, reads_during, seen_after),
        "read": read,
    }


def test_exactly_one_of_two_refreshes_publishes(race):
    codes = sorted(code for code, _ in race["runs"])
    assert codes == [exitcodes.OK, exitcodes.BUSY], race["runs"]
    assert published_digest(race["paths"]) != race["before"]
    statuses = [r["status"] for r in runlog.read(race["paths"])]
    assert statuses.count("published") == 1


def test_the_other_exits_at_once_saying_who_holds_the_lock(race):
    [(_, out)] = [(c, o) for c, o in race["runs"] if c == exitcodes.BUSY]
    text = " ".join(out.split())
    assert "another refresh is running" in text and "pid" in text
    busy = [r for r in runlog.read(race["paths"]) if r["status"] == "busy"]
    assert len(busy) == 1 and busy[0]["exit_code"] == exitcodes.BUSY
    assert busy[0]["step_seconds"] == {}  # it did no work


def test_wait_takes_its_turn_then_finds_nothing_changed(race):
    code, out = race["waiter"]
    assert code == exitcodes.OK, out
    assert "nothing changed" in out


def test_reader_is_not_blocked_and_keeps_its_view(race):
    seen_before, during, after = race["seen"]
    assert during, "the reader never got to query during the refresh"
    assert all(rows == seen_before for rows in during)
    assert after == seen_before
    with duckdb.connect(str(race["paths"].warehouse), read_only=True) as con:
        assert "RACE-MARKER" in race["read"](con)[0][0]


def test_only_the_changed_source_was_reloaded(race):
    paths = race["paths"]
    [published] = [r for r in runlog.read(paths) if r["status"] == "published"]
    assert published["mode"] == "incremental"
    assert published["sources_loaded"] == ["sipri_arms_register"]
    assert published["dbt_select"] == "source:*.sipri_arms_register+"
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        loads = con.execute(
            "select distinct _load_id from raw.kaz_bns_monthly union all "
            "select distinct _load_id from raw.imf_dots"
        ).fetchall()
        touched = con.execute("select distinct _load_id from raw.sipri_arms_register").fetchall()
    assert {load for (load,) in loads} == {race["old_load"]}
    assert touched == [(published["run_id"],)]


def test_published_warehouse_records_its_run(race):
    paths = race["paths"]
    [published] = [r for r in runlog.read(paths) if r["status"] == "published"]
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        row = con.execute(
            "select status, mode, sources_loaded, rows_loaded, json_keys(step_seconds) "
            "from meta.runs where run_id = ?",
            [published["run_id"]],
        ).fetchall()
    assert row == [
        ("published", "incremental", ["sipri_arms_register"], published["rows_loaded"],
         ["plan", "start", "load", "build", "docs", "report"]),
    ]  # fmt: skip
