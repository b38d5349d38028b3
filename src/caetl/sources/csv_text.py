"""Shared reading of published CSV files: all text first, then typed with errors that name
the row and field, so a bad cell is reported instead of silently becoming null."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from caetl.errors import SourceError

HEADER_ROWS = 1


def read_text_csv(path: Path, required: tuple[str, ...]) -> pl.DataFrame:
    """Every column as text, plus `source_row` (the 1-based line number in the file)."""
    if path.stat().st_size == 0:
        raise SourceError(path, "file is empty")
    try:
        frame = pl.read_csv(path, infer_schema_length=0, encoding="utf8")
    except (pl.exceptions.ComputeError, UnicodeDecodeError) as exc:
        raise SourceError(path, f"not a UTF-8 comma-separated file: {exc}") from exc
    frame = frame.rename({c: c.lstrip("\ufeff").strip() for c in frame.columns})
    missing = [c for c in required if c not in frame.columns]
    if missing:
        found = ", ".join(frame.columns[:8])
        raise SourceError(
            path, f"missing column {missing[0]!r} (header has: {found})", row=1, field=missing[0]
        )
    return frame.with_row_index("source_row", HEADER_ROWS + 1).with_columns(
        pl.col("source_row").cast(pl.Int32)
    )


def typed(frame: pl.DataFrame, column: str, dtype: pl.DataType, path: Path) -> pl.Series:
    """Cast one text column; the first cell that does not parse is a SourceError."""
    text = frame[column].str.strip_chars()
    if dtype == pl.Date:
        values = text.str.to_date("%Y-%m-%d", strict=False)
    else:
        values = text.cast(dtype, strict=False)
    bad = frame.filter(text.is_not_null() & (text != "") & values.is_null())
    if bad.height:
        row = bad.row(0, named=True)
        raise SourceError(
            path,
            f"{row[column]!r} is not a valid {dtype}",
            row=row["source_row"],
            field=column,
        )
    return values.alias(column)


def require_values(frame: pl.DataFrame, column: str, allowed: set[str], path: Path) -> None:
    """Every cell of a code column is one of `allowed` (units, flows, ...)."""
    bad = frame.filter(~pl.col(column).is_in(sorted(allowed)) | pl.col(column).is_null())
    if bad.height:
        row = bad.row(0, named=True)
        raise SourceError(
            path,
            f"{row[column]!r} is not one of {sorted(allowed)}",
            row=row["source_row"],
            field=column,
        )
