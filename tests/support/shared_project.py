"""The projects refreshed once per test session and shared by the xdist workers.

Two: the shipped project (the figures' tests read it) and the small project, the shipped
one with 16 of the 235 DOTS workbooks (tests/fixtures/small_project_workbooks.txt), which the
tests of the refresh's mechanics copy and refresh again. Whoever takes a project's lock first
builds it; the others wait and find it published. A worker starts each build in the
background as soon as it has collected (`python tests/support/shared_project.py DIR
[--small]`), so the minutes of the refresh overlap with the tests that do not read it
instead of holding a worker idle.
"""

from __future__ import annotations

import fcntl
import shutil
import sys
from pathlib import Path

from caetl.paths import Paths

# Run as a script too (sys.path[0] is this folder): no imports from the tests.
REPO = Path(__file__).resolve().parents[2]
DOTS_FOLDER = Path("trade") / "imf_dots_xlsx"
SMALL_WORKBOOKS = REPO / "tests" / "fixtures" / "small_project_workbooks.txt"


def small_workbooks() -> set[str]:
    lines = SMALL_WORKBOOKS.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def _leave_out_dots_but(workbooks: set[str]):
    """A copytree filter: the DOTS workbooks not in `workbooks` are not copied."""

    def ignore(folder: str, names: list[str]) -> list[str]:
        if not Path(folder).as_posix().endswith(DOTS_FOLDER.as_posix()):
            return []
        return [n for n in names if n.startswith("DOTS_") and n not in workbooks]

    return ignore


def copy_project(target: Path, *, small: bool = False) -> Paths:
    """A fresh project folder with the shipped raw data and dbt project (no outputs);
    `small`: with the small project's DOTS workbooks only."""
    ignore = _leave_out_dots_but(small_workbooks()) if small else None
    shutil.copytree(REPO / "raw", target / "raw", ignore=ignore)
    shutil.copytree(
        REPO / "dbt_project",
        target / "dbt_project",
        ignore=shutil.ignore_patterns("target", "logs", ".user.yml"),
    )
    return Paths(target)


def ensure_published(shared: Path, *, small: bool = False) -> Paths:
    """`shared` refreshed from the shipped raw/ data (`small`: the small project's), built
    at most once across processes."""
    from caetl.refresh import refresh

    shared.parent.mkdir(parents=True, exist_ok=True)
    with open(shared.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / ".published"
        if not done.exists():
            shutil.rmtree(shared, ignore_errors=True)
            result = refresh(copy_project(shared, small=small))
            assert result.published, result
            done.touch()
    return Paths(shared)


if __name__ == "__main__":
    ensure_published(Path(sys.argv[1]), small="--small" in sys.argv[2:])
