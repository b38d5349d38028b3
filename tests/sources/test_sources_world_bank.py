"""World Bank indicator CSVs, the R WDI panel and the Federal Reserve H.10 rates: the real
files, values checked against the cells and against PROVENANCE.md, and broken variants."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from caetl.errors import SourceError
from caetl.sources import fx_h10, wdi_csv, wdi_panel
from support import REPO
from support.csv_variants import drop_column, set_cell

RAW = REPO / "raw"
WDI_FILES = sorted(RAW.glob("*/wdi_*.csv")) + [
    RAW / "macro" / "fx_annual_wdi_pa_nus_fcrf_lcu_per_usd.csv",
    RAW / "macro" / "wb_gdp_current_usd_central_asia.csv",
    RAW / "macro" / "wb_population_central_asia.csv",
]
WDI_FILES = [p for p in WDI_FILES if p.name != "wdi_remittances_pct_gdp_uzb_kgz_tjk_2009_2024.csv"]
PANEL = RAW / "remittances" / "wdi_remittances_pct_gdp_uzb_kgz_tjk_2009_2024.csv"
H10 = RAW / "macro" / "fx_annual_frb_h10_cny_per_usd.csv"
WDI_FX = RAW / "macro" / "fx_annual_wdi_pa_nus_fcrf_lcu_per_usd.csv"


def _records(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("path", WDI_FILES, ids=lambda p: p.name)
def test_wdi_file_keeps_every_record(path):
    frame = wdi_csv.parse(path)
    records = _records(path)
    assert dict(frame.schema) == wdi_csv.SCHEMA
    assert frame.height == len(records)
    first, last = frame.row(0, named=True), frame.row(-1, named=True)
    assert first["value"] == pytest.approx(float(records[0]["Value"]))
    assert last["country_iso3"] == records[-1]["Country Code"]
    assert set(frame["file_name"]) == {path.name}


def _value(frame, iso3: str, year: int) -> float:
    row = frame.filter((frame["country_iso3"] == iso3) & (frame["period_year"] == year))
    assert row.height == 1
    return row["value"][0]


def test_wdi_values_match_provenance():
    fx = wdi_csv.parse(WDI_FX)
    assert _value(fx, "CHN", 2013) == pytest.approx(6.19576, abs=1e-5)
    assert _value(fx, "CHN", 2024) == pytest.approx(7.19749, abs=1e-5)
    gdp = wdi_csv.parse(RAW / "macro" / "wdi_ny_gdp_mktp_cd_gdp_current_usd.csv")
    assert _value(gdp, "UZB", 2024) == pytest.approx(121.36e9, rel=1e-3)


def test_h10_rates_match_provenance():
    frame = fx_h10.parse(H10)
    assert dict(frame.schema) == fx_h10.SCHEMA
    assert frame.height == len(_records(H10))
    rates = dict(zip(frame["period_year"], frame["rate_per_usd"], strict=True))
    assert rates[2013] == pytest.approx(6.1478) and rates[2024] == pytest.approx(7.1957)
    assert set(frame["currency"]) == {"CNY"}


def test_panel_is_unpivoted_one_row_per_series():
    frame = wdi_panel.parse(PANEL)
    records = _records(PANEL)
    filled = sum(1 for r in records for c in ("remit_gdp", "rus_gdp_growth", "rub_depr") if r[c])
    assert frame.height == filled
    uzb = frame.filter(
        (frame["country_iso3"] == "UZB")
        & (frame["period_year"] == 2022)
        & (frame["series"] == "remit_gdp")
    )
    assert uzb["value"].to_list() == [pytest.approx(17.22)]  # PROVENANCE.md: 17.22 for 2022


@pytest.mark.parametrize(
    ("parse", "source", "column"),
    [
        (wdi_csv.parse, WDI_FX, "Country Code"),
        (wdi_panel.parse, PANEL, "year"),
        (fx_h10.parse, H10, "Exchange rate"),
    ],
)
def test_missing_column(tmp_path, parse, source, column):
    broken = drop_column(source, tmp_path / f"no_col_{source.name}", column)
    with pytest.raises(SourceError) as caught:
        parse(broken)
    assert caught.value.field == column and caught.value.file == str(broken)


def test_unknown_iso3_in_wdi(tmp_path):
    broken = set_cell(WDI_FX, tmp_path / "bad_iso3.csv", 12, "Country Code", "CHX")
    with pytest.raises(SourceError) as caught:
        wdi_csv.parse(broken)
    assert (caught.value.row, caught.value.field) == (12, "Country Code")


def test_text_in_wdi_value(tmp_path):
    broken = set_cell(WDI_FX, tmp_path / "text.csv", 20, "Value", "n/a")
    with pytest.raises(SourceError) as caught:
        wdi_csv.parse(broken)
    assert (caught.value.row, caught.value.field) == (20, "Value")


def test_unknown_iso3_in_panel(tmp_path):
    broken = set_cell(PANEL, tmp_path / "bad_iso3.csv", 9, "iso3c", "KGX")
    with pytest.raises(SourceError) as caught:
        wdi_panel.parse(broken)
    assert (caught.value.row, caught.value.field) == (9, "iso3c")


def test_h10_country_without_a_known_currency(tmp_path):
    broken = set_cell(H10, tmp_path / "other_country.csv", 3, "Country", "Kazakhstan")
    with pytest.raises(SourceError) as caught:
        fx_h10.parse(broken)
    assert (caught.value.row, caught.value.field) == (3, "Country")


def test_h10_rate_must_be_positive(tmp_path):
    broken = set_cell(H10, tmp_path / "zero.csv", 30, "Exchange rate", "0")
    with pytest.raises(SourceError) as caught:
        fx_h10.parse(broken)
    assert (caught.value.row, caught.value.field) == (30, "Exchange rate")
