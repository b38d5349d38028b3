"""Deals, memberships, the SIPRI trade register, AidData commitments and the article's
claims: the real files, and broken variants naming file, row and field."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from caetl.errors import SourceError
from caetl.sources import aiddata, claims, deals, memberships, sipri_register
from support import REPO
from support.csv_variants import drop_column, read_records, set_cell

RAW = REPO / "raw"
DEALS = RAW / "deals" / "deals_2025.csv"
MEMBERSHIPS = RAW / "reference" / "memberships.csv"
SIPRI = RAW / "reference" / "sipri_trade_register_central_asia_2000_2023.csv"
AIDDATA = RAW / "investment" / "aiddata_gcdf3_country_commitments_2000_2021.csv"
CLAIMS = RAW / "claims" / "article_claims.csv"


def _records(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _error(parse, path: Path) -> SourceError:
    with pytest.raises(SourceError) as caught:
        parse(path)
    assert caught.value.file == str(path)
    return caught.value


def test_deals_keep_flags_and_itemised_totals():
    frame = deals.parse(DEALS)
    assert dict(frame.schema) == deals.SCHEMA and frame.height == len(_records(DEALS))
    kaz = frame.filter(frame["country_iso3"] == "KAZ")
    itemised = kaz.filter(kaz["counts_toward_country_total"])["value_usd"].sum()
    assert itemised == pytest.approx(18.95e9)  # deals/PROVENANCE.md
    headline = kaz.filter(kaz["is_aggregate"])
    assert headline["value_usd"].to_list() == [pytest.approx(17e9)]
    assert headline["quantity"].to_list() == [29]


def test_memberships_keep_dates_as_published():
    frame = memberships.parse(MEMBERSHIPS)
    assert frame.height == len(_records(MEMBERSHIPS))
    uzb_csto = frame.filter(
        (frame["entity_iso3"] == "UZB") & (frame["organisation"] == "CSTO")
    ).row(0, named=True)
    assert (uzb_csto["start_date"], uzb_csto["end_date"]) == ("2006", "2012-12-19")


def test_sipri_register_skips_the_preamble_and_keeps_every_row():
    frame = sipri_register.parse(SIPRI)
    preamble, records = read_records(SIPRI, sipri_register.PREAMBLE_LINES)
    assert frame.height == len(records) - 1 == 330
    assert frame["source_row"][0] == sipri_register.PREAMBLE_LINES + 2
    assert frame["tiv_delivery_musd"].sum() == pytest.approx(
        sum(float(r[records[0].index("TIV delivery values")]) for r in records[1:])
    )
    assert set(frame["recipient_name"]) == {
        "Kazakhstan",
        "Kyrgyzstan",
        "Tajikistan",
        "Turkmenistan",
        "Uzbekistan",
    }


def test_aiddata_commitments_match_provenance():
    frame = aiddata.parse(AIDDATA)
    values = dict(zip(frame["country_iso3"], frame["commitments_usd_bn_const2021"], strict=True))
    assert values["KAZ"] == pytest.approx(64.15, abs=0.01)
    assert values["KGZ"] == pytest.approx(4.13, abs=0.01)


def test_claims_keep_arabic_quotes_intact():
    frame = claims.parse(CLAIMS)
    records = _records(CLAIMS)
    assert frame.height == 27 == len(records)
    assert frame["quote_ar"].to_list() == [r["quote_ar"] or None for r in records]


@pytest.mark.parametrize(
    ("parse", "source", "column", "preamble"),
    [
        (deals.parse, DEALS, "value_type", 0),
        (memberships.parse, MEMBERSHIPS, "organisation", 0),
        (sipri_register.parse, SIPRI, "TIV delivery values", 11),
        (aiddata.parse, AIDDATA, "iso3c", 0),
        (claims.parse, CLAIMS, "comparator", 0),
    ],
)
def test_missing_column_is_named(tmp_path, parse, source, column, preamble):
    broken = drop_column(source, tmp_path / source.name, column, preamble)
    assert _error(parse, broken).field == column


@pytest.mark.parametrize(
    ("parse", "source", "record", "column", "value", "preamble"),
    [
        (deals.parse, DEALS, 4, "country_iso3", "KZX", 0),
        (deals.parse, DEALS, 6, "value_usd", "$4.2bn", 0),
        (deals.parse, DEALS, 3, "is_aggregate", "maybe", 0),
        (memberships.parse, MEMBERSHIPS, 5, "entity_iso3", "TJX", 0),
        (memberships.parse, MEMBERSHIPS, 2, "start_date", "1 Jan 2015", 0),
        (aiddata.parse, AIDDATA, 8, "iso3c", "ZZZ", 0),
        (aiddata.parse, AIDDATA, 8, "total_commitments_bn", "lots", 0),
        (claims.parse, CLAIMS, 4, "subject_iso3", "UZB; KZX", 0),
        (claims.parse, CLAIMS, 9, "comparator", "roughly", 0),
        (sipri_register.parse, SIPRI, 20, "TIV delivery values", "12 bn", 11),
        (sipri_register.parse, SIPRI, 25, "Delivery year", "2019?", 11),
    ],
)
def test_bad_cell_names_file_row_and_field(
    tmp_path, parse, source, record, column, value, preamble
):
    broken = set_cell(source, tmp_path / source.name, record, column, value, preamble)
    error = _error(parse, broken)
    assert (error.row, error.field) == (record + preamble, column)


def test_aggregate_counted_toward_a_country_total_is_refused(tmp_path):
    row = next(i for i, r in enumerate(_records(DEALS), start=2) if r["is_aggregate"] == "true")
    broken = set_cell(DEALS, tmp_path / "double.csv", row, "counts_toward_country_total", "true")
    error = _error(deals.parse, broken)
    assert (error.row, error.field) == (row, "counts_toward_country_total")


def test_sipri_unit_line_missing_from_preamble_is_refused(tmp_path):
    text = SIPRI.read_text(encoding="utf-8").replace(
        "TIVs) are in millions", "TIVs) are in dollars"
    )
    broken = tmp_path / SIPRI.name
    broken.write_text(text, encoding="utf-8")
    assert _error(sipri_register.parse, broken).field == "TIV delivery values"
