"""The contract every source format module fulfils.

A format module reads one published file layout (any file in that layout, not a fixed
list) into a typed polars frame and does nothing else: no DuckDB, no dbt, no mapping of
names. It raises `SourceError` (file, row, field) when a file cannot be used. Beside its
parser it declares what the parsed rows must satisfy (`suite`) and whose country aliases
apply (`alias_publisher`), so a format is defined, and added, in one module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from caetl.quality.suites import Suite


@dataclass(frozen=True)
class SourceFormat:
    """A published file layout and how to read it."""

    name: str
    """The `parser` value in raw/manifest.toml."""
    description: str
    schema: dict[str, pl.DataType]
    """Exact output columns and dtypes of `parse`, before lineage columns are added."""
    parse: Callable[[Path], pl.DataFrame]
    country_columns: tuple[str, ...] = ()
    """Columns holding publisher country names or codes that must map to ISO3."""
    key: tuple[str, ...] = ()
    """Columns that identify a row within one source (checked unique by the quality gate)."""
    country_row_columns: dict[str, str] = field(default_factory=dict)
    """Country column -> the column holding the row where that name is published, for names
    read from a header (a matrix's column countries); others use `source_row_column`."""
    source_row_column: str = "source_row"
    """Column with the 1-based row number in the published file (kept for lineage)."""
    scan: Callable[[Path], str] | None = None
    """Optional fast path for large files: a DuckDB SELECT over the file giving `schema`'s
    columns, so the loader can stream it without materialising a polars frame."""
    row_checks: dict[str, str] = field(default_factory=dict)
    """Gates for the scan path, run in DuckDB on the landed rows: check name -> SQL
    predicate, TRUE for a failing row. Failing rows go to meta.rejects with the name."""
    ranges: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    """column -> (lowest, highest) value a numeric column may hold, inclusive; None leaves
    a side open. Every numeric column must also be finite (no NaN, no +-inf): rows breaking
    either go to meta.rejects (caetl.quality.gates.numeric_gate)."""
    suite: Suite = field(default_factory=Suite)
    """What the parsed rows must satisfy (ranges, allowed values, required cells, the measure
    whose per-file total is compared with the previous load), run by caetl.quality."""
    alias_publisher: str = "iso3"
    """The `publisher` of the country_aliases.csv rows that map `country_columns` to ISO3.
    "iso3" for columns already holding ISO3 codes or our own labels (WLD, EUU, CA5, C5)."""


def check_schema(fmt: SourceFormat, frame: pl.DataFrame, file: Path) -> pl.DataFrame:
    """Cast to the declared schema and column order; a missing column is a SourceError."""
    from caetl.errors import SourceError

    missing = [c for c in fmt.schema if c not in frame.columns]
    if missing:
        raise SourceError(file, f"missing column(s) {', '.join(missing)}", field=missing[0])
    if list(frame.schema.items()) == list(fmt.schema.items()):
        return frame  # already exact: no copy
    return frame.select([pl.col(c).cast(t, strict=True) for c, t in fmt.schema.items()])
