"""Kazakhstan total merchandise trade by month (BNS), thousand USD, one file per flow.

The flow is the file's name (`exports.csv`, `imports.csv`); each row is one month, not a
cumulative total.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from caetl.errors import SourceError
from caetl.sources.base import SourceFormat
from caetl.sources.csv_text import read_text_csv, require_values, typed

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
    text = read_text_csv(path, ("date", "value", "transformation"))
    require_values(text, "transformation", {"level"}, path)
    frame = pl.DataFrame(
        [
            pl.Series("flow", [flow] * text.height, pl.String),
            typed(text, "date", pl.Date, path).alias("month_start"),
            typed(text, "value", pl.Float64, path).alias("value_kusd"),
            text["transformation"],
            text["source_row"],
        ]
    )
    return frame


FORMAT = SourceFormat(
    name="kaz_monthly",
    description="Kazakhstan monthly merchandise trade total (CSV per flow, thousand USD)",
    schema=SCHEMA,
    parse=parse,
    key=("flow", "month_start"),
)
