"""The partner-side trade parsers (Russia's customs workbook, Eurostat's relational CSVs and
spreadsheet extraction) and the EUR rates and world totals on the real published files,
values checked against PROVENANCE.md and against the cells read independently (openpyxl,
csv); broken variants of the same files must name file, row and field."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import openpyxl
import polars as pl
import pytest

from caetl.countries import load_aliases, load_countries, map_to_iso3
from caetl.errors import SourceError
from caetl.sources import (
    comext_relational,
    comext_relational_fr,
    comext_spreadsheet,
    fx_h10,
    russia_fcs,
    wdi_csv,
)
from support import REPO
from support.csv_variants import drop_column, read_records, set_cell, write_records

RAW = REPO / "raw"
FCS = RAW / "trade" / "national" / "russia_fcs" / "96stran.xlsx"
EU_ANNUAL = sorted((RAW / "trade" / "eurostat" / "eu27_exports_annual").glob("*.csv"))
EU_2023 = RAW / "trade/eurostat/eu27_exports_annual/Relational_View_2024-11-17T08_31_46.675Z.csv"
EU_2018 = RAW / "trade/eurostat/eu27_exports_annual/Relational_View_2024-11-25T10_45_22.246Z.csv"
EU_2016_FR = RAW / "trade/eurostat/eu27_exports_annual/Relational_View_2024-11-25T10_45_38.711Z.csv"


def _layout(path: Path):
    """The French-labelled download has its own layout (and alias publisher)."""
    return comext_relational_fr.FORMAT if path == EU_2016_FR else comext_relational.FORMAT


EU_MONTHLY = RAW / "trade/eurostat/eu_member_trade_monthly/eu_total_trade_4630244_spreadsheet.xlsx"

pytestmark = pytest.mark.filterwarnings("ignore:Workbook contains no default style")


@pytest.fixture(scope="module")
def fcs() -> pl.DataFrame:
    return russia_fcs.parse(FCS)


@pytest.fixture(scope="module")
def monthly() -> pl.DataFrame:
    return comext_spreadsheet.parse(EU_MONTHLY)


@pytest.fixture(scope="module")
def aliases():
    return load_aliases()


def _one(frame: pl.DataFrame, **where) -> dict:
    rows = frame.filter(*[pl.col(k) == v for k, v in where.items()])
    assert rows.height == 1, where
    return rows.row(0, named=True)


# Russia's customs workbook -------------------------------------------------------------


def _fcs_cell(sheet: str, coordinate: str):
    book = openpyxl.load_workbook(FCS, read_only=True, data_only=True)
    try:
        return book[sheet][coordinate].value
    finally:
        book.close()


@pytest.mark.parametrize(
    ("sheet", "partner", "year", "month", "coordinate"),
    [
        ("Экспорт", "Китай", 2006, 1, "B7"),  # first figure of the sheet
        ("Экспорт", "Казахстан", 2021, 12, "L213"),  # last month, Kazakhstan's column
        ("Импорт", "Узбекистан", 2015, 3, "W126"),  # 2015 is row 123, March three below
        ("Импорт", "Республика Корея", 2020, 7, "I195"),  # header on two lines
    ],
)
def test_fcs_values_match_the_workbook_cells(fcs, sheet, partner, year, month, coordinate):
    row = _one(fcs, sheet=sheet, partner_name=partner, trade_year=year, trade_month=month)
    assert row["value_musd"] == pytest.approx(float(_fcs_cell(sheet, coordinate)), rel=1e-12)
    assert row["cell"] == coordinate
    assert row["flow"] == russia_fcs.SHEETS[sheet]


def test_fcs_keeps_every_cell_of_both_sheets(fcs):
    assert dict(fcs.schema) == russia_fcs.SCHEMA
    # 29 partners x 16 years x 12 months x 2 sheets, every cell filled or marked
    assert fcs.height == 29 * 16 * 12 * 2
    assert fcs["trade_year"].min() == 2006 and fcs["trade_year"].max() == 2021
    assert fcs.select(pl.struct(russia_fcs.FORMAT.key).is_unique().all()).item()


def test_fcs_unpublished_months_stay_with_a_null_value(fcs):
    missing = fcs.filter(pl.col("value_musd").is_null())
    assert set(missing["value_text"]) == {"…"}
    assert set(missing["partner_name"]) == {"Казахстан"}
    assert sorted(set(missing["trade_month"])) == [7, 8, 9, 10, 11, 12]
    assert set(missing["trade_year"]) == {2010} and missing.height == 12


def test_fcs_latin_lookalikes_folded_published_label_kept(fcs):
    latin_a, cyrillic_a = "a", "\u0430"
    china = fcs.filter(pl.col("partner_name") == f"Кит{cyrillic_a}й")
    assert china.height == 2 * 16 * 12
    assert set(china["partner_label"]) == {f"Кит{latin_a}й"}  # as published


def test_fcs_partners_map_to_iso3(fcs, aliases):
    iso3 = map_to_iso3(fcs, "partner_name", russia_fcs.FORMAT.alias_publisher, FCS, aliases)
    mapped = dict(zip(fcs["partner_name"], iso3, strict=True))
    assert mapped["Казахстан"] == "KAZ" and mapped["Узбекистан"] == "UZB"
    assert mapped["Китай"] == "CHN" and mapped["Республика Корея"] == "KOR"


def _fcs_variant(tmp_path: Path, change) -> Path:
    book = openpyxl.load_workbook(FCS)
    change(book["Экспорт"])
    out = tmp_path / "96stran.xlsx"
    book.save(out)
    return out


def _raises(path: Path, parse, row: int | None, field: str | None) -> SourceError:
    with pytest.raises(SourceError) as caught:
        parse(path)
    assert caught.value.file == str(path)
    assert caught.value.row == row
    assert caught.value.field == field
    return caught.value


def test_fcs_shifted_header_is_refused(tmp_path):
    path = _fcs_variant(tmp_path, lambda ws: ws.insert_rows(5))
    _raises(path, russia_fcs.parse, 5, "partner")


def test_fcs_missing_year_row_is_refused(tmp_path):
    def drop_year(ws):
        ws["A6"] = None

    error = _raises(_fcs_variant(tmp_path, drop_year), russia_fcs.parse, 7, "period")
    assert "before any year" in error.reason


def test_fcs_period_label_of_neither_kind_is_refused(tmp_path):
    def bad_label(ws):
        ws["A8"] = "Feb 2006"

    error = _raises(_fcs_variant(tmp_path, bad_label), russia_fcs.parse, 8, "period")
    assert "neither a year nor a month" in error.reason


def test_fcs_text_in_a_number_names_row_and_partner(tmp_path):
    def text(ws):
        ws["D9"] = "n/a"

    # the header as published (with its Latin "a"), as an analyst finds it in the sheet
    _raises(_fcs_variant(tmp_path, text), russia_fcs.parse, 9, "Экспорт!Гермaния")


def test_fcs_unknown_partner_name_names_file_row_and_field(tmp_path, aliases):
    def rename(ws):
        ws["C5"] = "Нарния"

    path = _fcs_variant(tmp_path, rename)
    frame = russia_fcs.parse(path)
    with pytest.raises(SourceError) as caught:
        map_to_iso3(frame, "partner_name", russia_fcs.FORMAT.alias_publisher, path, aliases)
    assert "Нарния" in caught.value.reason
    assert caught.value.row == 7 and caught.value.field == "partner_name"


# Eurostat relational view ---------------------------------------------------------------


@pytest.mark.parametrize("path", EU_ANNUAL, ids=lambda p: p.name)
def test_comext_file_keeps_every_record(path, aliases):
    layout = _layout(path)
    frame = layout.parse(path)
    with path.open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    assert dict(frame.schema) == comext_relational.SCHEMA
    assert frame.height == len(records)
    assert frame["value_eur"].to_list() == [float(r["VALUE_IN_EUR"]) for r in records]
    assert frame["trade_year"].n_unique() == 1
    publisher = layout.alias_publisher
    for column in ("reporter_name", "partner_name"):
        iso3 = map_to_iso3(frame, column, publisher, path, aliases)
        assert iso3.null_count() == 0
    assert set(map_to_iso3(frame, "reporter_name", publisher, path, aliases)) == {"EUU"}


def test_comext_covers_2010_to_2023_once_each():
    years = [_layout(p).parse(p)["trade_year"][0] for p in EU_ANNUAL]
    assert sorted(years) == list(range(2010, 2024))


def test_comext_french_labels_map_through_their_own_aliases(aliases):
    frame = comext_relational_fr.FORMAT.parse(EU_2016_FR)
    assert comext_relational_fr.FORMAT.alias_publisher == "eurostat_fr"
    iso3 = map_to_iso3(frame, "partner_name", "eurostat_fr", EU_2016_FR, aliases)
    mapped = dict(zip(frame["partner_name"], iso3, strict=True))
    # "Guinea" is Guinea-Bissau in the French download (EUR 126m; Guinea is "Guinée")
    assert (mapped["Guinea"], mapped["Guinée"]) == ("GNB", "GIN")
    assert aliases[("eurostat", "Guinea")] == "GIN"
    assert mapped["Kazakhstan"] == "KAZ" and mapped["Biélorussie (Belarus)"] == "BLR"
    assert set(frame["flow"]) == {"exports"}


def test_comext_file_in_the_other_language_is_refused():
    error = _raises(EU_2016_FR, comext_relational.parse, 2, "REPORTER")
    assert "Union européenne" in error.reason
    _raises(EU_2018, comext_relational_fr.FORMAT.parse, 2, "REPORTER")


def test_comext_values_match_provenance():
    frame = comext_relational.parse(EU_2023)
    assert _one(frame, partner_name="Kazakhstan")["value_eur"] == 12_110_101_395
    assert _one(frame, partner_name="Turkmenistan")["value_eur"] == 667_128_727


def test_comext_both_period_formats_give_the_year():
    new = _one(comext_relational.parse(EU_2023), partner_name="Kazakhstan")
    old = _one(comext_relational.parse(EU_2018), partner_name="Kazakhstan")
    assert (new["period_label"], new["trade_year"]) == ("202352-Jan.-Dec. 2023", 2023)
    assert (old["period_label"], old["trade_year"]) == ("Jan.-Dec. 2018", 2018)
    assert new["flow"] == old["flow"] == "exports"


def test_comext_aggregates_map_to_aggregate_codes(aliases):
    countries = load_countries().filter(pl.col("is_aggregate"))
    flagged = set(countries["iso3"])
    assert aliases[("eurostat", "Extra-EU27 (from 2020)")] == "XUX" in flagged
    assert aliases[("eurostat_fr", "Extra-UE27 (à partir de 2020)")] == "XUX"
    assert aliases[("eurostat", "Intra-EU27 (from 2020)")] == "XUI" in flagged
    assert aliases[("eurostat", "High seas")] in flagged
    assert aliases[("eurostat", "American Samoa")] == "ASM" not in flagged


def test_comext_missing_period_column_is_refused(tmp_path):
    path = drop_column(EU_2023, tmp_path / EU_2023.name, "PERIOD")
    _raises(path, comext_relational.parse, 1, "PERIOD")


def test_comext_shifted_header_is_refused(tmp_path):
    head, records = read_records(EU_2023)
    path = write_records(tmp_path / EU_2023.name, head, [[""] * 7, *records])
    with pytest.raises(SourceError) as caught:
        comext_relational.parse(path)
    assert caught.value.row == 1 and caught.value.field == "REPORTER"


@pytest.mark.parametrize(
    ("value", "reason"),
    [("Jan.-Jun. 2023", "neither"), ("2023M01", "neither"), ("202252-Jan.-Dec. 2023", "two")],
)
def test_comext_period_of_neither_format_is_refused(tmp_path, value, reason):
    path = set_cell(EU_2023, tmp_path / EU_2023.name, 5, "PERIOD", value)
    error = _raises(path, comext_relational.parse, 5, "PERIOD")
    assert reason in error.reason and value in error.reason


def test_comext_text_in_value_is_refused(tmp_path):
    path = set_cell(EU_2018, tmp_path / EU_2018.name, 9, "VALUE_IN_EUR", "12 kEUR")
    _raises(path, comext_relational.parse, 9, "VALUE_IN_EUR")


def test_comext_unknown_partner_names_file_row_and_field(tmp_path, aliases):
    path = set_cell(EU_2023, tmp_path / EU_2023.name, 4, "PARTNER", "Narnia")
    frame = comext_relational.parse(path)
    with pytest.raises(SourceError) as caught:
        map_to_iso3(frame, "partner_name", "eurostat", path, aliases)
    assert "Narnia" in caught.value.reason
    assert (caught.value.row, caught.value.field) == (4, "partner_name")


# Eurostat spreadsheet extraction ---------------------------------------------------------


def test_spreadsheet_values_match_the_cells(monthly):
    book = openpyxl.load_workbook(EU_MONTHLY, read_only=True, data_only=True)
    try:
        expected = book["Sheet 3"]["C16"].value, book["Sheet 4"]["AL200"].value
    finally:
        book.close()
    first = _one(
        monthly, sheet="Sheet 3", reporter_name="Austria", partner_name="Kazakhstan",
        trade_year=2020, trade_month=1,
    )  # fmt: skip
    assert (first["value_eur"], first["cell"]) == (expected[0], "C16")
    assert (first["flow"], first["product_code"]) == ("imports", "TOTAL")
    assert expected[1] == ":"  # 2022-12: not available
    last = _one(monthly, sheet="Sheet 4", cell="AL200")
    assert last["value_eur"] is None and last["partner_name"] == "Uzbekistan"


def test_spreadsheet_keeps_every_cell_and_2022_is_partial(monthly, aliases):
    assert dict(monthly.schema) == comext_spreadsheet.SCHEMA
    assert monthly.height == 4 * 27 * 7 * 36  # sheets x reporters x partners x months
    assert set(monthly["product_code"]) == {"TOTAL", "27"}
    december = monthly.filter((pl.col("trade_year") == 2022) & (pl.col("trade_month") == 12))
    assert december["value_eur"].null_count() == december.height > 0
    november = monthly.filter((pl.col("trade_year") == 2022) & (pl.col("trade_month") == 11))
    assert november["value_eur"].null_count() < november.height
    for column in ("reporter_name", "partner_name"):
        map_to_iso3(monthly, column, comext_spreadsheet.FORMAT.alias_publisher, EU_MONTHLY, aliases)


def _sheet_variant(tmp_path: Path, change) -> Path:
    book = openpyxl.load_workbook(EU_MONTHLY)
    change(book["Sheet 3"])
    out = tmp_path / EU_MONTHLY.name
    book.save(out)
    return out


def test_spreadsheet_month_label_of_another_format_is_refused(tmp_path):
    def relabel(ws):
        ws["E9"] = "2020M03"

    error = _raises(_sheet_variant(tmp_path, relabel), comext_spreadsheet.parse, 9, "TIME")
    assert "2020M03" in error.reason


def test_spreadsheet_shifted_header_is_refused(tmp_path):
    _raises(
        _sheet_variant(tmp_path, lambda ws: ws.insert_rows(8)),
        comext_spreadsheet.parse,
        9,
        "TIME",
    )


def test_spreadsheet_text_in_a_number_is_refused(tmp_path):
    def text(ws):
        ws["D20"] = "1 234"

    _raises(_sheet_variant(tmp_path, text), comext_spreadsheet.parse, 20, "Sheet 3!2020-02")


# EUR rates and the WDI world, EU and Turkey totals ---------------------------------------


def test_h10_euro_rates_match_provenance():
    frame = fx_h10.parse(RAW / "macro" / "fx_annual_frb_h10_eur_per_usd.csv")
    assert set(frame["currency"]) == {"EUR"}
    rates = dict(zip(frame["period_year"], frame["rate_per_usd"], strict=True))
    assert (rates[2023], rates[2024], rates[2025]) == (0.9245, 0.9242, 0.8845)
    assert min(rates) == 1999 and frame.height == 27


def test_wdi_world_totals_match_provenance():
    exports = wdi_csv.parse(RAW / "macro" / "wdi_tx_val_mrch_cd_wt_world_eu_tur.csv")
    imports = wdi_csv.parse(RAW / "macro" / "wdi_tm_val_mrch_cd_wt_world_eu_tur.csv")
    assert set(exports["country_iso3"]) == {"WLD", "EUU", "TUR"} and exports.height == 78
    world = pl.col("country_iso3") == "WLD"
    assert _one(exports.filter(world), period_year=2023)["value"] == pytest.approx(
        24.02e12, rel=1e-3
    )
    assert _one(imports.filter(world), period_year=2023)["value"] == pytest.approx(
        24.38e12, rel=1e-3
    )


# Staging in the built warehouse ----------------------------------------------------------


def test_partner_staging_lands_in_the_warehouse(built_warehouse):
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        eu = con.execute(
            "select value_original, value_usd, fx_rate_usd_per_unit, fx_source_id, period, "
            "trade_month, source_kind, currency_original from "
            "staging.stg_eurostat__eu27_exports_annual "
            "where reporter_iso3 = 'EUU' and partner_iso3 = 'KAZ' and trade_year = 2023"
        ).fetchall()
        rus = con.execute(
            "select value_original, value_usd, period, source_kind from "
            "staging.stg_russia_customs__flows where partner_iso3 = 'KAZ' "
            "and flow = 'exports' and trade_year = 2021 and trade_month = 12"
        ).fetchall()
        months_2022 = con.execute(
            "select min(trade_month), max(trade_month), count(*) filter (where trade_month "
            "is null) from staging.stg_eurostat__member_trade_monthly where trade_year = 2022"
        ).fetchone()
        world = con.execute(
            "select value from marts.fct_macro where country_iso3 = 'WLD' "
            "and indicator = 'merch_exports_usd' and period_year = 2023"
        ).fetchall()
        eur = con.execute(
            "select country_iso3, value from marts.fct_macro where currency = 'EUR' "
            "and period_year = 2023"
        ).fetchall()
    assert len(eu) == 1
    value, usd, rate, fx_source, period, month, kind, currency = eu[0]
    assert (value, period, month, kind, currency) == (
        12_110_101_395,
        "2023",
        None,
        "eurostat",
        "EUR",
    )
    assert fx_source == "frb_h10_fx" and rate == pytest.approx(1 / 0.9245)
    assert usd == pytest.approx(12_110_101_395 / 0.9245)
    expected = float(_fcs_cell("Экспорт", "L213"))
    assert rus == [
        (pytest.approx(expected), pytest.approx(expected * 1e6), "2021-12", "partner_customs")
    ]
    assert months_2022 == (1, 11, 0)  # December 2022 was not published: never a full year
    assert world == [(pytest.approx(24.02e12, rel=1e-3),)]
    assert eur == [("EMU", 0.9245)]
