"""Non-finite and out-of-range numbers are refused row by row, for every numeric column of
every source: NaN and +-inf (any sum they enter becomes NaN) and values beyond the range a
format declares (SourceFormat.ranges) go to meta.rejects with file, row, field and reason,
on both loading paths (polars frames and DuckDB's streamed scan)."""

from __future__ import annotations

import csv
import math
import shutil
from dataclasses import replace
from pathlib import Path

import duckdb
import polars as pl
import pytest

from caetl.load import load_sources, with_lineage
from caetl.manifest import Source
from caetl.paths import Paths
from caetl.quality.gates import Gates, Previous, numeric_gate, numeric_row_checks
from caetl.sources import FORMATS, get_format

REPO = Paths.default()
BAD_VALUES = {2: "NaN", 3: "inf", 4: "-Infinity", 5: "2e13"}
"""data row (1-based, header is row 1) -> value typed into value_usd."""
REASONS = {
    2: "not a number (NaN)",
    3: "infinite",
    4: "infinite",
    5: "above 1e+13, the highest value declared for value_usd",
}


def _source(source_id: str, parser: str, files: tuple[str, ...]) -> Source:
    return Source(source_id, parser, "p", "t", "u", "l", "2026-01-01", files)


def _edited_csv(original: Path, target: Path, column: str, values: dict[int, str], **kw) -> Path:
    encoding = kw.get("encoding", "utf-8")
    with original.open(encoding=encoding, newline="") as handle:
        rows = list(csv.reader(handle))
    index = rows[0].index(column)
    for row, value in values.items():
        rows[row - 1][index] = value
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return target


@pytest.fixture
def deals_raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    _edited_csv(
        REPO.raw / "deals" / "deals_2025.csv", raw / "deals" / "deals_2025.csv", "value_usd",
        BAD_VALUES,
    )  # fmt: skip
    return raw


def test_every_float_column_is_checked_finite_by_default():
    for parser in FORMATS:
        fmt = get_format(parser)
        floats = [c for c, t in fmt.schema.items() if t.is_float()]
        checked = {field for field, _, reason in numeric_row_checks(fmt) if reason == "infinite"}
        assert checked == set(floats), parser


def test_nan_inf_and_beyond_range_are_rejected_with_file_row_field(deals_raw):
    fmt = get_format("deals")
    name = "deals/deals_2025.csv"
    frame = with_lineage(fmt.parse(deals_raw / name), fmt, "deals_2025", name, "sha", "L1")
    good, rejects = numeric_gate(fmt, frame)
    found = {(r["row_number"], r["field"], r["reason"]) for r in rejects.iter_rows(named=True)}
    assert found == {(row, "value_usd", REASONS[row]) for row in BAD_VALUES}
    assert set(rejects["source_file"]) == {name}
    assert good.height == frame.height - len(BAD_VALUES)
    assert good.filter(~pl.col("value_usd").is_finite()).height == 0
    assert not set(good["source_row"]) & set(BAD_VALUES)


def test_refused_rows_land_in_meta_rejects_not_in_raw(deals_raw):
    source = _source("deals_2025", "deals", ("deals/deals_2025.csv",))
    gates = Gates(REPO.dbt_project / "seeds", Previous())
    with duckdb.connect() as con:
        result = load_sources(con, [source], deals_raw, "L1", gates=gates)
        rejects = con.execute(
            "select source_file, row_number, field, value, reason from meta.rejects "
            "where field = 'value_usd' order by row_number"
        ).fetchall()
        landed = con.execute(
            "select count(*) filter (where not isfinite(value_usd)), "
            "count(*) filter (where _row_number in (2, 3, 4, 5)), max(value_usd) "
            "from raw.deals_2025"
        ).fetchone()
    assert [(r[1], r[4]) for r in rejects] == [(row, REASONS[row]) for row in BAD_VALUES]
    assert {r[0] for r in rejects} == {"deals/deals_2025.csv"}
    assert math.isnan(float(rejects[0][3])) and rejects[1][3] == "inf"
    assert landed[0] == 0 and landed[1] == 0 and landed[2] < 1e13
    assert result.sources[0].rejected >= len(BAD_VALUES)


def test_streamed_source_refuses_non_finite_values(tmp_path):
    """Comtrade is landed by DuckDB's own CSV reader (no polars frame): same checks in SQL."""
    name = "trade/comtrade/TradeData_THA_imports_HS8542_2014-2024.csv"
    raw = tmp_path / "raw"
    _edited_csv(
        REPO.raw / name, raw / name, "primaryValue", {2: "inf", 3: "nan"}, encoding="latin-1"
    )
    source = _source("comtrade", "comtrade", (name,))
    with duckdb.connect() as con:
        load_sources(con, [source], raw, "L1")
        rejects = con.execute(
            "select source_file, row_number, field, reason from meta.rejects "
            "where field = 'primary_value' order by row_number"
        ).fetchall()
        left = con.execute(
            "select count(*) from raw.comtrade where not isfinite(primary_value)"
        ).fetchone()[0]
    assert rejects == [
        (name, 2, "primary_value", "infinite"),
        (name, 3, "primary_value", "not a number (NaN)"),
    ]
    assert left == 0


def test_declared_lower_bound(tmp_path):
    raw = tmp_path / "raw"
    name = "deals/deals_2025.csv"
    _edited_csv(REPO.raw / name, raw / name, "quantity", {6: "-3"})
    fmt = get_format("deals")
    frame = with_lineage(fmt.parse(raw / name), fmt, "d", name, "sha", "L1")
    _, rejects = numeric_gate(fmt, frame)
    assert rejects.select("row_number", "field", "value", "reason").rows() == [
        (6, "quantity", "-3.0", "below 0, the lowest value declared for quantity")
    ]
    shutil.rmtree(raw)


def test_declared_bounds_are_inclusive_on_both_paths():
    """A value at a bound passes; one beyond it is refused with its reason, in polars and in
    the SQL of a streamed format."""
    fmt = replace(get_format("deals"), ranges={"quantity": (0, 10)})
    values = [-1.0, 0.0, 10.0, 11.0, None]
    frame = pl.DataFrame(
        {
            "quantity": values,
            "_source_file": ["f"] * len(values),
            "_row_number": list(range(2, 7)),
        }
    )
    frame = frame.with_columns(
        *(pl.lit(None, dtype).alias(c) for c, dtype in fmt.schema.items() if c not in frame)
    )
    _, rejects = numeric_gate(fmt, frame)
    below = "below 0, the lowest value declared for quantity"
    above = "above 10, the highest value declared for quantity"
    assert rejects.select("value", "reason").rows() == [("-1.0", below), ("11.0", above)]
    checks = {reason: sql for field, sql, reason in numeric_row_checks(fmt) if field == "quantity"}
    assert set(checks) == {"not a number (NaN)", "infinite", below, above}
    con = duckdb.connect()
    con.execute("create table t as select unnest(?::double[]) as quantity", [values])
    failing = {
        reason: sorted(v for (v,) in con.execute(f"select quantity from t where {sql}").fetchall())  # noqa: S608
        for reason, sql in checks.items()
    }
    assert failing == {"not a number (NaN)": [], "infinite": [], below: [-1.0], above: [11.0]}


def test_identifiers_are_quoted_with_their_quotes_doubled():
    from caetl.quality.gates import quote_identifier

    assert quote_identifier("raw", 'a"b') == '"raw"."a""b"'


def test_without_the_quality_gates_the_numeric_gate_still_keeps_its_rejects(deals_raw):
    """`caetl load`'s rows and rejects do not depend on the GX suite being run: a row
    refused by the numeric gate is in meta.rejects either way, counted once per file row."""
    source = _source("deals_2025", "deals", ("deals/deals_2025.csv", "deals/copy/*.csv"))
    copy = deals_raw / "deals" / "copy" / "deals_2025.csv"
    copy.parent.mkdir()
    shutil.copyfile(deals_raw / "deals" / "deals_2025.csv", copy)
    with duckdb.connect() as con:
        result = load_sources(con, [source], deals_raw, "L1")
        rejects = con.execute(
            "select source_file, row_number from meta.rejects where field = 'value_usd'"
        ).fetchall()
    assert sorted(rejects) == sorted(
        (name, row) for name in ("deals/deals_2025.csv", "deals/copy/deals_2025.csv")
        for row in BAD_VALUES
    )  # fmt: skip
    assert result.sources[0].rejected == 2 * len(BAD_VALUES)
