"""What a load records beside the rows it lands, in-process (load.load_sources): the
manifest as a table for dbt (`raw.manifest_sources`), one `meta.loads` row per source with
its counts and times, and the progress lines a long refresh prints."""

from __future__ import annotations

import hashlib
import shutil
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from caetl.errors import CaetlError
from caetl.load import load_sources, parse_source
from caetl.manifest import load_manifest
from caetl.quality.gates import Gates, Previous
from support import REPO

MANIFEST = load_manifest(REPO / "raw" / "manifest.toml")
MEMBERSHIPS = next(s for s in MANIFEST if s.id == "memberships")


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw" / "reference"
    folder.mkdir(parents=True)
    shutil.copyfile(REPO / "raw" / "reference" / "memberships.csv", folder / "memberships.csv")
    return tmp_path / "raw"


def land(db: Path, raw: Path, load_id: str, **options):
    gates = Gates(REPO / "dbt_project" / "seeds", Previous.read(db))
    with duckdb.connect(str(db)) as con:
        return load_sources(con, [MEMBERSHIPS], raw, load_id, gates=gates, **options)


def test_the_manifest_table_holds_every_entry_of_the_manifest(tmp_path: Path, raw: Path) -> None:
    """dbt's dim_sources is built from it: each field as the manifest gives it, the whole
    manifest even when one source is loaded."""
    db = tmp_path / "w.duckdb"
    land(db, raw, "L1", manifest=MANIFEST)
    with duckdb.connect(str(db), read_only=True) as con:
        got = con.execute("select * from raw.manifest_sources").fetchall()
        types = dict(
            con.execute(
                "select column_name, data_type from duckdb_columns() "
                "where table_name = 'manifest_sources' order by column_index"
            ).fetchall()
        )
    want = [
        (
            s.id,
            s.parser,
            s.publisher,
            s.title,
            s.url,
            s.extra.get("repository_path", ""),
            s.licence,
            s.retrieved,
            s.vintage,
            s.cadence_days,
            s.extra.get("currency", ""),
            s.note,
            "; ".join(s.files),
        )
        for s in MANIFEST
    ]
    assert got == want
    assert list(types) == [
        "source_id", "parser", "publisher", "title", "url", "repository_path", "licence",
        "retrieved", "vintage", "cadence_days", "currency", "note", "files",
    ]  # fmt: skip
    assert types["cadence_days"] == "INTEGER"
    assert any(row[10] == "USD" for row in got) and any(";" in row[12] for row in got)


def test_each_load_records_its_source_counts_and_times(tmp_path: Path, raw: Path) -> None:
    db = tmp_path / "w.duckdb"
    started = time.perf_counter()
    result = land(db, raw, "L1")
    took = time.perf_counter() - started
    with duckdb.connect(str(db), read_only=True) as con:
        (record,) = con.execute(
            "select load_id, source_id, status, files, rows_loaded, rows_rejected, "
            "parse_seconds, write_seconds, started_at <= finished_at, error from meta.loads"
        ).fetchall()
        landed = con.execute("select count(*) from raw.memberships").fetchone()[0]
        rejected = con.execute(
            "select count(distinct (source_file, row_number)) from meta.rejects"
        ).fetchone()[0]
    load_id, source_id, status, files, rows, rejects, parse, write, ordered, error = record
    assert (load_id, source_id, status, files, error) == ("L1", "memberships", "loaded", 1, None)
    assert rows == landed == result.rows > 0
    assert rejects == rejected == result.sources[0].rejected
    assert parse > 0 and write > 0 and parse + write <= took and ordered


def test_a_source_that_fails_is_recorded_failed_with_its_error(tmp_path: Path, raw: Path) -> None:
    (raw / "reference" / "memberships.csv").write_text("not,the,header\n1,2,3\n")
    db = tmp_path / "w.duckdb"
    with pytest.raises(CaetlError) as refused:
        land(db, raw, "L1")
    with duckdb.connect(str(db), read_only=True) as con:
        (record,) = con.execute(
            "select source_id, status, files, rows_loaded, error from meta.loads"
        ).fetchall()
    assert record[:4] == ("memberships", "failed", 0, 0)
    assert record[4] == str(refused.value) and "memberships.csv" in record[4]


def test_progress_names_each_source_its_rows_and_its_kept_files(tmp_path: Path, raw: Path) -> None:
    db = tmp_path / "w.duckdb"
    said: list[str] = []
    rows = land(db, raw, "L1", progress=said.append, by_file=True).rows
    assert said[-1] == f"memberships: {rows:,} rows from 1 file(s)"  # nothing landed to keep
    said.clear()
    land(db, raw, "L2", progress=said.append, by_file=True)
    assert said[-1] == f"memberships: {rows:,} rows from 0 file(s), 1 unchanged file(s) kept"
    said.clear()
    (raw / "reference" / "memberships.csv").touch()  # same bytes: still kept
    land(db, raw, "L3", progress=said.append, by_file=True)
    assert said[-1] == f"memberships: {rows:,} rows from 0 file(s), 1 unchanged file(s) kept"


def test_every_landed_row_carries_its_lineage(tmp_path: Path, raw: Path) -> None:
    db = tmp_path / "w.duckdb"
    before = datetime.now(UTC)
    land(db, raw, "L1")
    sha = hashlib.sha256((raw / "reference" / "memberships.csv").read_bytes()).hexdigest()
    with duckdb.connect(str(db), read_only=True) as con:
        lineage = con.execute(
            "select distinct _load_id, _source_id, _source_file, _file_sha256 from raw.memberships"
        ).fetchall()
        rows, first, last, loaded = con.execute(
            "select count(*), min(_row_number), max(_row_number), min(_loaded_at) "
            "from raw.memberships"
        ).fetchone()
    assert lineage == [("L1", "memberships", "reference/memberships.csv", sha)]
    assert (first, last) == (2, rows + 1)  # file lines: the header is line 1
    assert before <= loaded <= datetime.now(UTC)


def test_a_parsed_source_of_many_files_reports_progress_every_25_files(tmp_path: Path) -> None:
    folder = tmp_path / "raw" / "reference"
    folder.mkdir(parents=True)
    for number in range(26):
        shutil.copyfile(
            REPO / "raw" / "reference" / "memberships.csv", folder / f"m{number:02}.csv"
        )
    source = replace(MEMBERSHIPS, files=("reference/m*.csv",))
    said: list[str] = []
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        load_sources(con, [source], tmp_path / "raw", "L1", progress=said.append)
    assert [line for line in said if "parsed" in line] == [
        "memberships: parsed 25/26 files",
        "memberships: parsed 26/26 files",
    ]


def test_parse_source_alone_reads_every_file_with_its_hash(raw: Path) -> None:
    frame, hashes = parse_source(MEMBERSHIPS, raw, "L1")
    sha = hashlib.sha256((raw / "reference" / "memberships.csv").read_bytes()).hexdigest()
    assert hashes == [("reference/memberships.csv", sha)]
    assert frame["_file_sha256"].unique().to_list() == [sha]
    assert frame["_source_id"].unique().to_list() == ["memberships"]


def test_a_first_load_of_an_empty_file_is_not_refused(tmp_path: Path, raw: Path) -> None:
    """With no previous load there is nothing to shrink from: a header-only file lands."""
    path = raw / "reference" / "memberships.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert land(tmp_path / "w.duckdb", raw, "L1").rows == 0
