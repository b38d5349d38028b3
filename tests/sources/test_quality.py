"""The quality gates on real parsed frames, with the real Great Expectations suite.

Row-level failures become rejects naming file, row, field, value and reason and leave the
other rows; file-level failures (unknown country, shrink, units slip) raise SourceError
naming the file (and row and field where there is one).
"""

from __future__ import annotations

from dataclasses import replace

import duckdb
import polars as pl
import pytest

from caetl.errors import SourceError
from caetl.load import with_lineage
from caetl.manifest import Source
from caetl.paths import Paths
from caetl.quality.gates import Gates, Previous, without_rows
from caetl.sources import get_format

REPO = Paths.default()
SEEDS = REPO.dbt_project / "seeds"
KAZ = REPO.raw / "trade" / "kaz_bns_monthly"


def _source(source_id: str, parser: str, files: tuple[str, ...]) -> Source:
    return Source(source_id, parser, "p", "t", "u", "l", "2026-01-01", files)


MONTHLY = _source("kaz_bns_monthly", "kaz_monthly", ("trade/kaz_bns_monthly/*.csv",))


def _monthly(edit=None, name: str = "exports.csv") -> pl.DataFrame:
    fmt = get_format("kaz_monthly")
    frame = fmt.parse(KAZ / name)
    if edit is not None:
        frame = edit(frame)
    return with_lineage(frame, fmt, MONTHLY.id, f"trade/kaz_bns_monthly/{name}", "sha", "L1")


def _check(frame: pl.DataFrame, previous: Previous | None = None):
    gates = Gates(SEEDS, previous or Previous())
    return gates.check_source(MONTHLY, get_format("kaz_monthly"), frame)


def test_clean_source_passes_whole():
    frame = _monthly()
    good, rejects = _check(frame)
    assert good.height == frame.height and rejects.height == 0


def test_negative_value_is_a_row_level_reject_naming_file_row_field():
    frame = _monthly(lambda f: f.with_columns(
        pl.when(pl.col("source_row") == 7).then(-5.0).otherwise("value_kusd").alias("value_kusd")
    ))  # fmt: skip
    good, rejects = _check(frame)
    assert rejects.rows() == [
        ("trade/kaz_bns_monthly/exports.csv", 7, "value_kusd", "-5.0", rejects["reason"][0])
    ]
    assert "negative trade value" in rejects["reason"][0]
    assert good.height == frame.height - 1 and good["value_kusd"].min() >= 0


def test_repeated_key_rejects_the_later_copy_only():
    def repeat_row_5(f: pl.DataFrame) -> pl.DataFrame:
        return pl.concat([f, f.slice(3, 1).with_columns(source_row=pl.lit(999, pl.Int32))])

    frame = _monthly(repeat_row_5)
    good, rejects = _check(frame)
    assert rejects.select("row_number", "field").rows() == [(999, "flow, month_start")]
    assert "repeated key" in rejects["reason"][0]
    assert good.height == frame.height - 1


def test_same_key_in_two_files_is_not_a_repeat():
    one = _monthly()
    two = one.with_columns(_source_file=pl.lit("trade/kaz_bns_monthly/copy/exports.csv"))
    good, rejects = _check(pl.concat([one, two]))
    assert rejects.height == 0 and good.height == 2 * one.height


def test_value_outside_allowed_set_is_rejected():
    row_2 = pl.col("source_row") == 2
    frame = _monthly(
        lambda f: f.with_columns(flow=pl.when(row_2).then(pl.lit("re-exports")).otherwise("flow"))
    )
    _, rejects = _check(frame)
    assert rejects.select("row_number", "field", "value").rows() == [(2, "flow", "re-exports")]


def test_source_shrinking_by_more_than_half_is_refused():
    frame = _monthly()
    previous = Previous(rows={MONTHLY.id: 2 * frame.height + 2})
    with pytest.raises(SourceError, match="fewer than half"):
        _check(frame, previous)
    _check(frame, Previous(rows={MONTHLY.id: 2 * frame.height}))  # exactly half passes


def test_units_slip_of_100x_is_refused_naming_file_and_field():
    frame = _monthly()
    total = frame["value_kusd"].sum()
    file = "trade/kaz_bns_monthly/exports.csv"
    with pytest.raises(SourceError) as caught:
        _check(frame, Previous(totals={(MONTHLY.id, file): total / 1000}))
    assert caught.value.file == file and caught.value.field == "value_kusd"
    assert "units slip" in str(caught.value)
    with pytest.raises(SourceError):
        _check(frame, Previous(totals={(MONTHLY.id, file): total * 100}))
    _check(frame, Previous(totals={(MONTHLY.id, file): total / 50}))  # 50x is a real jump


def test_unknown_country_name_is_refused_with_file_row_field():
    fmt = get_format("kaz_panel")
    source = _source("kaz_trade_panel", "kaz_panel", ("trade/kaz_gravity_panel_extract.csv",))
    frame = fmt.parse(REPO.raw / "trade" / "kaz_gravity_panel_extract.csv")
    row_5 = pl.col("source_row") == 5
    frame = frame.with_columns(
        partner_iso3=pl.when(row_5).then(pl.lit("XXZ")).otherwise("partner_iso3")
    )
    with pytest.raises(SourceError) as caught:
        Gates(SEEDS, Previous()).check_countries(source, fmt, frame, "panel.csv")
    assert (caught.value.file, caught.value.row, caught.value.field) == (
        "panel.csv", 5, "partner_iso3",
    )  # fmt: skip


def test_code_lists_are_split_before_mapping():
    fmt = get_format("claims")
    source = _source("article_claims", "claims", ("claims/article_claims.csv",))
    frame = pl.DataFrame(
        {
            "subject_iso3": ["KAZ; UZB", "CHN+RUS"],
            "counterpart_iso3": [None, "USA"],
            "source_row": [2, 3],
        }
    )
    gates = Gates(SEEDS, Previous())
    gates.check_countries(source, fmt, frame, "claims.csv")  # every part maps
    # An unknown code inside a list is found only by mapping each part.
    for column, cells, bad in (
        ("subject_iso3", ["KAZ; UZB", "CHN+XXZ"], "XXZ"),
        ("counterpart_iso3", ["KAZ; QQQ", "USA"], "QQQ"),
    ):
        broken = frame.with_columns(pl.Series(column, cells))
        with pytest.raises(SourceError) as caught:
            gates.check_countries(source, fmt, broken, "claims.csv")
        row = 3 if column == "subject_iso3" else 2
        assert (caught.value.file, caught.value.row, caught.value.field) == (
            "claims.csv", row, column,
        )  # fmt: skip
        assert repr(bad) in str(caught.value)


def test_streamed_source_gets_country_and_units_gates_in_sql():
    fmt = get_format("comtrade")
    source = _source("comtrade", "comtrade", ("trade/comtrade/*.csv",))
    con = duckdb.connect()
    con.execute("create schema raw")
    con.execute(
        "create table raw.comtrade as select * from (values "
        "('CHN', 'KAZ', 10.0, 'a.csv', 2), ('CHN', 'Narnia', 5.0, 'a.csv', 3)) "
        "t(reporter_iso, partner_iso, primary_value, _source_file, _row_number)"
    )
    gates = Gates(SEEDS, Previous())
    with pytest.raises(SourceError) as caught:
        gates.check_landed(con, source, fmt)
    assert (caught.value.file, caught.value.row, caught.value.field) == ("a.csv", 3, "partner_iso")
    con.execute("update raw.comtrade set partner_iso = 'KAZ'")
    stats = gates.check_landed(con, source, fmt)
    assert stats.rows(named=True) == [
        {
            "source_id": "comtrade",
            "source_file": "a.csv",
            "rows": 2,
            "measure": "primary_value",
            "total": 15.0,
        }
    ]
    slipped = Gates(SEEDS, Previous(totals={("comtrade", "a.csv"): 0.01}))
    with pytest.raises(SourceError, match="units slip"):
        slipped.check_landed(con, source, fmt)


def test_units_slip_limit_is_inclusive_both_ways_and_its_message_gives_the_figures():
    frame = _monthly()
    file = "trade/kaz_bns_monthly/exports.csv"
    total = frame["value_kusd"].sum()

    def check(before: float) -> None:
        _check(frame, Previous(totals={(MONTHLY.id, file): before}))

    for before in (total / 100, total * 100):  # exactly the limit, either way
        with pytest.raises(SourceError):
            check(before)
    check(total / 99.9)
    check(total * 99.9)
    check(0.0)  # nothing to compare with: a zero or negative total is skipped
    check(-total)
    with pytest.raises(SourceError) as caught:
        check(total / 200)
    assert str(caught.value).endswith(
        f"total {total:,.6g} is 200x the previous load's {total / 200:,.6g}: "
        "a units slip? (limit 100x either way)"
    )


def test_shrink_messages_give_the_rows_before_and_after():
    frame = _monthly()
    before = 2 * frame.height + 2
    with pytest.raises(SourceError) as caught:
        _check(frame, Previous(rows={MONTHLY.id: before}))
    assert f"{frame.height} rows, fewer than half of the {before} rows of the previous load" in (
        str(caught.value)
    )
    gates = Gates(SEEDS, Previous(rows={MONTHLY.id: 10}))
    gates.check_rows(MONTHLY, 5)  # exactly half is kept
    with pytest.raises(SourceError) as caught:
        gates.check_rows(MONTHLY, 4)
    assert "4 rows left, fewer than half of the 10 rows of the previous load" in str(caught.value)
    assert caught.value.file == "trade/kaz_bns_monthly/*.csv"


def test_rows_that_fail_the_gates_do_not_count_towards_the_shrink_gate():
    """A file whose rows are mostly rejected is refused: what passes is fewer than half."""
    frame = _monthly(lambda f: f.with_columns(value_kusd=pl.lit(-1.0)))
    with pytest.raises(SourceError) as caught:
        _check(frame.head(40), Previous(rows={MONTHLY.id: 60}))
    assert "only 0 of 40 rows passed the gates" in str(caught.value)


def test_dropping_many_rows_by_filter_equals_dropping_a_few_by_slices():
    frame = pl.DataFrame({"x": list(range(50))})
    rows = [0, 3, 4, 17, 49]
    sliced, filtered = without_rows(frame, rows), without_rows(frame, rows, pieces=2)
    assert sliced.equals(filtered)
    assert sliced["x"].to_list() == [x for x in range(50) if x not in rows]


def test_a_column_the_format_declares_but_the_file_lacks_refuses_the_source_naming_it():
    """Great Expectations' expect_column_to_exist, over every column of the format's schema."""
    frame = _monthly().drop("month_start")
    with pytest.raises(SourceError) as caught:
        _check(frame)
    assert (caught.value.file, caught.value.field) == ("trade/kaz_bns_monthly/*.csv", "month_start")
    assert str(caught.value).endswith(
        "expect_column_to_exist failed: {'column': 'month_start'} (observed None)"
    )


def test_a_column_a_row_rule_names_but_the_frame_lacks_cannot_be_judged():
    from caetl.quality.gx_suite import validate
    from caetl.quality.suites import Suite

    frame = pl.DataFrame({"a": [1, 2]})
    outcome = validate("t", frame, Suite(ranges={"b": (0, None)}), ["a"], (), 0)
    assert outcome.rows == []
    assert outcome.file_failures == [("expect_column_to_exist", {"column": "b"}, None)]
    enough = validate("t", frame, Suite(), ["a"], (), 2)
    assert enough.file_failures == []
    few = validate("t", frame, Suite(), ["a"], (), 3)
    assert [(kind, observed) for kind, _, observed in few.file_failures] == [
        ("expect_column_sum_to_be_between", 2)
    ]


def test_a_streamed_format_without_a_measure_keeps_rows_but_no_total():
    fmt = get_format("comtrade")
    fmt = replace(fmt, suite=replace(fmt.suite, measure=None))
    con = duckdb.connect()
    con.execute("create schema raw")
    con.execute(
        "create table raw.comtrade as select * from (values ('CHN', 'KAZ', 10.0, 'a.csv', 2)) "
        "t(reporter_iso, partner_iso, primary_value, _source_file, _row_number)"
    )
    source = _source("comtrade", "comtrade", ("trade/comtrade/*.csv",))
    gates = Gates(SEEDS, Previous(totals={("comtrade", "a.csv"): 0.01}))  # no slip to judge
    stats = gates.check_landed(con, source, fmt)
    assert stats.select("rows", "measure", "total").rows() == [(1, None, None)]


def test_country_names_are_mapped_with_the_loaded_projects_own_aliases(tmp_path):
    """A project whose alias seed knows a name the shipped seed does not: the refusal names
    the name neither knows, not the one only the project knows."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    aliases = (SEEDS / "country_aliases.csv").read_text(encoding="utf-8")
    (seeds / "country_aliases.csv").write_text(aliases + "iso3,NRN,KAZ\n", encoding="utf-8")
    fmt = get_format("kaz_panel")
    source = _source("kaz_trade_panel", "kaz_panel", ("trade/kaz_gravity_panel_extract.csv",))
    frame = fmt.parse(REPO.raw / "trade" / "kaz_gravity_panel_extract.csv")
    code = pl.when(pl.col("source_row") == 3).then(pl.lit("NRN"))
    code = code.when(pl.col("source_row") == 5).then(pl.lit("XXZ"))
    frame = frame.with_columns(partner_iso3=code.otherwise("partner_iso3"))
    with pytest.raises(SourceError) as caught:
        Gates(seeds, Previous()).check_countries(source, fmt, frame, "panel.csv")
    assert (caught.value.row, caught.value.field) == (5, "partner_iso3")
    assert "'XXZ'" in str(caught.value)
