"""What `caetl.build.build` asks of dbt: unit tests only when asked, dbt's JSON artifacts
only when asked, and the warehouse file released when dbt returns (the profile keeps one
connection open for the whole command)."""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest

from caetl.build import build

pytestmark = pytest.mark.slow(seconds=30)

MODEL = "arg_claim_parts"  # one model with a unit test of its own


@pytest.fixture(scope="module")
def warehouse(small_home, module_tmp):
    copy = module_tmp.mktemp("build_options") / "caetl.duckdb"
    shutil.copyfile(small_home.warehouse, copy)
    return copy


def _kinds(target) -> list[str]:
    results = json.loads((target / "run_results.json").read_text())["results"]
    return sorted({r["unique_id"].split(".")[0] for r in results})


def test_unit_tests_only_when_asked(small_home, warehouse, tmp_path):
    state = tmp_path / "state" / "partial-parse.msgpack"
    project = small_home.dbt_project
    with_unit = build(project, warehouse, tmp_path / "a", [MODEL], parse_state=state)
    assert _kinds(with_unit.target_dir) == ["model", "test", "unit_test"]
    without = build(
        project, warehouse, tmp_path / "b", [MODEL], parse_state=state, unit_tests=False
    )
    assert _kinds(without.target_dir) == ["model", "test"]


def test_no_artifacts_and_the_warehouse_released_when_dbt_returns(small_home, warehouse, tmp_path):
    result = build(small_home.dbt_project, warehouse, tmp_path, [MODEL], artifacts=False)
    assert not (result.target_dir / "run_results.json").exists()
    assert not (result.target_dir / "manifest.json").exists()
    # An open dbt connection (read-write) would refuse a read-only one in this process.
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from argument.arg_claim_parts").fetchone()[0] > 0
