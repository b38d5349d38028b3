"""World Bank Indicators API v2, one JSON page as received: `[page metadata, rows]`.

Each row: {"indicator": {"id", "value"}, "country": {"id" (ISO2), "value"},
"countryiso3code", "date" (a string), "value" (number or null), "unit", "obs_status",
"decimal"}. The output lines up with the WDI CSV format (country_iso3, period_year, value)
plus the indicator code, which the CSV files only carry in their names.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from caetl.errors import SourceError
from caetl.quality.suites import YEARS, Suite
from caetl.sources._api_vintage import vintage_of
from caetl.sources.base import SourceFormat

SCHEMA = {
    "indicator_code": pl.String,
    "indicator_name": pl.String,
    "country_iso3": pl.String,
    "country_iso2": pl.String,
    "country_name": pl.String,
    "period_year": pl.Int16,
    "value": pl.Float64,
    "unit": pl.String,
    "obs_status": pl.String,
    "decimals": pl.Int16,
    "last_updated": pl.Date,
    "page": pl.Int32,
    "vintage": pl.String,
    "retrieved_at": pl.Datetime("us", "UTC"),
    "source_row": pl.Int32,
}


def _load(path: Path) -> tuple[dict, list]:
    try:
        body = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(path, f"not a JSON document: {exc}") from exc
    if isinstance(body, list) and body and isinstance(body[0], dict) and "message" in body[0]:
        raise SourceError(path, f"an API error message, not data: {body[0]['message']!r}")
    if not (isinstance(body, list) and len(body) == 2 and isinstance(body[0], dict)):
        raise SourceError(path, "expected the API v2 layout [page metadata, rows]")
    rows = body[1] or []
    if not isinstance(rows, list):
        raise SourceError(path, "the second element (rows) is not a list")
    return body[0], rows


def _year(text: object, path: Path, row: int) -> int:
    if not (isinstance(text, str) and text.isdigit() and len(text) == 4):
        raise SourceError(path, f"date {text!r} is not an annual period", row=row, field="date")
    return int(text)


def _value(value: object, path: Path, row: int) -> float | None:
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return None if value is None else float(value)
    raise SourceError(path, f"value {value!r} is not a number", row=row, field="value")


def _text(value: object, path: Path, row: int | None, field: str) -> str | None:
    if value is None or isinstance(value, str):
        return value or None
    raise SourceError(path, f"{value!r} is not text", row=row, field=field)


def _int(value: object, path: Path, row: int | None, field: str) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    raise SourceError(path, f"{value!r} is not a whole number", row=row, field=field)


def _object(value: object, path: Path, row: int, field: str) -> dict:
    if value is None or isinstance(value, dict):
        return value or {}
    raise SourceError(path, f"{value!r} is not an object", row=row, field=field)


def parse(path: Path) -> pl.DataFrame:
    meta, rows = _load(path)
    vintage, retrieved = vintage_of(path)
    updated = _text(meta.get("lastupdated"), path, None, "lastupdated")
    page = _int(meta.get("page"), path, None, "page") or 1
    out: dict[str, list] = {k: [] for k in SCHEMA}
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise SourceError(path, "row is not an object", row=i)
        indicator = _object(row.get("indicator"), path, i, "indicator")
        country = _object(row.get("country"), path, i, "country")
        iso3 = _text(row.get("countryiso3code"), path, i, "countryiso3code")
        code = _text(indicator.get("id"), path, i, "indicator")
        if not code or not iso3:
            field = "indicator" if not code else "countryiso3code"
            raise SourceError(path, "value is missing", row=i, field=field)
        out["indicator_code"].append(code)
        out["indicator_name"].append(_text(indicator.get("value"), path, i, "indicator"))
        out["country_iso3"].append(iso3)
        out["country_iso2"].append(_text(country.get("id"), path, i, "country"))
        out["country_name"].append(_text(country.get("value"), path, i, "country"))
        out["period_year"].append(_year(row.get("date"), path, i))
        out["value"].append(_value(row.get("value"), path, i))
        out["unit"].append(_text(row.get("unit"), path, i, "unit"))
        out["obs_status"].append(_text(row.get("obs_status"), path, i, "obs_status"))
        out["decimals"].append(_int(row.get("decimal"), path, i, "decimal"))
        out["last_updated"].append(updated)
        out["page"].append(page)
        out["vintage"].append(vintage)
        out["retrieved_at"].append(retrieved)
        out["source_row"].append(i)
    frame = pl.DataFrame(out, schema={**SCHEMA, "last_updated": pl.String})
    return frame.with_columns(pl.col("last_updated").str.to_date("%Y-%m-%d", strict=False))


FORMAT = SourceFormat(
    name="worldbank_api",
    description="World Bank Indicators API v2 JSON page ([page metadata, rows])",
    schema=SCHEMA,
    parse=parse,
    country_columns=("country_iso3",),
    key=("indicator_code", "country_iso3", "period_year"),
    ranges={"decimals": (0, 20)},
    suite=Suite(ranges={"period_year": YEARS}, measure="value"),
)
