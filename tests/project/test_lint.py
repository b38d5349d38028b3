"""ruff and sqlfluff over the whole project, so style drift fails the test command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from support import REPO

BIN = Path(sys.executable).parent
PYTHON_TREES = [p for p in ("src", "tests", "benchmarks", "scripts") if (REPO / p).exists()]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=600)


def test_ruff_check():
    result = _run(str(BIN / "ruff"), "check", *PYTHON_TREES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format():
    result = _run(str(BIN / "ruff"), "format", "--check", *PYTHON_TREES)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow(seconds=150)
def test_sqlfluff_lint_dbt_project():
    result = _run(str(BIN / "sqlfluff"), "lint", "dbt_project", "--processes", "2")
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
