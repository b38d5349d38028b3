"""The gates a source passes between parsing and landing, and the stats they compare with.

- Country names: every value of a format's country_columns maps to ISO3, or the file is
  refused naming file, row and field (countries.map_to_iso3).
- The source's Suite (quality.gx_suite: row rules in polars, suite-level expectations by
  Great Expectations): failing rows go to meta.rejects with file, row, field, value and
  reason; failing table-level expectations refuse the source.
- Against the previous published load (meta.source_stats): a source keeping fewer than
  half its rows, or a file whose total moves 100x (a units slip), is refused.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from caetl.countries import Aliases, load_aliases, map_to_iso3
from caetl.errors import SourceError
from caetl.manifest import Source
from caetl.quality.suites import SHRINK_LIMIT, SLIP_FACTOR
from caetl.sources import get_format
from caetl.sources.base import SourceFormat

REJECT_COLUMNS = {
    "source_file": pl.String,
    "row_number": pl.Int32,
    "field": pl.String,
    "value": pl.String,
    "reason": pl.String,
}


@dataclass
class Previous:
    """What the published warehouse holds for each source: rows, and totals per file."""

    rows: dict[str, int] = field(default_factory=dict)
    totals: dict[tuple[str, str], float] = field(default_factory=dict)

    @classmethod
    def read(cls, warehouse: Path) -> Previous:
        previous = cls()
        if not warehouse.exists():
            return previous
        import duckdb

        try:
            with duckdb.connect(str(warehouse), read_only=True) as con:
                stats = con.execute(
                    "select source_id, source_file, rows, total from meta.source_stats "
                    "qualify load_id = max(load_id) over (partition by source_id)"
                ).fetchall()
        except duckdb.Error:  # built before stats were kept: nothing to compare with
            return previous
        for source_id, file, rows, total in stats:
            previous.rows[source_id] = previous.rows.get(source_id, 0) + rows
            if total is not None:
                previous.totals[(source_id, file)] = total
        return previous


class Gates:
    """The quality gates of one refresh."""

    def __init__(self, seeds_dir: Path, previous: Previous) -> None:
        self.seeds_dir = seeds_dir
        self.previous = previous
        self._aliases: Aliases | None = None
        self._mapped: dict[str, frozenset[str]] = {}

    @property
    def aliases(self) -> Aliases:
        if self._aliases is None:
            self._aliases = load_aliases(self.seeds_dir)
        return self._aliases

    def measure(self, source: Source) -> str | None:
        return get_format(source.parser).suite.measure

    def mapped(self, publisher: str) -> frozenset[str]:
        """The names and codes `publisher`'s alias rows map to ISO3."""
        if publisher not in self._mapped:
            self._mapped[publisher] = frozenset(a for (p, a) in self.aliases if p == publisher)
        return self._mapped[publisher]

    def check_countries(self, source: Source, fmt: SourceFormat, frame: pl.DataFrame, file) -> None:
        """Refuse the file if a country name or code has no ISO3 alias."""
        self.check_countries_of(source, fmt, [(frame, file)])

    def check_countries_of(
        self, source: Source, fmt: SourceFormat, files: list[tuple[pl.DataFrame, str]]
    ) -> None:
        """check_countries of many files, in order. The distinct names of all of them are
        checked against the alias set at once; the row-by-row mapping runs only to name
        the first unmapped one (file, row, field)."""
        publisher = fmt.alias_publisher
        found = [
            self._names(fmt, frame, column).get_column(column).cast(pl.String).unique()
            for frame, _ in files
            for column in fmt.country_columns
        ]
        if not found:
            return
        distinct = pl.concat(found).str.strip_chars().unique().drop_nulls()
        if set(distinct.to_list()) - {""} <= self.mapped(publisher):
            return
        for frame, file in files:  # the first file, column and row, as when checked one by one
            for column in fmt.country_columns:
                row_column = fmt.country_row_columns.get(column, fmt.source_row_column)
                names = self._names(fmt, frame, column)
                map_to_iso3(names, column, publisher, file, self.aliases, row_column)

    @staticmethod
    def _names(fmt: SourceFormat, frame: pl.DataFrame, column: str) -> pl.DataFrame:
        """A country column with its row column, code lists split into single codes."""
        names = frame.select(column, fmt.country_row_columns.get(column, fmt.source_row_column))
        if fmt.alias_publisher == "iso3":  # code lists: "KAZ; UZB", sums of partners "CHN+RUS"
            names = names.with_columns(pl.col(column).str.split(";")).explode(column)
            names = names.with_columns(pl.col(column).str.split("+")).explode(column)
        return names

    def check_source(
        self, source: Source, fmt: SourceFormat, frame: pl.DataFrame, *, kept_rows: int = 0
    ) -> tuple[pl.DataFrame, pl.DataFrame]:
        """(rows that passed, rejected rows) for a source's frame with lineage columns.

        `kept_rows`: rows of the source's unchanged files, kept beside this frame (a
        file-by-file reload); they count towards the shrink gate."""
        from caetl.quality.gx_suite import ROW_COUNT, validate

        suite = fmt.suite
        before = self.previous.rows.get(source.id, 0)
        min_rows = max(0, math.ceil(before * SHRINK_LIMIT) - kept_rows) if before else 0
        outcome = validate(source.id, frame, suite, list(fmt.schema), fmt.key, min_rows)
        where = ", ".join(source.files)
        for kind, config, observed in outcome.file_failures:
            if kind == ROW_COUNT:
                raise SourceError(
                    where,
                    f"{observed} rows, fewer than half of the {before} rows of the previous "
                    "load (a truncated file?)",
                )
            raise SourceError(
                where, f"{kind} failed: {config} (observed {observed})", field=config.get("column")
            )
        rejects = pl.DataFrame(
            {
                "source_file": [frame[f.index, "_source_file"] for f in outcome.rows],
                "row_number": [frame[f.index, "_row_number"] for f in outcome.rows],
                "field": [f.field for f in outcome.rows],
                "value": [f.value for f in outcome.rows],
                "reason": [f.reason for f in outcome.rows],
            },
            schema=REJECT_COLUMNS,
        )
        good = without_rows(frame, sorted({f.index for f in outcome.rows}))
        if min_rows and good.height < min_rows:
            raise SourceError(
                where,
                f"only {good.height} of {frame.height} rows passed the gates, fewer than half "
                f"of the {before} rows of the previous load",
            )
        self.check_totals(source, suite.measure, self.stats(source, suite.measure, good))
        return good, rejects

    def check_rows(self, source: Source, rows: int) -> None:
        """The shrink gate alone, for a source left with `rows` rows (files removed)."""
        before = self.previous.rows.get(source.id, 0)
        if before and rows < math.ceil(before * SHRINK_LIMIT):
            raise SourceError(
                ", ".join(source.files),
                f"{rows} rows left, fewer than half of the {before} rows of the previous load",
            )

    def stats(self, source: Source, measure: str | None, frame: pl.DataFrame) -> pl.DataFrame:
        """Rows and the total of `measure` per file, as stored in meta.source_stats."""
        total = pl.col(measure).sum().cast(pl.Float64) if measure else pl.lit(None, pl.Float64)
        return (
            frame.group_by("_source_file")
            .agg(rows=pl.len(), total=total)
            .select(
                pl.lit(source.id).alias("source_id"),
                pl.col("_source_file").alias("source_file"),
                pl.col("rows").cast(pl.Int64),
                pl.lit(measure, pl.String).alias("measure"),
                "total",
            )
            .sort("source_file")
        )

    def check_totals(self, source: Source, measure: str | None, stats: pl.DataFrame) -> None:
        """Refuse a file whose total moved by SLIP_FACTOR or more since the previous load."""
        if not measure:
            return
        for file, total in stats.select("source_file", "total").iter_rows():
            before = self.previous.totals.get((source.id, file))
            if not before or before <= 0 or total is None:
                continue
            ratio = total / before
            if ratio >= SLIP_FACTOR or ratio <= 1 / SLIP_FACTOR:
                raise SourceError(
                    file,
                    f"total {total:,.6g} is {ratio:,.4g}x the previous load's {before:,.6g}: "
                    f"a units slip? (limit {SLIP_FACTOR:g}x either way)",
                    field=measure,
                )

    def check_landed(self, con, source: Source, fmt: SourceFormat) -> pl.DataFrame:
        """The gates for a source streamed by DuckDB (no polars frame): country names,
        shrink and units, computed in SQL on raw.<id>. Returns its stats."""
        table = quote_identifier("raw", source.id)
        publisher = fmt.alias_publisher
        mapped = self.mapped(publisher)
        for column in fmt.country_columns:
            col = quote_identifier(column)
            first_use = con.execute(
                f"select trim({col}::varchar), min(_source_file), min(_row_number) "  # noqa: S608
                f"from {table} where nullif(trim({col}::varchar), '') is not null group by 1"
            ).fetchall()
            unknown = sorted((f, r, n) for n, f, r in first_use if n not in mapped)
            if unknown:
                file, row, name = unknown[0]
                raise SourceError(
                    file,
                    f"{publisher} country name {name!r} has no ISO3 alias "
                    f"({len(unknown) - 1} other unmapped name(s))",
                    row=row,
                    field=column,
                )
        measure = fmt.suite.measure
        total = f"sum({quote_identifier(measure)})::double" if measure else "null::double"
        stats = pl.DataFrame(
            con.execute(
                f"select ?, _source_file, count(*), ?, {total} from {table} group by 2 "  # noqa: S608
                "order by 2",
                [source.id, measure],
            ).fetchall(),
            schema=["source_id", "source_file", "rows", "measure", "total"],
            orient="row",
        )
        before = self.previous.rows.get(source.id, 0)
        rows = int(stats["rows"].sum()) if stats.height else 0
        if before and rows < before * SHRINK_LIMIT:
            raise SourceError(
                ", ".join(source.files),
                f"{rows} rows passed the gates, fewer than half of the {before} rows of the "
                "previous load",
            )
        self.check_totals(source, measure, stats)
        return stats


def without_rows(frame: pl.DataFrame, rows: list[int], pieces: int = 1000) -> pl.DataFrame:
    """`frame` less the rows at these sorted positions. A few go by slicing around them,
    which copies nothing (a filter copies every column of a frame of millions of rows);
    more than `pieces`, by a filter."""
    if not rows:
        return frame
    if len(rows) > pieces:
        return frame.with_row_index("_i").filter(~pl.col("_i").is_in(rows)).drop("_i")
    kept, start = [], 0
    for row in rows:
        kept.append(frame.slice(start, row - start))
        start = row + 1
    kept.append(frame.slice(start))
    return pl.concat(kept)


def _numeric_checks(fmt: SourceFormat) -> list[tuple[str, bool, float | None, float | None]]:
    """(column, is float, lowest, highest) of every numeric column of a format's schema."""
    checks = []
    for column, dtype in fmt.schema.items():
        if column == fmt.source_row_column or not dtype.is_numeric():
            continue
        low, high = fmt.ranges.get(column, (None, None))
        checks.append((column, dtype.is_float(), low, high))
    return checks


def _range_reason(column: str, low: float | None, high: float | None, below: bool) -> str:
    if below:
        return f"below {low:g}, the lowest value declared for {column}"
    return f"above {high:g}, the highest value declared for {column}"


def numeric_gate(fmt: SourceFormat, frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rows that passed, rejected rows) after the checks every numeric column gets: finite
    (NaN or +-inf would turn every sum into NaN) and within the format's declared range.
    `frame` carries lineage columns; a row failing twice is rejected once per field."""
    found = []
    failing = pl.lit(False)
    for column, is_float, low, high in _numeric_checks(fmt):
        col = pl.col(column)
        finite = col.is_finite() if is_float else pl.lit(True)
        tests = []
        if is_float:
            tests += [(col.is_nan(), "not a number (NaN)"), (col.is_infinite(), "infinite")]
        if low is not None:
            tests.append((finite & (col < low), _range_reason(column, low, high, True)))
        if high is not None:
            tests.append((finite & (col > high), _range_reason(column, low, high, False)))
        for test, reason in tests:
            test = test.fill_null(False)
            hits = frame.filter(test)
            if hits.height:
                found.append(
                    hits.select(
                        pl.col("_source_file").alias("source_file"),
                        pl.col("_row_number").cast(pl.Int32).alias("row_number"),
                        pl.lit(column).alias("field"),
                        col.cast(pl.String).alias("value"),
                        pl.lit(reason).alias("reason"),
                    )
                )
                failing = failing | test
    if not found:
        return frame, pl.DataFrame(schema=REJECT_COLUMNS)
    return frame.filter(~failing), pl.concat(found).cast(REJECT_COLUMNS)


def numeric_row_checks(fmt: SourceFormat) -> list[tuple[str, str, str]]:
    """The same checks as SQL, for a format landed by DuckDB (SourceFormat.scan):
    (field, predicate TRUE for a failing row, reason)."""
    checks = []
    for column, is_float, low, high in _numeric_checks(fmt):
        col = quote_identifier(column)
        if is_float:
            checks.append((column, f"isnan({col})", "not a number (NaN)"))
            checks.append((column, f"isinf({col})", "infinite"))
        finite = f"isfinite({col})" if is_float else "true"
        if low is not None:
            reason = _range_reason(column, low, high, True)
            checks.append((column, f"{finite} and {col} < {low!r}", reason))
        if high is not None:
            reason = _range_reason(column, low, high, False)
            checks.append((column, f"{finite} and {col} > {high!r}", reason))
    return checks


def quote_identifier(*parts: str) -> str:
    """A DuckDB identifier, each part in double quotes with embedded quotes doubled."""
    return ".".join('"' + p.replace('"', '""') + '"' for p in parts)
