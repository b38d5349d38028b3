"""File-by-file reloads (load.load_sources with by_file): after one workbook is changed,
added or removed, the landed table, file hashes, stats and rejects equal a full reload's.

A handful of real DOTS workbooks keeps this quick; the end-to-end check over the whole
project (facts and report CSVs byte for byte) is in test_refresh_by_file.py.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from caetl.load import load_sources
from caetl.manifest import load_manifest
from caetl.quality.gates import Gates, Previous
from support import REPO
from support.refresh import DOTS, change_one_value

# DOTS_221 holds real negative values (IMF adjustments), so rejects are compared too.
WORKBOOKS = ["DOTS_1.xlsx", "DOTS_10.xlsx", "DOTS_221.xlsx", "DOTS_100.xlsx"]
EXTRA = "DOTS_101.xlsx"
LINEAGE_OF_THE_RUN = ("_load_id", "_loaded_at")


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw" / "trade" / "imf_dots_xlsx"
    folder.mkdir(parents=True)
    for name in WORKBOOKS:
        shutil.copyfile(DOTS / name, folder / name)
    return tmp_path / "raw"


def dots_source():
    source = next(s for s in load_manifest(REPO / "raw" / "manifest.toml") if s.id == "imf_dots")
    return replace(source, files=("trade/imf_dots_xlsx/DOTS_*.xlsx",))


def land(db: Path, raw: Path, load_id: str, *, by_file: bool):
    gates = Gates(REPO / "dbt_project" / "seeds", Previous.read(db))
    with duckdb.connect(str(db)) as con:
        return load_sources(con, [dots_source()], raw, load_id, gates=gates, by_file=by_file)


def landed(db: Path) -> dict[str, list]:
    """What a load leaves, without the columns that name the run."""
    with duckdb.connect(str(db), read_only=True) as con:
        columns = [
            c
            for (c,) in con.execute(
                "select column_name from duckdb_columns() where schema_name = 'raw' "
                "and table_name = 'imf_dots' order by column_index"
            ).fetchall()
            if c not in LINEAGE_OF_THE_RUN
        ]
        # In the table's own order: sums over it then add up exactly as after a full load.
        rows = con.execute(f"select {', '.join(columns)} from raw.imf_dots").fetchall()  # noqa: S608
        hashes = con.execute(
            "select source_file, file_sha256 from meta.file_hashes order by all"
        ).fetchall()
        stats = con.execute(
            "select source_file, rows, measure, total from meta.source_stats "
            "qualify load_id = max(load_id) over () order by all"
        ).fetchall()
        # Rejects in force: those of the load that landed each file now held.
        rejects = con.execute(
            "select r.source_file, r.row_number, r.field, r.value, r.reason from meta.rejects r "
            "join meta.file_hashes h using (source_id, source_file, load_id) order by all"
        ).fetchall()
    return {"columns": columns, "rows": rows, "hashes": hashes, "stats": stats, "rej": rejects}


def reload_and_compare(tmp_path: Path, raw: Path, step: int) -> dict:
    incremental = tmp_path / "by_file.duckdb"
    result = land(incremental, raw, f"L{step}", by_file=True)
    full = tmp_path / f"full_{step}.duckdb"
    land(full, raw, f"L{step}", by_file=False)
    got, want = landed(incremental), landed(full)
    for part in want:
        assert got[part] == want[part], part
    return {"files": result.sources[0].files, "kept": result.sources[0].kept_files}


@pytest.mark.slow
def test_change_add_remove_one_workbook_equals_a_full_reload(tmp_path: Path, raw: Path) -> None:
    db = tmp_path / "by_file.duckdb"
    first = land(db, raw, "L0", by_file=True).sources[0]
    assert (first.files, first.kept_files) == (len(WORKBOOKS), 0)
    assert landed(db)["rej"], "DOTS_221's negative values are rejected"
    folder = raw / "trade" / "imf_dots_xlsx"

    change_one_value(folder / "DOTS_10.xlsx")
    assert reload_and_compare(tmp_path, raw, 1) == {"files": 1, "kept": 3}

    shutil.copyfile(DOTS / EXTRA, folder / EXTRA)
    assert reload_and_compare(tmp_path, raw, 2) == {"files": 1, "kept": 4}

    (folder / "DOTS_221.xlsx").unlink()  # its rejects go with its rows
    assert reload_and_compare(tmp_path, raw, 3) == {"files": 0, "kept": 4}
    assert not landed(db)["rej"]


def test_a_changed_parser_reloads_the_whole_source(tmp_path: Path, raw: Path) -> None:
    db = tmp_path / "by_file.duckdb"
    land(db, raw, "L0", by_file=True)
    with duckdb.connect(str(db)) as con:
        con.execute("update raw.manifest_sources set parser = 'another'")
    again = land(db, raw, "L1", by_file=True).sources[0]
    assert (again.files, again.kept_files) == (len(WORKBOOKS), 0)


def test_the_next_loads_gates_compare_with_the_rows_and_totals_last_landed(tmp_path, raw):
    db = tmp_path / "by_file.duckdb"
    assert Previous.read(db) == Previous()  # no warehouse yet: nothing to compare with
    land(db, raw, "L0", by_file=True)
    change_one_value(raw / "trade" / "imf_dots_xlsx" / "DOTS_10.xlsx")
    land(db, raw, "L1", by_file=True)
    previous = Previous.read(db)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("select count(*) from raw.imf_dots").fetchone()[0]
        totals = con.execute(
            "select source_file, total from meta.source_stats where load_id = 'L1'"
        ).fetchall()
    assert previous.rows == {"imf_dots": rows}
    assert len(totals) == len(WORKBOOKS)
    assert previous.totals == {("imf_dots", f): t for f, t in totals if t is not None}
    assert previous.totals, "the DOTS suite measures a total per workbook"
