"""Kazakhstan-reported bilateral trade panel (gravity-model extract), USD millions.

One row per partner ISO3 and year with exports and imports; the gravity covariates of the
original layout (gdp, dist, tariff, ...) are not trade figures and are not loaded.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from caetl.quality.suites import NEGATIVE, YEARS, Suite
from caetl.sources._csv import cast, read_text
from caetl.sources.base import SourceFormat

SCHEMA = {
    "partner_iso3": pl.String,
    "year": pl.Int16,
    "exports_musd": pl.Float64,
    "imports_musd": pl.Float64,
    "source_row": pl.Int32,
}


def parse(path: Path) -> pl.DataFrame:
    text = read_text(path, ["iso3", "year", "exports", "imports"])
    text = cast(text, path, "year", pl.Int16)
    for flow in ("exports", "imports"):
        text = cast(text, path, flow, pl.Float64)
    return text.select(
        pl.col("iso3").alias("partner_iso3"),
        "year",
        pl.col("exports").alias("exports_musd"),
        pl.col("imports").alias("imports_musd"),
        "source_row",
    )


FORMAT = SourceFormat(
    name="kaz_panel",
    description="Kazakhstan-reported trade by partner and year (CSV, USD millions)",
    schema=SCHEMA,
    parse=parse,
    country_columns=("partner_iso3",),
    key=("partner_iso3", "year"),
    suite=Suite(
        ranges={"exports_musd": (0, None), "imports_musd": (0, None), "year": YEARS},
        measure="exports_musd",
        reasons={"exports_musd": NEGATIVE, "imports_musd": NEGATIVE},
    ),
)
