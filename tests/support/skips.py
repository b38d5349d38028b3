"""Skips that would hide coverage: on a developer's machine a missing tool or extra skips
the test with the reason; where the environment variable CI is set (the CI run, `make
test` in .ci/run) the same gap fails the test, so a green CI run means the test ran."""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def skip_or_fail(reason: str, *, module_level: bool = False) -> None:
    """Skip with `reason`, or fail with it under CI."""
    if in_ci():
        pytest.fail(f"CI is set, so this may not be skipped: {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=module_level)


def import_or_skip(name: str, reason: str) -> ModuleType:
    """pytest.importorskip at module level, failing under CI."""
    try:
        return importlib.import_module(name)
    except ImportError:
        skip_or_fail(f"{name} cannot be imported: {reason}", module_level=True)
        raise  # unreachable: skip_or_fail always raises
