"""Shared steps of the workbooks read as one grid of text cells (IMF DOTS, and the
bilateral matrices: IMF CDIS Table 6-o, KNOMAD remittances): the sheet as a frame, Excel
column letters, and a header row of counterpart names, refused when a name repeats."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl

from caetl.errors import SourceError
from caetl.sources._excel import read_errors


def column_letter(index: int) -> str:
    """Excel column letters of a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_grid(path: Path, sheet: str) -> pl.DataFrame:
    """A sheet as text cells, no header, empty rows and columns kept."""
    return next(read_grids(path, [sheet]))


def read_grids(path: Path, sheets: list[str]) -> Iterator[pl.DataFrame]:
    """Sheets of one workbook as `read_grid` gives them, the workbook opened and indexed
    once. A generator: a sheet is read only when the caller has done with the one
    before, so an error in an earlier sheet is still the one reported."""
    import fastexcel

    try:
        reader = fastexcel.read_excel(path)
    except read_errors() as exc:
        raise SourceError(path, f"cannot read sheet {sheets[0]!r}: {exc}", field=sheets[0]) from exc
    for sheet in sheets:
        try:
            if sheet not in reader.sheet_names:
                raise ValueError(f"no matching sheet found when `sheet_name` is {sheet!r}")
            # The cells as polars' read_excel(infer_schema_length=0) reads them: all text.
            grid = pl.DataFrame(reader.load_sheet_eager(sheet, header_row=None, dtypes="string"))
        except read_errors() as exc:
            raise SourceError(path, f"cannot read sheet {sheet!r}: {exc}", field=sheet) from exc
        if grid.height == grid.width == 0:
            raise SourceError(path, f"cannot read sheet {sheet!r}: empty Excel sheet", field=sheet)
        grid.columns = [f"column_{i}" for i in range(grid.width)]
        yield grid


def grid_cell(grid: pl.DataFrame, first_row: int, row: int, col: int = 0) -> str | None:
    """Stripped cell of sheet `row` (the grid starts at sheet row `first_row`), 0-based
    `col`; None outside the grid."""
    i = row - first_row
    value = grid[i, col] if 0 <= i < grid.height and col < grid.width else None
    return value.strip() if isinstance(value, str) else value


def header_names(
    grid: pl.DataFrame, path: Path, first_row: int, header_row: int, what: str, where: str = ""
) -> list[tuple[int, str]]:
    """(column, name) of every named column after the first on the header row; a name
    that appears twice is refused, naming both columns. `what` names a column's
    counterpart ("investor"); `where` prefixes the message ("sheet 'X': ")."""
    names: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for col in range(1, grid.width):
        name = grid_cell(grid, first_row, header_row, col)
        if not name:
            continue
        if name in seen:
            raise SourceError(
                path,
                f"{where}{what} {name!r} appears twice in the header (columns "
                f"{column_letter(seen[name])} and {column_letter(col)})",
                row=header_row,
                field=column_letter(col),
            )
        seen[name] = col
        names.append((col, name))
    return names
