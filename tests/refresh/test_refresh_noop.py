"""A refresh with nothing changed publishes nothing, says so, exits 0, and never imports
dbt or Great Expectations (how fast it is goes to benchmarks/, not here)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from caetl import exitcodes, runlog
from support.refresh import (
    caetl_env,
    published_copy,
    published_digest,
    run_caetl,
)

pytestmark = pytest.mark.slow

PROBE = """
import json, sys
from pathlib import Path
from caetl.paths import Paths
from caetl.refresh import refresh
result = refresh(Paths(Path(sys.argv[1])))
heavy = sorted({m.split(".")[0] for m in sys.modules if m.split(".")[0] in
                ("dbt", "great_expectations", "pandas")})
print(json.dumps({"unchanged": result.unchanged, "published": result.published,
                  "heavy": heavy}))
"""


@pytest.fixture(scope="module")
def project(small_home, module_tmp):
    return published_copy(small_home, module_tmp.mktemp("noop"))


def test_unchanged_refresh_imports_neither_dbt_nor_gx(project):
    before = published_digest(project)
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, str(project.home)],
        capture_output=True,
        text=True,
        env=caetl_env(),
    )
    lines = probe.stdout.splitlines()
    assert probe.returncode == 0 and lines, probe.stderr[-3000:]
    outcome = json.loads(lines[-1])
    assert outcome == {"unchanged": True, "published": False, "heavy": []}
    assert published_digest(project) == before


def test_unchanged_refresh_says_so_and_exits_0(project):
    before = published_digest(project)
    result = run_caetl(project, "refresh")
    assert result.returncode == exitcodes.OK, result.stderr
    assert "nothing changed" in result.stderr
    assert published_digest(project) == before
    assert runlog.read(project, last=1)[0]["status"] == "unchanged"


def test_reports_not_matching_the_warehouse_are_redone(project):
    """A refresh killed between its two renames leaves new reports over the old warehouse;
    the next one must not call that 'unchanged'."""
    marker = project.reports / ".caetl-run.json"
    saved = marker.read_text()
    marker.write_text(json.dumps({"load_id": "not-the-published-load"}))
    try:
        from caetl import state
        from caetl.manifest import load_manifest
        from caetl.publish import reports_load_id
        from caetl.refresh import make_plan

        fp = state.compute(project, load_manifest(project.manifest))
        before, load_id = state.read_published(project.warehouse)
        current = reports_load_id(project.reports) == load_id
        plan = make_plan(fp, before, current, full=False)
        assert (plan.mode, plan.reload, plan.dbt_select) == ("incremental", [], [])
    finally:
        marker.write_text(saved)
