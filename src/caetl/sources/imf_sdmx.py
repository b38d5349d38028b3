"""IMF SDMX 3.0 API data message (SDMX-JSON 2.0), as received: one row per observation.

Layout: data.dataSets[i].series maps a positional key ("0:3:1:0", indexes into
structures[s].dimensions.series[k].values) to {"attributes": [...], "observations":
{"<time index>": ["<OBS_VALUE as a string>", attribute indexes...]}}. Dimension names differ
by dataflow; IMTS uses COUNTRY.INDICATOR.COUNTERPART_COUNTRY.FREQUENCY. A dataset without
`series` is a valid "no data" answer and gives no rows.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl

from caetl.errors import SourceError
from caetl.quality.suites import Suite
from caetl.sources._api_vintage import vintage_of
from caetl.sources.base import SourceFormat

# Output column <- the dimension ids that fill it, in order of preference.
DIMENSIONS = {
    "country": ("COUNTRY", "REF_AREA"),
    "indicator": ("INDICATOR",),
    "counterpart_country": ("COUNTERPART_COUNTRY", "COUNTERPART_AREA"),
    "frequency": ("FREQUENCY", "FREQ"),
}
_YEAR = re.compile(r"^(\d{4})(-A1)?$")

SCHEMA = {
    "dataflow": pl.String,
    "series_key": pl.String,
    "country": pl.String,
    "indicator": pl.String,
    "counterpart_country": pl.String,
    "frequency": pl.String,
    "time_period": pl.String,
    "period_year": pl.Int16,
    "value": pl.Float64,
    "value_text": pl.String,
    "scale": pl.String,
    "vintage": pl.String,
    "retrieved_at": pl.Datetime("us", "UTC"),
    "source_row": pl.Int32,
}


def _ids(values: list[dict]) -> list[str]:
    return [v.get("id", v.get("value")) for v in values]


def _dataflow(structure: dict) -> str | None:
    for link in structure.get("links", []):
        if link.get("title") == "Dataflow" and "=" in link.get("urn", ""):
            return link["urn"].split("=", 1)[1]
    return None


def _series_attribute(structure: dict, name: str, indexes: list) -> str | None:
    for pos, attr in enumerate((structure.get("attributes") or {}).get("series", [])):
        if attr.get("id") == name and pos < len(indexes) and indexes[pos] is not None:
            return _ids(attr["values"])[indexes[pos]]
    return None


def parse(path: Path) -> pl.DataFrame:
    try:
        body = json.loads(path.read_text(encoding="utf-8-sig"))
        datasets = body["data"]["dataSets"]
        structures = body["data"]["structures"]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(path, f"not a JSON document: {exc}") from exc
    except (KeyError, TypeError) as exc:
        raise SourceError(path, f"not an SDMX-JSON data message (no {exc})") from exc
    vintage, retrieved = vintage_of(path)
    out: dict[str, list] = {k: [] for k in SCHEMA}
    row = 0
    for dataset in datasets:
        structure = structures[dataset.get("structure", 0)]
        dims = structure["dimensions"]["series"]
        times = _ids(structure["dimensions"]["observation"][0]["values"])
        positions = {d["id"]: i for i, d in enumerate(dims)}
        for key, series in (dataset.get("series") or {}).items():
            try:
                parts = zip(dims, key.split(":"), strict=True)
                codes = [_ids(d["values"])[int(k)] for d, k in parts]
            except (IndexError, ValueError) as exc:
                raise SourceError(
                    path, f"series key {key!r} does not match the structure", field="series"
                ) from exc
            scale = _series_attribute(structure, "SCALE", series.get("attributes") or [])
            for t, obs in series.get("observations", {}).items():
                row += 1
                text = obs[0] if obs else None
                try:
                    value = float(text) if text not in (None, "", "NaN") else None
                except (TypeError, ValueError) as exc:
                    raise SourceError(
                        path, f"OBS_VALUE {text!r} is not a number", row=row, field=f"{key}/{t}"
                    ) from exc
                try:
                    period = times[int(t)]
                except (IndexError, ValueError) as exc:
                    raise SourceError(
                        path, f"observation key {t!r} is not a time period", row=row, field=key
                    ) from exc
                year = _YEAR.match(period or "")
                for column, names in DIMENSIONS.items():
                    hit = next((n for n in names if n in positions), None)
                    out[column].append(codes[positions[hit]] if hit else None)
                out["dataflow"].append(_dataflow(structure))
                out["series_key"].append(".".join(codes))
                out["time_period"].append(period)
                out["period_year"].append(int(year.group(1)) if year else None)
                out["value"].append(value)
                out["value_text"].append(text)
                out["scale"].append(scale)
                out["vintage"].append(vintage)
                out["retrieved_at"].append(retrieved)
                out["source_row"].append(row)
    return pl.DataFrame(out, schema=SCHEMA)


FORMAT = SourceFormat(
    name="imf_sdmx",
    description="IMF SDMX 3.0 API data message (SDMX-JSON 2.0), one row per observation",
    schema=SCHEMA,
    parse=parse,
    country_columns=("country", "counterpart_country"),
    key=("series_key", "time_period"),
    suite=Suite(measure="value"),
    alias_publisher="imf_sdmx",
)
