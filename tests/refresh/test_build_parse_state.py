"""dbt's partial-parse state carries over between builds in different folders, and to a
copied or moved project.

Every refresh builds in `warehouse/.build/<load id>/`; dbt hashes the warehouse path into
its profile, so `caetl.build` runs dbt inside the build folder with the warehouse's bare
file name: otherwise each build would parse the whole project again (about 10 s of a build).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from caetl.build import run_dbt
from support import REPO

pytestmark = pytest.mark.slow
SEED = "calendar_years"


def _parse(project: Path, folder: Path, state: Path | None) -> dict:
    folder.mkdir(parents=True)
    result = run_dbt(["parse"], project, folder / "caetl.duckdb", folder, parse_state=state)
    return json.loads((result.target_dir / "perf_info.json").read_text())


def _project_copy(target: Path) -> Path:
    ignore = shutil.ignore_patterns("target", "logs", ".user.yml")
    return Path(shutil.copytree(REPO / "dbt_project", target, ignore=ignore))


def test_second_build_in_another_folder_parses_nothing(repo_paths, tmp_path):
    state = tmp_path / ".state" / "dbt-partial-parse.msgpack"
    cwd = Path.cwd()
    first = _parse(repo_paths.dbt_project, tmp_path / "build-1", state)
    second = _parse(repo_paths.dbt_project, tmp_path / "build-2", state)
    assert first["parsed_path_count"] == first["path_count"] > 100
    assert second["parsed_path_count"] == 0
    assert state.is_file()
    assert Path.cwd() == cwd, "dbt ran in the build folder; the caller's folder comes back"


def test_without_kept_state_every_build_parses_everything(repo_paths, tmp_path):
    perf = _parse(repo_paths.dbt_project, tmp_path / "build-1", None)
    assert perf["parsed_path_count"] == perf["path_count"]


def test_a_moved_project_keeps_its_state_and_seeds_from_its_own_folder(tmp_path):
    """The kept state remembers where each seed was first parsed; after the project moves,
    a seed is read from its new folder (the old one is gone), with its rows as they are
    there."""
    state = tmp_path / ".state" / "dbt-partial-parse.msgpack"
    old = _project_copy(tmp_path / "old" / "dbt_project")
    _parse(old, tmp_path / "build-1", state)
    new = tmp_path / "new" / "dbt_project"
    new.parent.mkdir()
    os.replace(old, new)
    assert _parse(new, tmp_path / "build-2", state)["parsed_path_count"] == 0
    folder = tmp_path / "build-3"
    folder.mkdir()
    warehouse = folder / "caetl.duckdb"
    result = run_dbt(["seed", "--select", SEED], new, warehouse, folder, parse_state=state)
    assert result.failures == []
    lines = (new / "seeds" / f"{SEED}.csv").read_text(encoding="utf-8").splitlines()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(f"select count(*) from staging.{SEED}").fetchone()[0]  # noqa: S608
    assert rows == len([line for line in lines[1:] if line.strip()]) > 0
