"""Shared steps of the spreadsheet format modules: every cell of a sheet as text, and the
number parsing that reports the first bad cell with its file, row and field."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from caetl.errors import SourceError

_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$")


def sheet_names(path: Path) -> list[str]:
    import fastexcel

    try:
        return list(fastexcel.read_excel(path).sheet_names)
    except Exception as exc:  # fastexcel raises its own types for bad or unknown files
        raise SourceError(path, f"cannot read as a workbook: {exc}") from exc


def read_grid(path: Path, sheet: str) -> list[tuple[str | None, ...]]:
    """The sheet's rows, every cell as text (None when blank); row i is sheet row i + 1."""
    try:
        grid = pl.read_excel(
            path,
            sheet_name=sheet,
            engine="calamine",
            has_header=False,
            infer_schema_length=0,
            drop_empty_rows=False,
            drop_empty_cols=False,
        )
    except Exception as exc:  # fastexcel raises its own types for bad zips and missing sheets
        raise SourceError(path, f"cannot read sheet {sheet!r}: {exc}", field=sheet) from exc
    return grid.rows()


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
