"""IMF Direction of Trade Statistics (DOTS): one country workbook as exported by the IMF.

Layout (both sheets, `Exports, FOB` and `Imports, CIF`): row 2 title, row 4 reporter name,
row 5 unit (`US Dollars, Millions`), row 7 years from column C, then one partner a row with
its name in column B. Cells are numbers or text; text is a number with an optional
thousands comma and a trailing ` e` flagging an IMF estimate. The first data row is a stray
copy of a later row (Australia, placed before World) and is dropped in favour of the real one.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from caetl.errors import SourceError
from caetl.quality.suites import NEGATIVE, TRADE_FLOWS, YEARS, Suite
from caetl.sources._matrix import read_grids
from caetl.sources.base import SourceFormat

SHEETS = {"Exports, FOB": "exports", "Imports, CIF": "imports"}
UNIT = "US Dollars, Millions"
# The sheet's used range starts at B2, and fastexcel returns it from there.
FIRST_ROW, FIRST_DATA_ROW = 2, 8
_NUMBER = re.compile(r"^-?[0-9][0-9,]*(\.[0-9]+)?$")

SCHEMA = {
    "reporter_name": pl.String,
    "partner_name": pl.String,
    "flow": pl.String,
    "year": pl.Int16,
    "value_musd": pl.Float64,
    "is_estimate": pl.Boolean,
    "value_text": pl.String,
    "unit": pl.String,
    "sheet": pl.String,
    "source_row": pl.Int32,
}


def _header(grid: pl.DataFrame, path: Path, sheet: str) -> tuple[str, list[tuple[str, int]]]:
    def cell(row: int, col: int = 0) -> str | None:
        i = row - FIRST_ROW
        return grid[i, col] if 0 <= i < grid.height and col < grid.width else None

    title = cell(2) or ""
    if not title.startswith(sheet.split(",")[0]):
        raise SourceError(
            path, f"sheet {sheet!r}: row 2 should hold the title, found {title!r}", row=2
        )
    unit = cell(5)
    if unit != UNIT:
        raise SourceError(path, f"sheet {sheet!r}: unit {unit!r}, expected {UNIT!r}", row=5)
    reporter = cell(4)
    if not reporter:
        raise SourceError(path, f"sheet {sheet!r}: no reporter name in row 4", row=4)
    years: list[tuple[str, int]] = []
    for col in range(1, grid.width):
        label = cell(7, col)
        if label is None:
            continue
        try:
            years.append((grid.columns[col], int(float(label))))
        except ValueError as exc:
            raise SourceError(
                path, f"sheet {sheet!r}: year header {label!r} is not a year", row=7
            ) from exc
    if not years:
        raise SourceError(path, f"sheet {sheet!r}: no years in row 7", row=7)
    return reporter.strip(), years


def _stray_row(grid: pl.DataFrame) -> int | None:
    """Sheet row of the stray first data row, if the first partner listed is listed again."""
    names = grid.get_column(grid.columns[0]).slice(FIRST_DATA_ROW - FIRST_ROW).to_list()
    listed = [(row, name) for row, name in enumerate(names, FIRST_DATA_ROW) if name is not None]
    if listed and listed[0][1] in {name for _, name in listed[1:]}:
        return listed[0][0]
    return None


def _parse_sheet(grid: pl.DataFrame, path: Path, sheet: str) -> pl.DataFrame:
    reporter, years = _header(grid, path, sheet)
    name_col = grid.columns[0]
    text = pl.col("value_text").str.strip_chars()
    # `128.11 e` flags an IMF estimate: no plain number ends in "e"
    number = text.str.strip_suffix("e").str.strip_chars()
    row = pl.col("source_row")
    stray = _stray_row(grid)
    year_list = pl.Series([[year for _, year in years]], dtype=pl.List(pl.Int16))
    # Column-wise and lazy, in one collect (each eager step would be a collect of its own):
    # a partner's cells as one list beside the list of years, exploded together, which
    # keeps the sheet's row-major order with no sort.
    long = (
        grid.lazy()
        .with_row_index("source_row", FIRST_ROW)
        .filter(
            row >= FIRST_DATA_ROW,
            pl.col(name_col).is_not_null(),
            pl.lit(True) if stray is None else row != stray,
        )
        .select(
            "source_row",
            pl.col(name_col).str.strip_chars().alias("partner_name"),
            pl.concat_list([column for column, _ in years]).alias("value_text"),
            pl.lit(year_list).first().alias("year"),
        )
        .explode("value_text", "year")
        .filter(text != "")  # drops empty cells and nulls
        .with_columns(number.alias("_number"))
        .select(
            pl.lit(reporter).alias("reporter_name"),
            "partner_name",
            pl.lit(SHEETS[sheet]).alias("flow"),
            "year",
            pl.col("_number").str.replace_all(",", "", literal=True).alias("value_musd"),
            text.str.ends_with("e").alias("is_estimate"),
            "value_text",
            pl.lit(UNIT).alias("unit"),
            pl.lit(sheet).alias("sheet"),
            "source_row",
            pl.col("_number").str.contains(_NUMBER.pattern).alias("_is_number"),
        )
        .collect()
    )
    is_number = long.get_column("_is_number")
    if not is_number.all():
        first = long.row(is_number.arg_min(), named=True)
        raise SourceError(
            path,
            f"value {first['value_text']!r} is not a number",
            row=first["source_row"],
            field=f"{sheet}!{first['year']}",
        )
    return long


def parse(path: Path) -> pl.DataFrame:
    """Both sheets of one DOTS workbook, one row per partner, year and flow.

    Negative values exist in the published workbooks (a few adjustments); they are kept
    here and judged by the quality gate, which sends them to meta.rejects with a reason.
    """
    grids = read_grids(path, list(SHEETS))
    sheets = [_parse_sheet(grid, path, sheet) for grid, sheet in zip(grids, SHEETS, strict=True)]
    return pl.concat(sheets).lazy().select(list(SCHEMA)).cast(SCHEMA).collect()


FORMAT = SourceFormat(
    name="imf_dots",
    description="IMF Direction of Trade Statistics country workbook (xlsx, two sheets)",
    schema=SCHEMA,
    parse=parse,
    country_columns=("reporter_name", "partner_name"),
    key=("reporter_name", "partner_name", "flow", "year"),
    suite=Suite(
        ranges={"value_musd": (0, None), "year": YEARS},
        allowed={"flow": TRADE_FLOWS},
        measure="value_musd",
        reasons={"value_musd": NEGATIVE},
    ),
    alias_publisher="imf",
)
