"""Comtrade-shaped test data: a Comtrade+ bulk CSV of any size, written by DuckDB.

The file has the 47-column Comtrade+ header, every field quoted, the trailing comma, and
HS6 rows whose (reporter, partner, flow, year, product) are unique, with real Comtrade
ISO codes (from the country_aliases seed) so the data flows through staging into the
marts like a real download. Values are random but reproducible (fixed seed per row).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb

from caetl.sources.comtrade import API_HEADER

REPO = Path(__file__).resolve().parent.parent
ALIASES = REPO / "dbt_project" / "seeds" / "country_aliases.csv"
# Mixed radix of a row number: product fastest, then partner, flow, year, reporter.
PRODUCTS, FLOWS, YEARS = 5000, 2, 10
FIRST_YEAR = 2015


def comtrade_countries() -> list[str]:
    """Comtrade ISO codes that map to a single country (no World or nes areas)."""
    with ALIASES.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["publisher"] == "comtrade"]
    return sorted({r["alias"] for r in rows if r["alias"] == r["iso3"] and r["iso3"].isalpha()})


def _select(rows: int, countries: list[str]) -> str:
    n = len(countries)
    codes = "[" + ", ".join(f"'{c}'" for c in countries) + "]"
    # chapters 01-97 without the reserved 77; heading and subheading digits from the row
    chapter = (
        "lpad(cast(1 + (p % 96) + (case when 1 + (p % 96) >= 77 then 1 else 0 end) as varchar)"
        ", 2, '0')"
    )
    cmd = f"{chapter} || lpad(cast((p * 7919) % 10000 as varchar), 4, '0')"
    # built from constants and the seed's codes only
    return f"""
    with ids as (
        select
            i,
            i % {PRODUCTS} as p,
            (i // {PRODUCTS}) % {n} as partner,
            (i // ({PRODUCTS} * {n})) % {FLOWS} as flow,
            (i // ({PRODUCTS} * {n} * {FLOWS})) % {YEARS} as yr,
            (i // ({PRODUCTS} * {n} * {FLOWS} * {YEARS})) % {n} as reporter,
            hash(i) as h
        from range({rows}) as t(i)
    )
    select
        'C', 'A', ({FIRST_YEAR} + yr) * 10000 + 101, {FIRST_YEAR} + yr, 52,
        cast({FIRST_YEAR} + yr as varchar),
        100 + reporter, {codes}[reporter + 1], 'Reporter ' || {codes}[reporter + 1],
        case flow when 0 then 'M' else 'X' end,
        case flow when 0 then 'Import' else 'Export' end,
        100 + partner, {codes}[partner + 1], 'Partner ' || {codes}[partner + 1],
        0, 'W00', 'World', 'H5', 'HS', 'true',
        {cmd}, 'Synthetic HS6 product ' || {cmd}, 6, 'true',
        'C00', 'TOTAL CPC', '0', 0, 'TOTAL MOT', 8, 'kg',
        h % 100000, 'false', -1, 'N/A', 0, 'false', h % 50000, 'false', 0, 'false',
        case flow when 0 then round((h % 10000000) / 100.0, 2) end,
        case flow when 1 then round((h % 10000000) / 100.0, 2) end,
        round((h % 10000000) / 100.0, 2), 0, 'true', 'false',
        null
    from ids
    """  # noqa: S608


def write_comtrade_csv(path: Path, rows: int) -> Path:
    """Write `rows` Comtrade+ records to `path` (header line, then DuckDB's COPY)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = path.with_suffix(".body")
    con = duckdb.connect()
    con.execute("set enable_progress_bar = false")
    con.execute(
        f"copy ({_select(rows, comtrade_countries())}) to '{body}' "
        "(format csv, header false, force_quote *, quote '\"')"
    )
    con.close()
    with path.open("wb") as out:
        out.write((",".join(API_HEADER) + "\n").encode("latin-1"))
        with body.open("rb") as src:
            shutil.copyfileobj(src, out, 16 << 20)
    body.unlink()
    return path
