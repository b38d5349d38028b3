"""AidData Global Chinese Development Finance 3.0, commitments summed by recipient country
(`Teal-Insights/aiddataviz` `gcdf_country_commitments`): constant 2021 USD billions,
2000-2021, one country a row, with the package's WEO GDP and population for context.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from caetl.quality.suites import Suite
from caetl.sources import _csv
from caetl.sources.base import SourceFormat

COLUMNS = [
    "country_name",
    "iso3c",
    "total_commitments_bn",
    "weighted_interest_rate",
    "region_name",
    "income_level_name",
    "gdp_usd_bn",
    "population_mn",
]
SCHEMA = {
    "country_name": pl.String,
    "country_iso3": pl.String,
    "commitments_usd_bn_const2021": pl.Float64,
    "weighted_interest_rate_pct": pl.Float64,
    "region_name": pl.String,
    "income_level_name": pl.String,
    "gdp_usd_bn": pl.Float64,
    "population_mn": pl.Float64,
    "source_row": pl.Int32,
}
NUMERIC = ["total_commitments_bn", "weighted_interest_rate", "gdp_usd_bn", "population_mn"]


def parse(path: Path) -> pl.DataFrame:
    frame = _csv.read_text(path, COLUMNS)
    _csv.require(frame, path, "country_name", "iso3c", "total_commitments_bn")
    _csv.check_codes(frame, path, "iso3c")
    for column in NUMERIC:
        frame = _csv.cast(frame, path, column, pl.Float64)
    return frame.select(
        "country_name",
        pl.col("iso3c").alias("country_iso3"),
        pl.col("total_commitments_bn").alias("commitments_usd_bn_const2021"),
        pl.col("weighted_interest_rate").alias("weighted_interest_rate_pct"),
        "region_name",
        "income_level_name",
        "gdp_usd_bn",
        "population_mn",
        "source_row",
    )


FORMAT = SourceFormat(
    name="aiddata_gcdf_country",
    description="AidData GCDF 3.0 commitments by recipient, constant 2021 USD bn (CSV)",
    schema=SCHEMA,
    parse=parse,
    country_columns=("country_iso3",),
    key=("country_iso3",),
    ranges={
        "commitments_usd_bn_const2021": (0, None),
        "weighted_interest_rate_pct": (0, 100),
        "gdp_usd_bn": (0, None),
        "population_mn": (0, None),
    },
    suite=Suite(
        ranges={"commitments_usd_bn_const2021": (0, None)},
        measure="commitments_usd_bn_const2021",
    ),
)
