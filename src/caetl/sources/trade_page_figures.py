"""Trade figures transcribed from official releases and press pages, one figure a row.

`reporter_iso3` is whose statistics the figure comes from (CHN = China's customs), the flow
is from the reporter's side, and each row carries its own citation (name, URL, quote).
Periods are `YYYY` or part-years such as `2025M01-M05`.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from caetl.quality.suites import YEARS, Suite
from caetl.sources._csv import cast, check_values, read_text, refuse_first, require
from caetl.sources.base import SourceFormat

UNITS = {"USD", "CNY", "percent"}
FLOWS = {"exports", "imports", "total", "share_of_total"}
PERIOD_PATTERN = r"^[0-9]{4}(M[0-9]{2}-M[0-9]{2})?$"
SCHEMA = {
    "reporter_iso3": pl.String,
    "partner_iso3": pl.String,
    "year": pl.Int16,
    "period": pl.String,
    "flow": pl.String,
    "value": pl.Float64,
    "unit": pl.String,
    "source_name": pl.String,
    "source_url": pl.String,
    "published_date": pl.String,
    "quote": pl.String,
    "source_row": pl.Int32,
}


def parse(path: Path) -> pl.DataFrame:
    text = read_text(path, [c for c in SCHEMA if c != "source_row"])
    require(text, path, "reporter_iso3", "partner_iso3", "period", "flow", "unit", "source_url")
    check_values(text, path, "unit", UNITS)
    check_values(text, path, "flow", FLOWS)
    refuse_first(
        text,
        path,
        ~pl.col("period").str.contains(PERIOD_PATTERN),
        "period",
        "period {value!r} is not YYYY or YYYYMmm-Mmm",
    )
    text = cast(text, path, "year", pl.Int16)
    return cast(text, path, "value", pl.Float64).select(list(SCHEMA))


FORMAT = SourceFormat(
    name="trade_page_figures",
    description="Trade figures from official releases and press (CSV, one citation a row)",
    schema=SCHEMA,
    parse=parse,
    country_columns=("reporter_iso3", "partner_iso3"),
    key=("reporter_iso3", "partner_iso3", "period", "flow", "unit", "source_url"),
    suite=Suite(
        ranges={"value": (0, None), "year": YEARS}, required=("value", "unit", "source_url")
    ),
)
