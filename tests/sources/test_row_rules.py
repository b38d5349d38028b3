"""The Suite's row rules run in polars fail the rows Great Expectations' own row-level
expectations fail on the same frame (nulls and NaN included), so moving them out of GX
changed no reject."""

from __future__ import annotations

import polars as pl

from caetl.quality.gx_suite import _context
from caetl.quality.row_rules import row_failures
from caetl.quality.suites import Suite

SUITE = Suite(
    ranges={"value": (0, None), "year": (1940, 2100)},
    allowed={"flow": ("exports", "imports")},
    required=("partner",),
    reasons={"value": "negative"},
)
FRAME = pl.DataFrame(
    {
        "value": [1.0, -2.0, None, float("nan"), 3.0, -0.5, 7.0],
        "year": [2000, 1930, None, 2101, 2000, 2000, 2000],
        "flow": ["exports", "re-exports", None, "imports", "exports", "imports", "exports"],
        "partner": ["A", "B", None, "C", "A", None, "A"],
    },
    schema_overrides={"year": pl.Int16},
)


def _gx_failures(frame: pl.DataFrame) -> dict[str, list[int]]:
    import great_expectations as gx
    import great_expectations.expectations as gxe

    source = _context().data_sources.add_or_update_pandas("src_row_rules_test")
    batch_def = source.add_dataframe_asset("t").add_batch_definition_whole_dataframe("all")
    expectations = [
        gxe.ExpectColumnValuesToBeBetween(column="value", min_value=0),
        gxe.ExpectColumnValuesToBeBetween(column="year", min_value=1940, max_value=2100),
        gxe.ExpectColumnValuesToBeInSet(column="flow", value_set=["exports", "imports"]),
        gxe.ExpectColumnValuesToNotBeNull(column="partner"),
    ]
    suite = gx.ExpectationSuite(name="row_rules_test", expectations=expectations)
    batch = batch_def.get_batch(batch_parameters={"dataframe": frame.to_pandas()})
    result = batch.validate(suite, result_format="COMPLETE")
    return {
        r.expectation_config.kwargs["column"]: sorted(r.result["unexpected_index_list"])
        for r in result.results
    }


def test_row_rules_fail_the_rows_gx_fails():
    failures, absent = row_failures(FRAME, SUITE, ())
    assert absent == []
    ours: dict[str, list[int]] = {}
    for f in failures:
        ours.setdefault(f.field, []).append(f.index)
    expected = {column: rows for column, rows in _gx_failures(FRAME).items() if rows}
    assert ours == expected
    negative = next(f for f in failures if f.field == "value")
    assert (negative.value, negative.reason) == ("-2.0", "negative: below 0")


def test_repeated_key_rejects_later_copies_within_a_file():
    frame = FRAME.with_columns(_source_file=pl.Series(["a"] * 5 + ["b"] * 2))
    failures, _ = row_failures(frame, Suite(), ("partner", "flow", "_source_file"))
    assert [(f.index, f.field) for f in failures] == [(4, "partner, flow")]
    # A one-column key: nulls are not values, so only nulls repeating is no repeat; once a
    # value repeats, every later copy goes, a later null too (as under GX).
    only_nulls = pl.DataFrame({"k": [None, "x", None]})
    assert row_failures(only_nulls, Suite(), ("k",))[0] == []
    assert [f.index for f in row_failures(frame, Suite(), ("partner",))[0]] == [4, 5, 6]


def test_a_missing_cell_is_recorded_as_no_value_not_as_text():
    """meta.rejects.value is null for a null or NaN cell, never the text 'None' or 'nan'."""
    failures, _ = row_failures(FRAME, Suite(required=("partner", "value")), ())
    values = {(f.field, f.index): f.value for f in failures}
    assert values == {
        ("partner", 2): None,
        ("partner", 5): None,
        ("value", 2): None,
        ("value", 3): None,
    }


def test_each_failure_names_its_bound_and_a_repeated_keys_value():
    failures, _ = row_failures(FRAME, SUITE, ())
    year = {(f.index, f.value, f.reason) for f in failures if f.field == "year"}
    assert year == {(1, "1930", "outside [1940, 2100]"), (3, "2101", "outside [1940, 2100]")}
    repeats, _ = row_failures(FRAME, Suite(), ("partner",))
    assert [(f.index, f.value) for f in repeats] == [(4, "A"), (5, None), (6, "A")]
