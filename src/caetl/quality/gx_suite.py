"""Run a source's Suite: the row-level rules in polars (row_rules), the suite-level
expectations (every column present, enough rows) by Great Expectations.

GX 1.24 has no polars or DuckDB datasource, so it validates pandas frames, in one ephemeral
context per process. It is given a one-row summary of the parsed rows (how many, and each
column's count of values), not the rows: its pandas engine fingerprints every frame it is
given and walks range checks row by row, seconds per million rows. GX is imported here
only, on the first source that needs validating: the import alone costs seconds, and a
refresh with nothing to load never pays.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import polars as pl

from caetl.quality.row_rules import RowFailure, row_failures
from caetl.quality.suites import Suite

ROW_COUNT = "expect_column_sum_to_be_between"
"""The expectation of a source's row count (the shrink gate), over the summary's `_rows`."""


@dataclass
class Outcome:
    rows: list[RowFailure]
    file_failures: list[tuple[str, dict, object]]
    """(expectation type, its arguments, observed value) of failed table-level
    expectations: the source cannot be used."""


@cache
def _context():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def _summary(frame: pl.DataFrame) -> pl.DataFrame:
    """One row: the frame's rows (`_rows`) and, under each column's name, its count of values."""
    return frame.select(pl.len().alias("_rows"), *(pl.col(c).count() for c in frame.columns))


def _expectations(schema: list[str], min_rows: int):
    import great_expectations.expectations as gxe

    expectations = [gxe.ExpectColumnToExist(column=column) for column in schema]
    if min_rows:
        expectations.append(gxe.ExpectColumnSumToBeBetween(column="_rows", min_value=min_rows))
    return expectations


def validate(
    name: str, frame: pl.DataFrame, suite: Suite, schema: list[str], key: tuple, min_rows: int
) -> Outcome:
    """Validate `frame`; row failures are positions in it, with field, value and reason."""
    import great_expectations as gx

    # A key identifies a row within one file: two files of one source may overlap (DOTS_143
    # and DOTS_144 are both Nicaragua) and staging chooses between them, not this gate.
    if key and "_source_file" in frame.columns:
        key = (*key, "_source_file")
    rows, absent = row_failures(frame, suite, key)
    outcome = Outcome(rows, [])
    context = _context()
    source = context.data_sources.add_or_update_pandas(f"src_{name}")
    batch_def = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("all")
    expectations = gx.ExpectationSuite(
        name=f"suite_{name}", expectations=_expectations(schema, min_rows)
    )
    batch = batch_def.get_batch(batch_parameters={"dataframe": _summary(frame).to_pandas()})
    for r in batch.validate(expectations, result_format="COMPLETE").results:
        if not r.success:
            # GX adds the batch's own id to the arguments: not the reader's concern.
            config = {k: v for k, v in r.expectation_config.kwargs.items() if k != "batch_id"}
            raised = r.exception_info and r.exception_info.get("raised_exception")
            observed = r.exception_info if raised else r.result.get("observed_value")
            outcome.file_failures.append((r.expectation_config.type, config, observed))
    for column in absent:  # a rule over a column the frame lacks cannot be judged
        outcome.file_failures.append(("expect_column_to_exist", {"column": column}, None))
    return outcome
