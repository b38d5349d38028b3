"""A Suite's row-level rules (ranges, allowed values, required cells, unique keys) over a
whole parsed frame, each one vectorised polars expression.

Great Expectations' pandas engine checks a range row by row in Python and fingerprints the
whole frame first: seconds per million rows, the bulk of a large source's load. So the rows
are judged here, with GX's semantics (nulls, and NaN, pass every rule but `required`), and
GX keeps the suite-level expectations over a per-file summary (gx_suite).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from caetl.quality.suites import Suite


@dataclass(frozen=True)
class RowFailure:
    index: int
    """0-based position in the validated frame."""
    field: str
    value: str | None
    reason: str


def _missing(frame: pl.DataFrame, column: str) -> pl.Expr:
    """A cell holding no value: null, or NaN in a float column (pandas counts both)."""
    col = pl.col(column)
    return col.is_null() | col.is_nan() if frame.schema[column].is_float() else col.is_null()


def _range_reason(suite: Suite, column: str, low: float | None, high: float | None) -> str:
    explained = suite.reasons.get(column)
    bounds = f"below {low:g}" if high is None else f"outside [{low}, {high}]"
    return f"{explained}: {bounds}" if explained else bounds


def _rules(frame: pl.DataFrame, suite: Suite) -> list[tuple[str, pl.Expr, str]]:
    """(field, expression TRUE for a failing row, reason), in the suite's order."""
    rules = []
    for column, (low, high) in suite.ranges.items():
        col = pl.col(column)
        outside = pl.lit(False)
        if low is not None:
            outside = outside | (col < low)
        if high is not None:
            outside = outside | (col > high)
        failing = ~_missing(frame, column) & outside
        rules.append((column, failing, _range_reason(suite, column, low, high)))
    for column, values in suite.allowed.items():
        failing = ~_missing(frame, column) & ~pl.col(column).is_in(list(values))
        rules.append((column, failing, f"not one of {sorted(values)}"))
    for column in suite.required:  # key parts may be blank (no counterpart), so not these
        rules.append((column, _missing(frame, column), "required value missing"))
    return rules


def _later_copies(frame: pl.DataFrame, key: list[str]) -> list[int]:
    """Every row repeating an earlier row's key: the first copy is kept."""
    first = frame.select(pl.struct(key).is_first_distinct()).to_series()
    return first.not_().arg_true().to_list()


def _repeats(frame: pl.DataFrame, key: tuple[str, ...]) -> list[int]:
    """Later copies of a key. A one-column key repeats only among its non-null values
    (nulls are not values); a compound key repeats with nulls compared as equal."""
    if len(key) == 1:
        values = frame.filter(~_missing(frame, key[0])).get_column(key[0])
        if not values.is_duplicated().any():
            return []
    # One 64-bit hash a row is cheaper to compare than the key's columns; a collision only
    # sends us to the exact search, which decides.
    elif not frame.select(pl.struct(key).hash().is_duplicated().any()).item():
        return []
    return _later_copies(frame, list(key))


def _cell(frame: pl.DataFrame, field: str, index: int) -> str | None:
    if field not in frame.columns:
        return None
    value = frame[index, field]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value)


def row_failures(
    frame: pl.DataFrame, suite: Suite, key: tuple[str, ...]
) -> tuple[list[RowFailure], list[str]]:
    """(failing rows with field, value and reason; columns a rule names that the frame
    lacks). `key` identifies a row (with `_source_file`, within one file)."""
    absent = [c for c in [*suite.ranges, *suite.allowed, *suite.required, *key] if c not in frame]
    if absent:
        return [], absent
    failures = []
    for field, failing, reason in _rules(frame, suite):
        indices = frame.select(failing.fill_null(False).arg_true()).to_series()
        failures += [RowFailure(i, field, _cell(frame, field, i), reason) for i in indices]
    if key:
        field = ", ".join(c for c in key if c != "_source_file")
        reason = f"repeated key ({field}) within the file; the first copy is kept"
        failures += [
            RowFailure(i, field, _cell(frame, field, i), reason) for i in _repeats(frame, key)
        ]
    return failures, []
