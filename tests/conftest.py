"""Shared fixtures: the repository's own folders, and one project refreshed end to end.

`built_home` copies raw/ and dbt_project/ into a temporary project and runs the real
refresh once per test session; tests that query the warehouse share it read-only.
`small_home` is the same with 16 of the 235 DOTS workbooks: the tests of the refresh's
mechanics copy it and refresh again, at about two thirds of the cost and a quarter of the
disk. Under pytest-xdist (`pytest -n 2`) the workers share one of each
(tests/support/shared_project.py), which a worker starts building in the background while
the tests run.

Scheduling: `make test` hands whole files to workers (`--dist loadfile`), longest first.
A file's expected cost is the largest `slow(seconds=N)` mark among its tests; files without
one keep their order after the costly ones, so the last file a worker picks is a short one.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from caetl.paths import Paths
from support.shared_project import ensure_published

# The fetch tests' loopback replay server, and the guard that blocks every non-loopback
# connection for the whole session (tests/support/fetch.py); headless Chromium through
# Playwright (tests/support/browser.py).
pytest_plugins = ["support.fetch", "support.browser"]

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"
_background: list[subprocess.Popen] = []


def pytest_configure(config: pytest.Config) -> None:
    # pyspark.sql.connect, which Great Expectations imports when pyspark is installed (the
    # spark extra), exits the process when __main__ has neither spec nor file, taking the
    # run for pyspark's own doctests; an xdist worker's __main__ is such a module.
    main = sys.modules["__main__"]
    if os.environ.get("PYTEST_XDIST_WORKER") and not hasattr(main, "__file__"):
        main.__file__ = "<pytest-xdist worker>"


def _file_cost(item: pytest.Item) -> float:
    return max((m.kwargs.get("seconds", 0) for m in item.iter_markers("slow")), default=0)


def _shared_dir(config: pytest.Config, name: str) -> Path:
    # The workers' temp folders share a parent: the controller's.
    return config._tmp_path_factory.getbasetemp().parent / name  # noqa: SLF001


class Shared(NamedTuple):
    small: bool
    """The small project (tests/support/shared_project.py), or the shipped one."""
    starter: str
    """The xdist worker that starts building it in the background."""
    given: str
    """For quick iterations: names a project already refreshed by this code, used read-only."""


SHARED_PROJECTS = {
    "built_home": Shared(False, "gw0", "CAETL_TEST_PUBLISHED"),
    "small_home": Shared(True, "gw1", "CAETL_TEST_PUBLISHED_SMALL"),
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    cost: dict[Path, float] = {}
    for item in items:
        cost[item.path] = max(cost.get(item.path, 0), _file_cost(item))
    items.sort(key=lambda item: -cost[item.path])  # stable: file order and test order kept
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    for name, shared in SHARED_PROJECTS.items():
        needed = any(name in getattr(item, "fixturenames", ()) for item in items)
        if needed and worker == shared.starter and not os.environ.get(shared.given):
            folder = _shared_dir(config, name)
            log = folder.with_suffix(".log").open("w")
            script = str(Path(__file__).parent / "support" / "shared_project.py")
            command = [sys.executable, script, str(folder), *(["--small"] if shared.small else [])]
            _background.append(subprocess.Popen(command, stdout=log, stderr=log))


def pytest_sessionfinish(session: pytest.Session) -> None:
    for process in _background:  # a worker never leaves the build behind it
        process.wait()


class ModuleTmp:
    """`mktemp` like pytest's factory, inside one folder that belongs to a test module."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def mktemp(self, name: str) -> Path:
        for number in itertools.count():
            path = self.root / f"{name}{number}"
            if not path.exists():
                path.mkdir()
                return path


@pytest.fixture(scope="module")
def module_tmp(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """Folders for a module's shared fixtures, removed when its tests are done (kept if
    one failed). A copy of the published project is half a gigabyte and a score of
    modules make one: kept to the session's end, they fill a small disk."""
    root = tmp_path_factory.mktemp(request.module.__name__.rpartition(".")[2])
    failed_before = request.session.testsfailed
    yield ModuleTmp(root)
    if request.session.testsfailed == failed_before:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def repo_paths() -> Paths:
    return Paths(REPO)


def _shared_project(request: pytest.FixtureRequest, name: str) -> Paths:
    shared = SHARED_PROJECTS[name]
    given = os.environ.get(shared.given)
    if given:
        return Paths(Path(given))
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        folder = request.config._tmp_path_factory.mktemp(name)  # noqa: SLF001
        return ensure_published(folder / "project", small=shared.small)
    return ensure_published(_shared_dir(request.config, name), small=shared.small)


@pytest.fixture(scope="session")
def built_home(request: pytest.FixtureRequest) -> Paths:
    """A project refreshed from the shipped raw/ data: warehouse and reports published."""
    return _shared_project(request, "built_home")


@pytest.fixture(scope="session")
def small_home(request: pytest.FixtureRequest) -> Paths:
    """The small project (16 DOTS workbooks) refreshed and published; copy it to change it."""
    return _shared_project(request, "small_home")


@pytest.fixture(scope="session")
def built_warehouse(built_home: Paths) -> Path:
    """The published DuckDB file of `built_home` (open it read-only)."""
    return built_home.warehouse
