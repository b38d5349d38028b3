"""The article's checkable claims (`claims/article_claims.csv`), one row a claim, all
columns kept as text; `quote_ar` is Arabic and must stay intact UTF-8."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from caetl.errors import SourceError
from caetl.quality.suites import Suite
from caetl.sources import _csv
from caetl.sources.base import SourceFormat

COLUMNS = [
    "claim_id",
    "topic",
    "claim_en",
    "quote_ar",
    "subject_iso3",
    "counterpart_iso3",
    "period",
    "metric",
    "comparator",
    "threshold",
    "unit",
    "basis",
    "note",
]
SCHEMA = {c: pl.String for c in COLUMNS} | {"source_row": pl.Int32}
COMPARATORS = {"approx", "gt", "le", "between", "eq", "exists", "is_member", "first_year_rank1"}


def parse(path: Path) -> pl.DataFrame:
    frame = _csv.read_text(path, COLUMNS)
    _csv.require(frame, path, "claim_id", "claim_en", "metric", "comparator", "basis")
    _csv.refuse_first(
        frame, path, _csv.repeated("claim_id"), "claim_id", "claim_id {value!r} appears twice"
    )
    # Several codes are separated by "; " and a sum of partners is joined by "+".
    _csv.check_codes(frame, path, "subject_iso3", separators=";+")
    _csv.check_codes(frame, path, "counterpart_iso3", separators=";+")
    for row, cell in frame.select("source_row", "comparator").iter_rows():
        unknown = [c.strip() for c in cell.split(";") if c.strip() not in COMPARATORS]
        if unknown:
            raise SourceError(
                path, f"unknown comparator {unknown[0]!r}", row=row, field="comparator"
            )
    return frame.select(list(SCHEMA))


FORMAT = SourceFormat(
    name="claims",
    description="The article's claims with metric, comparator, threshold and basis (CSV)",
    schema=SCHEMA,
    parse=parse,
    country_columns=("subject_iso3", "counterpart_iso3"),
    key=("claim_id",),
    suite=Suite(required=("claim_en", "metric")),
)
