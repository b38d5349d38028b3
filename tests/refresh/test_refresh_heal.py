"""A damaged published warehouse (cut short by a full disk or a bad copy): every command
says so in one sentence without a traceback; `caetl refresh` moves it to
warehouse/damaged/, rebuilds fully from raw/ with the run history of runs.jsonl, publishes
the same reports and exits 7."""

from __future__ import annotations

import duckdb
import pytest

from caetl import exitcodes, heal, lock, runlog
from caetl.refresh import lock_path
from support.refresh import file_digest, published_copy, run_caetl

pytestmark = pytest.mark.slow(seconds=80)


def _damage(path) -> None:
    """Cut the file to a third: what a disk filling up mid-copy leaves."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.truncate(size // 3)


def _one_sentence(text: str) -> str:
    """The message as one line (the console wraps long lines)."""
    assert "damaged" in text, text
    return " ".join(text.split())


@pytest.fixture(scope="module")
def damaged(small_home, module_tmp):
    paths = published_copy(small_home, module_tmp.mktemp("heal"), run_log=True)
    published_runs = [r["run_id"] for r in runlog.read(paths) if r["status"] == "published"]
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        history = {r for (r,) in con.execute("select run_id from meta.runs").fetchall()}
    csvs = {p.name: file_digest(p) for p in (paths.reports / "csv").glob("rpt_*.csv")}
    _damage(paths.warehouse)
    return paths, history | set(published_runs), csvs


def test_quick_check_finds_the_damage(damaged, tmp_path):
    paths, _, _ = damaged
    assert heal.problem(paths.warehouse)
    assert heal.problem(tmp_path / "absent.duckdb") is None


@pytest.mark.parametrize("command", [["sql", "select 1"], ["report"], ["export", "--parquet"]])
def test_readers_refuse_in_one_sentence(damaged, command, tmp_path):
    paths, _, _ = damaged
    if command[-1] == "--parquet":
        command = [*command, str(tmp_path / "out")]
    result = run_caetl(paths, *command)
    assert result.returncode == exitcodes.DAMAGED, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    sentence = _one_sentence(result.stderr)
    assert "caetl.duckdb is damaged" in sentence and "caetl refresh" in sentence


def test_status_says_so_and_waits_for_no_lock(damaged):
    """With a refresh holding the lock, status reports the damage and that it is busy."""
    paths, _, _ = damaged
    with lock.exclusive(lock_path(paths), purpose="refresh"):
        result = run_caetl(paths, "status", "--no-freshness")
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode == exitcodes.BUSY, result.stderr
    assert "does not open or fails the integrity check" in _one_sentence(result.stderr)
    assert paths.warehouse.exists()  # nothing moved without the lock


@pytest.fixture(scope="module")
def healed(damaged):
    paths, history, csvs = damaged
    result = run_caetl(paths, "refresh")
    return paths, history, csvs, result


def test_refresh_moves_it_aside_rebuilds_and_exits_7(healed):
    paths, _, _, result = healed
    assert result.returncode == exitcodes.DAMAGED, result.stderr
    assert "Traceback" not in result.stderr
    text = " ".join(result.stderr.split())
    assert "is damaged" in text and "rebuilding it fully from raw/" in text
    moved = list((paths.warehouse_dir / "damaged").glob("*.duckdb"))
    assert len(moved) == 1 and heal.problem(moved[0])
    assert heal.problem(paths.warehouse) is None
    last = runlog.read(paths, last=1)[0]
    assert last["status"] == "published" and last["mode"] == "full"
    assert last["damaged"] == str(moved[0]) and last["exit_code"] == 0


def test_run_history_is_restored_from_runs_jsonl(healed):
    paths, history, _, _ = healed
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        runs = {r for (r,) in con.execute("select run_id from meta.runs").fetchall()}
    logged = {r["run_id"] for r in runlog.read(paths) if r["status"] == "published"}
    assert logged <= runs
    assert runlog.read(paths, last=1)[0]["run_id"] in runs


def test_rebuilt_reports_have_the_same_bytes(healed):
    paths, _, csvs, _ = healed
    after = {p.name: file_digest(p) for p in (paths.reports / "csv").glob("rpt_*.csv")}
    assert after == csvs


def test_status_reads_the_rebuilt_warehouse(healed):
    paths, _, _, _ = healed
    result = run_caetl(paths, "status", "--no-freshness")
    assert result.returncode == exitcodes.OK, result.stderr
    assert "damaged" not in result.stderr
