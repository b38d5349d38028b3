"""The project refreshed once per test session and shared by the xdist workers.

Whoever takes the lock first builds it; the others wait and find it published. The first
worker starts the build in the background as soon as it has collected (`python
tests/support/shared_project.py DIR`), so the three minutes of the refresh overlap with the tests
that do not read it instead of holding a worker idle.
"""

from __future__ import annotations

import fcntl
import shutil
import sys
from pathlib import Path

from caetl.paths import Paths

# Run as a script too (sys.path[0] is this folder): no imports from the tests.
REPO = Path(__file__).resolve().parents[2]


def copy_project(target: Path) -> Paths:
    """A fresh project folder with the shipped raw data and dbt project (no outputs)."""
    shutil.copytree(REPO / "raw", target / "raw")
    shutil.copytree(
        REPO / "dbt_project",
        target / "dbt_project",
        ignore=shutil.ignore_patterns("target", "logs", ".user.yml"),
    )
    return Paths(target)


def ensure_published(shared: Path) -> Paths:
    """`shared` refreshed from the shipped raw/ data, built at most once across processes."""
    from caetl.refresh import refresh

    shared.parent.mkdir(parents=True, exist_ok=True)
    with open(shared.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / ".published"
        if not done.exists():
            shutil.rmtree(shared, ignore_errors=True)
            result = refresh(copy_project(shared))
            assert result.published, result
            done.touch()
    return Paths(shared)


if __name__ == "__main__":
    ensure_published(Path(sys.argv[1]))
