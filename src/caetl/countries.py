"""Publisher country names and codes -> ISO3, through the one alias table (dbt seeds).

The seeds `countries.csv` and `country_aliases.csv` in dbt_project/seeds are the single
mapping for Python and dbt alike; a source format's `alias_publisher` says whose alias rows
map its country columns. A name with no alias is a quality failure: `map_to_iso3`
raises a SourceError naming the file, the name, its row and field; it never drops a row.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

import polars as pl

from caetl.errors import SourceError
from caetl.paths import Paths

COUNTRIES_FILE = "countries.csv"
ALIASES_FILE = "country_aliases.csv"

COUNTRIES_SCHEMA = {
    "iso3": pl.String,
    "name": pl.String,
    "kind": pl.String,
    "is_aggregate": pl.Boolean,
    "is_historic": pl.Boolean,
    "is_ca5": pl.Boolean,
}
ALIASES_SCHEMA = {"publisher": pl.String, "alias": pl.String, "iso3": pl.String}

Aliases = dict[tuple[str, str], str]

# The seeds of the project being loaded, set by the loader (`reading_seeds`) so that code
# reading seeds without being handed a folder (the CSV formats' code checks, map_to_iso3
# without aliases) reads that project's, not the default project's.
_SEEDS_DIR: ContextVar[Path | None] = ContextVar("caetl_seeds_dir", default=None)


@contextmanager
def reading_seeds(seeds_dir: Path | None) -> Iterator[None]:
    """Within the block, seeds are read from `seeds_dir` (None changes nothing)."""
    if seeds_dir is None:
        yield
        return
    token = _SEEDS_DIR.set(seeds_dir)
    try:
        yield
    finally:
        _SEEDS_DIR.reset(token)


def current_seeds_dir() -> Path:
    """The seeds of the project being loaded, else those of the default project."""
    return _SEEDS_DIR.get() or Paths.default().seeds


def load_countries(seeds_dir: Path | None = None) -> pl.DataFrame:
    """countries.csv: one row per ISO3 code (countries, our aggregates, historic entities)."""
    path = (seeds_dir or current_seeds_dir()) / COUNTRIES_FILE
    return pl.read_csv(path, schema=COUNTRIES_SCHEMA)


def load_aliases(seeds_dir: Path | None = None) -> Aliases:
    """country_aliases.csv as {(publisher, alias): iso3}."""
    path = (seeds_dir or current_seeds_dir()) / ALIASES_FILE
    frame = pl.read_csv(path, schema=ALIASES_SCHEMA)
    return {(p, a): i for p, a, i in frame.iter_rows()}


def _lookup(frame: pl.DataFrame, column: str, publisher: str, aliases: Aliases) -> pl.Series:
    # Publishers pad codes (`"X1 "` in Comtrade); the seed holds them trimmed.
    mapping = {alias: iso3 for (pub, alias), iso3 in aliases.items() if pub == publisher}
    names = frame[column].cast(pl.String).str.strip_chars()
    return names.replace_strict(mapping, default=None, return_dtype=pl.String)


def unmapped_names(
    frame: pl.DataFrame,
    column: str,
    publisher: str,
    aliases: Aliases | None = None,
    row_column: str = "source_row",
) -> pl.DataFrame:
    """Every distinct name in `column` with no alias for `publisher`: name, first_row, rows.

    Null and blank cells are not names and are not reported.
    """
    aliases = load_aliases() if aliases is None else aliases
    names = frame[column].cast(pl.String).str.strip_chars()
    missing = frame.select(
        name=names,
        row=pl.col(row_column),
        iso3=_lookup(frame, column, publisher, aliases),
    ).filter(pl.col("name").is_not_null() & (pl.col("name") != "") & pl.col("iso3").is_null())
    return (
        missing.group_by("name")
        .agg(first_row=pl.col("row").min(), rows=pl.len())
        .sort("first_row", "name")
    )


def map_to_iso3(
    frame: pl.DataFrame,
    column: str,
    publisher: str,
    file: Path | str,
    aliases: Aliases | None = None,
    row_column: str = "source_row",
) -> pl.Series:
    """ISO3 code for every row of `frame[column]`, same length and order, named `<column>_iso3`.

    Null or blank cells stay null (no name given is not an unknown name). Raises SourceError
    for the first unmapped name (lowest row), naming file, name, row and field.
    """
    aliases = load_aliases() if aliases is None else aliases
    missing = unmapped_names(frame, column, publisher, aliases, row_column)
    if missing.height:
        name, row, count = missing.row(0)
        others = f" ({missing.height - 1} other unmapped name(s))" if missing.height > 1 else ""
        raise SourceError(
            file,
            f"{publisher} country name {name!r} has no ISO3 alias in "
            f"{ALIASES_FILE} ({count} row(s)){others}",
            row=row,
            field=column,
        )
    return _lookup(frame, column, publisher, aliases).alias(f"{column}_iso3")
