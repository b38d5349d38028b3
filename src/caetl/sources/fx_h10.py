"""US Federal Reserve H.10 annual average exchange rates as mirrored by datahub.io
(`datasets/exchange-rates` `data/annual.csv`): `Date,Country,Exchange rate`, dates as
`YYYY-01-01`, rate in foreign currency units per US dollar. H.10 itself quotes the euro as
US dollars per euro; the mirror gives every rate per US dollar, so the euro rows are euro
per dollar like the yuan rows.

H.10 names countries, not currencies; the currencies we take from it are listed here so an
unexpected country is refused rather than given a guessed currency.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from caetl.quality.suites import YEARS, Suite
from caetl.sources import _csv
from caetl.sources.base import SourceFormat

COLUMNS = ["Date", "Country", "Exchange rate"]
CURRENCIES = {"China": "CNY", "Euro": "EUR"}
SCHEMA = {
    "country_name": pl.String,
    "currency": pl.String,
    "period_year": pl.Int16,
    "rate_per_usd": pl.Float64,
    "source_row": pl.Int32,
}


def parse(path: Path) -> pl.DataFrame:
    frame = _csv.read_text(path, COLUMNS)
    _csv.require(frame, path, *COLUMNS)
    _csv.check_values(frame, path, "Country", set(CURRENCIES))
    frame = _csv.cast(frame, path, "Date", pl.Date)
    frame = _csv.cast(frame, path, "Exchange rate", pl.Float64)
    _csv.refuse_first(
        frame, path, pl.col("Exchange rate") <= 0, "Exchange rate", "exchange rate must be positive"
    )
    return frame.select(
        pl.col("Country").alias("country_name"),
        pl.col("Country").replace_strict(CURRENCIES).alias("currency"),
        pl.col("Date").dt.year().cast(pl.Int16).alias("period_year"),
        pl.col("Exchange rate").alias("rate_per_usd"),
        "source_row",
    )


FORMAT = SourceFormat(
    name="fx_h10",
    description="Federal Reserve H.10 annual averages, currency units per USD (datahub CSV)",
    schema=SCHEMA,
    parse=parse,
    key=("currency", "period_year"),
    ranges={"rate_per_usd": (0, None)},
    suite=Suite(ranges={"rate_per_usd": (0, None), "period_year": YEARS}, measure="rate_per_usd"),
)
