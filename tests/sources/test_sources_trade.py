"""The trade parsers on the real published files, checked against the cells themselves."""

from __future__ import annotations

import openpyxl
import polars as pl
import pytest

from caetl.errors import SourceError
from caetl.sources import imf_dots, kaz_monthly, kaz_panel, trade_page_figures
from support import REPO

RAW = REPO / "raw" / "trade"
KAZ_WORKBOOK = RAW / "imf_dots_xlsx" / "DOTS_103.xlsx"


@pytest.fixture(scope="module")
def kaz_dots() -> pl.DataFrame:
    return imf_dots.parse(KAZ_WORKBOOK)


@pytest.fixture(scope="module")
def kaz_cells() -> dict[str, list[tuple]]:
    """Both sheets of the Kazakhstan workbook read independently with openpyxl."""
    book = openpyxl.load_workbook(KAZ_WORKBOOK, read_only=True, data_only=True)
    sheets = {name: list(book[name].iter_rows(values_only=True)) for name in imf_dots.SHEETS}
    book.close()
    return sheets


def _cell(cells, sheet: str, partner: str, year: int):
    rows = cells[sheet]
    years = rows[6]  # row 7 holds the years
    column = next(i for i, label in enumerate(years) if label and int(float(label)) == year)
    matches = [r for r in rows[8:] if r[1] == partner]  # the real rows, after the stray one
    assert len(matches) == 1
    return matches[0][column]


@pytest.mark.parametrize(
    ("sheet", "partner", "year"),
    [
        ("Exports, FOB", "China, P.R.: Mainland", 2020),
        ("Imports, CIF", "Russian Federation", 2015),
        ("Exports, FOB", "World", 2000),
        ("Imports, CIF", "United States", 2019),
    ],
)
def test_dots_values_match_the_workbook_cells(kaz_dots, kaz_cells, sheet, partner, year):
    expected = float(_cell(kaz_cells, sheet, partner, year))
    got = kaz_dots.filter(
        (pl.col("sheet") == sheet) & (pl.col("partner_name") == partner) & (pl.col("year") == year)
    )
    assert got.height == 1
    assert got["value_musd"][0] == pytest.approx(expected, rel=1e-12)
    assert got["reporter_name"][0] == "Kazakhstan, Rep. of"
    assert got["flow"][0] == imf_dots.SHEETS[sheet]


def test_dots_estimate_flag_becomes_a_column(kaz_dots, kaz_cells):
    text = _cell(kaz_cells, "Exports, FOB", "Austria", 1992)
    assert text == "3.81 e"
    row = kaz_dots.filter(
        (pl.col("flow") == "exports")
        & (pl.col("partner_name") == "Austria")
        & (pl.col("year") == 1992)
    ).row(0, named=True)
    assert row["value_musd"] == 3.81
    assert row["is_estimate"] is True
    assert row["value_text"] == "3.81 e"
    later = kaz_dots.filter((pl.col("partner_name") == "Austria") & (pl.col("year") == 2015))
    assert not later["is_estimate"].any()


def test_dots_text_with_thousands_separator():
    frame = imf_dots.parse(RAW / "imf_dots_xlsx" / "DOTS_100.xlsx")
    row = frame.filter(
        (pl.col("flow") == "imports")
        & (pl.col("partner_name") == "United States")
        & (pl.col("year") == 1992)
    ).row(0, named=True)
    assert row["value_text"] == "1,032.13 e"
    assert row["value_musd"] == pytest.approx(1032.13)
    assert row["is_estimate"] is True


def test_dots_stray_first_row_dropped_real_row_kept(kaz_dots, kaz_cells):
    rows = kaz_cells["Exports, FOB"]
    assert rows[7][1] == "Australia" and rows[8][1] == "World"  # the stray copy sits at row 8
    australia = kaz_dots.filter(
        (pl.col("partner_name") == "Australia") & (pl.col("flow") == "exports")
    )
    assert australia["source_row"].unique().to_list() != [8]
    assert australia.filter(pl.col("year") == 2020).height == 1
    assert australia.filter(pl.col("year") == 2020)["value_musd"][0] == pytest.approx(
        float(_cell(kaz_cells, "Exports, FOB", "Australia", 2020))
    )
    keys = kaz_dots.select("partner_name", "flow", "year")
    assert keys.is_duplicated().sum() == 0


def test_dots_text_in_numeric_cell_names_file_row_and_field(tmp_path):
    book = openpyxl.load_workbook(KAZ_WORKBOOK)
    book["Imports, CIF"]["C12"] = "n/a"
    broken = tmp_path / "DOTS_broken.xlsx"
    book.save(broken)
    with pytest.raises(SourceError) as err:
        imf_dots.parse(broken)
    assert err.value.file == str(broken)
    assert err.value.row == 12
    assert err.value.field == "Imports, CIF!1992"


def test_dots_missing_sheet_is_named(tmp_path):
    book = openpyxl.load_workbook(KAZ_WORKBOOK)
    del book["Imports, CIF"]
    broken = tmp_path / "DOTS_one_sheet.xlsx"
    book.save(broken)
    with pytest.raises(SourceError, match="Imports, CIF"):
        imf_dots.parse(broken)


def test_kaz_panel_values_in_usd_millions():
    frame = kaz_panel.parse(RAW / "kaz_gravity_panel_extract.csv")
    assert frame.height == 234
    china_2024 = frame.filter((pl.col("partner_iso3") == "CHN") & (pl.col("year") == 2024))
    total = china_2024["exports_musd"][0] + china_2024["imports_musd"][0]
    assert total == pytest.approx(30157.6, abs=0.5)  # 30.16 bn, PROVENANCE.md
    russia_2010 = frame.filter((pl.col("partner_iso3") == "RUS") & (pl.col("year") == 2010))
    assert russia_2010["exports_musd"][0] is None  # the WITS gap stays a gap


def test_kaz_monthly_sums_to_the_published_2024_totals():
    exports = kaz_monthly.parse(RAW / "kaz_bns_monthly" / "exports.csv")
    imports = kaz_monthly.parse(RAW / "kaz_bns_monthly" / "imports.csv")
    assert exports.height == imports.height == 90

    def year_sum(frame):
        return frame.filter(pl.col("month_start").dt.year() == 2024)["value_kusd"].sum() / 1e6

    assert year_sum(exports) == pytest.approx(81.67, abs=0.01)
    assert year_sum(imports) == pytest.approx(60.40, abs=0.01)


def test_kaz_monthly_rejects_a_file_named_for_no_flow(tmp_path):
    wrong = tmp_path / "totals.csv"
    wrong.write_text("date,value,transformation\n2024-01-01,1,level\n")
    with pytest.raises(SourceError, match="exports.csv or imports.csv"):
        kaz_monthly.parse(wrong)


def test_page_figures_keep_units_and_part_year_periods():
    frame = trade_page_figures.parse(RAW / "figures_from_pages.csv")
    assert frame.height == 80
    assert set(frame["unit"]) == {"USD", "CNY", "percent"}
    cny = frame.filter(
        (pl.col("unit") == "CNY")
        & (pl.col("partner_iso3") == "CA5")
        & (pl.col("period") != "2025M01-M05")
    )
    assert {2013, 2024} <= set(cny["year"].to_list())
    assert "2025M01-M05" in frame["period"].to_list()


@pytest.mark.parametrize(
    ("column", "bad", "field"),
    [("unit", "EUR", "unit"), ("period", "2025-H1", "period"), ("value", "12 bn", "value")],
)
def test_page_figures_bad_cell_names_row_and_field(tmp_path, column, bad, field):
    frame = pl.read_csv(RAW / "figures_from_pages.csv", infer_schema_length=0)
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) == 4)
        .then(pl.lit(bad))
        .otherwise(pl.col(column))
        .alias(column)
    )
    broken = tmp_path / "figures.csv"
    frame.write_csv(broken)
    with pytest.raises(SourceError) as err:
        trade_page_figures.parse(broken)
    assert (err.value.row, err.value.field) == (6, field)  # record 5 is line 6 after the header
