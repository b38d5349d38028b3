"""Eurostat Comext "relational view" download (dataset DS-045409, total of all products):
`REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR`, one reporter, partner,
flow and period a row, values in euro.

The download's labels follow the interface language and release of the day: English or
French names (`Kazakhstan`, `Biélorussie (Belarus)`), flow `2-EXPORT`, `EXPORT` or
`EXPORTATION`, and two period labels for a calendar year, `201952-Jan.-Dec. 2019` (the
code `YYYY52` then its label) and `Jan.-Dec. 2018`. Both give the year; anything else is
refused, so a month or quarter is never read as a year.

A label can mean different partners in the two languages (`Guinea` is Guinea in the English
labels and Guinea-Bissau in the French ones), so each language is its own layout with its
own alias publisher: `comext_relational` (English) and `comext_relational_fr` (French). The
reporter label says which language a file is in, and a file in the other is refused.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from caetl.quality.suites import NEGATIVE, TRADE_FLOWS, YEARS, Suite
from caetl.sources import _csv
from caetl.sources.base import SourceFormat

COLUMNS = ["REPORTER", "PARTNER", "PRODUCT", "FLOW", "STAT_PROCEDURE", "PERIOD", "VALUE_IN_EUR"]
FLOWS = {
    "1-IMPORT": "imports",
    "IMPORT": "imports",
    "IMPORTATION": "imports",
    "2-EXPORT": "exports",
    "EXPORT": "exports",
    "EXPORTATION": "exports",
}
# Only all-product totals under every statistical procedure are trade totals.
PRODUCTS = {"TOTAL-Total", "Total"}
PROCEDURES = {"T-Total", "Total"}
# `201952-Jan.-Dec. 2019`: the year twice (code and label); `Jan.-Dec. 2018`: once.
PERIOD_CODED = r"^([0-9]{4})52-Jan\.-Dec\. ([0-9]{4})$"
PERIOD_LABEL = r"^Jan\.-Dec\. ([0-9]{4})$"

SCHEMA = {
    "reporter_name": pl.String,
    "partner_name": pl.String,
    "flow": pl.String,
    "product": pl.String,
    "period_label": pl.String,
    "trade_year": pl.Int16,
    "value_eur": pl.Float64,
    "source_row": pl.Int32,
}


# The EU27 reporter label starts like this in each interface language.
REPORTER_PREFIX = {"en": "European Union - 27 countries", "fr": "Union européenne - 27 pays"}


def parse(path: Path, language: str = "en") -> pl.DataFrame:
    frame = _csv.read_text(path, COLUMNS)
    _csv.require(frame, path, *COLUMNS)
    _csv.refuse_first(
        frame,
        path,
        ~pl.col("REPORTER").str.starts_with(REPORTER_PREFIX[language]),
        "REPORTER",
        f"reporter {{value!r}} is not labelled in this layout's language ({language}: "
        f"{REPORTER_PREFIX[language]!r})",
    )
    _csv.check_values(frame, path, "FLOW", set(FLOWS))
    _csv.check_values(frame, path, "PRODUCT", PRODUCTS)
    _csv.check_values(frame, path, "STAT_PROCEDURE", PROCEDURES)
    coded = pl.col("PERIOD").str.extract(PERIOD_CODED, 1)
    coded_label = pl.col("PERIOD").str.extract(PERIOD_CODED, 2)
    labelled = pl.col("PERIOD").str.extract(PERIOD_LABEL, 1)
    _csv.refuse_first(
        frame,
        path,
        coded.is_null() & labelled.is_null(),
        "PERIOD",
        "period {value!r} is neither 'YYYY52-Jan.-Dec. YYYY' nor 'Jan.-Dec. YYYY'",
    )
    _csv.refuse_first(
        frame,
        path,
        coded.is_not_null() & (coded != coded_label),
        "PERIOD",
        "period {value!r} names two different years",
    )
    frame = frame.with_columns(pl.coalesce(coded, labelled).alias("year_text"))
    frame = _csv.cast(frame, path, "year_text", pl.Int16)
    frame = _csv.cast(frame, path, "VALUE_IN_EUR", pl.Float64)
    _csv.refuse_first(
        frame,
        path,
        _csv.repeated("REPORTER", "PARTNER", "FLOW", "year_text"),
        "PARTNER",
        "partner {value!r} appears twice for the same flow and year",
    )
    return frame.select(
        pl.col("REPORTER").alias("reporter_name"),
        pl.col("PARTNER").alias("partner_name"),
        pl.col("FLOW").replace_strict(FLOWS).alias("flow"),
        pl.col("PRODUCT").alias("product"),
        pl.col("PERIOD").alias("period_label"),
        pl.col("year_text").alias("trade_year"),
        pl.col("VALUE_IN_EUR").alias("value_eur"),
        "source_row",
    )


SUITE = Suite(
    ranges={"value_eur": (0, None), "trade_year": YEARS},
    allowed={"flow": TRADE_FLOWS},
    required=("value_eur", "period_label"),
    measure="value_eur",
    reasons={"value_eur": NEGATIVE},
)


def format_for(language: str) -> SourceFormat:
    suffix = "" if language == "en" else f"_{language}"
    return SourceFormat(
        name=f"comext_relational{suffix}",
        description=(
            f"Eurostat Comext relational view CSV, annual totals by partner (EUR), "
            f"labels in {language}"
        ),
        schema=SCHEMA,
        parse=lambda path: parse(path, language),
        country_columns=("reporter_name", "partner_name"),
        key=("reporter_name", "partner_name", "flow", "trade_year"),
        suite=SUITE,
        # A label can name another partner in another language, so each has its aliases.
        alias_publisher=f"eurostat{suffix}",
    )


FORMAT = format_for("en")
