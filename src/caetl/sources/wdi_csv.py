"""World Bank indicator CSV as mirrored by datahub.io (`datasets/world-development-indicators`,
`datasets/gdp`, `datasets/population`): `Country Name,Country Code,Year,Value`, one
country-year a row, CRLF line endings.

The file carries no indicator code; the manifest entry and the file name say which series it
is, and staging maps the file name to the WDI code.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from caetl.errors import SourceError
from caetl.quality.suites import YEARS, Suite
from caetl.sources import _csv
from caetl.sources.base import SourceFormat

COLUMNS = ["Country Name", "Country Code", "Year", "Value"]
SCHEMA = {
    "country_name": pl.String,
    "country_iso3": pl.String,
    "period_year": pl.Int16,
    "value": pl.Float64,
    "file_name": pl.String,
    "source_row": pl.Int32,
}


def parse(path: Path) -> pl.DataFrame:
    frame = _csv.read_text(path, COLUMNS)
    _csv.require(frame, path, *COLUMNS)
    _csv.check_codes(frame, path, "Country Code")
    frame = _csv.cast(frame, path, "Year", pl.Int16)
    frame = _csv.cast(frame, path, "Value", pl.Float64)
    dup = frame.filter(pl.struct("Country Code", "Year").is_duplicated())
    if dup.height:
        raise SourceError(
            path, "country and year appear twice", row=dup["source_row"][1], field="Year"
        )
    return frame.select(
        pl.col("Country Name").alias("country_name"),
        pl.col("Country Code").alias("country_iso3"),
        pl.col("Year").alias("period_year"),
        pl.col("Value").alias("value"),
        pl.lit(path.name).alias("file_name"),
        "source_row",
    )


FORMAT = SourceFormat(
    name="wdi_csv",
    description="World Bank indicator CSV (datahub.io layout: Country Name, Code, Year, Value)",
    schema=SCHEMA,
    parse=parse,
    country_columns=("country_iso3",),
    key=("file_name", "country_iso3", "period_year"),
    suite=Suite(ranges={"period_year": YEARS}, measure="value"),
)
