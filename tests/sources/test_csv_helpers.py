"""The shared row checks of the CSV format modules."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from caetl.errors import SourceError
from caetl.sources import _csv


def test_repeated_key_names_the_first_later_copy():
    # Keys A, B, A, B: the first repeat is the second A (row 4), not the first B.
    frame = pl.DataFrame({"deal_id": ["A", "B", "A", "B"], "source_row": [2, 3, 4, 5]})
    with pytest.raises(SourceError) as err:
        _csv.refuse_first(
            frame, Path("deals.csv"), _csv.repeated("deal_id"), "deal_id", "{value!r} twice"
        )
    assert (err.value.row, err.value.field, err.value.reason) == (4, "deal_id", "'A' twice")


def test_refuse_first_passes_clean_frames_and_names_the_first_bad_row():
    clean = pl.DataFrame({"rate": [1.0, 2.0, 0.5], "source_row": [2, 3, 4]})
    positive = pl.col("rate") <= 0
    assert _csv.refuse_first(clean, Path("fx.csv"), positive, "rate", "{value} <= 0") is None
    # The same check on the same shape with bad rows: the first bad row is named.
    bad = clean.with_columns(rate=pl.Series([1.0, 0.0, -2.0]))
    with pytest.raises(SourceError) as err:
        _csv.refuse_first(bad, Path("fx.csv"), positive, "rate", "{value} <= 0")
    assert (err.value.row, err.value.field, err.value.reason) == (3, "rate", "0.0 <= 0")
