"""Figures recorded by hand from public pages: the shared `*_page_figures.csv` layout of the
remittances, investment, macro and reference folders.

One row a figure: entity_iso3, counterpart_iso3, indicator, period, value, unit,
source_name, source_url, published_date, quote, confidence, note. Every row cites its own
page. Periods (`2024-H1`, `2024-01/09`, `2015-2019`) and partial publication dates
(`2020-05`) are kept as published; staging interprets them. A unit is a known base unit
with an optional qualifier in brackets (`percent (lower bound)`); anything else is refused
so a new unit is looked at before it is summed with others.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from caetl.errors import SourceError
from caetl.quality.suites import Suite
from caetl.sources import _csv
from caetl.sources.base import SourceFormat

COLUMNS = [
    "entity_iso3",
    "counterpart_iso3",
    "indicator",
    "period",
    "value",
    "unit",
    "source_name",
    "source_url",
    "published_date",
    "quote",
    "confidence",
    "note",
]
SCHEMA = {c: pl.String for c in COLUMNS} | {"value": pl.Float64, "source_row": pl.Int32}

UNITS = frozenset(
    {
        "USD",
        "CNY",
        "percent",
        "percent_of_gdp",
        "persons",
        "patents",
        "count",
        "km",
        "million tonnes",
        "t REO equivalent",
        "t W content",
        "t WO3",
        "t per year",
        "t tungsten",
        "SIPRI TIV (millions)",
    }
)
_QUALIFIED = re.compile(r"^(?P<base>.+?) \((?P<qualifier>lower bound|upper bound|approx\.)\)$")
CONFIDENCE = {"high", "medium", "low", "derived"}


def unit_base(unit: str) -> str:
    """`percent (lower bound)` -> `percent`; a unit whose own name has brackets stays whole."""
    if unit in UNITS:
        return unit
    match = _QUALIFIED.match(unit)
    return match["base"] if match else unit


def _check_units(frame: pl.DataFrame, path: Path) -> None:
    for row, unit in frame.select("source_row", "unit").iter_rows():
        if unit_base(unit) not in UNITS:
            raise SourceError(path, f"unknown unit {unit!r}", row=row, field="unit")


def parse(path: Path) -> pl.DataFrame:
    frame = _csv.read_text(path, COLUMNS)
    _csv.require(
        frame,
        path,
        "entity_iso3",
        "indicator",
        "period",
        "unit",
        "source_name",
        "source_url",
        "confidence",
    )
    _csv.check_codes(frame, path, "entity_iso3")
    _csv.check_codes(frame, path, "counterpart_iso3", separators="+")
    _check_units(frame, path)
    _csv.check_values(frame, path, "confidence", CONFIDENCE)
    frame = _csv.cast(frame, path, "value", pl.Float64)
    # A blank value is only allowed where the row says why (a derived "no deliveries" row).
    _csv.refuse_first(
        frame,
        path,
        pl.col("value").is_null() & pl.col("note").is_null(),
        "value",
        "value is missing and no note explains it",
    )
    return frame.select(list(SCHEMA))


FORMAT = SourceFormat(
    name="page_figures",
    description="Hand-recorded figures from public pages, one cited page a row (CSV)",
    schema=SCHEMA,
    parse=parse,
    country_columns=("entity_iso3", "counterpart_iso3"),
    key=("entity_iso3", "counterpart_iso3", "indicator", "period", "unit", "source_url"),
    suite=Suite(required=("indicator", "unit", "source_url")),
)
