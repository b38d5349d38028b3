"""One measured step of the benchmark, run in its own process so its peak memory is its own.

    python benchmarks/steps.py <step> '<json arguments>'

prints one JSON object: seconds (wall time of the work, imports excluded), peak_rss_mb
(the process's maximum resident set), and what the step counted.
"""

from __future__ import annotations

import json
import resource
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
from generate import REPO, write_comtrade_csv

STEPS: dict[str, Callable[..., dict]] = {}
HS_MARTS = ["+fct_trade_flows_hs", "+dim_products", "+dim_countries"]


def step(func: Callable[..., dict]) -> Callable[..., dict]:
    STEPS[func.__name__] = func
    return func


def _gates():
    """The quality gates a refresh runs (no previous load to compare row counts with)."""
    from caetl.quality.gates import Gates, Previous

    return Gates(REPO / "dbt_project" / "seeds", Previous())


def _connect(db: str) -> duckdb.DuckDBPyConnection:
    Path(db).unlink(missing_ok=True)
    con = duckdb.connect(db)
    con.execute("set enable_progress_bar = false")
    return con


@step
def generate(file: str, rows: int) -> dict:
    write_comtrade_csv(Path(file), rows)
    return {"rows": rows, "bytes": Path(file).stat().st_size}


@step
def duckdb_load(file: str, db: str) -> dict:
    """The floor: DuckDB's own CREATE TABLE AS over read_csv, types sniffed.

    The dialect (delimiter, quote, escape) is given: on an all-quoted Comtrade+ file of more
    than 2048 rows (real ones included) DuckDB 2.0's sniffer gives up without it. Types
    are still sniffed.
    """
    con = _connect(db)
    t0 = time.perf_counter()
    dialect = "delim = ',', quote = '\"', escape = '\"'"
    con.execute(f"create table t as select * from read_csv('{file}', {dialect})")  # noqa: S608
    seconds = time.perf_counter() - t0
    rows = con.execute("select count(*) from t").fetchone()[0]
    con.close()
    return {"seconds": seconds, "rows": rows}


@step
def caetl_load(file: str, db: str) -> dict:
    """The caetl path: hash, stream through the Comtrade scan, lineage, quality gates in SQL
    (row checks, repeated keys, country codes, stats), rejects."""
    from caetl.load import load_sources
    from caetl.manifest import Source

    path = Path(file)
    source = Source("comtrade", "comtrade", "benchmark", "generated", "-", "-", "-", (path.name,))
    con = _connect(db)
    t0 = time.perf_counter()
    result = load_sources(con, [source], path.parent, "bench", gates=_gates())
    seconds = time.perf_counter() - t0
    con.close()
    load = result.sources[0]
    return {"seconds": seconds, "rows": load.rows, "rejected": load.rejected}


def _dots_files(limit: int | None) -> list[Path]:
    files = sorted((REPO / "raw" / "trade" / "imf_dots_xlsx").glob("DOTS_*.xlsx"))
    return files[:limit] if limit else files


@step
def dots_caetl(db: str, limit: int | None = None) -> dict:
    """Parse, validate and load the DOTS workbooks through caetl's loader."""
    from caetl.load import load_sources
    from caetl.manifest import load_manifest

    raw = REPO / "raw"
    source = next(s for s in load_manifest(raw / "manifest.toml") if s.id == "imf_dots")
    files = tuple(p.relative_to(raw).as_posix() for p in _dots_files(limit))
    source = type(source)(**{**source.__dict__, "files": files})
    con = _connect(db)
    t0 = time.perf_counter()
    result = load_sources(con, [source], raw, "bench", gates=_gates())
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "rows": result.rows, "files": len(files)}


@step
def dots_fastexcel(limit: int | None = None) -> dict:
    """The floor: fastexcel reads the same two sheets of every workbook, nothing else."""
    import fastexcel

    from caetl.sources.imf_dots import SHEETS

    t0 = time.perf_counter()
    cells = 0
    files = _dots_files(limit)
    for path in files:
        reader = fastexcel.read_excel(path)
        for sheet in SHEETS:
            table = reader.load_sheet_by_name(sheet, header_row=None).to_arrow()
            cells += table.num_rows * table.num_columns
    return {"seconds": time.perf_counter() - t0, "cells": cells, "files": len(files)}


def _hs_parse_state(work: str) -> Path:
    return Path(work).parent / "dbt-hs-partial-parse.msgpack"


@step
def dbt_parse(work: str, start_from: str | None = None) -> dict:
    """`dbt parse` of the project, kept for the HS builds (as a refresh keeps it), so that
    their times and scaling are the models' and tests', not the first one's parse.
    `start_from`: a project whose kept parse state this one starts from."""
    from caetl.build import run_dbt
    from caetl.paths import Paths
    from caetl.refresh import parse_state_file

    folder = Path(work)
    folder.mkdir(parents=True)
    kept = parse_state_file(Paths(Path(start_from))) if start_from else None
    if kept is not None and kept.is_file():
        shutil.copyfile(kept, _hs_parse_state(work))
    t0 = time.perf_counter()
    result = run_dbt(
        ["parse"],
        REPO / "dbt_project",
        folder / "caetl.duckdb",
        folder,
        parse_state=_hs_parse_state(work),
    )
    seconds = time.perf_counter() - t0
    perf = json.loads((result.target_dir / "perf_info.json").read_text())
    return {"seconds": seconds, "files": perf["path_count"], "parsed": perf["parsed_path_count"]}


@step
def dbt_build(db: str, work: str) -> dict:
    """dbt build (models and tests) of the HS trade marts over a loaded warehouse."""
    from caetl.build import run_dbt

    args = ["build", "--select", *HS_MARTS, "--indirect-selection", "cautious"]
    parse_state = _hs_parse_state(work)
    t0 = time.perf_counter()
    result = run_dbt(args, REPO / "dbt_project", Path(db), Path(work), parse_state=parse_state)
    seconds = time.perf_counter() - t0
    if result.failures:
        raise RuntimeError("; ".join(result.failures))
    with duckdb.connect(db, read_only=True) as con:
        rows = con.execute("select count(*) from marts.fct_trade_flows_hs").fetchone()[0]
    return {"seconds": seconds, "rows": rows}


@step
def refresh(home: str) -> dict:
    """One `caetl refresh` of a project folder (full the first time, no-op after)."""
    from caetl.paths import Paths
    from caetl.refresh import refresh as run_refresh

    t0 = time.perf_counter()
    result = run_refresh(Paths(Path(home)))
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "published": bool(result.published), "steps": result.timings}


@step
def floor_reads(raw: str) -> dict:
    """The floor of loading: fastexcel reads every sheet of every workbook (the DOTS, CDIS,
    KNOMAD, national and Eurostat ones) and DuckDB reads every CSV and JSON file under raw/
    into a table, types sniffed."""
    import fastexcel

    folder = Path(raw)
    t0 = time.perf_counter()
    books = sorted(p for p in folder.rglob("*") if p.suffix in {".xlsx", ".xls"})
    for path in books:
        reader = fastexcel.read_excel(path)
        for sheet in reader.sheet_names:
            reader.load_sheet_by_name(sheet, header_row=None).to_arrow()
    excel = time.perf_counter() - t0
    con = duckdb.connect()
    con.execute("set enable_progress_bar = false")
    t1 = time.perf_counter()
    files = sorted(p for p in folder.rglob("*") if p.suffix in {".csv", ".json"})
    # Sniffed first; an all-quoted Comtrade+ file needs the dialect, and a few published
    # Comtrade files are Latin-1.
    dialect = "delim = ',', quote = '\"', escape = '\"'"
    for i, path in enumerate(files):
        tries = (
            ["read_json_auto(?)"]
            if path.suffix == ".json"
            else [
                "read_csv(?)",
                f"read_csv(?, {dialect})",
                f"read_csv(?, {dialect}, encoding = 'latin-1')",
            ]
        )
        for n, reader in enumerate(tries, start=1):
            try:
                con.execute(f"create or replace table t{i} as from {reader}", [str(path)])  # noqa: S608
                break
            except duckdb.Error:
                if n == len(tries):
                    raise
    text = time.perf_counter() - t1
    return {
        "seconds": excel + text,
        "excel": excel,
        "text": text,
        "files": len(files),
        "workbooks": len(books),
    }


@step
def floor_models(warehouse: str, project: str, work: str) -> dict:
    """The floor of the dbt build: the compiled SQL of every model run once, in dependency
    order, by DuckDB alone, over a copy of the published raw tables and seeds (tests,
    docs and dbt's own parsing and bookkeeping left out)."""
    from caetl.build import run_dbt
    from caetl.paths import Paths
    from caetl.refresh import parse_state_file

    folder = Path(work)
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / Path(warehouse).name  # same file name: the compiled SQL names the catalog
    shutil.copyfile(warehouse, db)
    # The parse state the project's refreshes keep: compiling does not parse again.
    parse_state = parse_state_file(Paths(Path(project).parent))
    result = run_dbt(["compile"], Path(project), db, folder, parse_state=parse_state)
    if result.failures:
        raise RuntimeError("; ".join(result.failures))
    manifest = json.loads((result.target_dir / "manifest.json").read_text())
    models = {
        k: v
        for k, v in manifest["nodes"].items()
        if v["resource_type"] == "model" and v["config"]["materialized"] != "ephemeral"
    }
    order: list[str] = []
    seen: set[str] = set()

    def visit(node: str) -> None:
        if node in seen or node not in models:
            return
        seen.add(node)
        for parent in models[node]["depends_on"]["nodes"]:
            visit(parent)
        order.append(node)

    for node in sorted(models):
        visit(node)
    con = duckdb.connect(str(db))
    con.execute("set enable_progress_bar = false")
    for node in order:  # start from raw tables and seeds only
        m = models[node]
        con.execute(f'drop table if exists "{m["schema"]}"."{m["alias"]}"')
    t0 = time.perf_counter()
    for node in order:
        m = models[node]
        con.execute(f'create schema if not exists "{m["schema"]}"')
        sql = m["compiled_code"].strip().rstrip(";")
        con.execute(f'create table "{m["schema"]}"."{m["alias"]}" as (\n{sql}\n)')  # noqa: S608
    seconds = time.perf_counter() - t0
    con.close()
    return {"seconds": seconds, "models": len(order)}


@step
def reports(warehouse: str, out: str) -> dict:
    """`caetl report` on a built warehouse: total and per-report time."""
    from caetl.reports import write_reports

    t0 = time.perf_counter()
    write_reports(Path(warehouse), Path(out))
    seconds = time.perf_counter() - t0
    pages = sorted(p.stem for p in (Path(out) / "csv").glob("rpt_*.csv"))
    return {"seconds": seconds, "reports": len(pages), "per_report": seconds / max(len(pages), 1)}


def main() -> None:
    name, arguments = sys.argv[1], json.loads(sys.argv[2])
    outcome = STEPS[name](**arguments)
    outcome["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(outcome))


if __name__ == "__main__":
    main()
