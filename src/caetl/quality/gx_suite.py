"""Run a source's Suite as a Great Expectations suite on its parsed frame (as pandas).

GX 1.24 has no polars or DuckDB datasource, so frames are validated as pandas in one
ephemeral context per process. GX is imported here only, on the first source that needs
validating: the import alone costs seconds, and a refresh with nothing to load never pays.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import polars as pl

from caetl.quality.suites import Suite


@dataclass(frozen=True)
class RowFailure:
    index: int
    """0-based position in the validated frame."""
    field: str
    value: str | None
    reason: str


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


def _expectations(suite: Suite, schema: list[str], key: tuple[str, ...], min_rows: int):
    import great_expectations.expectations as gxe

    row_level, table_level = [], []
    for column in schema:
        table_level.append(gxe.ExpectColumnToExist(column=column))
    for column, (low, high) in suite.ranges.items():
        row_level.append(
            gxe.ExpectColumnValuesToBeBetween(column=column, min_value=low, max_value=high)
        )
    for column, values in suite.allowed.items():
        row_level.append(gxe.ExpectColumnValuesToBeInSet(column=column, value_set=list(values)))
    for column in suite.required:  # key parts may be blank (no counterpart), so not these
        row_level.append(gxe.ExpectColumnValuesToNotBeNull(column=column))
    if len(key) == 1:
        row_level.append(gxe.ExpectColumnValuesToBeUnique(column=key[0]))
    elif key:
        row_level.append(gxe.ExpectCompoundColumnsToBeUnique(column_list=list(key)))
    if min_rows:
        table_level.append(gxe.ExpectTableRowCountToBeBetween(min_value=min_rows))
    return row_level, table_level


def _reason(kind: str, config: dict, suite: Suite) -> str:
    column = config.get("column")
    if kind == "expect_column_values_to_be_between":
        explained = suite.reasons.get(column)
        low, high = config.get("min_value"), config.get("max_value")
        bounds = f"below {low:g}" if high is None else f"outside [{low}, {high}]"
        return f"{explained}: {bounds}" if explained else bounds
    if kind == "expect_column_values_to_be_in_set":
        return f"not one of {sorted(config['value_set'])}"
    if kind == "expect_column_values_to_not_be_null":
        return "required value missing"
    key = [c for c in config.get("column_list") or [column] if c != "_source_file"]
    return f"repeated key ({', '.join(key)}) within the file; the first copy is kept"


def validate(
    name: str, frame: pl.DataFrame, suite: Suite, schema: list[str], key: tuple, min_rows: int
) -> Outcome:
    """Validate `frame`; row failures are positions in it, with field, value and reason."""
    import great_expectations as gx

    context = _context()
    source = context.data_sources.add_or_update_pandas(f"src_{name}")
    asset = source.add_dataframe_asset(name)
    batch_def = asset.add_batch_definition_whole_dataframe("all")
    # A key identifies a row within one file: two files of one source may overlap (DOTS_143
    # and DOTS_144 are both Nicaragua) and staging chooses between them, not this gate.
    if key and "_source_file" in frame.columns:
        key = (*key, "_source_file")
    row_level, table_level = _expectations(suite, schema, key, min_rows)
    expectations = gx.ExpectationSuite(name=f"suite_{name}", expectations=table_level + row_level)
    data = frame.to_pandas()
    batch = batch_def.get_batch(batch_parameters={"dataframe": data})
    result = batch.validate(expectations, result_format="COMPLETE")

    outcome = Outcome([], [])
    for r in result.results:
        if r.success:
            continue
        kind = r.expectation_config.type
        config = r.expectation_config.kwargs
        if r.exception_info and r.exception_info.get("raised_exception"):
            outcome.file_failures.append((kind, dict(config), r.exception_info))
            continue
        indices = r.result.get("unexpected_index_list")
        if indices is None:  # a table-level expectation
            outcome.file_failures.append((kind, dict(config), r.result.get("observed_value")))
            continue
        if kind.endswith("_to_be_unique"):
            indices = _later_copies(frame, list(config.get("column_list") or [config["column"]]))
        key_parts = [c for c in config.get("column_list", []) if c != "_source_file"]
        field = config.get("column") or ", ".join(key_parts)
        reason = _reason(kind, config, suite)
        for i in indices:
            value = _cell(frame, field, i)
            outcome.rows.append(RowFailure(int(i), field, value, reason))
    return outcome


def _later_copies(frame: pl.DataFrame, key: list[str]) -> list[int]:
    """Every row repeating an earlier row's key: the first copy is kept."""
    first = frame.select(pl.struct(key).is_first_distinct()).to_series()
    return [i for i, keep in enumerate(first) if not keep]


def _cell(frame: pl.DataFrame, field: str, index: int) -> str | None:
    if field not in frame.columns:
        return None
    value = frame[index, field]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value)
