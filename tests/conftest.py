"""Shared fixtures: the repository's own folders, and one project refreshed end to end.

`built_home` copies raw/ and dbt_project/ into a temporary project and runs the real
refresh once per test session; tests that query the warehouse share it read-only. Under
pytest-xdist (`pytest -n 2`) the workers share one such project: the first builds it
while the others wait.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sys
from pathlib import Path

import pytest

from caetl.paths import Paths

# The fetch tests' loopback replay server, and the guard that blocks every non-loopback
# connection for the whole session (tests/fetch_fixtures.py); headless Chromium through
# Playwright (tests/browser_support.py).
pytest_plugins = ["fetch_fixtures", "browser_support"]


def pytest_configure(config: pytest.Config) -> None:
    # pyspark.sql.connect, which Great Expectations imports when pyspark is installed (the
    # spark extra), exits the process when __main__ has neither spec nor file, taking the
    # run for pyspark's own doctests; an xdist worker's __main__ is such a module.
    main = sys.modules["__main__"]
    if os.environ.get("PYTEST_XDIST_WORKER") and not hasattr(main, "__file__"):
        main.__file__ = "<pytest-xdist worker>"


REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"


def copy_project(target: Path) -> Paths:
    """A fresh project folder with the shipped raw data and dbt project (no outputs)."""
    shutil.copytree(REPO / "raw", target / "raw")
    shutil.copytree(
        REPO / "dbt_project",
        target / "dbt_project",
        ignore=shutil.ignore_patterns("target", "logs", ".user.yml"),
    )
    return Paths(target)


@pytest.fixture(scope="session")
def repo_paths() -> Paths:
    return Paths(REPO)


@pytest.fixture(scope="session")
def built_home(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """A project refreshed from the shipped raw/ data: warehouse and reports published."""
    from caetl.refresh import refresh

    # For quick iterations: a project already refreshed by this code, used read-only.
    given = os.environ.get("CAETL_TEST_PUBLISHED")
    if given:
        return Paths(Path(given))
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        paths = copy_project(tmp_path_factory.mktemp("built_home"))
        result = refresh(paths)
        assert result.published, result
        return paths
    # The workers' temp folders share a parent: one project there, built under a lock.
    shared = tmp_path_factory.getbasetemp().parent / "built_home"
    with open(shared.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / ".published"
        if not done.exists():
            shutil.rmtree(shared, ignore_errors=True)
            result = refresh(copy_project(shared))
            assert result.published, result
            done.touch()
    return Paths(shared)


@pytest.fixture(scope="session")
def built_warehouse(built_home: Paths) -> Path:
    """The published DuckDB file of `built_home` (open it read-only)."""
    return built_home.warehouse
