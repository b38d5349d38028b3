"""Land parsed sources in DuckDB: raw.<source id> tables with lineage, and meta.loads.

Each source is replaced in one transaction, so a failing file leaves that source's previous
rows in place. Rows come from a format's `parse` (a polars frame handed to DuckDB through
Arrow without copying) or, for large files, its `scan` SQL streamed by DuckDB itself.

A source of many files already landed with the same parser is reloaded file by file
(`by_file`): meta.file_hashes says which files the table holds; only files whose sha256
changed are parsed and gated, their old rows and those of removed files are deleted, and
the rows of unchanged files stay as they were. The result equals a full reload's.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from caetl import countries, meta
from caetl.manifest import Source, resolve_files
from caetl.quality.gates import Gates, numeric_gate, numeric_row_checks
from caetl.sources import get_format
from caetl.sources.base import SourceFormat, check_schema
from caetl.state import file_sha256

LINEAGE = ("_load_id", "_source_id", "_source_file", "_file_sha256", "_row_number", "_loaded_at")


Progress = Callable[[str], None]


@dataclass
class SourceLoad:
    source_id: str
    files: int
    rows: int
    parse_seconds: float
    write_seconds: float
    rejected: int = 0
    kept_files: int = 0
    """Files whose landed rows stayed (a file-by-file reload); `files` counts the others."""


@dataclass
class LoadResult:
    load_id: str
    sources: list[SourceLoad] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(s.rows for s in self.sources)


def relative_name(path: Path, raw_dir: Path) -> str:
    return path.relative_to(raw_dir).as_posix()


def with_lineage(
    frame: pl.DataFrame, fmt: SourceFormat, source_id: str, file: str, sha: str, load_id: str
) -> pl.DataFrame:
    loaded_at = datetime.now(UTC)
    return frame.with_columns(
        pl.lit(load_id).alias("_load_id"),
        pl.lit(source_id).alias("_source_id"),
        pl.lit(file).alias("_source_file"),
        pl.lit(sha).alias("_file_sha256"),
        pl.col(fmt.source_row_column).alias("_row_number"),
        pl.lit(loaded_at).alias("_loaded_at"),
    )


@dataclass
class FilePlan:
    """Which files of one source to parse, and which landed files' rows to delete."""

    files: list[tuple[Path, str, str]]
    """(path, name relative to raw/, sha256) of the files to parse and land."""
    drop: list[str] = field(default_factory=list)
    """Names of landed files whose rows go: changed or removed."""
    kept: list[str] = field(default_factory=list)
    """Names of landed files whose rows stay."""
    by_file: bool = False
    """False: the source's table is replaced whole."""
    order: list[str] = field(default_factory=list)
    """Every file of the source, in the order a full load lands them."""


def _landed_files(con: duckdb.DuckDBPyConnection, source: Source) -> dict[str, str] | None:
    """{file: sha256} of the files raw.<id> holds, if landed by the same parser."""
    tables = con.execute(
        "select table_name from duckdb_tables() where schema_name = 'raw' "
        "and table_name in (?, 'manifest_sources')",
        [source.id],
    ).fetchall()
    if len(tables) < 2:
        return None
    parser = con.execute(
        "select parser from raw.manifest_sources where source_id = ?", [source.id]
    ).fetchall()
    if not parser or parser[0][0] != source.parser:
        return None
    landed = dict(
        con.execute(
            "select source_file, file_sha256 from meta.file_hashes where source_id = ?",
            [source.id],
        ).fetchall()
    )
    return landed or None


def _later_copies_kept(con: duckdb.DuckDBPyConnection, source: Source, kept: list[str]) -> bool:
    """Whether a row of a kept file was rejected as a later copy of a key across files:
    which copy comes first may change with the other files, so only a full reload says."""
    if not get_format(source.parser).key or not kept:
        return False
    return bool(
        con.execute(
            "select count(*) from meta.rejects r join meta.file_hashes h "
            "on h.source_id = r.source_id and h.source_file = r.source_file "
            "and h.load_id = r.load_id where r.source_id = ? and r.reason like 'repeated key%' "
            "and list_contains(?, r.source_file)",
            [source.id, kept],
        ).fetchall()[0][0]
    )


def plan_files(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    raw_dir: Path,
    by_file: bool,
    known: dict[str, str] | None = None,
) -> FilePlan:
    """The files to (re)load. `known`: sha256 by file name already computed this run."""
    known = known or {}
    files = []
    for path in resolve_files(source, raw_dir):
        name = relative_name(path, raw_dir)
        files.append((path, name, known.get(name) or file_sha256(path)))
    landed = _landed_files(con, source) if by_file else None
    if landed is None:
        return FilePlan(files)
    names = {name for _, name, _ in files}
    todo = [f for f in files if landed.get(f[1]) != f[2]]
    kept = sorted(n for _, n, sha in files if landed.get(n) == sha)
    drop = sorted({n for _, n, _ in todo if n in landed} | (set(landed) - names))
    # Streamed formats count repeated keys across the files of a source (parsed ones
    # within each file, see quality.gx_suite).
    if get_format(source.parser).scan is not None and _later_copies_kept(con, source, kept):
        return FilePlan(files)
    return FilePlan(todo, drop, kept, by_file=True, order=[n for _, n, _ in files])


def parse_source(
    source: Source,
    raw_dir: Path,
    load_id: str,
    progress: Progress | None = None,
    gates: Gates | None = None,
    *,
    files: list[tuple[Path, str, str]] | None = None,
    seeds_dir: Path | None = None,
) -> tuple[pl.DataFrame, list[tuple[str, str]]]:
    """Files of one source as one frame with lineage (all of them unless `files` gives
    (path, name, sha256) triples); also (file, sha256) pairs.

    With `gates`, the files' country names are checked (all at once). Parsers read the
    seeds in `seeds_dir` (default: the gates'), the project being loaded's, not the
    default project's."""
    fmt = get_format(source.parser)
    frames, hashes = [], []
    if files is None:
        files = [
            (path, relative_name(path, raw_dir), file_sha256(path))
            for path in resolve_files(source, raw_dir)
        ]
    seeds = seeds_dir or (gates.seeds_dir if gates else None)
    parsed: list[tuple[pl.DataFrame, str]] = []
    try:
        for i, (path, name, sha) in enumerate(files, start=1):
            with countries.reading_seeds(seeds):
                frame = check_schema(fmt, fmt.parse(path), path)
            parsed.append((frame, name))
            frames.append(with_lineage(frame, fmt, source.id, name, sha, load_id))
            hashes.append((name, sha))
            if progress and (i % 25 == 0 or i == len(files)):
                progress(f"{source.id}: parsed {i}/{len(files)} files")
    finally:
        # Country names are checked once for all files (their distinct names), also
        # before a later file's parse error, so an earlier file's unknown name comes first.
        if gates:
            gates.check_countries_of(source, fmt, parsed)
    if not frames:
        empty = pl.DataFrame(schema=fmt.schema)
        return with_lineage(empty, fmt, source.id, "", "", load_id).clear(), hashes
    return pl.concat(frames, how="vertical"), hashes


def write_source(
    con: duckdb.DuckDBPyConnection,
    source_id: str,
    frame: pl.DataFrame,
    hashes: list[tuple[str, str]],
    load_id: str,
    *,
    drop: list[str] | None = None,
    order: list[str] | None = None,
) -> None:
    """Replace raw.<source_id> and its file hashes in one transaction; with `drop`, only
    the rows and hashes of those files are replaced by the frame's (`order`: every file
    of the source, in the order a full load lands them)."""
    if drop is not None:
        frame = frame.with_row_index("_row_position")
    arrow = frame.to_arrow(compat_level=pl.CompatLevel.newest())  # zero-copy strings
    con.register("incoming_source", arrow)
    try:
        con.execute("begin transaction")
        if drop is None:
            con.execute(f'create or replace table raw."{source_id}" as from incoming_source')  # noqa: S608
            con.execute("delete from meta.file_hashes where source_id = ?", [source_id])
        else:
            _replace_files(con, source_id, drop, order or [])
        if hashes:  # none when files were only removed
            con.executemany(
                "insert into meta.file_hashes values (?, ?, ?, ?)",
                [(source_id, name, sha, load_id) for name, sha in hashes],
            )
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    finally:
        con.unregister("incoming_source")


def _drop_hashes(con: duckdb.DuckDBPyConnection, source_id: str, names: list[str]) -> None:
    con.execute(
        "delete from meta.file_hashes where source_id = ? and list_contains(?, source_file)",
        [source_id, names],
    )


def _drop_files(con: duckdb.DuckDBPyConnection, source_id: str, names: list[str]) -> None:
    """Delete the rows and hashes of these files of a source (inside the caller's
    transaction)."""
    con.execute(
        f'delete from raw."{source_id}" where list_contains(?, _source_file)',  # noqa: S608
        [names],
    )
    _drop_hashes(con, source_id, names)


def _replace_files(
    con: duckdb.DuckDBPyConnection, source_id: str, drop: list[str], order: list[str]
) -> None:
    """The kept files' rows and the incoming frame's, rewritten in a full load's order
    (files in manifest order, rows as parsed): sums over the table then add up in the
    same order as after a full load, to the last bit. Inside the caller's transaction."""
    table, staged = f'raw."{source_id}"', f'raw."{source_id}__by_file"'
    con.execute(
        f"create or replace table {staged} as "  # noqa: S608
        "select * exclude (_file_position, _row_position) from ("
        f"select *, list_position($order, _source_file) as _file_position, "
        f"rowid as _row_position from {table} where not list_contains($drop, _source_file) "
        "union all by name "
        "select *, list_position($order, _source_file) as _file_position "
        "from incoming_source) order by _file_position, _row_position",
        {"order": order, "drop": drop},
    )
    con.execute(f"drop table {table}")
    con.execute(f'alter table {staged} rename to "{source_id}"')
    _drop_hashes(con, source_id, drop)


def keep_stats(con: duckdb.DuckDBPyConnection, source_id: str, load_id: str, kept: list[str]):
    """Carry the stats of unchanged files into this load, so meta.source_stats of the load
    covers every file of the source, as a full reload's would."""
    con.execute(
        "insert into meta.source_stats select ?, source_id, source_file, rows, measure, total "
        "from meta.source_stats where source_id = ? and list_contains(?, source_file) "
        "qualify load_id = max(load_id) over (partition by source_file)",
        [load_id, source_id, kept],
    )


def write_rejects(
    con: duckdb.DuckDBPyConnection, source_id: str, load_id: str, rejects: pl.DataFrame | None
) -> None:
    """Rejected rows (file, row, field, value, reason) of one source into meta.rejects."""
    if rejects is not None and rejects.height:
        con.register("incoming_rejects", rejects.to_arrow())
        con.execute(
            "insert into meta.rejects select ?, ?, source_file, row_number, field, value, "
            "reason, now() from incoming_rejects",
            [load_id, source_id],
        )
        con.unregister("incoming_rejects")


def write_gate_results(
    con: duckdb.DuckDBPyConnection,
    source_id: str,
    load_id: str,
    rejects: pl.DataFrame | None,
    stats: pl.DataFrame,
) -> None:
    """Rejected rows (file, row, field, value, reason) and per-file stats of one source."""
    write_rejects(con, source_id, load_id, rejects)
    con.register("incoming_stats", stats.to_arrow())
    con.execute(
        "insert into meta.source_stats select ?, source_id, source_file, rows, measure, total "
        "from incoming_stats",
        [load_id],
    )
    con.unregister("incoming_stats")


def record_load(
    con: duckdb.DuckDBPyConnection,
    load_id: str,
    source_id: str,
    status: str,
    started: datetime,
    *,
    files: int = 0,
    rows: int = 0,
    rejected: int = 0,
    parse_seconds: float = 0.0,
    write_seconds: float = 0.0,
    error: str | None = None,
) -> None:
    con.execute(
        "insert into meta.loads values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            load_id,
            source_id,
            status,
            files,
            rows,
            rejected,
            parse_seconds,
            write_seconds,
            started,
            datetime.now(UTC),
            error,
        ],
    )


def write_manifest_table(con: duckdb.DuckDBPyConnection, sources: list[Source]) -> None:
    """raw.manifest_sources: the manifest as a table, the root of marts.dim_sources."""
    rows = [
        {
            "source_id": s.id,
            "parser": s.parser,
            "publisher": s.publisher,
            "title": s.title,
            "url": s.url,
            "repository_path": str(s.extra.get("repository_path", "")),
            "licence": s.licence,
            "retrieved": s.retrieved,
            "vintage": s.vintage,
            "cadence_days": s.cadence_days,
            "currency": str(s.extra.get("currency", "")),
            "note": s.note,
            "files": "; ".join(s.files),
        }
        for s in sources
    ]
    frame = pl.DataFrame(rows, schema_overrides={"cadence_days": pl.Int32})
    con.register("incoming_manifest", frame.to_arrow())
    con.execute("create or replace table raw.manifest_sources as select * from incoming_manifest")
    con.unregister("incoming_manifest")


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _reject_failing_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    fmt: SourceFormat,
    load_id: str,
    source_id: str,
    new_files: list[str] | None = None,
) -> int:
    """Move rows failing the format's SQL gates (and repeated keys) to meta.rejects.

    With `new_files`, the row gates look only at those files' rows (the others passed
    them when landed); repeated keys are always counted across the whole table."""
    rejected = 0
    reject = (
        "insert into meta.rejects select _load_id, _source_id, _source_file, _row_number, "
        "?, null, ?, now() from {table} where {where}"
    )
    only_new = ""
    if new_files is not None:
        only_new = " and _source_file in (" + ", ".join(map(_sql_text, new_files or [""])) + ")"
    checks = [(None, predicate, name) for name, predicate in fmt.row_checks.items()]
    for field_name, predicate, name in checks + numeric_row_checks(fmt):
        where = f"({predicate}){only_new}"
        n = con.execute(f"select count(*) from {table} where {where}").fetchone()[0]  # noqa: S608
        if n:
            con.execute(reject.format(table=table, where=where), [field_name, name])
            con.execute(f"delete from {table} where {where}")  # noqa: S608
            rejected += n
    if fmt.key:
        keys = ", ".join(fmt.key)
        # One 64-bit hash per row is cheaper to count than the key's columns; a collision
        # only sends us to the exact count, which decides.
        maybe = con.execute(
            f"select count(*) - count(distinct hash({keys})) from {table}"  # noqa: S608
        ).fetchone()[0]
        dupes = (
            maybe
            and con.execute(
                f"select coalesce(sum(n - 1), 0) from (select count(*) as n from {table} "  # noqa: S608
                f"group by {keys} having count(*) > 1)"
            ).fetchone()[0]
        )
        if dupes:  # the expensive window runs only when a key repeats
            later = (
                f"(_source_file, _row_number) in (select _source_file, _row_number from "  # noqa: S608
                f"(select _source_file, _row_number, row_number() over (partition by {keys} "
                f"order by _source_file, _row_number) as copy from {table}) where copy > 1)"
            )
            con.execute(reject.format(table=table, where=later), [None, f"repeated key ({keys})"])
            con.execute(f"delete from {table} where {later}")  # noqa: S608
            rejected += dupes
    return rejected


def _kept_rows(con: duckdb.DuckDBPyConnection, source_id: str, plan: FilePlan) -> int:
    if not plan.by_file or not plan.kept:
        return 0
    return con.execute(
        f'select count(*) from raw."{source_id}" where list_contains(?, _source_file)',  # noqa: S608
        [plan.kept],
    ).fetchall()[0][0]


def stream_source(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    fmt: SourceFormat,
    raw_dir: Path,
    load_id: str,
    progress: Progress | None = None,
    plan: FilePlan | None = None,
) -> tuple[int, int, list[tuple[str, str]]]:
    """Land a source through its format's DuckDB `scan`, file by file, in one transaction.

    No polars frame is built: DuckDB reads each file straight into raw.<id>, so memory
    stays bounded however many and however large the files. Returns (rows, rejected,
    hashes).
    """
    assert fmt.scan is not None
    table = f'raw."{source.id}"'
    plan = plan or plan_files(con, source, raw_dir, by_file=False)
    hashes: list[tuple[str, str]] = []
    con.execute("begin transaction")
    try:
        if plan.by_file:
            _drop_files(con, source.id, plan.drop)
        for i, (path, name, sha) in enumerate(plan.files, start=1):
            lineage = (
                f"{_sql_text(load_id)} as _load_id, {_sql_text(source.id)} as _source_id, "
                f"{_sql_text(name)} as _source_file, {_sql_text(sha)} as _file_sha256, "
                f"scanned.{fmt.source_row_column} as _row_number, now() as _loaded_at"
            )
            select = f"select scanned.*, {lineage} from ({fmt.scan(path)}) as scanned"  # noqa: S608
            if i == 1 and not plan.by_file:
                con.execute(f"create or replace table {table} as {select}")
            else:
                con.execute(f"insert into {table} by name {select}")
            hashes.append((name, sha))
            if progress and (i % 25 == 0 or i == len(plan.files)):
                progress(f"{source.id}: streamed {i}/{len(plan.files)} files")
        new = [name for name, _ in hashes] if plan.by_file else None
        rejected = _reject_failing_rows(con, table, fmt, load_id, source.id, new)
        rows = con.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: S608
        if not plan.by_file:
            con.execute("delete from meta.file_hashes where source_id = ?", [source.id])
        if hashes:  # none when files were only removed
            con.executemany(
                "insert into meta.file_hashes values (?, ?, ?, ?)",
                [(source.id, name, sha, load_id) for name, sha in hashes],
            )
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return rows, rejected, hashes


def _import_gx() -> None:
    import great_expectations.expectations  # noqa: F401


def _import_gx_meanwhile(sources: list[Source]) -> None:
    """Great Expectations takes seconds to import: begun now, beside the parsing of the
    first files (mostly native code in fastexcel and polars), it is ready when needed."""
    if any(get_format(s.parser).scan is None for s in sources):
        threading.Thread(target=_import_gx, name="import-gx", daemon=True).start()


def load_sources(
    con: duckdb.DuckDBPyConnection,
    sources: list[Source],
    raw_dir: Path,
    load_id: str,
    progress: Progress | None = None,
    gates: Gates | None = None,
    *,
    manifest: list[Source] | None = None,
    by_file: bool = False,
    known_hashes: dict[str, str] | None = None,
    seeds_dir: Path | None = None,
) -> LoadResult:
    """Parse and land the given sources; the first failing source raises after logging.

    With `gates` (caetl.quality), rows failing a row-level gate go to meta.rejects and a
    file failing a file-level gate raises SourceError. raw.manifest_sources is written
    from `manifest` (default: `sources`), so a partial reload keeps every entry.
    With `by_file`, a source already landed is reloaded file by file (see the module's
    note). `known_hashes`: sha256 by file name (relative to raw/) computed already.
    `seeds_dir`: the dbt seeds of the project being loaded (default: the gates').
    """
    if gates:
        _import_gx_meanwhile(sources)
    con.execute("create schema if not exists raw")
    meta.ensure(con, "loads", "rejects", "file_hashes", "source_stats")
    plans = {s.id: plan_files(con, s, raw_dir, by_file, known_hashes) for s in sources}
    write_manifest_table(con, manifest if manifest is not None else sources)
    result = LoadResult(load_id)
    for source in sources:
        started = datetime.now(UTC)
        t0 = time.perf_counter()
        fmt = get_format(source.parser)
        plan = plans[source.id]
        try:
            if fmt.scan is not None:  # DuckDB reads and writes in one pass
                rows, rejected, hashes = stream_source(
                    con, source, fmt, raw_dir, load_id, progress, plan
                )
                if gates:
                    write_gate_results(
                        con, source.id, load_id, None, gates.check_landed(con, source, fmt)
                    )
                t1 = time.perf_counter()
            else:
                frame, hashes = parse_source(
                    source, raw_dir, load_id, progress, gates, files=plan.files, seeds_dir=seeds_dir
                )
                kept_rows = _kept_rows(con, source.id, plan)
                frame, rejects = numeric_gate(fmt, frame)
                if gates and (frame.height or not plan.by_file):
                    frame, gated = gates.check_source(source, fmt, frame, kept_rows=kept_rows)
                    rejects = pl.concat([rejects, gated])
                elif gates:  # files removed, none added or changed: only the shrink gate
                    gates.check_rows(source, kept_rows)
                # a row failing two rules is one rejected row
                rejected = rejects.select("source_file", "row_number").n_unique()
                rows = frame.height + kept_rows
                t1 = time.perf_counter()
                drop = plan.drop if plan.by_file else None
                write_source(con, source.id, frame, hashes, load_id, drop=drop, order=plan.order)
                if gates:
                    if plan.by_file:
                        keep_stats(con, source.id, load_id, plan.kept)
                    stats = gates.stats(source, gates.measure(source), frame)
                    write_gate_results(con, source.id, load_id, rejects, stats)
                else:
                    write_rejects(con, source.id, load_id, rejects)
        except Exception as exc:
            record_load(con, load_id, source.id, "failed", started, error=str(exc))
            raise
        t2 = time.perf_counter()
        done = SourceLoad(source.id, len(hashes), rows, t1 - t0, t2 - t1, rejected, len(plan.kept))
        record_load(
            con,
            load_id,
            source.id,
            "loaded",
            started,
            files=done.files,
            rows=done.rows,
            rejected=done.rejected,
            parse_seconds=done.parse_seconds,
            write_seconds=done.write_seconds,
        )
        result.sources.append(done)
        if progress:
            kept = f", {done.kept_files} unchanged file(s) kept" if plan.by_file else ""
            progress(f"{source.id}: {done.rows:,} rows from {done.files} file(s){kept}")
    return result
