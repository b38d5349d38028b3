"""IMF Coordinated Direct Investment Survey (CDIS), Table 6-o: one workbook per year.

Layout (sheet `Table 6`, used range from row 2): row 2 title ending "as of end-<year>", row 3
unit `US Dollars, Millions`, row 4 the header `Investment in:` followed by the reporting
(investor) economies and `Total Investment`, then one host (counterpart) economy a row down
to `World`, then notes. Each cell is the outward direct investment position the column's
economy reports holding in the row's economy, end of year.

Cells as published: a number (negative positions occur), `0` for less than ±0.5 million,
`C` for suppressed as confidential by the reporter (unknown, not zero) and blank for not
available. A `C` becomes a row with a null position and status `confidential`; a blank cell
is no row (the reporter gave nothing).
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from caetl.errors import SourceError
from caetl.quality.suites import YEARS, Suite
from caetl.sources._matrix import column_letter, grid_cell, header_names, read_grid
from caetl.sources.base import SourceFormat

SHEET = "Table 6"
UNIT = "US Dollars, Millions"
HEADER = "Investment in:"
TOTAL_COLUMN = "Total Investment"
CONFIDENTIAL = {"C", "c"}
# The sheet's row 1 is empty and fastexcel returns the used range from row 2.
FIRST_ROW = 2
TITLE_ROW, UNIT_ROW, HEADER_ROW = 2, 3, 4
_TITLE = re.compile(r"^Table 6-o: Outward Direct Investment Positions.*as of end-(\d{4})\s*$")
_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?([eE]-?[0-9]+)?$")

STATUS_REPORTED = "reported"
STATUS_BELOW_HALF_MILLION = "zero_or_below_half_million"
STATUS_CONFIDENTIAL = "confidential"

SCHEMA = {
    "host_name": pl.String,
    "investor_name": pl.String,
    "is_reporters_total": pl.Boolean,
    "year": pl.Int16,
    "position_musd": pl.Float64,
    "value_status": pl.String,
    "value_text": pl.String,
    "unit": pl.String,
    "sheet": pl.String,
    "source_row": pl.Int32,
    "source_column": pl.String,
    "header_row": pl.Int32,
}


def _cell(grid: pl.DataFrame, row: int, col: int = 0) -> str | None:
    return grid_cell(grid, FIRST_ROW, row, col)


def _header(grid: pl.DataFrame, path: Path) -> tuple[int, list[tuple[int, str]]]:
    title = _cell(grid, TITLE_ROW) or ""
    match = _TITLE.match(title)
    if not match:
        raise SourceError(
            path,
            f"row {TITLE_ROW} should hold the Table 6-o title ending 'as of end-<year>', "
            f"found {title!r}",
            row=TITLE_ROW,
            field="A",
        )
    unit = _cell(grid, UNIT_ROW)
    if unit != UNIT:
        raise SourceError(path, f"unit {unit!r}, expected {UNIT!r}", row=UNIT_ROW, field="A")
    if _cell(grid, HEADER_ROW) != HEADER:
        raise SourceError(
            path,
            f"missing header row: row {HEADER_ROW} should start with {HEADER!r}, "
            f"found {_cell(grid, HEADER_ROW)!r}",
            row=HEADER_ROW,
            field="A",
        )
    investors = header_names(grid, path, FIRST_ROW, HEADER_ROW, "investor")
    if TOTAL_COLUMN not in {name for _, name in investors}:
        raise SourceError(
            path, f"no {TOTAL_COLUMN!r} column in the header", row=HEADER_ROW, field=HEADER
        )
    return int(match.group(1)), investors


def parse(path: Path) -> pl.DataFrame:
    """Every published cell (number, `0` or `C`) of one workbook: host, investor, year."""
    grid = read_grid(path, SHEET)
    year, investors = _header(grid, path)
    rows: dict[str, list] = {k: [] for k in SCHEMA}
    first_data = HEADER_ROW + 1
    for i in range(first_data - FIRST_ROW, grid.height):
        source_row = i + FIRST_ROW
        host = _cell(grid, source_row)
        if not host:  # the host list ends at the first empty row; notes follow
            break
        for col, investor in investors:
            text = grid[i, col]
            if text is None or not text.strip():
                continue
            raw = text.strip()
            if raw in CONFIDENTIAL:
                value, status = None, STATUS_CONFIDENTIAL
            elif _NUMBER.match(raw):
                value = float(raw)
                status = STATUS_BELOW_HALF_MILLION if value == 0 else STATUS_REPORTED
            else:
                raise SourceError(
                    path,
                    f"position {text!r} of {investor!r} in {host!r} is neither a number "
                    "nor the confidential marker 'C'",
                    row=source_row,
                    field=f"{column_letter(col)} ({investor})",
                )
            rows["host_name"].append(host)
            rows["investor_name"].append(investor)
            rows["is_reporters_total"].append(investor == TOTAL_COLUMN)
            rows["year"].append(year)
            rows["position_musd"].append(value)
            rows["value_status"].append(status)
            rows["value_text"].append(text)
            rows["unit"].append(UNIT)
            rows["sheet"].append(SHEET)
            rows["source_row"].append(source_row)
            rows["source_column"].append(column_letter(col))
            rows["header_row"].append(HEADER_ROW)
    if not rows["host_name"]:
        raise SourceError(path, "no host rows below the header", row=first_data, field="A")
    return pl.DataFrame(rows, schema=SCHEMA)


FORMAT = SourceFormat(
    name="imf_cdis_table6o",
    description="IMF CDIS Table 6-o, outward direct investment positions, host x investor (xlsx)",
    schema=SCHEMA,
    parse=parse,
    country_columns=("host_name", "investor_name"),
    key=("host_name", "investor_name", "year"),
    country_row_columns={"investor_name": "header_row"},
    # Positions may be negative (see the module note); a confidential cell has no value.
    suite=Suite(
        ranges={"year": YEARS},
        allowed={"value_status": ("reported", "zero_or_below_half_million", "confidential")},
        required=("value_status", "value_text"),
        measure="position_musd",
    ),
    alias_publisher="imf",
)
