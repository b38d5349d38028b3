"""dbt's partial-parse state carries over between builds in different folders.

Every refresh builds in `warehouse/.build/<load id>/`; dbt hashes the warehouse path into
its profile, so without the fixed link of `caetl.build` each build would parse the whole
project again (about 10 s of a build).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from caetl.build import run_dbt

pytestmark = pytest.mark.slow


def _parse(repo_paths, folder: Path, state: Path) -> dict:
    folder.mkdir(parents=True)
    result = run_dbt(
        ["parse"], repo_paths.dbt_project, folder / "caetl.duckdb", folder, parse_state=state
    )
    return json.loads((result.target_dir / "perf_info.json").read_text())


def test_second_build_in_another_folder_parses_nothing(repo_paths, tmp_path):
    state = tmp_path / ".state" / "dbt-partial-parse.msgpack"
    first = _parse(repo_paths, tmp_path / "build-1", state)
    second = _parse(repo_paths, tmp_path / "build-2", state)
    assert first["parsed_path_count"] == first["path_count"] > 100
    assert second["parsed_path_count"] == 0
    assert state.is_file()
    assert not (state.parent / "dbt-build").exists(), "the link outlives the build"


def test_without_kept_state_every_build_parses_everything(repo_paths, tmp_path):
    perf = _parse(repo_paths, tmp_path / "build-1", None)
    assert perf["parsed_path_count"] == perf["path_count"]
