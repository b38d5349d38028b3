"""Shared steps of the CSV format modules: read every cell as text, then type it column by
column, so the first bad cell is reported with its file, row and field."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polars as pl

from caetl import countries
from caetl.errors import SourceError


def read_text(
    path: Path, columns: list[str], *, skip_rows: int = 0, keep_other: bool = False
) -> pl.DataFrame:
    """Every cell as a string (blank -> null) plus `source_row`, the 1-based number of the
    record in the published file (the header is record `skip_rows + 1`). Only `columns` are
    kept, in that order, unless `keep_other` keeps the rest after them."""
    if path.stat().st_size == 0:
        raise SourceError(path, "file is empty")
    try:
        frame = pl.read_csv(
            path,
            skip_rows=skip_rows,
            infer_schema_length=0,
            encoding="utf8",
        )
    except (pl.exceptions.PolarsError, UnicodeDecodeError) as exc:
        raise SourceError(path, f"not a UTF-8 comma-separated file: {exc}") from exc
    except OSError as exc:
        raise SourceError(path, f"cannot read as CSV: {exc}") from exc
    # A byte-order mark is not part of the first column's name.
    frame = frame.rename({c: c.lstrip("\ufeff").strip() for c in frame.columns})
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        found = ", ".join(frame.columns[:8])
        raise SourceError(
            path,
            f"missing column {missing[0]!r} (header has: {found})",
            row=skip_rows + 1,
            field=missing[0],
        )
    columns = columns + [c for c in frame.columns if keep_other and c not in columns]
    frame = frame.select(columns).with_columns(pl.col(columns).str.strip_chars())
    frame = frame.with_columns(
        [pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c) for c in columns]
    )
    return frame.with_row_index("source_row", offset=skip_rows + 2).with_columns(
        pl.col("source_row").cast(pl.Int32)
    )


def _first_bad(frame: pl.DataFrame, bad: pl.Expr, field: str) -> tuple[int, str | None] | None:
    rows = frame.filter(bad)
    if rows.height == 0:
        return None
    return rows["source_row"][0], rows[field][0]


def refuse_first(frame: pl.DataFrame, path: Path, bad: pl.Expr, field: str, message: str) -> None:
    """Raise for the first row where `bad` holds, naming its row and `field`; `{value!r}` in
    `message` shows that row's `field` cell."""
    hit = _first_bad(frame, bad, field)
    if hit:
        raise SourceError(path, message.format(value=hit[1]), row=hit[0], field=field)


def repeated(*key: str) -> pl.Expr:
    """True on every row that repeats an earlier row's key (the first copy is not flagged)."""
    return ~pl.struct(key).is_first_distinct()


def require(frame: pl.DataFrame, path: Path, *fields: str) -> None:
    """Fields that must have a value in every row."""
    for field in fields:
        hit = _first_bad(frame, pl.col(field).is_null(), field)
        if hit:
            raise SourceError(path, "value is missing", row=hit[0], field=field)


def cast(frame: pl.DataFrame, path: Path, field: str, dtype: pl.DataType) -> pl.DataFrame:
    """Cast a text column; a cell that does not convert is an error naming row and field."""
    typed = pl.col(field).cast(dtype, strict=False)
    if dtype == pl.Date:
        typed = pl.col(field).str.to_date("%Y-%m-%d", strict=False)
    elif dtype == pl.Boolean:
        typed = (
            pl.col(field)
            .str.to_lowercase()
            .replace_strict(
                {"true": True, "false": False, "yes": True, "no": False},
                default=None,
                return_dtype=pl.Boolean,
            )
        )
    elif dtype.is_numeric():
        typed = pl.col(field).str.replace_all(",", "").cast(dtype, strict=False)
    hit = _first_bad(frame, pl.col(field).is_not_null() & typed.is_null(), field)
    if hit:
        raise SourceError(path, f"{hit[1]!r} is not a valid {dtype}", row=hit[0], field=field)
    return frame.with_columns(typed.alias(field))


def known_codes() -> frozenset[str]:
    """Every code a country column may hold, from the seeds of the project being loaded
    (caetl.countries.reading_seeds): the countries seed (ISO3 plus our labels WLD, EUU,
    CA5, CPC...) and the spellings the alias seed maps under publisher 'iso3' (C5)."""
    seeds = countries.current_seeds_dir()
    stamps = tuple(
        (seeds / name).stat().st_mtime_ns
        for name in (countries.COUNTRIES_FILE, countries.ALIASES_FILE)
    )
    return _known_codes(seeds, stamps)


@cache
def _known_codes(seeds: Path, stamps: tuple[int, ...]) -> frozenset[str]:
    # Cached per folder and modification times: an edited seed is read again.
    aliases = countries.load_aliases(seeds)
    return frozenset(countries.load_countries(seeds)["iso3"]) | {
        alias for publisher, alias in aliases if publisher == "iso3"
    }


def check_codes(frame: pl.DataFrame, path: Path, field: str, *, separators: str = "") -> None:
    """Every code in `field` must be an ISO3 country or a known label; `separators` lists
    characters that join several codes in one cell (e.g. `+` for a sum of partners)."""
    known = known_codes()
    for row, cell in frame.select("source_row", field).iter_rows():
        if cell is None:
            continue
        parts = [cell]
        for sep in separators:
            parts = [p.strip() for part in parts for p in part.split(sep)]
        for code in parts:
            if code not in known:
                raise SourceError(path, f"unknown ISO3 code {code!r}", row=row, field=field)


def check_values(frame: pl.DataFrame, path: Path, field: str, allowed: set[str]) -> None:
    hit = _first_bad(frame, pl.col(field).is_not_null() & ~pl.col(field).is_in(allowed), field)
    if hit:
        raise SourceError(
            path, f"{hit[1]!r} is not one of {', '.join(sorted(allowed))}", row=hit[0], field=field
        )
