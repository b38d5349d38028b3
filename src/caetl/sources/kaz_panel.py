"""Kazakhstan-reported bilateral trade panel (gravity-model extract), USD millions.

One row per partner ISO3 and year with exports and imports; the gravity covariates of the
original layout (gdp, dist, tariff, ...) are not trade figures and are not loaded.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from caetl.sources.base import SourceFormat
from caetl.sources.csv_text import read_text_csv, typed

SCHEMA = {
    "partner_iso3": pl.String,
    "year": pl.Int16,
    "exports_musd": pl.Float64,
    "imports_musd": pl.Float64,
    "source_row": pl.Int32,
}


def parse(path: Path) -> pl.DataFrame:
    text = read_text_csv(path, ("iso3", "year", "exports", "imports"))
    frame = pl.DataFrame(
        [
            text["iso3"].str.strip_chars().alias("partner_iso3"),
            typed(text, "year", pl.Int16, path),
            typed(text, "exports", pl.Float64, path).alias("exports_musd"),
            typed(text, "imports", pl.Float64, path).alias("imports_musd"),
            text["source_row"],
        ]
    )
    return frame.select([pl.col(c).cast(t) for c, t in SCHEMA.items()])


FORMAT = SourceFormat(
    name="kaz_panel",
    description="Kazakhstan-reported trade by partner and year (CSV, USD millions)",
    schema=SCHEMA,
    parse=parse,
    country_columns=("partner_iso3",),
    key=("partner_iso3", "year"),
)
