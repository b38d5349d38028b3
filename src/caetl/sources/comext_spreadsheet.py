"""Eurostat Comext "spreadsheet" download of a custom extraction (DS-045409__custom_*):
one data sheet per product and flow (`Sheet 1`, `Sheet 2`, …; `Summary` and `Structure`
describe the extraction and are not data).

Layout of a data sheet: row 1 `Data extracted on …`, rows 5-7 `PRODUCT [PRODUCT]`, `FLOW`,
`INDICATORS` with their value in column C (`Total [TOTAL]`, `IMPORT`, `VALUE_IN_EUROS`),
row 9 `TIME` then one month a column (`2020-01`), row 11 `REPORTER (Labels)` |
`PARTNER (Labels)`, then one reporter and partner a row until a blank row; a `Special value`
legend follows. `:` is "not available" and is kept with a null value: the extraction's
last month (2022-12) is all `:`, so 2022 is a partial year in this file.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from caetl.errors import SourceError
from caetl.quality.suites import NEGATIVE, TRADE_FLOWS, YEARS, Suite
from caetl.sources._excel import cell, column_letter, number, read_grid, sheet_names
from caetl.sources.base import SourceFormat

FLOWS = {"IMPORT": "imports", "EXPORT": "exports"}
INDICATOR = "VALUE_IN_EUROS"
NOT_AVAILABLE = ":"
TIME_ROW, LABEL_ROW, FIRST_DATA_ROW = 9, 11, 12
_MONTH = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])$")
_PRODUCT = re.compile(r"^(.*) \[([0-9A-Z]+)\]$")

SCHEMA = {
    "reporter_name": pl.String,
    "partner_name": pl.String,
    "flow": pl.String,
    "product_code": pl.String,
    "product_label": pl.String,
    "trade_year": pl.Int16,
    "trade_month": pl.Int8,
    "value_eur": pl.Float64,
    "value_text": pl.String,
    "sheet": pl.String,
    "cell": pl.String,
    "source_row": pl.Int32,
}


def _expect(grid, path: Path, sheet: str, row: int, col: int, wanted: str) -> None:
    found = cell(grid, row, col)
    if found != wanted:
        raise SourceError(
            path,
            f"sheet {sheet!r}: {column_letter(col)}{row} should be {wanted!r}, found {found!r}",
            row=row,
            field=wanted,
        )


def _meta(grid, path: Path, sheet: str) -> tuple[str, str, str]:
    if not (cell(grid, 1, 0) or "").startswith("Data extracted on"):
        raise SourceError(path, f"sheet {sheet!r}: row 1 is not an extraction header", row=1)
    _expect(grid, path, sheet, 5, 0, "PRODUCT [PRODUCT]")
    _expect(grid, path, sheet, 6, 0, "FLOW")
    _expect(grid, path, sheet, 7, 0, "INDICATORS")
    product = _PRODUCT.match(cell(grid, 5, 2) or "")
    if not product:
        raise SourceError(
            path, f"sheet {sheet!r}: no product code in C5 ({cell(grid, 5, 2)!r})", row=5
        )
    flow = cell(grid, 6, 2)
    if flow not in FLOWS:
        raise SourceError(
            path, f"sheet {sheet!r}: flow {flow!r} is not IMPORT or EXPORT", row=6, field="FLOW"
        )
    if cell(grid, 7, 2) != INDICATOR:
        raise SourceError(
            path,
            f"sheet {sheet!r}: indicator {cell(grid, 7, 2)!r}, expected {INDICATOR!r}",
            row=7,
            field="INDICATORS",
        )
    return product.group(2), product.group(1), FLOWS[flow]


def _months(grid, path: Path, sheet: str) -> list[tuple[int, int, int]]:
    _expect(grid, path, sheet, TIME_ROW, 0, "TIME")
    _expect(grid, path, sheet, LABEL_ROW, 0, "REPORTER (Labels)")
    _expect(grid, path, sheet, LABEL_ROW, 1, "PARTNER (Labels)")
    months = []
    for col in range(2, len(grid[TIME_ROW - 1])):
        label = cell(grid, TIME_ROW, col)
        if label is None:
            continue
        match = _MONTH.match(label)
        if not match:
            raise SourceError(
                path,
                f"sheet {sheet!r}: period {label!r} in {column_letter(col)}{TIME_ROW} "
                "is not a month (YYYY-MM)",
                row=TIME_ROW,
                field="TIME",
            )
        months.append((col, int(match.group(1)), int(match.group(2))))
    if not months:
        raise SourceError(path, f"sheet {sheet!r}: no months in row {TIME_ROW}", row=TIME_ROW)
    return months


def _parse_sheet(path: Path, sheet: str) -> dict[str, list]:
    grid = read_grid(path, sheet)
    product_code, product_label, flow = _meta(grid, path, sheet)
    months = _months(grid, path, sheet)
    rows: dict[str, list] = {k: [] for k in SCHEMA}
    row = FIRST_DATA_ROW
    while row <= len(grid) and cell(grid, row, 0) is not None:
        reporter, partner = cell(grid, row, 0), cell(grid, row, 1)
        if partner is None:
            raise SourceError(
                path, f"sheet {sheet!r}: reporter without a partner", row=row, field="PARTNER"
            )
        for col, year, month in months:
            text = cell(grid, row, col)
            field = f"{sheet}!{year}-{month:02d}"
            if text is None:
                raise SourceError(path, "value is missing", row=row, field=field)
            value = None if text == NOT_AVAILABLE else number(text, path, row, field)
            rows["reporter_name"].append(reporter)
            rows["partner_name"].append(partner)
            rows["flow"].append(flow)
            rows["product_code"].append(product_code)
            rows["product_label"].append(product_label)
            rows["trade_year"].append(year)
            rows["trade_month"].append(month)
            rows["value_eur"].append(value)
            rows["value_text"].append(text)
            rows["sheet"].append(sheet)
            rows["cell"].append(f"{column_letter(col)}{row}")
            rows["source_row"].append(row)
        row += 1
    if not rows["source_row"]:
        raise SourceError(path, f"sheet {sheet!r}: no data rows", row=FIRST_DATA_ROW)
    return rows


def parse(path: Path) -> pl.DataFrame:
    """Every data sheet, one row per reporter, partner, product, flow and month (EUR)."""
    sheets = [s for s in sheet_names(path) if s.startswith("Sheet ")]
    if not sheets:
        raise SourceError(path, "no data sheet ('Sheet 1', …) in the workbook")
    return pl.concat([pl.DataFrame(_parse_sheet(path, s), schema=SCHEMA) for s in sheets])


FORMAT = SourceFormat(
    name="comext_spreadsheet",
    description="Eurostat Comext spreadsheet extraction, monthly by reporter and partner (EUR)",
    schema=SCHEMA,
    parse=parse,
    country_columns=("reporter_name", "partner_name"),
    key=("reporter_name", "partner_name", "flow", "product_code", "trade_year", "trade_month"),
    suite=Suite(
        ranges={"value_eur": (0, None), "trade_year": YEARS, "trade_month": (1, 12)},
        allowed={"flow": TRADE_FLOWS},
        required=("value_text",),
        measure="value_eur",
        reasons={"value_eur": NEGATIVE},
    ),
    alias_publisher="eurostat",
)
