"""Memberships of the five states in organisations and formats (`reference/memberships.csv`):
entity, organisation, status as published (`member (founding)`, `observer`, `not a member`),
start and end dates that may be a full date or only a year, and a cited page.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from caetl.quality.suites import Suite
from caetl.sources import _csv
from caetl.sources.base import SourceFormat

COLUMNS = [
    "entity_iso3",
    "organisation",
    "status",
    "start_date",
    "end_date",
    "source_name",
    "source_url",
    "published_date",
    "quote",
    "confidence",
    "note",
]
SCHEMA = {c: pl.String for c in COLUMNS} | {"source_row": pl.Int32}
# A date as published: a day, a month or only a year.
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def parse(path: Path) -> pl.DataFrame:
    frame = _csv.read_text(path, COLUMNS)
    _csv.require(frame, path, "entity_iso3", "organisation", "status", "source_name", "source_url")
    _csv.check_codes(frame, path, "entity_iso3")
    _csv.check_values(frame, path, "confidence", {"high", "medium", "low"})
    for field in ("start_date", "end_date", "published_date"):
        _csv.refuse_first(
            frame,
            path,
            pl.col(field).is_not_null() & ~pl.col(field).str.contains(DATE_PATTERN),
            field,
            "{value!r} is not a date (YYYY[-MM[-DD]])",
        )
    return frame.select(list(SCHEMA))


FORMAT = SourceFormat(
    name="memberships",
    description="Membership of states in organisations, with status and dates (CSV)",
    schema=SCHEMA,
    parse=parse,
    country_columns=("entity_iso3",),
    key=("entity_iso3", "organisation", "status"),
    suite=Suite(required=("source_url",)),
)
