"""Readers of the raw files written apart from the loaders (openpyxl cell by cell for the
DOTS workbooks, the csv module for the rest), so tests recompute published figures by a
second path."""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import openpyxl

from support import REPO

DOTS = REPO / "raw" / "trade" / "imf_dots_xlsx"
SEEDS = REPO / "dbt_project" / "seeds"
SHEETS = ("Exports, FOB", "Imports, CIF")
# Workbooks of the economies the article is about (raw/trade/PROVENANCE.md).
WORKBOOKS = {
    "KAZ": "DOTS_103.xlsx", "KGZ": "DOTS_109.xlsx", "TJK": "DOTS_192.xlsx",
    "TKM": "DOTS_201.xlsx", "UZB": "DOTS_210.xlsx", "CHN": "DOTS_40.xlsx",
    "RUS": "DOTS_162.xlsx", "USA": "DOTS_208.xlsx",
}  # fmt: skip
CA5 = ("KAZ", "KGZ", "TJK", "TKM", "UZB")


def _number(cell: object) -> float | None:
    """A DOTS cell: a number, or text like '1,234.5 e' (e = IMF estimate), or empty."""
    if cell is None or cell == "":
        return None
    if isinstance(cell, int | float):
        return float(cell)
    text = str(cell).strip().removesuffix("e").strip().replace(",", "")
    return float(text) if re.fullmatch(r"-?[0-9.]+", text) else None


@cache
def dots_workbook(workbook: str) -> tuple[str, dict[str, dict[str, dict[int, float]]]]:
    """(reporter name, partner name -> sheet -> year -> value in USD millions). Row 8 is a
    stray copy of a later row and is skipped; partners start at row 9."""
    book = openpyxl.load_workbook(DOTS / workbook, read_only=True, data_only=True)
    reporter, found = None, {}
    try:
        for sheet in SHEETS:
            rows = list(book[sheet].iter_rows(values_only=True))
            reporter = rows[3][1]
            years = {i: int(c) for i, c in enumerate(rows[6]) if c not in (None, "")}
            for row in rows[8:]:
                if not row[1]:
                    continue
                cells = found.setdefault(row[1], {}).setdefault(sheet, {})
                for i, year in years.items():
                    value = _number(row[i])
                    if value is not None and year not in cells:
                        cells[year] = value
    finally:
        book.close()
    return reporter, found


def dots_year(workbook: str, year: int) -> tuple[str, dict[str, dict[str, float]]]:
    """(reporter name, partner name -> {sheet: value in USD millions}) for one year."""
    reporter, table = dots_workbook(workbook)
    found = {}
    for name, sheets in table.items():
        for sheet, values in sheets.items():
            if year in values:
                found.setdefault(name, {})[sheet] = values[year]
    return reporter, found


@cache
def imf_iso3() -> dict[str, str]:
    with (SEEDS / "country_aliases.csv").open(encoding="utf-8") as handle:
        return {r["alias"]: r["iso3"] for r in csv.DictReader(handle) if r["publisher"] == "imf"}


@cache
def aggregates() -> set[str]:
    with (SEEDS / "countries.csv").open(encoding="utf-8") as handle:
        return {r["iso3"] for r in csv.DictReader(handle) if r["is_aggregate"] == "true"}


def turnover(workbook: str, year: int) -> tuple[str, dict[str, float]]:
    """Reporter ISO3 and USD trade (exports + imports) by partner ISO3, where both flows
    are published for the year."""
    reporter, cells = dots_year(workbook, year)
    names = imf_iso3()
    return names[reporter], {
        names[name]: 1e6 * sum(flows.values()) for name, flows in cells.items() if len(flows) == 2
    }


# Kazakhstan's Bureau of National Statistics, trade by partner country (thousand USD). Each
# year is published twice; the later workbook holds the revised figure.
BNS_DIR = REPO / "raw" / "trade" / "national" / "kazakhstan_bns_by_country"
BNS_NAMES = {"CHN": "Китай", "RUS": "Россия", "USA": "Соединенные Штаты Америки"}


def _bns_sheet(year: int) -> tuple[Path, str]:
    for later in (year + 1, year):
        for path in sorted(BNS_DIR.glob(f"*_{later}.xls")):
            for sheet in (str(year), f"12_{year}"):
                if sheet in _bns_sheet_names(path):
                    return path, sheet
    raise LookupError(f"no BNS sheet for {year}")


@cache
def _bns_sheet_names(path: Path) -> tuple[str, ...]:
    import fastexcel

    return tuple(fastexcel.read_excel(path).sheet_names)


@cache
def bns_turnover_usd(partner: str, year: int) -> float | None:
    """Exports + imports of Kazakhstan with `partner` in `year`, USD, from the sheet's row
    named as the BNS names the partner (columns: name, turnover, share, exports, share,
    imports, share)."""
    import polars as pl

    path, sheet = _bns_sheet(year)
    grid = pl.read_excel(path, sheet_name=sheet, has_header=False, infer_schema_length=0)
    name = grid.columns[0]
    rows = grid.filter(pl.col(name).str.strip_chars() == BNS_NAMES[partner])
    if rows.height != 1:
        return None
    exports, imports = (float(rows.row(0)[i]) for i in (3, 5))
    return exports * 1000 + imports * 1000
