"""A wide country-year panel of World Bank series as written by the R `WDI` package
(`Fozich/remittances-central-asia` `data/panel.csv`): `iso3c,country,year` then one column
a series. Parsed to long form, one row per country, year and series column; which WDI code
each column holds is recorded in staging.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from caetl.errors import SourceError
from caetl.quality.suites import YEARS, Suite
from caetl.sources import _csv
from caetl.sources.base import SourceFormat

ID_COLUMNS = ["iso3c", "country", "year"]
SCHEMA = {
    "country_iso3": pl.String,
    "country_name": pl.String,
    "period_year": pl.Int16,
    "series": pl.String,
    "value": pl.Float64,
    "source_row": pl.Int32,
}


def parse(path: Path) -> pl.DataFrame:
    frame = _csv.read_text(path, ID_COLUMNS, keep_other=True)
    series = [c for c in frame.columns if c not in [*ID_COLUMNS, "source_row"]]
    if not series:
        raise SourceError(path, "no series column beside iso3c, country, year", row=1)
    _csv.require(frame, path, *ID_COLUMNS)
    _csv.check_codes(frame, path, "iso3c")
    frame = _csv.cast(frame, path, "year", pl.Int16)
    for column in series:
        frame = _csv.cast(frame, path, column, pl.Float64)
    long = frame.unpivot(
        index=["iso3c", "country", "year", "source_row"],
        on=series,
        variable_name="series",
        value_name="value",
    )
    return long.filter(pl.col("value").is_not_null()).select(
        pl.col("iso3c").alias("country_iso3"),
        pl.col("country").alias("country_name"),
        pl.col("year").alias("period_year"),
        "series",
        "value",
        "source_row",
    )


FORMAT = SourceFormat(
    name="wdi_panel",
    description="Wide country-year panel of World Bank series (R WDI package export)",
    schema=SCHEMA,
    parse=parse,
    country_columns=("country_iso3",),
    key=("country_iso3", "period_year", "series"),
    suite=Suite(ranges={"period_year": YEARS}, measure="value"),
)
