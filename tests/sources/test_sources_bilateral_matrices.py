"""IMF CDIS Table 6-o (host x investor positions) and the World Bank/KNOMAD bilateral
remittance matrix (sender x receiver): every real workbook, values checked against the
PROVENANCE notes and an independent openpyxl read, and broken variants naming file, row
and field."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from caetl.errors import SourceError
from caetl.manifest import load_manifest
from caetl.quality.gates import Gates, Previous
from caetl.sources import imf_cdis, knomad_brm
from caetl.sources._matrix import column_letter
from support import REPO

ROOT = REPO
RAW = ROOT / "raw"
SEEDS = ROOT / "dbt_project" / "seeds"
CDIS_DIR = RAW / "investment" / "imf_cdis_table6o"
CDIS_FILES = sorted(CDIS_DIR.glob("CDIS_Table_6_Direct_Investment_Position_*.xlsx"))
CDIS_2022 = CDIS_DIR / "CDIS_Table_6_Direct_Investment_Position_2022.xlsx"
BRM_DIR = RAW / "remittances" / "knomad_bilateral"
BRM_2021 = BRM_DIR / "bilateral_remittance_matrix_2021_0.xlsx"
BRM_2017 = BRM_DIR / "WB_Bilateral_Remittance_Estimates_2017.xlsx"
CA5_IMF = {
    "Kazakhstan, Rep. of": "KAZ",
    "Kyrgyz Rep.": "KGZ",
    "Tajikistan, Rep. of": "TJK",
    "Turkmenistan": "TKM",
    "Uzbekistan, Rep. of": "UZB",
}
CHINA, US, RUSSIA = "China, P.R.: Mainland", "United States", "Russian Federation"


@cache
def _published(path: Path) -> pl.DataFrame:
    """A shipped workbook parsed once per session (variants are parsed afresh)."""
    return (imf_cdis if path.parent == CDIS_DIR else knomad_brm).parse(path)


def _cell(frame: pl.DataFrame, **where) -> dict:
    rows = frame.filter(*[pl.col(k) == v for k, v in where.items()])
    assert rows.height == 1, where
    return rows.row(0, named=True)


def _source(source_id: str):
    return next(s for s in load_manifest(RAW / "manifest.toml") if s.id == source_id)


def _check_countries(source_id: str, fmt, frame: pl.DataFrame, file: Path) -> None:
    Gates(SEEDS, Previous()).check_countries(_source(source_id), fmt, frame, str(file))


def _variant(src: Path, tmp_path: Path, sheet: str, edit) -> Path:
    book = openpyxl.load_workbook(src)
    edit(book[sheet])
    out = tmp_path / src.name
    book.save(out)
    return out


# ---- CDIS ---------------------------------------------------------------------------


def test_cdis_has_one_workbook_per_year_2009_2022():
    years = [int(re.search(r"_(\d{4})\.xlsx$", p.name).group(1)) for p in CDIS_FILES]
    assert years == list(range(2009, 2023))


@pytest.mark.parametrize("path", CDIS_FILES, ids=lambda p: p.stem[-4:])
def test_cdis_every_workbook_matches_an_independent_read(path: Path):
    frame = _published(path)
    assert dict(frame.schema) == imf_cdis.SCHEMA
    year = int(path.stem[-4:])
    assert frame["year"].unique().to_list() == [year]
    # every host row of the five, every published cell, as openpyxl reads the sheet
    sheet = openpyxl.load_workbook(path, read_only=True)[imf_cdis.SHEET]
    grid = list(sheet.iter_rows(values_only=True))
    header = grid[imf_cdis.HEADER_ROW - 1]
    assert header[0] == imf_cdis.HEADER
    checked = 0
    for excel_row, cells in enumerate(grid, start=1):
        if cells[0] not in CA5_IMF:
            continue
        for col, published in enumerate(cells[1:], start=1):
            if published is None or str(published).strip() == "":
                continue
            row = _cell(frame, source_row=excel_row, source_column=column_letter(col))
            assert (row["host_name"], row["investor_name"]) == (cells[0], header[col].strip())
            if str(published).strip() == "C":
                assert row["position_musd"] is None and row["value_status"] == "confidential"
            else:
                # calamine renders tiny cells to about 1e-10 million: a dollar is ample
                assert row["position_musd"] == pytest.approx(float(published), abs=1e-6)
            checked += 1
    assert checked > 50
    # every name maps through the IMF aliases (Total Investment -> XCR)
    _check_countries("imf_cdis_positions", imf_cdis.FORMAT, frame, path)


def test_cdis_2022_values_from_provenance():
    frame = _published(CDIS_2022)
    china = {
        "Kazakhstan, Rep. of": 6978.69,
        "Uzbekistan, Rep. of": 4508.13,
        "Kyrgyz Rep.": 1537.01,
        "Tajikistan, Rep. of": 1892.89,
        "Turkmenistan": 225.24,
    }
    for host, value in china.items():
        row = _cell(frame, host_name=host, investor_name=CHINA)
        assert row["position_musd"] == pytest.approx(value, abs=0.005)
        assert row["value_status"] == "reported"
    for host, value in {"Kyrgyz Rep.": 62, "Tajikistan, Rep. of": 122, "Turkmenistan": 51}.items():
        assert _cell(frame, host_name=host, investor_name=US)["position_musd"] == pytest.approx(
            value, abs=0.5
        )
    us_kaz = _cell(frame, host_name="Kazakhstan, Rep. of", investor_name=US)
    assert us_kaz["position_musd"] is None
    assert (us_kaz["value_status"], us_kaz["value_text"]) == ("confidential", "C")
    # Russia reports nothing for 2022: blank cells are no rows
    assert frame.filter(
        (pl.col("investor_name") == RUSSIA) & pl.col("host_name").is_in(list(CA5_IMF))
    ).is_empty()
    total = _cell(frame, host_name="Kazakhstan, Rep. of", investor_name="Total Investment")
    assert total["is_reporters_total"] and total["position_musd"] > 6978.69


def test_cdis_china_reports_from_2018_and_us_is_confidential_in_kazakhstan_from_2013():
    frames = pl.concat([_published(p) for p in CDIS_FILES])
    china_years = frames.filter(
        (pl.col("investor_name") == CHINA)
        & (pl.col("host_name") == "Kazakhstan, Rep. of")
        & pl.col("position_musd").is_not_null()
    )["year"]
    assert china_years.min() == 2018
    us_kaz = frames.filter(
        (pl.col("investor_name") == US) & (pl.col("host_name") == "Kazakhstan, Rep. of")
    )
    confidential = us_kaz.filter(pl.col("value_status") == "confidential")["year"].to_list()
    assert set(range(2013, 2023)) <= set(confidential)
    assert frames["value_status"].is_in(["confidential"]).sum() > 1000
    assert (frames["position_musd"] < 0).any()  # negative positions are kept as published


def test_cdis_a_c_where_a_number_was_becomes_null_and_confidential(tmp_path):
    frame = _published(CDIS_2022)
    china_kaz = _cell(frame, host_name="Kazakhstan, Rep. of", investor_name=CHINA)
    row, col = china_kaz["source_row"], china_kaz["source_column"]

    def edit(sheet):
        sheet[f"{col}{row}"] = "C"

    variant = imf_cdis.parse(_variant(CDIS_2022, tmp_path, imf_cdis.SHEET, edit))
    changed = _cell(variant, host_name="Kazakhstan, Rep. of", investor_name=CHINA)
    assert changed["position_musd"] is None and changed["value_status"] == "confidential"
    assert (changed["source_row"], changed["source_column"]) == (row, col)
    assert variant.height == frame.height


def test_cdis_missing_header_row_names_file_row_and_field(tmp_path):
    path = _variant(CDIS_2022, tmp_path, imf_cdis.SHEET, lambda s: s.delete_rows(4))
    with pytest.raises(SourceError, match="missing header row") as caught:
        imf_cdis.parse(path)
    assert (caught.value.file, caught.value.row, caught.value.field) == (str(path), 4, "A")


def test_cdis_text_in_a_position_names_file_row_and_column(tmp_path):
    frame = _published(CDIS_2022)
    us_kgz = _cell(frame, host_name="Kyrgyz Rep.", investor_name=US)

    def edit(sheet):
        sheet[f"{us_kgz['source_column']}{us_kgz['source_row']}"] = "n/a"

    path = _variant(CDIS_2022, tmp_path, imf_cdis.SHEET, edit)
    with pytest.raises(SourceError) as caught:
        imf_cdis.parse(path)
    assert caught.value.row == us_kgz["source_row"]
    assert caught.value.field == f"{us_kgz['source_column']} (United States)"


def test_cdis_unmapped_investor_names_the_header_row(tmp_path):
    frame = _published(CDIS_2022)
    column = _cell(frame, host_name="Kyrgyz Rep.", investor_name=US)["source_column"]

    def edit(sheet):
        sheet[f"{column}4"] = "United States of Atlantis"

    path = _variant(CDIS_2022, tmp_path, imf_cdis.SHEET, edit)
    variant = imf_cdis.parse(path)
    with pytest.raises(SourceError, match="United States of Atlantis") as caught:
        _check_countries("imf_cdis_positions", imf_cdis.FORMAT, variant, path)
    assert (caught.value.row, caught.value.field) == (4, "investor_name")


# ---- KNOMAD bilateral remittance matrix -----------------------------------------------


def test_brm_2021_values_from_provenance_and_an_independent_read():
    frame = _published(BRM_2021)
    assert dict(frame.schema) == knomad_brm.SCHEMA
    assert frame["sheet"].unique().to_list() == ["FINAL BRM 2021 "]  # trailing space kept
    assert frame["edition"].unique().to_list() == ["December 2022"]
    expected = {
        ("Russian Federation", "Uzbekistan"): 9197.53,
        ("Russian Federation", "Tajikistan"): 2306.76,
        ("Russian Federation", "Kyrgyz Republic"): 2017.52,
        ("Russian Federation", "Kazakhstan"): 184.20,
        ("Germany", "Kyrgyz Republic"): 383.78,
    }
    sheet = openpyxl.load_workbook(BRM_2021, read_only=True)["FINAL BRM 2021 "]
    grid = list(sheet.iter_rows(values_only=True))
    for (sender, receiver), value in expected.items():
        row = _cell(frame, sender_name=sender, receiver_name=receiver, year=2021)
        assert row["value_musd"] == pytest.approx(value, abs=0.005)
        cells = grid[row["source_row"] - 1]
        col = openpyxl.utils.column_index_from_string(row["source_column"]) - 1
        assert cells[0] == sender and grid[1][col] == receiver
        assert float(cells[col]) == pytest.approx(row["value_musd"])
    tkm = _cell(frame, sender_name="WORLD", receiver_name="Turkmenistan")
    assert tkm["is_total"] and tkm["value_musd"] == pytest.approx(1.15, abs=0.005)
    # the model assigns Uzbekistan's whole inflow to Russia
    uzb_total = _cell(frame, sender_name="WORLD", receiver_name="Uzbekistan")["value_musd"]
    assert uzb_total == pytest.approx(9197.53, abs=0.01)
    assert (
        frame.filter(
            (pl.col("sender_name") == "China") & pl.col("receiver_name").is_in(["Kazakhstan"])
        )
        .filter(pl.col("value_musd") > 0)
        .is_empty()
    )
    _check_countries("knomad_bilateral_remittances", knomad_brm.FORMAT, frame, BRM_2021)


def test_brm_2017_reads_only_the_publishers_sheet():
    assert "remshare" in openpyxl.load_workbook(BRM_2017, read_only=True).sheetnames
    frame = _published(BRM_2017)
    assert frame["sheet"].unique().to_list() == ["Bilateral_Remittances_2017"]
    assert frame["year"].unique().to_list() == [2017]
    # every cell of the Uzbekistan column as openpyxl reads it
    sheet = openpyxl.load_workbook(BRM_2017, read_only=True)["Bilateral_Remittances_2017"]
    grid = list(sheet.iter_rows(values_only=True))
    col = list(grid[1]).index("Uzbekistan")
    uzb = frame.filter(pl.col("receiver_name") == "Uzbekistan").sort("source_row")
    published = [
        (r, cells[0], cells[col])
        for r, cells in enumerate(grid, start=1)
        if r > 2 and cells[0] and cells[col] is not None
    ]
    assert uzb.height == len(published)
    for row, (r, sender, value) in zip(uzb.iter_rows(named=True), published, strict=True):
        assert (row["source_row"], row["sender_name"]) == (r, sender)
        assert row["value_musd"] == pytest.approx(float(value), abs=1e-6)
    # '-' corridors (India-Pakistan, Israel-Lebanon) are kept as not estimated
    not_estimated = frame.filter(pl.col("value_status") == "not_estimated")
    assert not_estimated.height == 4 and not_estimated["value_musd"].null_count() == 4
    _check_countries("knomad_bilateral_remittances", knomad_brm.FORMAT, frame, BRM_2017)


def test_brm_missing_header_row_names_file_row_and_field(tmp_path):
    path = _variant(BRM_2021, tmp_path, "FINAL BRM 2021 ", lambda s: s.delete_rows(2))
    with pytest.raises(SourceError, match="missing header row") as caught:
        knomad_brm.parse(path)
    assert (caught.value.file, caught.value.row, caught.value.field) == (str(path), 2, "A")


def test_brm_unmapped_receiving_country_names_file_header_row_and_field(tmp_path):
    def edit(sheet):
        for cell in sheet[2]:
            if cell.value == "Uzbekistan":
                cell.value = "Uzbekistan (Greater)"

    path = _variant(BRM_2021, tmp_path, "FINAL BRM 2021 ", edit)
    frame = knomad_brm.parse(path)
    with pytest.raises(SourceError, match=re.escape("Uzbekistan (Greater)")) as caught:
        _check_countries("knomad_bilateral_remittances", knomad_brm.FORMAT, frame, path)
    assert (caught.value.file, caught.value.row, caught.value.field) == (
        str(path),
        2,
        "receiver_name",
    )


def test_brm_a_c_is_not_a_published_marker_here(tmp_path):
    row = _cell(_published(BRM_2021), sender_name="Russian Federation", receiver_name="Uzbekistan")

    def edit(sheet):
        sheet[f"{row['source_column']}{row['source_row']}"] = "C"

    path = _variant(BRM_2021, tmp_path, "FINAL BRM 2021 ", edit)
    with pytest.raises(SourceError, match="not a number|neither a number") as caught:
        knomad_brm.parse(path)
    assert caught.value.row == row["source_row"]
    assert caught.value.field == f"{row['source_column']} (Uzbekistan)"


def test_brm_without_the_publishers_sheet_is_refused(tmp_path):
    book = openpyxl.load_workbook(BRM_2017)
    del book["Bilateral_Remittances_2017"]
    path = tmp_path / BRM_2017.name
    book.save(path)
    with pytest.raises(SourceError, match="one publisher sheet") as caught:
        knomad_brm.parse(path)
    assert caught.value.field == "sheet"
