"""UN Comtrade trade records, in the three layouts Comtrade hands out.

- Comtrade+ bulk/download CSV (`TradeData_*.csv`): the 47-column header of the Comtrade
  API v1 (`typeCode,freqCode,...,isReported,isAggregate`). As published: Latin-1, CRLF,
  every non-empty field quoted, and one trailing comma on every data row (48 fields
  against a 47-name header).
- Comtrade API v1 JSON (`{"count": n, "data": [{...47 keys...}], "error": ""}`), UTF-8,
  numbers unquoted, `null` for missing values.
- Legacy comtrade.un.org CSV (35 columns, `Classification,Year,Period,...,Flag`), UTF-8,
  flows coded 1-4, commodity codes with leading zeros.

All three come out with one schema: the API field names in snake_case, typed, plus
`source_row` (the line of the CSV, header = 1; the 1-based index of the JSON record).
Reading is done by DuckDB (`scan`), so a 10M-row file streams into the warehouse without
passing through Python; `parse` runs the same SELECT and returns a polars frame.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import duckdb
import polars as pl

from caetl.errors import SourceError
from caetl.quality.suites import Suite
from caetl.sources.base import SourceFormat

# SQL here is assembled from the constants below and paths quoted by _quote: the S608
# (SQL injection) warnings are silenced on those lines for that reason.

# (API field, our column, DuckDB type). The order is the API's and the CSV header's.
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("typeCode", "type_code", "VARCHAR"),
    ("freqCode", "freq_code", "VARCHAR"),
    ("refPeriodId", "ref_period_id", "INTEGER"),
    ("refYear", "ref_year", "SMALLINT"),
    ("refMonth", "ref_month", "SMALLINT"),
    ("period", "period", "VARCHAR"),
    ("reporterCode", "reporter_code", "INTEGER"),
    ("reporterISO", "reporter_iso", "VARCHAR"),
    ("reporterDesc", "reporter_desc", "VARCHAR"),
    ("flowCode", "flow_code", "VARCHAR"),
    ("flowDesc", "flow_desc", "VARCHAR"),
    ("partnerCode", "partner_code", "INTEGER"),
    ("partnerISO", "partner_iso", "VARCHAR"),
    ("partnerDesc", "partner_desc", "VARCHAR"),
    ("partner2Code", "partner2_code", "INTEGER"),
    ("partner2ISO", "partner2_iso", "VARCHAR"),
    ("partner2Desc", "partner2_desc", "VARCHAR"),
    ("classificationCode", "classification_code", "VARCHAR"),
    ("classificationSearchCode", "classification_search_code", "VARCHAR"),
    ("isOriginalClassification", "is_original_classification", "BOOLEAN"),
    ("cmdCode", "cmd_code", "VARCHAR"),
    ("cmdDesc", "cmd_desc", "VARCHAR"),
    ("aggrLevel", "aggr_level", "SMALLINT"),
    ("isLeaf", "is_leaf", "BOOLEAN"),
    ("customsCode", "customs_code", "VARCHAR"),
    ("customsDesc", "customs_desc", "VARCHAR"),
    ("mosCode", "mos_code", "VARCHAR"),
    ("motCode", "mot_code", "INTEGER"),
    ("motDesc", "mot_desc", "VARCHAR"),
    ("qtyUnitCode", "qty_unit_code", "INTEGER"),
    ("qtyUnitAbbr", "qty_unit_abbr", "VARCHAR"),
    ("qty", "qty", "DOUBLE"),
    ("isQtyEstimated", "is_qty_estimated", "BOOLEAN"),
    ("altQtyUnitCode", "alt_qty_unit_code", "INTEGER"),
    ("altQtyUnitAbbr", "alt_qty_unit_abbr", "VARCHAR"),
    ("altQty", "alt_qty", "DOUBLE"),
    ("isAltQtyEstimated", "is_alt_qty_estimated", "BOOLEAN"),
    ("netWgt", "net_wgt", "DOUBLE"),
    ("isNetWgtEstimated", "is_net_wgt_estimated", "BOOLEAN"),
    ("grossWgt", "gross_wgt", "DOUBLE"),
    ("isGrossWgtEstimated", "is_gross_wgt_estimated", "BOOLEAN"),
    ("cifvalue", "cif_value", "DOUBLE"),
    ("fobvalue", "fob_value", "DOUBLE"),
    ("primaryValue", "primary_value", "DOUBLE"),
    ("legacyEstimationFlag", "legacy_estimation_flag", "SMALLINT"),
    ("isReported", "is_reported", "BOOLEAN"),
    ("isAggregate", "is_aggregate", "BOOLEAN"),
)
API_HEADER = [api for api, _, _ in FIELDS]

LEGACY_HEADER = [
    "Classification",
    "Year",
    "Period",
    "Period Desc.",
    "Aggregate Level",
    "Is Leaf Code",
    "Trade Flow Code",
    "Trade Flow",
    "Reporter Code",
    "Reporter",
    "Reporter ISO",
    "Partner Code",
    "Partner",
    "Partner ISO",
    "2nd Partner Code",
    "2nd Partner",
    "2nd Partner ISO",
    "Customs Proc. Code",
    "Customs",
    "Mode of Transport Code",
    "Mode of Transport",
    "Commodity Code",
    "Commodity",
    "Qty Unit Code",
    "Qty Unit",
    "Qty",
    "Alt Qty Unit Code",
    "Alt Qty Unit",
    "Alt Qty",
    "Netweight (kg)",
    "Gross weight (kg)",
    "Trade Value (US$)",
    "CIF Trade Value (US$)",
    "FOB Trade Value (US$)",
    "Flag",
]
LEGACY_TYPES = {
    "Year": "SMALLINT",
    "Aggregate Level": "SMALLINT",
    "Is Leaf Code": "BOOLEAN",
    "Trade Flow Code": "SMALLINT",
    "Reporter Code": "INTEGER",
    "Partner Code": "INTEGER",
    "2nd Partner Code": "INTEGER",
    "Mode of Transport Code": "INTEGER",
    "Qty Unit Code": "INTEGER",
    "Qty": "DOUBLE",
    "Alt Qty Unit Code": "INTEGER",
    "Alt Qty": "DOUBLE",
    "Netweight (kg)": "DOUBLE",
    "Gross weight (kg)": "DOUBLE",
    "Trade Value (US$)": "DOUBLE",
    "CIF Trade Value (US$)": "DOUBLE",
    "FOB Trade Value (US$)": "DOUBLE",
    "Flag": "SMALLINT",
}  # every other legacy column is text (commodity codes keep their leading zeros)
# Legacy flow codes, as documented for the legacy API (rg): 1 import, 2 export, 3 re-export,
# 4 re-import.
LEGACY_FLOWS = {
    1: ("M", "Import"),
    2: ("X", "Export"),
    3: ("RX", "Re-export"),
    4: ("RM", "Re-import"),
}

_POLARS = {
    "VARCHAR": pl.String,
    "INTEGER": pl.Int32,
    "SMALLINT": pl.Int16,
    "DOUBLE": pl.Float64,
    "BOOLEAN": pl.Boolean,
}
SCHEMA: dict[str, pl.DataType] = {col: _POLARS[t] for _, col, t in FIELDS}
SCHEMA["source_row"] = pl.Int64

KEY = (
    "type_code",
    "freq_code",
    "ref_period_id",
    "reporter_code",
    "flow_code",
    "partner_code",
    "partner2_code",
    "classification_code",
    "cmd_code",
    "customs_code",
    "mos_code",
    "mot_code",
)
# Comtrade's trade flow codes (flowCode in the API's reference list).
FLOWS = ("M", "X", "RM", "RX", "MIP", "XIP", "MOP", "XOP", "MIF", "XIF", "DX", "FM")

# Row-level gates, run in SQL on the loaded relation so the 10M-row path never leaves
# DuckDB: name -> predicate that is TRUE for a failing row.
ROW_CHECKS: dict[str, str] = {
    "goods rows only (typeCode C)": "type_code IS DISTINCT FROM 'C'",
    "known flow code": f"flow_code IS NULL OR flow_code NOT IN {FLOWS!r}",
    "reporter, partner, period and commodity present": (
        "reporter_code IS NULL OR partner_code IS NULL OR ref_year IS NULL OR cmd_code IS NULL"
    ),
    "primary value present and not negative": "primary_value IS NULL OR primary_value < 0",
}

_SNIFF_BYTES = 1 << 20
_DUCKDB_LINE = re.compile(r"Line: (\d+)")
_DUCKDB_COLUMN = re.compile(r'converting column "([^"]+)"')
_DUCKDB_REASONS = (
    "Error when converting",
    "Expected Number of Columns",
    "Invalid unicode",
    "Value with unterminated quote",
    "Maximum line size",
)


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sniff(path: Path) -> tuple[str, list[str], int, str]:
    """(layout, header, fields in the first data row, encoding) from the file's first MB."""
    try:
        with path.open("rb") as file:
            head = file.read(_SNIFF_BYTES)
    except OSError as exc:
        raise SourceError(path, f"cannot read file: {exc}") from exc
    if head.lstrip().startswith(b"{"):
        return "api_json", [], 0, "utf-8"
    head = head.removeprefix(b"\xef\xbb\xbf")
    try:
        text, encoding = head.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the 1 MB boundary
            text, encoding = head.decode("latin-1"), "latin-1"
        else:
            text, encoding = head[: exc.start].decode("utf-8"), "utf-8"
    rows = csv.reader(io.StringIO(text))
    try:
        header = next(rows, [])
        first = next(rows, None)
    except csv.Error as exc:  # e.g. UTF-16 read as Latin-1: stray carriage returns
        raise SourceError(path, f"not a comma-separated text file: {exc}", row=1) from exc
    if header == API_HEADER:
        layout = "bulk_csv"
        # Comtrade+ files are Latin-1; a pure-ASCII first MB says nothing, so trust that.
        if encoding == "utf-8" and head.isascii():
            encoding = "latin-1"
    elif header == LEGACY_HEADER:
        layout = "legacy_csv"
    else:
        raise SourceError(path, _header_problem(header), row=1)
    if first is None:
        raise SourceError(path, "no data rows after the header", row=2)
    return layout, header, len(first), encoding


def _header_problem(header: list[str]) -> str:
    for expected in (API_HEADER, LEGACY_HEADER):
        overlap = len(set(header) & set(expected))
        if overlap >= len(expected) // 2:
            missing = [c for c in expected if c not in header]
            extra = [c for c in header if c not in expected]
            if missing or extra:
                return (
                    f"Comtrade header: missing {missing or 'nothing'}, "
                    f"unexpected {extra or 'nothing'}"
                )
            return "Comtrade header columns are out of order"
    return f"not a Comtrade file: header starts {header[:4]!r}"


def _read_csv(
    path: Path, names: list[str], types: dict[str, str], n_fields: int, encoding: str
) -> str:
    columns = {name: types.get(name, "VARCHAR") for name in names}
    if n_fields == len(names) + 1:  # Comtrade+'s trailing comma: one empty extra field
        columns["_trailing_comma"] = "VARCHAR"
    elif n_fields != len(names):
        raise SourceError(path, f"first data row has {n_fields} fields, header {len(names)}", row=2)
    spec = ", ".join(f"{_quote(k)}: {_quote(v)}" for k, v in columns.items())
    return (
        f"read_csv({_quote(str(path))}, header = false, skip = 1, auto_detect = false, "
        f"delim = ',', quote = '\"', escape = '\"', encoding = {_quote(encoding)}, "
        f"columns = {{{spec}}}) WITH ORDINALITY"
    )


def _scan_bulk(path: Path, n_fields: int, encoding: str) -> str:
    source = _read_csv(path, API_HEADER, {api: t for api, _, t in FIELDS}, n_fields, encoding)
    select = ", ".join(f"{_ident(api)} AS {col}" for api, col, _ in FIELDS)
    # ordinality counts data rows; +1 makes it the file's line (the header is line 1).
    return f"SELECT {select}, ordinality + 1 AS source_row FROM {source}"  # noqa: S608


def _scan_legacy(path: Path, n_fields: int, encoding: str) -> str:
    source = _read_csv(path, LEGACY_HEADER, LEGACY_TYPES, n_fields, encoding)
    flow = " ".join(f"WHEN {k} THEN {_quote(v[0])}" for k, v in LEGACY_FLOWS.items())
    desc = " ".join(f"WHEN {k} THEN {_quote(v[1])}" for k, v in LEGACY_FLOWS.items())
    # The legacy layout has no typeCode, refMonth, estimation booleans or isReported: NULL
    # where the publisher said nothing; legacy downloads are goods (C) by construction.
    mapped = {
        "type_code": "'C'",
        "freq_code": "CASE WHEN length(\"Period\") = 4 THEN 'A' ELSE 'M' END",
        "ref_period_id": 'CASE WHEN length("Period") = 4 THEN "Period" || \'0101\''
        " ELSE \"Period\" || '01' END",
        "ref_year": '"Year"',
        "ref_month": 'CASE WHEN length("Period") = 4 THEN 52'
        ' ELSE CAST(right("Period", 2) AS SMALLINT) END',
        "period": '"Period"',
        "reporter_code": '"Reporter Code"',
        "reporter_iso": '"Reporter ISO"',
        "reporter_desc": '"Reporter"',
        "flow_code": f'CASE "Trade Flow Code" {flow} END',
        "flow_desc": f'CASE "Trade Flow Code" {desc} END',
        "partner_code": '"Partner Code"',
        "partner_iso": '"Partner ISO"',
        "partner_desc": '"Partner"',
        "partner2_code": '"2nd Partner Code"',
        "partner2_iso": '"2nd Partner ISO"',
        "partner2_desc": '"2nd Partner"',
        "classification_code": '"Classification"',
        "classification_search_code": "CASE WHEN \"Classification\" LIKE 'S%' THEN 'SITC'"
        " WHEN \"Classification\" LIKE 'H%' THEN 'HS' END",
        "cmd_code": '"Commodity Code"',
        "cmd_desc": '"Commodity"',
        "aggr_level": '"Aggregate Level"',
        "is_leaf": '"Is Leaf Code"',
        "customs_code": '"Customs Proc. Code"',
        "customs_desc": '"Customs"',
        "mot_code": '"Mode of Transport Code"',
        "mot_desc": '"Mode of Transport"',
        "qty_unit_code": '"Qty Unit Code"',
        "qty_unit_abbr": '"Qty Unit"',
        "qty": '"Qty"',
        "alt_qty_unit_code": '"Alt Qty Unit Code"',
        "alt_qty_unit_abbr": '"Alt Qty Unit"',
        "alt_qty": '"Alt Qty"',
        "net_wgt": '"Netweight (kg)"',
        "gross_wgt": '"Gross weight (kg)"',
        "cif_value": '"CIF Trade Value (US$)"',
        "fob_value": '"FOB Trade Value (US$)"',
        "primary_value": '"Trade Value (US$)"',
        "legacy_estimation_flag": '"Flag"',
    }
    select = ", ".join(f"CAST({mapped.get(col, 'NULL')} AS {t}) AS {col}" for _, col, t in FIELDS)
    return f"SELECT {select}, ordinality + 1 AS source_row FROM {source}"  # noqa: S608


def _scan_api_json(path: Path) -> str:
    struct = ", ".join(f"{_ident(api)} {t}" for api, _, t in FIELDS)
    source = (
        f"read_json({_quote(str(path))}, format = 'auto', "
        f"columns = {{count: 'BIGINT', error: 'VARCHAR', data: 'STRUCT({struct})[]'}})"
    )
    select = ", ".join(f"record.{_ident(api)} AS {col}" for api, col, _ in FIELDS)
    return (
        f"SELECT {select}, source_row FROM ("  # noqa: S608
        f"SELECT unnest(data) AS record, generate_subscripts(data, 1) AS source_row "
        f"FROM {source})"
    )


def _check_api_envelope(path: Path) -> None:
    """The JSON envelope says whether the call worked; check it before reading records."""
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(path, f"not a Comtrade API JSON response: {exc}") from exc
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        raise SourceError(path, "Comtrade API response has no 'data' list", field="data")
    if body.get("error"):
        raise SourceError(path, f"Comtrade API returned an error: {body['error']}", field="error")
    if "count" in body and body["count"] != len(body["data"]):
        raise SourceError(
            path,
            f"'count' says {body['count']} records, 'data' holds "
            f"{len(body['data'])} (a truncated response?)",
            field="count",
        )
    for i, record in enumerate(body["data"], start=1):
        missing = [k for k in API_HEADER if k not in record]
        if missing:
            raise SourceError(path, f"record lacks {', '.join(missing)}", row=i, field=missing[0])


def scan(path: Path) -> str:
    """A DuckDB SELECT over one Comtrade file giving SCHEMA's columns, in file order."""
    path = Path(path)
    layout, _, n_fields, encoding = _sniff(path)
    if layout == "api_json":
        _check_api_envelope(path)
        return _scan_api_json(path)
    if layout == "legacy_csv":
        return _scan_legacy(path, n_fields, encoding)
    return _scan_bulk(path, n_fields, encoding)


def source_error(path: Path, exc: duckdb.Error) -> SourceError:
    """Turn DuckDB's reading error into a SourceError naming the line and column."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    line = _DUCKDB_LINE.search(lines[0]) if lines else None
    column = _DUCKDB_COLUMN.search(str(exc))
    reason = next((m for m in lines if m.startswith(_DUCKDB_REASONS)), lines[0] if lines else "")
    return SourceError(
        path,
        reason,
        row=int(line.group(1)) if line else None,
        field=column.group(1) if column else None,
    )


def parse(path: Path) -> pl.DataFrame:
    """One Comtrade file as a typed polars frame (small files; big ones go through scan)."""
    path = Path(path)
    sql = scan(path)
    con = duckdb.connect()
    try:
        frame = con.sql(sql).pl()
    except duckdb.Error as exc:
        raise source_error(path, exc) from exc
    finally:
        con.close()
    return frame.cast(SCHEMA)


def failed_rows_sql(relation: str) -> str:
    """One SELECT over a loaded relation: per row check, failing rows and the first of them."""
    parts = [
        f"SELECT {_quote(name)} AS check_name, count(*) AS failing_rows, "  # noqa: S608
        f"min(source_row) AS first_source_row FROM {relation} WHERE {predicate}"
        for name, predicate in ROW_CHECKS.items()
    ]
    keys = ", ".join(KEY)
    parts.append(
        f"SELECT 'unique key ({keys})', coalesce(sum(n), 0), min(first_row) FROM "  # noqa: S608
        f"(SELECT count(*) AS n, min(source_row) AS first_row FROM {relation} "
        f"GROUP BY {keys} HAVING count(*) > 1)"
    )
    return " UNION ALL ".join(parts)


FORMAT = SourceFormat(
    name="comtrade",
    description="UN Comtrade records: Comtrade+ bulk CSV, API v1 JSON or legacy CSV",
    schema=SCHEMA,
    parse=parse,
    country_columns=("reporter_iso", "partner_iso"),
    key=KEY,
    scan=scan,
    row_checks=ROW_CHECKS,
    # Streamed (scan): its row gates are ROW_CHECKS, in SQL; of the suite only the measure
    # applies (the units gate), beside the country and shrink gates.
    suite=Suite(measure="primary_value"),
    alias_publisher="comtrade",
)
