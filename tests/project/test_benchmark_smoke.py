"""The benchmark at tiny sizes, so it cannot rot: it runs end to end and reports every
measurement with its ratio. Times are never asserted (2 shared cores, noisy).

Its refreshes start from a copy of the session's small project (`--from-published`), whose
own full refresh, recorded in its run log, stands for item 1: the suite does not pay for the
same full refresh twice. The no-op, changed-workbook and changed-CSV refreshes run for real."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support import REPO

pytestmark = pytest.mark.slow(seconds=250)


def test_benchmark_smoke_run_reports_every_measurement(small_home, tmp_path: Path) -> None:
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
            "--from-published",
            str(small_home.home),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    r = report["results"]
    assert "error" not in r, r.get("error")
    # 1, 2, 3, 5: full refresh, its floor, one workbook and one CSV changed, a no-op
    f = r["refresh"]
    assert f["runs"]["full"]["recorded"] and f["runs"]["full"]["seconds"] > 0
    assert f["runs"]["noop"]["published"] is False
    assert f["runs"]["dots"]["published"] and f["runs"]["csv"]["published"]
    assert f["floor_parts"][0]["reads"]["files"] > 0 and f["floor_parts"][0]["models"]["models"] > 0
    for ratio in ("full_over_floor", "dots_over_full", "csv_over_full", "noop_over_full"):
        assert f[ratio]["median"] > 0
    # 4. the same workbooks on both sides
    assert r["dots"]["caetl"]["files"] == r["dots"]["floor"]["files"] == 4
    assert r["dots"]["caetl"]["rows"] > 0 and r["dots"]["ratio"]["median"] > 0
    # 6. both loads of every size landed every generated row
    assert [x["rows"] for x in r["load"]] == [2_000, 20_000]
    for x in r["load"]:
        assert x["caetl"]["rows"] == x["floor"]["rows"] == x["rows"]
        assert x["caetl"]["rejected"] == 0
        assert x["ratio"]["median"] > 0 and x["caetl"]["peak_rss_mb"] > 0
    # the HS builds start from the published project's parse state: nothing to parse again
    assert r["dbt_parse"]["parsed"] == 0 < r["dbt_parse"]["files"]
    # the HS marts were built from the generated rows at both sizes; every report timed
    assert [x["rows"] for x in r["dbt"]] == [2_000, 20_000]
    assert r["dbt_scaling"]["rows_ratio"] == 10
    assert r["reports"]["reports"] > 0 and r["reports"]["per_report"] > 0
    assert len(report["targets"]) == 9
    printed = done.stdout
    assert "from the published project's run log" in printed
    for label in ("1. full refresh", "2. one DOTS", "3. one page-figure", "4. DOTS", "5. no-op"):
        assert label in printed
    assert "6. Comtrade load 20,000 rows" in printed and "caetl report" in printed
