"""Announced deals, one row a deal (`deals/deals_2025.csv`): the US-Central Asia agreements
around the Nov 2025 C5+1 summit, each with its value type (commitment, letter of interest,
list price, ceiling, MoU...), flags for headline packages (`is_aggregate`) and for rows that
must not be added to a country total (`counts_toward_country_total`), and a cited page.

`country_iso3` may list several states (`KAZ;TJK;UZB`) for a package shared between them.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from caetl.quality.suites import Suite
from caetl.sources import _csv
from caetl.sources.base import SourceFormat

COLUMNS = [
    "deal_id",
    "date",
    "event",
    "country_iso3",
    "counterparty_us",
    "counterparty_local",
    "description",
    "sector",
    "value_usd",
    "value_type",
    "quantity",
    "quantity_unit",
    "is_aggregate",
    "counts_toward_country_total",
    "source_name",
    "source_url",
    "published_date",
    "quote",
    "confidence",
    "note",
]
TYPES = {
    "date": pl.Date,
    "value_usd": pl.Float64,
    "quantity": pl.Float64,
    "is_aggregate": pl.Boolean,
    "counts_toward_country_total": pl.Boolean,
    "published_date": pl.Date,
}
SCHEMA = {c: TYPES.get(c, pl.String) for c in COLUMNS} | {"source_row": pl.Int32}


def parse(path: Path) -> pl.DataFrame:
    frame = _csv.read_text(path, COLUMNS)
    _csv.require(
        frame,
        path,
        "deal_id",
        "date",
        "country_iso3",
        "value_type",
        "is_aggregate",
        "counts_toward_country_total",
        "source_name",
        "source_url",
    )
    _csv.refuse_first(
        frame, path, _csv.repeated("deal_id"), "deal_id", "deal_id {value!r} appears twice"
    )
    _csv.check_codes(frame, path, "country_iso3", separators=";")
    _csv.check_values(frame, path, "confidence", {"high", "medium", "low"})
    for column, dtype in TYPES.items():
        frame = _csv.cast(frame, path, column, dtype)
    # A headline package is a total of other rows: it can never count toward a country total.
    _csv.refuse_first(
        frame,
        path,
        pl.col("is_aggregate") & pl.col("counts_toward_country_total"),
        "counts_toward_country_total",
        "an aggregate row cannot count toward the country total",
    )
    return frame.select(list(SCHEMA))


FORMAT = SourceFormat(
    name="deals",
    description="Announced deals with value type and aggregate/double-count flags (CSV)",
    schema=SCHEMA,
    parse=parse,
    country_columns=("country_iso3",),
    key=("deal_id",),
    # A deal above $10 trillion is a units slip (a figure typed in cents or local currency).
    ranges={"value_usd": (0, 1e13), "quantity": (0, None)},
    suite=Suite(ranges={"value_usd": (0, None)}, required=("source_url",)),
)
