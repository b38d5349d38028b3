"""The benchmark at tiny sizes, so it cannot rot: it runs end to end and reports all five
measurements with their ratios. Times are never asserted (2 shared cores, noisy)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]


def test_benchmark_smoke_run_reports_five_measurements(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "run.py"),
            "--smoke",
            "--json",
            str(out),
            "--workdir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    r = report["results"]
    # 1. both loads of every size landed every generated row
    assert [x["rows"] for x in r["load"]] == [2_000, 20_000]
    for x in r["load"]:
        assert x["caetl"]["rows"] == x["duckdb"]["rows"] == x["rows"]
        assert x["caetl"]["rejected"] == 0
        assert x["ratio"] > 0 and x["caetl"]["peak_rss_mb"] > 0
    # 2. the same workbooks on both sides
    assert r["dots"]["caetl"]["files"] == r["dots"]["fastexcel"]["files"] == 4
    assert r["dots"]["caetl"]["rows"] > 0 and r["dots"]["ratio"] > 0
    # 3. the second refresh found nothing to do, the first published
    assert r["refresh"]["full"]["published"] and r["refresh"]["ratio"] > 0
    # 4. the HS marts were built from the generated rows at both sizes
    assert [x["rows"] for x in r["dbt"]] == [2_000, 20_000]
    assert r["dbt_scaling"]["rows_ratio"] == 10
    # 5. every report was timed
    assert r["reports"]["reports"] > 0 and r["reports"]["per_report"] > 0
    assert len(report["targets"]) == 5
    printed = done.stdout
    for label in ("1. load", "2. DOTS", "3. no-op refresh", "4. dbt", "5. caetl report"):
        assert label in printed
