"""One refresh at a time: an exclusive flock on warehouse/.refresh.lock.

The kernel drops a flock when its process dies, even by SIGKILL, so a killed refresh never
leaves a lock that blocks the next one. The holder writes its pid and start time into the
file; a later refresh that finds those details but gets the lock knows the previous holder
died without cleaning up, says so, and removes its build leftovers.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from caetl.errors import CaetlError


class LockBusy(CaetlError):
    """Another process holds the refresh lock."""

    def __init__(self, path: Path, holder: dict, waited: float) -> None:
        self.holder = holder
        who = (
            f"pid {holder.get('pid')} on {holder.get('host')} since {holder.get('started_at')}"
            if holder
            else "another process"
        )
        waited_text = f" (waited {waited:.0f}s)" if waited else ""
        super().__init__(f"another refresh is running: {who} holds {path}{waited_text}")


@dataclass(frozen=True)
class Held:
    path: Path
    stale_holder: dict
    """Details left by a holder that died without releasing (empty when none)."""
    details: dict = field(default_factory=dict)
    fd: int = -1

    def note(self, **details: object) -> None:
        """Add to what the lock file says about its holder (e.g. the step under way), so a
        holder that dies is described by the next one to take the lock."""
        self.details.update(details)
        _write_holder(self.fd, self.details)


def _read_holder(fd: int) -> dict:
    os.lseek(fd, 0, os.SEEK_SET)
    text = os.read(fd, 4096).decode("utf-8", "replace").strip()
    try:
        return json.loads(text) if text else {}
    except json.JSONDecodeError:
        return {"unreadable": text[:200]}


def _write_holder(fd: int, details: dict) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, json.dumps(details).encode())
    os.fsync(fd)


@contextmanager
def exclusive(
    path: Path, wait: float = 0.0, purpose: str = "refresh", **about: object
) -> Iterator[Held]:
    """Hold the lock for the block; raise LockBusy at once, or after `wait` seconds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    started = time.monotonic()
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waited = time.monotonic() - started
                if waited >= wait:
                    raise LockBusy(path, _read_holder(fd), waited) from None
                time.sleep(min(0.25, wait - waited))
        stale = _read_holder(fd)  # a clean release empties the file
        details = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "purpose": purpose,
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
            **about,
        }
        _write_holder(fd, details)
        try:
            yield Held(path, stale, details, fd)
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
