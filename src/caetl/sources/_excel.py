"""Shared steps of the spreadsheet format modules: every cell of a sheet as text, and the
number parsing that reports the first bad cell with its file, row and field."""

from __future__ import annotations

import re
from pathlib import Path

from caetl.errors import SourceError

_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$")


def read_errors() -> tuple[type[BaseException], ...]:
    """What reading a bad workbook raises: fastexcel's own error types, and calamine's
    panics on malformed files, which pyo3 raises as PanicException, a BaseException (one
    such type per Rust extension loaded). Use after importing fastexcel."""
    panics = [t for t in BaseException.__subclasses__() if t.__name__ == "PanicException"]
    return (Exception, *panics)


def sheet_names(path: Path) -> list[str]:
    import fastexcel

    try:
        return list(fastexcel.read_excel(path).sheet_names)
    except read_errors() as exc:
        raise SourceError(path, f"cannot read as a workbook: {exc}") from exc


def read_grid(path: Path, sheet: str) -> list[tuple[str | None, ...]]:
    """The sheet's rows, every cell as text (None when blank); row i is sheet row i + 1,
    leading blank rows included (fastexcel with skip_rows=0: polars' read_excel drops
    them, which would shift every row number). Columns start at the first used column."""
    import fastexcel

    try:
        reader = fastexcel.read_excel(path)
        if sheet not in reader.sheet_names:
            raise SourceError(
                path, f"no sheet {sheet!r} (sheets: {', '.join(reader.sheet_names)})", field=sheet
            )
        rows = (
            reader.load_sheet(sheet, header_row=None, skip_rows=0, dtypes="string")
            .to_polars()
            .rows()
        )
    except SourceError:
        raise
    except read_errors() as exc:
        raise SourceError(path, f"cannot read sheet {sheet!r}: {exc}", field=sheet) from exc
    if not rows:
        raise SourceError(path, f"cannot read sheet {sheet!r}: empty sheet", field=sheet)
    return rows


def cell(grid: list[tuple[str | None, ...]], row: int, col: int) -> str | None:
    """Stripped text of 1-based sheet `row`, 0-based column `col`; None if blank or outside."""
    if 1 <= row <= len(grid) and 0 <= col < len(grid[row - 1]):
        value = grid[row - 1][col]
        if value is not None and value.strip():
            return value.strip()
    return None


def clean_name(cell: str | None) -> str | None:
    """A name cell with runs of whitespace (line breaks, no-break spaces) made one space."""
    if cell is None:
        return None
    name = " ".join(cell.split())
    return name or None


def number(text: str, path: Path, row: int, field: str) -> float:
    value = text.strip()
    if not _NUMBER.match(value):
        raise SourceError(path, f"value {text!r} is not a number", row=row, field=field)
    return float(value)


def column_letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
