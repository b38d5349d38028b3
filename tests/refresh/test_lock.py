"""The refresh lock in-process: held, busy, waited for, released clean, taken over."""

from __future__ import annotations

import json
import os
import time

import pytest

from caetl import lock


def test_holder_details_while_held_and_an_empty_file_after(tmp_path):
    path = tmp_path / "sub" / ".refresh.lock"
    with lock.exclusive(path, purpose="check") as held:
        assert held.path == path and held.stale_holder == {}
        details = json.loads(path.read_text())
        assert details["pid"] == os.getpid() and details["purpose"] == "check"
        assert details["started_at"].endswith("+00:00")
    assert path.read_bytes() == b""
    with lock.exclusive(path) as again:  # a clean release leaves nothing to take over
        assert again.stale_holder == {}


def test_second_holder_is_refused_at_once_naming_the_first(tmp_path):
    path = tmp_path / ".refresh.lock"
    with lock.exclusive(path):
        started = time.monotonic()
        with pytest.raises(lock.LockBusy) as busy, lock.exclusive(path):
            pass
        assert time.monotonic() - started < 1.0  # no waiting (a loaded machine: not 0)
        assert busy.value.holder["pid"] == os.getpid()
        holder = busy.value.holder
        assert str(busy.value).startswith(
            f"another refresh is running: pid {os.getpid()} on {holder['host']} since "
            f"{holder['started_at']} holds {path}"
        )
    with lock.exclusive(path) as held:  # released by the holder, free again
        assert held.stale_holder == {}


def test_wait_gives_up_after_its_seconds(tmp_path):
    path = tmp_path / ".refresh.lock"
    with lock.exclusive(path):
        started = time.monotonic()
        with pytest.raises(lock.LockBusy) as busy, lock.exclusive(path, wait=1.2):
            pass
        waited = time.monotonic() - started
    assert 1.2 <= waited < 6.0
    assert "(waited 1s)" in str(busy.value)


def test_details_left_by_a_dead_holder_are_reported_as_stale(tmp_path):
    path = tmp_path / ".refresh.lock"
    dead = {"pid": 999999, "host": "h", "purpose": "refresh", "started_at": "2026-01-01"}
    path.write_text(json.dumps(dead))
    with lock.exclusive(path) as held:
        assert held.stale_holder == dead
        assert json.loads(path.read_text())["pid"] == os.getpid()  # overwritten, not appended
    path.write_text("garbage{")
    with lock.exclusive(path) as held:
        assert held.stale_holder == {"unreadable": "garbage{"}
    path.write_bytes(b"\xff\xfe{")  # not even UTF-8: read, not raised
    with lock.exclusive(path) as held:
        assert held.stale_holder == {"unreadable": "\ufffd\ufffd{"}


def test_busy_without_details_says_another_process(tmp_path):
    assert "another process holds" in str(lock.LockBusy(tmp_path / "l", {}, 0.0))
