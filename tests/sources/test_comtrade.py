"""The UN Comtrade reader on the real samples in raw/trade/comtrade and on broken copies."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import duckdb
import polars as pl
import pytest

from caetl.errors import SourceError
from caetl.sources import comtrade, get_format
from support import REPO

COMTRADE = REPO / "raw" / "trade" / "comtrade"
TOTALS = COMTRADE / "TradeData_CHN-DEU-USA_all-partners_TOTAL_2022.csv"
THA = COMTRADE / "TradeData_THA_imports_HS8542_2014-2024.csv"
SERVICES = COMTRADE / "TradeData_Services_CHN-DEU-USA_EB10_2022.csv"
API_JSON = COMTRADE / "comtradeapi_get_C_A_HS_CHN_ARG-DEU_TOTAL_2010.json"
LEGACY = COMTRADE / "legacy_chn_sitc4" / "comtrade_2.csv"


def _csv_records(path: Path, encoding: str) -> list[dict[str, str]]:
    """The file read independently by Python's csv module (the trailing comma ignored)."""
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle))


def _failed_checks(frame: pl.DataFrame) -> dict[str, int]:
    con = duckdb.connect()
    con.register("incoming", frame.to_arrow())
    rows = con.sql(comtrade.failed_rows_sql("incoming")).fetchall()
    return {name: n for name, n, _ in rows if n}


@pytest.mark.parametrize("path", [TOTALS, THA])
def test_bulk_csv_matches_an_independent_read(path: Path) -> None:
    frame = comtrade.parse(path)
    records = _csv_records(path, "latin-1")
    assert frame.height == len(records)
    assert frame.schema == comtrade.SCHEMA
    for row, record in zip(frame.iter_rows(named=True), records, strict=True):
        assert row["partner_desc"] == record["partnerDesc"]
        assert row["cmd_code"] == record["cmdCode"]
        assert row["primary_value"] == float(record["primaryValue"])
        assert row["cif_value"] == (float(record["cifvalue"]) if record["cifvalue"] else None)
        assert row["is_reported"] == (record["isReported"] == "true")
    # source_row is the file's line: the header is line 1
    assert frame["source_row"].to_list() == list(range(2, len(records) + 2))
    assert _failed_checks(frame) == {}


def test_latin1_names_and_classification_change_by_year() -> None:
    frame = comtrade.parse(THA)
    assert "Côte d'Ivoire" in frame["partner_desc"].to_list()
    by_year = dict(
        frame.group_by("ref_year").agg(pl.col("classification_code").first()).iter_rows()
    )
    assert {by_year[2014], by_year[2018], by_year[2023]} == {"H4", "H5", "H6"}
    assert frame["qty"].null_count() > 0  # empty cells stay missing, not zero


def test_api_json_matches_the_response() -> None:
    frame = comtrade.parse(API_JSON)
    data = json.loads(API_JSON.read_text(encoding="utf-8"))["data"]
    assert frame.height == len(data)
    assert frame["primary_value"].to_list() == [r["primaryValue"] for r in data]
    assert frame["fob_value"].to_list() == [r["fobvalue"] for r in data]
    assert frame["source_row"].to_list() == list(range(1, len(data) + 1))


def test_legacy_csv_keeps_leading_zeros_and_maps_flows() -> None:
    frame = comtrade.parse(LEGACY)
    records = _csv_records(LEGACY, "utf-8")
    assert frame["cmd_code"].to_list() == [r["Commodity Code"] for r in records]
    flows = {"1": "M", "2": "X"}
    assert frame["flow_code"].to_list() == [flows[r["Trade Flow Code"]] for r in records]
    assert frame["primary_value"].sum() == pytest.approx(
        sum(float(r["Trade Value (US$)"]) for r in records)
    )
    assert set(frame["freq_code"]) == {"A"}
    assert _failed_checks(frame) == {}


def test_resaved_copy_reads_the_same(tmp_path: Path) -> None:
    """A Comtrade+ file re-saved as UTF-8, LF, without the trailing comma, is the same data."""
    lines = TOTALS.read_bytes().decode("latin-1").split("\r\n")
    resaved = tmp_path / "TradeData_resaved.csv"
    resaved.write_text("\n".join(line.removesuffix(",") for line in lines), encoding="utf-8")
    assert comtrade.parse(resaved).equals(comtrade.parse(TOTALS))


def test_scan_streams_the_same_rows_as_parse() -> None:
    con = duckdb.connect()
    streamed = con.sql(comtrade.scan(THA)).pl()
    assert streamed.cast(comtrade.SCHEMA).equals(comtrade.parse(THA))
    assert get_format("comtrade") is comtrade.FORMAT


def _broken_copy(tmp_path: Path, line_no: int, old: bytes, new: bytes) -> Path:
    lines = TOTALS.read_bytes().split(b"\r\n")
    assert old in lines[line_no - 1]
    lines[line_no - 1] = lines[line_no - 1].replace(old, new, 1)
    path = tmp_path / "TradeData_broken.csv"
    path.write_bytes(b"\r\n".join(lines))
    return path


def test_bad_number_names_line_and_field(tmp_path: Path) -> None:
    path = _broken_copy(tmp_path, 11, b'"4","false","true",', b'"4x","false","true",')
    with pytest.raises(SourceError) as err:
        comtrade.parse(path)
    assert (err.value.row, err.value.field) == (11, "legacyEstimationFlag")


def test_cut_row_names_its_line(tmp_path: Path) -> None:
    lines = TOTALS.read_bytes().split(b"\r\n")
    lines[20] = lines[20][:200]
    path = tmp_path / "TradeData_cut.csv"
    path.write_bytes(b"\r\n".join(lines))
    with pytest.raises(SourceError) as err:
        comtrade.parse(path)
    assert err.value.row == 21


def test_missing_header_column_is_named(tmp_path: Path) -> None:
    path = _broken_copy(tmp_path, 1, b"cifvalue,", b"")
    with pytest.raises(SourceError, match="missing.*cifvalue") as err:
        comtrade.parse(path)
    assert err.value.row == 1


def test_not_a_comtrade_file(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(SourceError, match="not a Comtrade file"):
        comtrade.parse(path)


def test_header_only_file(tmp_path: Path) -> None:
    path = tmp_path / "TradeData_empty.csv"
    path.write_bytes(TOTALS.read_bytes().split(b"\r\n")[0] + b"\r\n")
    with pytest.raises(SourceError, match="no data rows"):
        comtrade.parse(path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda body: body.update(error="rate limit exceeded"), "returned an error"),
        (lambda body: body["data"].pop(), "count"),
        (lambda body: body["data"][2].pop("cmdCode"), "lacks cmdCode"),
    ],
)
def test_broken_api_responses(tmp_path: Path, change, message: str) -> None:
    body = json.loads(API_JSON.read_text(encoding="utf-8"))
    change(body)
    path = tmp_path / "comtradeapi_broken.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        comtrade.parse(path)


def test_empty_api_response_is_no_rows(tmp_path: Path) -> None:
    body = json.loads(API_JSON.read_text(encoding="utf-8"))
    body.update(count=0, data=[])
    path = tmp_path / "comtradeapi_empty.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    assert comtrade.parse(path).height == 0


def test_gates_reject_services_duplicates_and_negative_values() -> None:
    assert set(_failed_checks(comtrade.parse(SERVICES))) == {"goods rows only (typeCode C)"}
    frame = comtrade.parse(TOTALS)
    broken = pl.concat([frame, frame.head(3)]).with_columns(
        pl.when(pl.col("source_row") == 5)
        .then(-1.0)
        .otherwise(pl.col("primary_value"))
        .alias("primary_value")
    )
    failed = _failed_checks(broken)
    assert failed["primary value present and not negative"] == 1
    assert [n for name, n in failed.items() if name.startswith("unique key")] == [6]


def _comtrade_source():
    """A manifest entry for the Comtrade CSV files of a test's own raw/ folder."""
    from caetl.manifest import Source

    return Source("comtrade", "comtrade", "UN", "t", "u", "l", "2026-11-01", ("*.csv",))


def test_streamed_load_lands_lineage_and_rejects_bad_rows(tmp_path: Path) -> None:
    """The loader's scan path: many files in one transaction, gates in SQL, rejects kept."""
    from caetl.load import load_sources

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.csv").write_bytes(TOTALS.read_bytes())
    (raw / "b.csv").write_bytes(SERVICES.read_bytes())  # services: every row rejected
    (raw / "c.csv").write_bytes(TOTALS.read_bytes())  # the same records again: repeated keys
    con = duckdb.connect()
    result = load_sources(con, [_comtrade_source()], raw, "L1")
    totals = len(_csv_records(TOTALS, "latin-1"))
    services = len(_csv_records(SERVICES, "latin-1"))
    assert result.sources[0].rows == totals
    assert result.sources[0].rejected == totals + services
    kept = con.sql("select distinct _source_file, _load_id from raw.comtrade").fetchall()
    assert kept == [("a.csv", "L1")]
    reasons = dict(con.sql("select reason, count(*) from meta.rejects group by 1").fetchall())
    assert reasons["goods rows only (typeCode C)"] == services
    assert [n for r, n in reasons.items() if r.startswith("repeated key")] == [totals]
    lines = con.sql("select min(_row_number), max(_row_number) from raw.comtrade").fetchall()[0]
    assert lines == (2, totals + 1)


def _streamed(tmp_path: Path, data: bytes, previous_rows: int = 0):
    """One Comtrade file through the loader's scan path, with the gates' memory of the
    previous load holding `previous_rows` rows."""
    from caetl.load import load_sources
    from caetl.quality.gates import Gates, Previous

    raw = tmp_path / "raw"
    raw.mkdir(parents=True)
    (raw / "a.csv").write_bytes(data)
    previous = Previous(rows={"comtrade": previous_rows} if previous_rows else {})
    gates = Gates(REPO / "dbt_project" / "seeds", previous)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        return load_sources(con, [_comtrade_source()], raw, "L1", gates=gates)


def test_streamed_load_refuses_a_source_that_shrank_by_half(tmp_path: Path) -> None:
    rows = len(_csv_records(TOTALS, "latin-1"))
    assert _streamed(tmp_path / "half", TOTALS.read_bytes(), 2 * rows).sources[0].rows == rows
    with pytest.raises(SourceError) as refused:
        _streamed(tmp_path / "less", TOTALS.read_bytes(), 2 * rows + 2)
    message = str(refused.value)
    assert "*.csv" in message
    assert message.endswith(
        f"{rows} rows passed the gates, fewer than half of the {2 * rows + 2} rows of the "
        "previous load"
    )


def test_streamed_load_names_file_row_and_field_of_an_unknown_country(tmp_path: Path) -> None:
    data = TOTALS.read_bytes().replace(b'"4","AFG","Afghanistan"', b'"4","ATL","Afghanistan"', 1)
    with pytest.raises(SourceError) as refused:
        _streamed(tmp_path, data)
    message = str(refused.value)
    assert "a.csv" in message and "row 3" in message and "partner_iso" in message
    assert "comtrade country name 'ATL' has no ISO3 alias (0 other unmapped name(s))" in message


def _landed(con) -> dict[str, list]:
    """What a streamed load leaves, without the columns that name the run."""
    columns = "* exclude (_load_id, _loaded_at)"
    return {
        "rows": con.sql(f"select {columns} from raw.comtrade order by all").fetchall(),  # noqa: S608
        "hashes": con.sql(
            "select source_file, file_sha256 from meta.file_hashes order by 1"
        ).fetchall(),
        "rejects": con.sql(
            "select r.source_file, r.row_number, r.field, r.reason from meta.rejects r "
            "join meta.file_hashes h using (source_id, source_file, load_id) order by all"
        ).fetchall(),
    }


def test_streamed_source_reloads_file_by_file_like_a_full_reload(tmp_path: Path) -> None:
    """Changed and removed files' rows go, new files' rows come, the rest stay; a kept
    file holding later copies of another file's keys makes the next load a full one."""
    from caetl.load import load_sources

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.csv").write_bytes(TOTALS.read_bytes())
    (raw / "b.csv").write_bytes(THA.read_bytes())
    by_file = duckdb.connect(str(tmp_path / "by_file.duckdb"))

    def reload(step: int) -> tuple[int, int]:
        done = load_sources(by_file, [_comtrade_source()], raw, f"L{step}", by_file=True)
        full = duckdb.connect()
        load_sources(full, [_comtrade_source()], raw, f"L{step}")
        assert _landed(by_file) == _landed(full)
        return done.sources[0].files, done.sources[0].kept_files

    assert reload(0) == (2, 0)
    (raw / "b.csv").write_bytes(THA.read_bytes().replace(b"Thailand", b"Thailande", 1))
    assert reload(1) == (1, 1)
    (raw / "c.csv").write_bytes(LEGACY.read_bytes())
    assert reload(2) == (1, 2)
    (raw / "a.csv").unlink()
    assert reload(3) == (0, 2)
    (raw / "d.csv").write_bytes(THA.read_bytes())  # b's keys again: d's rows are later copies
    assert reload(4) == (1, 2)
    (raw / "a.csv").write_bytes(TOTALS.read_bytes())
    assert reload(5) == (4, 0)  # d.csv, kept, holds rejected copies: only a full load decides


def test_streamed_load_reports_progress_every_25_files_and_at_the_last(tmp_path: Path) -> None:
    from caetl.load import load_sources

    raw = tmp_path / "raw"
    raw.mkdir()
    head = b"\r\n".join(TOTALS.read_bytes().split(b"\r\n")[:3]) + b"\r\n"
    for number in range(26):
        (raw / f"part{number:02}.csv").write_bytes(head)
    said: list[str] = []
    load_sources(duckdb.connect(), [_comtrade_source()], raw, "L1", progress=said.append)
    assert [line for line in said if "streamed" in line] == [
        "comtrade: streamed 25/26 files",
        "comtrade: streamed 26/26 files",
    ]


def test_stream_source_alone_plans_and_lands_every_file(tmp_path: Path) -> None:
    """Called without a plan, it lands every file of the source whole, with its hash."""
    from caetl import meta
    from caetl.load import stream_source

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.csv").write_bytes(TOTALS.read_bytes())
    con = duckdb.connect()
    con.execute("create schema raw")
    meta.ensure(con, "rejects", "file_hashes")
    rows, rejected, hashes = stream_source(
        con, _comtrade_source(), get_format("comtrade"), raw, "L1"
    )
    assert (rows, rejected) == (len(_csv_records(TOTALS, "latin-1")), 0)
    assert hashes == [("a.csv", hashlib.sha256(TOTALS.read_bytes()).hexdigest())]
    assert con.sql("select source_id, source_file, load_id from meta.file_hashes").fetchall() == [
        ("comtrade", "a.csv", "L1")
    ]


def test_streamed_load_with_gates_records_each_files_stats_under_its_load(tmp_path: Path) -> None:
    _streamed(tmp_path, TOTALS.read_bytes())
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        stats = con.execute("select load_id, source_id, source_file, rows from meta.source_stats")
        assert stats.fetchall() == [
            ("L1", "comtrade", "a.csv", len(_csv_records(TOTALS, "latin-1")))
        ]
