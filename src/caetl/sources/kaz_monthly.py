"""Kazakhstan total merchandise trade by month (BNS), thousand USD, one file per flow.

The flow is the file's name (`exports.csv`, `imports.csv`); each row is one month, not a
cumulative total.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from caetl.errors import SourceError
from caetl.quality.suites import NEGATIVE, TRADE_FLOWS, Suite
from caetl.sources._csv import cast, check_values, read_text, require
from caetl.sources.base import SourceFormat

FLOWS = {"exports", "imports"}
SCHEMA = {
    "flow": pl.String,
    "month_start": pl.Date,
    "value_kusd": pl.Float64,
    "transformation": pl.String,
    "source_row": pl.Int32,
}


def parse(path: Path) -> pl.DataFrame:
    flow = path.stem
    if flow not in FLOWS:
        raise SourceError(path, f"file name must be exports.csv or imports.csv, not {path.name}")
    text = read_text(path, ["date", "value", "transformation"])
    require(text, path, "date", "transformation")
    check_values(text, path, "transformation", {"level"})
    text = cast(text, path, "date", pl.Date)
    text = cast(text, path, "value", pl.Float64)
    return text.select(
        pl.lit(flow).alias("flow"),
        pl.col("date").alias("month_start"),
        pl.col("value").alias("value_kusd"),
        "transformation",
        "source_row",
    )


FORMAT = SourceFormat(
    name="kaz_monthly",
    description="Kazakhstan monthly merchandise trade total (CSV per flow, thousand USD)",
    schema=SCHEMA,
    parse=parse,
    key=("flow", "month_start"),
    suite=Suite(
        ranges={"value_kusd": (0, None)},
        allowed={"flow": TRADE_FLOWS},
        required=("month_start", "value_kusd"),
        measure="value_kusd",
        reasons={"value_kusd": NEGATIVE},
    ),
)
