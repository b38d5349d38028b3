"""caetl against the floor, side by side in one run; ratios are medians of repeated runs.

    python benchmarks/run.py                  # 1M and 10M rows, 3 runs each (about 1-2 h)
    python benchmarks/run.py --smoke          # tiny sizes, 15 workbooks, one run: checks it runs
    python benchmarks/run.py --smoke --from-published DIR   # the same from a refreshed copy

The table (targets in TARGETS):
1. full refresh of the shipped data / its floor: fastexcel read of every workbook + DuckDB
   read of every CSV and JSON + the compiled SQL of every model run once in DuckDB  <= 2x
2. refresh after one DOTS workbook changed / full refresh                           <= 0.10x
3. refresh after one page-figure CSV changed / full refresh                         <= 0.05x
4. 235 DOTS workbooks (parse, gates, load) / bare fastexcel read    <= 1.5x, RSS <= 4x
5. no-op refresh / full refresh                                                     <= 0.05x
6. Comtrade-shaped CSV load / DuckDB read_csv, 1M and 10M rows                      <= 1.2x
and, beside it, the dbt build of the HS marts at both sizes, peak memory, time per report.

Each pair is measured alternately in the same minutes; the ratio printed is the median of
the per-run ratios, with the lowest and highest. Every step runs in its own process
(benchmarks/steps.py) so its peak RSS is its own. Generated data lives in a temporary
folder that is removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TARGETS = {
    "refresh_floor": 2.0,
    "dots_changed": 0.10,
    "csv_changed": 0.05,
    "dots": 1.5,
    "dots_rss": 4.0,
    "noop_refresh": 0.05,
    "load": 1.2,
    "dbt_scaling": 1.0,
    "rss_gb": 4.0,
}
CHANGED_WORKBOOK = "trade/imf_dots_xlsx/DOTS_100.xlsx"
# --smoke refreshes the tests' small project: the shipped data with only the DOTS workbooks
# listed here (the five states, their partners in the argument, the World, the workbook
# changed above). Every dbt test passes on it.
SMOKE_WORKBOOKS = [
    line.strip()
    for line in (REPO / "tests" / "fixtures" / "small_project_workbooks.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip() and not line.startswith("#")
]
CHANGED_CSV = "remittances/remittances_page_figures.csv"


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


def spread(values: list[float]) -> dict:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "runs": [round(v, 4) for v in values],
    }


def median_run(runs: list[dict]) -> dict:
    """The run with the median time (with its own memory figure), and all the times."""
    ordered = sorted(runs, key=lambda r: r["seconds"])
    middle = dict(ordered[(len(ordered) - 1) // 2])
    middle["runs"] = [round(r["seconds"], 3) for r in runs]
    return middle


def paired(repeats: int, ours: tuple[str, dict], floor: tuple[str, dict]) -> dict:
    """caetl and its floor run alternately `repeats` times: medians and the ratio's spread."""
    a, b = [], []
    for _ in range(repeats):
        b.append(run_step(floor[0], **floor[1]))
        a.append(run_step(ours[0], **ours[1]))
    ratios = [x["seconds"] / y["seconds"] for x, y in zip(a, b, strict=True)]
    return {"caetl": median_run(a), "floor": median_run(b), "ratio": spread(ratios)}


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


def change_workbook(path: Path) -> None:
    """One figure of one workbook changed, as a new IMF vintage would."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    cell = book["Exports, FOB"].cell(row=12, column=5)
    cell.value = 4321.5 if cell.value != 4321.5 else 4321.25
    book.save(path)


def change_csv(path: Path) -> None:
    """One page-figure row's note reworded: a new checksum, the same figures."""
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[-1][rows[0].index("note")] += " (rechecked)"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def copy_project(home: Path, skip, workbooks: list[str] | None) -> None:
    """The shipped raw/ and dbt project, with only `workbooks` of DOTS when given."""
    for folder in ("raw", "dbt_project"):
        shutil.copytree(REPO / folder, home / folder, ignore=skip)
    if workbooks is not None:
        for path in (home / "raw" / "trade" / "imf_dots_xlsx").glob("DOTS_*.xlsx"):
            if path.name not in workbooks:
                path.unlink()


def copy_published(source: Path, home: Path, skip, workbooks: list[str] | None) -> dict:
    """A copy of a project this code already refreshed, and its last full refresh as its
    run log recorded it (the same measure as the `refresh` step: seconds, published, steps)."""
    from caetl import runlog
    from caetl.paths import Paths

    found = sorted(p.name for p in (source / "raw" / "trade" / "imf_dots_xlsx").glob("DOTS_*.xlsx"))
    if workbooks is not None and found != sorted(workbooks):
        raise SystemExit(f"{source} does not hold the same DOTS workbooks as the smoke project")
    for folder in ("raw", "dbt_project", "reports", "warehouse"):
        shutil.copytree(source / folder, home / folder, ignore=skip, symlinks=True)
    full = [
        r for r in runlog.read(Paths(source)) if r["mode"] == "full" and r["status"] == "published"
    ]
    if not full:
        raise SystemExit(f"{source}: no published full refresh in its run log")
    run = full[-1]
    seconds = (
        datetime.fromisoformat(run["finished_at"]) - datetime.fromisoformat(run["started_at"])
    ).total_seconds()
    return {"seconds": seconds, "published": True, "steps": run["step_seconds"], "recorded": True}


def measure_refreshes(
    repeats: int, work: Path, workbooks: list[str] | None = None, published: Path | None = None
) -> dict:
    """Per run, a fresh copy of the shipped project (or of it with only `workbooks` of
    DOTS): full refresh, no-op, the floor, one workbook changed, one page-figure CSV
    changed. With `published`, each run starts from a copy of that project and takes its
    recorded full refresh instead of running one."""
    # A snapshot of the code: the refresh fingerprints it, and a file edited in the
    # checkout during the run would turn a partial refresh into a full one.
    src = work / "src"
    skip = shutil.ignore_patterns("target", "logs", ".user.yml", "__pycache__")
    shutil.copytree(REPO / "src", src, ignore=skip)
    runs: dict[str, list[dict]] = {k: [] for k in ("full", "noop", "floor", "dots", "csv")}
    parts: list[dict] = []
    for i in range(repeats):
        home = work / f"project{i}"
        if published is None:
            copy_project(home, skip, workbooks)
            runs["full"].append(run_step("refresh", src, home=str(home)))
        else:
            runs["full"].append(copy_published(published, home, skip, workbooks))
        runs["noop"].append(run_step("refresh", src, home=str(home)))
        reads = run_step("floor_reads", src, raw=str(home / "raw"))
        models = run_step(
            "floor_models",
            src,
            warehouse=str(home / "warehouse" / "caetl.duckdb"),
            project=str(home / "dbt_project"),
            work=str(work / f"floor{i}"),
        )
        parts.append({"reads": reads, "models": models})
        runs["floor"].append({"seconds": reads["seconds"] + models["seconds"]})
        change_workbook(home / "raw" / CHANGED_WORKBOOK)
        runs["dots"].append(run_step("refresh", src, home=str(home)))
        change_csv(home / "raw" / CHANGED_CSV)
        runs["csv"].append(run_step("refresh", src, home=str(home)))
        shutil.rmtree(work / f"floor{i}", ignore_errors=True)
        if i < repeats - 1:
            shutil.rmtree(home)
    full = [r["seconds"] for r in runs["full"]]

    def over_full(name: str) -> dict:
        return spread([r["seconds"] / f for r, f in zip(runs[name], full, strict=True)])

    return {
        "runs": {k: median_run(v) for k, v in runs.items()},
        "floor_parts": parts,
        "full_over_floor": spread(
            [f / r["seconds"] for f, r in zip(full, runs["floor"], strict=True)]
        ),
        "dots_over_full": over_full("dots"),
        "csv_over_full": over_full("csv"),
        "noop_over_full": over_full("noop"),
        "warehouse": str(work / f"project{repeats - 1}" / "warehouse" / "caetl.duckdb"),
    }


def measure(
    sizes: list[int],
    dots_limit: int | None,
    repeats: int,
    work: Path,
    smoke: bool = False,
    published: Path | None = None,
) -> dict:
    results: dict = {"load": [], "dbt": []}
    # Items 1, 2, 3, 5 run the whole project: a model broken elsewhere must not hide the rest.
    try:
        workbooks = SMOKE_WORKBOOKS if smoke else None
        results["refresh"] = measure_refreshes(repeats, work, workbooks, published)
        results["reports"] = run_step(
            "reports",
            work / "src",
            warehouse=results["refresh"]["warehouse"],
            out=str(work / "rep"),
        )
    except RuntimeError as exc:
        results["error"] = str(exc)

    dots_db = str(work / "dots.duckdb")
    results["dots"] = paired(
        repeats,
        ("dots_caetl", {"db": dots_db, "limit": dots_limit}),
        ("dots_fastexcel", {"limit": dots_limit}),
    )

    # The HS builds start from a kept parse state, brought up to date by one `dbt parse`:
    # from the published project's when given (it holds wherever the project lies).
    parse = {"work": str(work / "dbt_parse")}
    if published is not None:
        parse["start_from"] = str(published)
    results["dbt_parse"] = run_step("dbt_parse", **parse)
    for rows in sizes:
        file = work / f"TradeData_generated_{rows}.csv"
        generated = run_step("generate", file=str(file), rows=rows)
        # One file name for every size: dbt's kept parse state holds the warehouse path.
        db = work / f"load_{rows}" / "caetl.duckdb"
        db.parent.mkdir()
        pair = paired(
            repeats,
            ("caetl_load", {"file": str(file), "db": str(db)}),
            ("duckdb_load", {"file": str(file), "db": str(work / "floor.duckdb")}),
        )
        (work / "floor.duckdb").unlink(missing_ok=True)
        results["load"].append({"rows": rows, "bytes": generated["bytes"], **pair})
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
    return results


def verdicts(r: dict) -> dict[str, bool]:
    t = TARGETS
    largest = r["load"][-1]["caetl"]["peak_rss_mb"] / 1024
    d = r["dots"]
    out = {}
    if "refresh" in r:
        f = r["refresh"]
        out[f"full refresh <= {t['refresh_floor']:g}x its floor"] = (
            f["full_over_floor"]["median"] <= t["refresh_floor"]
        )
        out[f"one workbook changed <= {t['dots_changed']:g}x full"] = (
            f["dots_over_full"]["median"] <= t["dots_changed"]
        )
        out[f"one page-figure CSV changed <= {t['csv_changed']:g}x full"] = (
            f["csv_over_full"]["median"] <= t["csv_changed"]
        )
    out[f"DOTS <= {t['dots']:g}x fastexcel"] = d["ratio"]["median"] <= t["dots"]
    out[f"DOTS peak RSS <= {t['dots_rss']:g}x fastexcel's"] = (
        d["caetl"]["peak_rss_mb"] <= t["dots_rss"] * d["floor"]["peak_rss_mb"]
    )
    if "refresh" in r:
        out[f"no-op refresh <= {t['noop_refresh']:g}x full"] = (
            r["refresh"]["noop_over_full"]["median"] <= t["noop_refresh"]
        )
    out[f"Comtrade load <= {t['load']:g}x DuckDB (every size)"] = all(
        x["ratio"]["median"] <= t["load"] for x in r["load"]
    )
    out["dbt time grows no faster than rows"] = r["dbt_scaling"]["growth"] <= t["dbt_scaling"]
    out[f"largest load < {t['rss_gb']:g} GB RSS"] = largest < t["rss_gb"]
    return out


def _ratio(s: dict, digits: int = 2) -> str:
    return f"{s['median']:.{digits}f}x [{s['min']:.{digits}f}-{s['max']:.{digits}f}]"


def table(r: dict) -> list[tuple[str, str, str, str]]:
    """(measurement, caetl, floor / reference, ratio: median [lowest-highest]) rows."""
    out = []
    if "refresh" in r:
        f = r["refresh"]
        runs = f["runs"]
        full = f"{runs['full']['seconds']:.1f} s"
        out += [
            (
                "1. full refresh / floor",
                full,
                f"{runs['floor']['seconds']:.1f} s",
                _ratio(f["full_over_floor"]),
            ),
            (
                "2. one DOTS workbook changed / full",
                f"{runs['dots']['seconds']:.1f} s",
                full,
                _ratio(f["dots_over_full"], 3),
            ),
            (
                "3. one page-figure CSV changed / full",
                f"{runs['csv']['seconds']:.1f} s",
                full,
                _ratio(f["csv_over_full"], 3),
            ),
        ]
    d = r["dots"]
    out.append(
        (
            f"4. DOTS {d['caetl']['files']} workbooks / fastexcel",
            f"{d['caetl']['seconds']:.2f} s, {d['caetl']['peak_rss_mb']:,.0f} MB",
            f"{d['floor']['seconds']:.2f} s, {d['floor']['peak_rss_mb']:,.0f} MB",
            _ratio(d["ratio"]),
        )
    )
    if "refresh" in r:
        out.append(
            (
                "5. no-op refresh / full",
                f"{runs['noop']['seconds']:.2f} s",
                full,
                _ratio(f["noop_over_full"], 3),
            )
        )
    for x in r["load"]:
        c, fl = x["caetl"], x["floor"]
        out.append(
            (
                f"6. Comtrade load {x['rows']:,} rows ({x['bytes'] / 1e6:,.0f} MB) / DuckDB",
                f"{c['seconds']:.2f} s, {c['peak_rss_mb']:,.0f} MB",
                f"{fl['seconds']:.2f} s, {fl['peak_rss_mb']:,.0f} MB",
                _ratio(x["ratio"]),
            )
        )
    parse = r["dbt_parse"]
    out.append(
        (
            "   dbt parse before the HS builds",
            f"{parse['seconds']:.2f} s",
            f"{parse['parsed']} of {parse['files']} files parsed",
            "",
        )
    )
    for x in r["dbt"]:
        out.append(
            (
                f"   dbt build HS marts, {x['rows']:,} rows",
                f"{x['seconds']:.2f} s",
                f"{x['peak_rss_mb']:,.0f} MB",
                "",
            )
        )
    s = r["dbt_scaling"]
    out.append(
        (
            "   dbt: time ratio / rows ratio",
            f"{s['time_ratio']:.2f}x time",
            f"{s['rows_ratio']:.0f}x rows",
            f"{s['growth']:.2f}",
        )
    )
    if "refresh" in r:
        if runs["full"].get("recorded"):
            out.append(("   full refresh", "from the published project's run log", "", ""))
        else:
            rss = f"{runs['full']['peak_rss_mb']:,.0f} MB"
            out.append(("   peak RSS, full refresh", rss, "", ""))
        p = r["reports"]
        out.append(
            (
                f"   caetl report ({p['reports']} reports)",
                f"{p['per_report']:.2f} s/report",
                f"{p['seconds']:.2f} s total",
                "",
            )
        )
    else:
        out.append(("1-3, 5 not measured", "the refresh failed", r.get("error", "")[-60:], ""))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--dots-limit", type=int, default=None, help="first N workbooks only")
    parser.add_argument("--repeats", type=int, default=3, help="runs of every measured pair")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: check it runs")
    parser.add_argument("--json", type=Path, default=None, help="write results here")
    parser.add_argument("--workdir", type=Path, default=None, help="temp folder parent")
    parser.add_argument(
        "--from-published",
        type=Path,
        default=None,
        metavar="PROJECT",
        help="start items 1-3 and 5 from a copy of PROJECT, a project this code refreshed "
        "(with --smoke: the tests' small project), and take its full refresh from its run log",
    )
    args = parser.parse_args()
    if args.smoke:
        args.sizes, args.dots_limit, args.repeats = [2_000, 20_000], 4, 1
    work = Path(tempfile.mkdtemp(prefix="caetl-bench-", dir=args.workdir))
    started = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        results = measure(
            sorted(args.sizes),
            args.dots_limit,
            args.repeats,
            work,
            args.smoke,
            args.from_published,
        )
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
    header = ("measurement", "caetl", "floor / reference", "ratio: median [range]")
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
