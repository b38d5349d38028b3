"""What each source format's rows must satisfy, as plain data (no Great Expectations here).

Row-level rules (ranges, allowed sets, required cells, unique keys) send a failing row to
meta.rejects and keep the rest. File-level rules stop the refresh: a required column
missing, a source that shrinks by more than half against the previous load, or a file whose
total of `measure` moves by 100x or more (a units slip: thousands read as millions).
Column types are enforced before this by the format's schema cast.
"""

from __future__ import annotations

from dataclasses import dataclass, field

YEARS = (1940, 2100)
FLOWS = ("exports", "imports")


@dataclass(frozen=True)
class Suite:
    ranges: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    """column -> (min, max), inclusive; None leaves a side open. Row-level."""
    allowed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """column -> allowed values (nulls pass). Row-level."""
    required: tuple[str, ...] = ()
    """Columns that must have a value in every row (the format's key is added). Row-level."""
    measure: str | None = None
    """The column whose per-file total is compared with the previous load (units slip)."""
    reasons: dict[str, str] = field(default_factory=dict)
    """column -> the reason recorded for a row outside its range."""


NEGATIVE = "negative trade value (IMF adjustments are kept out of the flows; see meta.rejects)"

SUITES: dict[str, Suite] = {
    "imf_dots": Suite(
        ranges={"value_musd": (0, None), "year": YEARS},
        allowed={"flow": FLOWS},
        measure="value_musd",
        reasons={"value_musd": NEGATIVE},
    ),
    "kaz_panel": Suite(
        ranges={"exports_musd": (0, None), "imports_musd": (0, None), "year": YEARS},
        measure="exports_musd",
        reasons={"exports_musd": NEGATIVE, "imports_musd": NEGATIVE},
    ),
    "kaz_monthly": Suite(
        ranges={"value_kusd": (0, None)},
        allowed={"flow": FLOWS},
        required=("month_start", "value_kusd"),
        measure="value_kusd",
        reasons={"value_kusd": NEGATIVE},
    ),
    "trade_page_figures": Suite(
        ranges={"value": (0, None), "year": YEARS}, required=("value", "unit", "source_url")
    ),
    "page_figures": Suite(required=("indicator", "unit", "source_url")),
    "wdi_csv": Suite(ranges={"period_year": YEARS}, measure="value"),
    "wdi_panel": Suite(ranges={"period_year": YEARS}, measure="value"),
    "fx_h10": Suite(
        ranges={"rate_per_usd": (0, None), "period_year": YEARS}, measure="rate_per_usd"
    ),
    "aiddata_gcdf_country": Suite(
        ranges={"commitments_usd_bn_const2021": (0, None)},
        measure="commitments_usd_bn_const2021",
    ),
    "deals": Suite(ranges={"value_usd": (0, None)}, required=("source_url",)),
    "memberships": Suite(required=("source_url",)),
    "sipri_register": Suite(
        ranges={"tiv_delivery_musd": (0, None), "delivery_year": YEARS},
        measure="tiv_delivery_musd",
    ),
    "claims": Suite(required=("claim_en", "metric")),
    "worldbank_api": Suite(ranges={"period_year": YEARS}, measure="value"),
    "imf_sdmx": Suite(measure="value"),
    # Positions may be negative (see imf_cdis.py); a confidential cell has no value.
    "imf_cdis_table6o": Suite(
        ranges={"year": YEARS},
        allowed={"value_status": ("reported", "zero_or_below_half_million", "confidential")},
        required=("value_status", "value_text"),
        measure="position_musd",
    ),
    "knomad_brm": Suite(
        ranges={"value_musd": (0, None), "year": YEARS},
        allowed={"value_status": ("estimated", "not_estimated")},
        required=("value_status",),
        measure="value_musd",
        reasons={"value_musd": "negative modelled remittance amount"},
    ),
    # Streamed through DuckDB (SourceFormat.scan): its row gates are SQL in comtrade.py;
    # only the country, shrink and units gates apply here.
    "comtrade": Suite(measure="primary_value"),
    "kaz_bns_partners": Suite(
        ranges={"value_kusd": (0, None), "share_pct": (0, 100), "year": YEARS},
        allowed={"flow": FLOWS},
        required=("value_kusd", "sheet", "publication"),
        measure="value_kusd",
        reasons={"value_kusd": NEGATIVE},
    ),
    # `-` is the publisher's mark for no figure: a null value is allowed, its text is not.
    "kgz_nsc_partners": Suite(
        ranges={"value_kusd": (0, None), "year": YEARS},
        allowed={"flow": FLOWS},
        required=("value_text", "is_preliminary"),
        measure="value_kusd",
        reasons={"value_kusd": NEGATIVE},
    ),
    "uzb_stat_partners": Suite(
        ranges={"value_kusd": (0, None), "year": YEARS},
        allowed={"flow": FLOWS},
        required=("value_kusd",),
        measure="value_kusd",
        reasons={"value_kusd": NEGATIVE},
    ),
    # Published "not available" cells (`…`, `:`) land with a null value, so values are not
    # required; a figure that is there must not be negative.
    "russia_fcs": Suite(
        ranges={"value_musd": (0, None), "trade_year": YEARS, "trade_month": (1, 12)},
        allowed={"flow": FLOWS},
        required=("value_text",),
        measure="value_musd",
        reasons={"value_musd": NEGATIVE},
    ),
    "comext_relational": Suite(
        ranges={"value_eur": (0, None), "trade_year": YEARS},
        allowed={"flow": FLOWS},
        required=("value_eur", "period_label"),
        measure="value_eur",
        reasons={"value_eur": NEGATIVE},
    ),
    "comext_spreadsheet": Suite(
        ranges={"value_eur": (0, None), "trade_year": YEARS, "trade_month": (1, 12)},
        allowed={"flow": FLOWS},
        required=("value_text",),
        measure="value_eur",
        reasons={"value_eur": NEGATIVE},
    ),
}

SUITES["comext_relational_fr"] = SUITES["comext_relational"]

SHRINK_LIMIT = 0.5
"""A source keeping fewer than this share of its previous rows is refused."""
SLIP_FACTOR = 100.0
"""A file whose total is this many times larger or smaller than before is refused."""


def suite_for(parser: str) -> Suite:
    return SUITES.get(parser, Suite())
