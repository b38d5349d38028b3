"""caetl against the floor: five measurements, side by side, in one run.

    python benchmarks/run.py                  # 1M and 10M rows (about 10-15 min, ~4 GB disk)
    python benchmarks/run.py --smoke          # tiny sizes, a few workbooks: checks it runs

1. load of a Comtrade bulk CSV: caetl (hash, scan, lineage, SQL gates) against DuckDB's
   CREATE TABLE AS SELECT * FROM read_csv(...), same file   target caetl <= 1.3x
2. DOTS workbooks: caetl parse + validate + load against a bare fastexcel read  <= 1.5x
3. no-op refresh against full refresh on the shipped data                       <= 0.05x
4. dbt build of the HS trade marts at the small against the large size (time should
   grow no faster than rows), and peak memory of every step (10M-row load < 4 GB)
5. time per report in `caetl report`

Every step runs in its own process (benchmarks/steps.py) so its peak RSS is its own.
Generated data lives in a temporary folder that is removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TARGETS = {"load": 1.3, "dots": 1.5, "noop_refresh": 0.05, "dbt_scaling": 1.0, "rss_gb": 4.0}


def run_step(name: str, src: Path = REPO / "src", **arguments: object) -> dict:
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, str(HERE / "steps.py"), name, json.dumps(arguments)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
    )
    if done.returncode != 0:
        raise RuntimeError(f"step {name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def median_of(repeats: int, name: str, **arguments: object) -> dict:
    """The run with the median time of `repeats` runs (with its own memory figure)."""
    runs = sorted((run_step(name, **arguments) for _ in range(repeats)), key=lambda r: r["seconds"])
    best = runs[len(runs) // 2]
    best["runs"] = [round(r["seconds"], 3) for r in runs]
    return best


def machine() -> dict:
    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor()
    )
    mem_kb = (
        next(
            (
                int(line.split()[1])
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            ),
            0,
        )
        if Path("/proc/meminfo").exists()
        else 0
    )
    import dbt.version
    import duckdb
    import polars

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "dbt_core": dbt.version.__version__,
        "polars": polars.__version__,
    }


def measure(sizes: list[int], dots_limit: int | None, repeats: int, work: Path) -> dict:
    results: dict = {"load": [], "dbt": []}
    for rows in sizes:
        file = work / f"TradeData_generated_{rows}.csv"
        generated = run_step("generate", file=str(file), rows=rows)
        reps = repeats if rows <= 1_000_000 else 1  # 10M once: 2 shared cores
        floor = median_of(reps, "duckdb_load", file=str(file), db=str(work / "floor.duckdb"))
        db = work / f"caetl_{rows}.duckdb"
        ours = median_of(reps, "caetl_load", file=str(file), db=str(db))
        (work / "floor.duckdb").unlink(missing_ok=True)
        results["load"].append(
            {
                "rows": rows,
                "bytes": generated["bytes"],
                "duckdb": floor,
                "caetl": ours,
                "ratio": ours["seconds"] / floor["seconds"],
            }
        )
        file.unlink()
        build = run_step("dbt_build", db=str(db), work=str(work / f"dbt_{rows}"))
        results["dbt"].append({"rows": rows, **build})
        db.unlink()
    small, large = results["dbt"][0], results["dbt"][-1]
    results["dbt_scaling"] = {
        "rows_ratio": large["rows"] / max(small["rows"], 1),
        "time_ratio": large["seconds"] / small["seconds"],
    }
    results["dbt_scaling"]["growth"] = (
        results["dbt_scaling"]["time_ratio"] / results["dbt_scaling"]["rows_ratio"]
    )

    dots_db = str(work / "dots.duckdb")
    fast = median_of(repeats, "dots_fastexcel", limit=dots_limit)
    dots = median_of(repeats, "dots_caetl", db=dots_db, limit=dots_limit)
    results["dots"] = {"fastexcel": fast, "caetl": dots, "ratio": dots["seconds"] / fast["seconds"]}

    # A snapshot of project and code: the refresh fingerprints both, and a file edited in
    # the checkout between the two refreshes would make the second one a full one.
    home, src = work / "project", work / "src"
    skip = shutil.ignore_patterns("target", "logs", ".user.yml", "__pycache__")
    for folder in ("raw", "dbt_project"):
        shutil.copytree(REPO / folder, home / folder, ignore=skip)
    shutil.copytree(REPO / "src", src, ignore=skip)
    # Items 3 and 5 run the whole project: a model broken elsewhere must not hide 1, 2, 4.
    try:
        full = run_step("refresh", src, home=str(home))
        noop = run_step("refresh", src, home=str(home))
        results["refresh"] = {
            "full": full,
            "noop": noop,
            "ratio": noop["seconds"] / full["seconds"],
        }
        results["reports"] = run_step(
            "reports",
            src,
            warehouse=str(home / "warehouse" / "caetl.duckdb"),
            out=str(work / "rep"),
        )
    except RuntimeError as exc:
        results["error"] = str(exc)
    return results


def verdicts(r: dict) -> dict[str, bool]:
    largest = r["load"][-1]["caetl"]["peak_rss_mb"] / 1024
    return {
        "load <= 1.3x DuckDB (every size)": all(x["ratio"] <= TARGETS["load"] for x in r["load"]),
        "DOTS <= 1.5x fastexcel": r["dots"]["ratio"] <= TARGETS["dots"],
        "no-op refresh <= 0.05x full": "refresh" in r
        and r["refresh"]["ratio"] <= TARGETS["noop_refresh"],
        "dbt time grows no faster than rows": r["dbt_scaling"]["growth"] <= TARGETS["dbt_scaling"],
        f"largest load < {TARGETS['rss_gb']:g} GB RSS": largest < TARGETS["rss_gb"],
    }


def table(r: dict) -> list[tuple[str, str, str, str]]:
    """(measurement, caetl, floor / reference, ratio) rows for printing."""
    out = []
    for x in r["load"]:
        c, d = x["caetl"], x["duckdb"]
        out.append(
            (
                f"1. load {x['rows']:,} rows ({x['bytes'] / 1e6:,.0f} MB)",
                f"{c['seconds']:.2f} s, {x['rows'] / c['seconds']:,.0f} rows/s",
                f"{d['seconds']:.2f} s, {x['rows'] / d['seconds']:,.0f} rows/s",
                f"{x['ratio']:.2f}x",
            )
        )
    d = r["dots"]
    out.append(
        (
            f"2. DOTS {d['caetl']['files']} workbooks",
            f"{d['caetl']['seconds']:.2f} s",
            f"{d['fastexcel']['seconds']:.2f} s (fastexcel)",
            f"{d['ratio']:.2f}x",
        )
    )
    if "refresh" in r:
        f = r["refresh"]
        out.append(
            (
                "3. no-op refresh / full refresh",
                f"{f['noop']['seconds']:.2f} s",
                f"{f['full']['seconds']:.2f} s",
                f"{f['ratio']:.3f}x",
            )
        )
    for x in r["dbt"]:
        out.append((f"4. dbt build HS marts, {x['rows']:,} rows", f"{x['seconds']:.2f} s", "", ""))
    s = r["dbt_scaling"]
    out.append(
        (
            "4. dbt: time ratio / rows ratio",
            f"{s['time_ratio']:.2f}x time",
            f"{s['rows_ratio']:.0f}x rows",
            f"{s['growth']:.2f}",
        )
    )
    for x in r["load"]:
        out.append(
            (
                f"4. peak RSS, load {x['rows']:,} rows",
                f"{x['caetl']['peak_rss_mb']:,.0f} MB",
                f"{x['duckdb']['peak_rss_mb']:,.0f} MB (DuckDB)",
                "",
            )
        )
    for x in r["dbt"]:
        out.append((f"4. peak RSS, dbt build {x['rows']:,}", f"{x['peak_rss_mb']:,.0f} MB", "", ""))
    out.append(
        (
            "4. peak RSS, DOTS load",
            f"{d['caetl']['peak_rss_mb']:,.0f} MB",
            f"{d['fastexcel']['peak_rss_mb']:,.0f} MB (fastexcel)",
            "",
        )
    )
    if "refresh" in r:
        out.append(("4. peak RSS, full refresh", f"{f['full']['peak_rss_mb']:,.0f} MB", "", ""))
        p = r["reports"]
        out.append(
            (
                f"5. caetl report ({p['reports']} reports)",
                f"{p['per_report']:.2f} s/report",
                f"{p['seconds']:.2f} s total",
                "",
            )
        )
    else:
        out.append(("3. and 5. not measured", "the refresh failed", r.get("error", "")[-60:], ""))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--dots-limit", type=int, default=None, help="first N workbooks only")
    parser.add_argument("--repeats", type=int, default=3, help="runs per step up to 1M rows")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: check it runs")
    parser.add_argument("--json", type=Path, default=None, help="write results here")
    parser.add_argument("--workdir", type=Path, default=None, help="temp folder parent")
    args = parser.parse_args()
    if args.smoke:
        args.sizes, args.dots_limit, args.repeats = [2_000, 20_000], 4, 1
    work = Path(tempfile.mkdtemp(prefix="caetl-bench-", dir=args.workdir))
    started = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        results = measure(sorted(args.sizes), args.dots_limit, args.repeats, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = {
        "started_at": started,
        "machine": machine(),
        "smoke": args.smoke,
        "results": results,
        "targets": verdicts(results),
    }
    width = [max(len(row[i]) for row in table(results)) for i in range(4)]
    header = ("measurement", "caetl", "floor / reference", "ratio")
    for row in [header, tuple("-" * w for w in width), *table(results)]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, width, strict=True)))
    print()
    for name, met in report["targets"].items():
        print(f"{'met    ' if met else 'MISSED '} {name}")
    out = args.json or Path(tempfile.gettempdir()) / "caetl-benchmark.json"
    out.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    print(
        f"\nmachine: {report['machine']['cpu']}, {report['machine']['cores']} cores, "
        f"{report['machine']['memory_gb']} GB; results: {out}"
    )


if __name__ == "__main__":
    main()
