"""Uzbekistan's Statistics Agency: exports or imports by partner country, open-data SDMX-style
CSV, thousand US dollars, one column per year.

The file is `sdmx_data_<dataset>.csv`; the dataset number says the flow (1105 exports, 1176
imports), the file itself does not. Columns: `Code` (ISO 3166 numeric, zero-padded as
published; `0` is "Other countries", trade not allocated to a partner, which belongs to
the total), the partner's name in Uzbek (Latin), Russian and English, then one column per
year `YYYY`. A few rows have the Russian and English names swapped; they are kept as
published. Zeros are published figures and are kept; an empty cell gives no row.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import polars as pl

from caetl.errors import SourceError
from caetl.quality.suites import NEGATIVE, TRADE_FLOWS, YEARS, Suite
from caetl.sources._csv import cast, refuse_first, repeated, require
from caetl.sources._csv import read_text as read_csv_text
from caetl.sources.base import SourceFormat

DATASETS = {"1105": "exports", "1176": "imports"}
FILE_NAME = re.compile(r"^sdmx_data_(\d+)\.csv$")
YEAR = re.compile(r"^\d{4}$")
NAMES = {
    "Code": "partner_code",
    "Klassifikator": "partner_name_uz",
    "Klassifikator_ru": "partner_name_ru",
    "Klassifikator_en": "partner_name_en",
}

SCHEMA = {
    "partner_code": pl.String,
    "partner_name_uz": pl.String,
    "partner_name_ru": pl.String,
    "partner_name_en": pl.String,
    "flow": pl.String,
    "year": pl.Int16,
    "month": pl.Int8,
    "value_kusd": pl.Float64,
    "dataset": pl.String,
    "source_row": pl.Int32,
}


def _flow(path: Path) -> tuple[str, str]:
    matched = FILE_NAME.match(path.name)
    if not matched or matched.group(1) not in DATASETS:
        known = ", ".join(f"sdmx_data_{d}.csv ({f})" for d, f in DATASETS.items())
        raise SourceError(path, f"file name names no known dataset; known: {known}", field="file")
    return matched.group(1), DATASETS[matched.group(1)]


def _years(labels: list[str], path: Path) -> list[str]:
    for label in labels:
        if not YEAR.match(label):
            raise SourceError(
                path, f"period label {label!r} is not a year 'YYYY'", row=1, field=label
            )
    if not labels:
        raise SourceError(path, "no year columns after the names", row=1)
    found = [int(label) for label in labels]
    expected = list(range(found[0], found[0] + len(found)))
    if found != expected:
        gap = next(e for e, f in zip(expected, found, strict=True) if e != f)
        raise SourceError(
            path,
            f"years must run one a column without a gap: {gap} is missing "
            f"(found {found[0]}..{found[-1]})",
            row=1,
            field=str(gap),
        )
    return labels


def _header(path: Path) -> list[str]:
    """The header's labels in file order (the loader's frame puts the named columns first)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [label.strip() for label in next(csv.reader(handle), [])]


def parse(path: Path) -> pl.DataFrame:
    """One row per partner code, year and flow."""
    dataset, flow = _flow(path)
    text = read_csv_text(path, list(NAMES), keep_other=True)
    header = _header(path)
    for position, (found, expected) in enumerate(zip(header, NAMES, strict=False), start=1):
        if found != expected:
            raise SourceError(
                path,
                f"column {position} of the header should be {expected!r}, found {found!r} "
                "(a shifted header?)",
                row=1,
                field=found or f"column {position}",
            )
    years = _years(header[len(NAMES) :], path)
    require(text, path, *NAMES)
    refuse_first(
        text, path, ~pl.col("Code").str.contains(r"^[0-9]{1,3}$"), "Code",
        "partner code {value!r} is not an ISO 3166 numeric code",
    )  # fmt: skip
    refuse_first(text, path, repeated("Code"), "Code", "partner code {value!r} appears twice")
    for label in years:
        text = cast(text, path, label, pl.Float64)
    long = text.unpivot(
        index=[*NAMES, "source_row"], on=years, variable_name="year", value_name="value_kusd"
    ).filter(pl.col("value_kusd").is_not_null())
    return long.select(
        *(pl.col(src).alias(dst) for src, dst in NAMES.items()),
        pl.lit(flow).alias("flow"),
        pl.col("year").cast(pl.Int16),
        pl.lit(None, pl.Int8).alias("month"),
        "value_kusd",
        pl.lit(dataset).alias("dataset"),
        "source_row",
    ).sort("source_row", "year")


FORMAT = SourceFormat(
    name="uzb_stat_partners",
    description="Uzbekistan Statistics Agency trade by partner (SDMX CSV, ISO numeric, kUSD)",
    schema=SCHEMA,
    parse=parse,
    country_columns=("partner_code", "partner_name_uz", "partner_name_ru", "partner_name_en"),
    key=("partner_code", "flow", "year"),
    suite=Suite(
        ranges={"value_kusd": (0, None), "year": YEARS},
        allowed={"flow": TRADE_FLOWS},
        required=("value_kusd",),
        measure="value_kusd",
        reasons={"value_kusd": NEGATIVE},
    ),
    alias_publisher="uzb_stat",
)
