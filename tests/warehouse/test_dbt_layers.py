"""The dbt project flows one way: seeds and sources -> staging -> intermediate -> marts ->
argument -> reporting. Read from the manifest `dbt parse` writes, every model builds into the
schema of its folder (models/<layer>/...), and no model reads a later layer than its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from caetl.build import run_dbt

pytestmark = pytest.mark.slow

# The layers in the order data flows through them; a model may read its own layer or an
# earlier one. Seeds and sources come before every model.
LAYERS = ["seeds", "staging", "intermediate", "marts", "argument", "reporting"]
RANK = {layer: rank for rank, layer in enumerate(LAYERS)}


def _layer(node: dict) -> str:
    """The layer of a manifest node: seeds and sources are the first one, a model's is the
    first folder of its path under models/."""
    if node["resource_type"] in {"seed", "source"}:
        return "seeds"
    return Path(node["original_file_path"]).parts[1]


@pytest.fixture(scope="module")
def manifest(repo_paths, module_tmp) -> dict:
    work = module_tmp.mktemp("dbt-layers")
    result = run_dbt(["parse"], repo_paths.dbt_project, work / "caetl.duckdb", work)
    return json.loads((result.target_dir / "manifest.json").read_text())


def _models(manifest: dict) -> dict[str, dict]:
    return {k: n for k, n in manifest["nodes"].items() if n["resource_type"] == "model"}


def test_every_model_folder_is_a_known_layer(manifest):
    models = _models(manifest)
    assert len(models) > 50
    unknown = sorted(n["original_file_path"] for n in models.values() if _layer(n) not in RANK)
    assert unknown == []


def test_every_model_builds_into_the_schema_of_its_folder(manifest):
    wrong = sorted(
        f"{n['original_file_path']} -> schema {n['schema']}"
        for n in _models(manifest).values()
        if n["schema"] != _layer(n)
    )
    assert wrong == []


def test_no_model_reads_a_later_layer(manifest):
    nodes = {**manifest["nodes"], **manifest["sources"]}
    backwards = []
    for model in _models(manifest).values():
        for parent_id in model["depends_on"]["nodes"]:
            parent = nodes[parent_id]
            if RANK[_layer(parent)] > RANK[_layer(model)]:
                backwards.append(
                    f"{model['name']} ({_layer(model)}) reads {parent['name']} ({_layer(parent)})"
                )
    assert sorted(backwards) == []


def test_every_report_is_declared_as_an_exposure(manifest):
    reports = {n["name"] for n in _models(manifest).values() if _layer(n) == "reporting"}
    exposures = {e["name"]: e for e in manifest["exposures"].values()}
    assert set(exposures) == reports
    for name, exposure in exposures.items():
        assert exposure["depends_on"]["nodes"] == [f"model.caetl.{name}"]
        assert exposure["url"] == f"reports/html/{name}.html"
        assert exposure["type"] == "dashboard"
        assert exposure["description"].strip()
