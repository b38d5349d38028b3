"""SIPRI Arms Transfers Database trade register, CSV export as SIPRI writes it: 11 lines of
preamble (notes, source, "Data generated"), then a header and one row per deal and delivery
year. TIVs are SIPRI trend-indicator values in millions; supplier and recipient are SIPRI's
country names (mapped to ISO3 in staging through the alias seed).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from caetl.errors import SourceError
from caetl.quality.suites import YEARS, Suite
from caetl.sources import _csv
from caetl.sources.base import SourceFormat

PREAMBLE_LINES = 11
RENAME = {
    "SIPRI AT Database ID": "sipri_deal_id",
    "Supplier": "supplier_name",
    "Recipient": "recipient_name",
    "Designation": "designation",
    "Description": "description",
    "Armament category": "armament_category",
    "Order date": "order_year",
    "Order date is estimate": "order_year_is_estimate",
    "Numbers delivered": "number_delivered",
    "Numbers delivered is estimate": "number_delivered_is_estimate",
    "Delivery year": "delivery_year",
    "Delivery year is estimate": "delivery_year_is_estimate",
    "Status": "status",
    "SIPRI estimate": "sipri_estimate",
    "TIV deal unit": "tiv_deal_unit",
    "TIV delivery values": "tiv_delivery_musd",
    "Local production": "is_local_production",
}
TYPES = {
    "SIPRI AT Database ID": pl.Int64,
    "Order date": pl.Int16,
    "Order date is estimate": pl.Boolean,
    "Numbers delivered": pl.Int32,
    "Numbers delivered is estimate": pl.Boolean,
    "Delivery year": pl.Int16,
    "Delivery year is estimate": pl.Boolean,
    "SIPRI estimate": pl.Float64,
    "TIV deal unit": pl.Float64,
    "TIV delivery values": pl.Float64,
    "Local production": pl.Boolean,
}
SCHEMA = {new: TYPES.get(old, pl.String) for old, new in RENAME.items()} | {"source_row": pl.Int32}


def _check_preamble(path: Path) -> None:
    try:
        with path.open(encoding="utf-8") as handle:
            head = [next(handle, "") for _ in range(PREAMBLE_LINES)]
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(path, f"cannot read: {exc}") from exc
    if not head[0].startswith("Transfers of major conventional arms"):
        raise SourceError(path, "line 1 is not SIPRI's trade-register title", row=1)
    if not any("TIVs) are in millions" in line for line in head):
        raise SourceError(
            path,
            "the preamble does not state TIVs in millions (unit)",
            row=1,
            field="TIV delivery values",
        )


def parse(path: Path) -> pl.DataFrame:
    _check_preamble(path)
    frame = _csv.read_text(path, list(RENAME), skip_rows=PREAMBLE_LINES)
    _csv.require(
        frame,
        path,
        "SIPRI AT Database ID",
        "Supplier",
        "Recipient",
        "Delivery year",
        "TIV delivery values",
    )
    for column, dtype in TYPES.items():
        frame = _csv.cast(frame, path, column, dtype)
    _csv.refuse_first(
        frame,
        path,
        _csv.repeated("SIPRI AT Database ID", "Delivery year"),
        "Delivery year",
        "deal and delivery year appear twice",
    )
    return frame.rename(RENAME).select(list(SCHEMA))


FORMAT = SourceFormat(
    name="sipri_register",
    description="SIPRI Arms Transfers Database trade register (CSV export with preamble)",
    schema=SCHEMA,
    parse=parse,
    country_columns=("supplier_name", "recipient_name"),
    key=("sipri_deal_id", "delivery_year"),
    suite=Suite(
        ranges={"tiv_delivery_musd": (0, None), "delivery_year": YEARS},
        measure="tiv_delivery_musd",
    ),
    alias_publisher="sipri",
)
