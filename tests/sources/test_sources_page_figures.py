"""The page-figures parser on every real page-figure file, and on broken variants of them."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest

from caetl.errors import SourceError
from caetl.manifest import load_manifest, resolve_files
from caetl.sources import get_format, page_figures
from support import REPO
from support.csv_variants import drop_column, set_cell

RAW = REPO / "raw"
PAGE_FILES = [
    path
    for source in load_manifest(RAW / "manifest.toml")
    if source.parser == "page_figures"
    for path in resolve_files(source, RAW)
]
REMITTANCES = RAW / "remittances" / "remittances_page_figures.csv"


def _records(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_folder_with_page_figures_uses_this_parser():
    folders = {p.parent.name for p in PAGE_FILES}
    assert {"remittances", "investment", "macro", "reference"} <= folders
    assert get_format("page_figures") is page_figures.FORMAT


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.name)
def test_real_file_parses_every_record_unchanged(path):
    frame = page_figures.parse(path)
    records = _records(path)
    assert dict(frame.schema) == page_figures.SCHEMA
    assert frame.height == len(records)
    assert frame["source_row"].to_list() == list(range(2, len(records) + 2))
    assert frame.select(page_figures.FORMAT.key).is_duplicated().sum() == 0
    for got, record in zip(frame.iter_rows(named=True), records, strict=True):
        assert got["indicator"] == record["indicator"]
        assert got["quote"] == (record["quote"] or None)  # quotes stay verbatim
        if record["value"]:
            assert got["value"] == pytest.approx(float(record["value"]))
        else:
            assert got["value"] is None and got["note"]


def test_qualified_units_keep_their_base():
    assert page_figures.unit_base("percent (lower bound)") == "percent"
    assert page_figures.unit_base("SIPRI TIV (millions)") == "SIPRI TIV (millions)"
    frame = pl.concat([page_figures.parse(p) for p in PAGE_FILES])
    assert all(page_figures.unit_base(u) in page_figures.UNITS for u in frame["unit"].unique())


def _error(path: Path) -> SourceError:
    with pytest.raises(SourceError) as caught:
        page_figures.parse(path)
    return caught.value


def test_missing_column_names_file_and_field(tmp_path):
    broken = drop_column(REMITTANCES, tmp_path / "no_unit.csv", "unit")
    error = _error(broken)
    assert error.file == str(broken) and error.field == "unit" and error.row == 1
    assert "missing column" in str(error) and "no_unit.csv" in str(error)


def test_bad_unit_names_row_and_field(tmp_path):
    broken = set_cell(REMITTANCES, tmp_path / "bad_unit.csv", 5, "unit", "USD thousands")
    error = _error(broken)
    assert (error.row, error.field) == (5, "unit")
    assert "'USD thousands'" in str(error)


def test_unknown_iso3_names_row_and_field(tmp_path):
    broken = set_cell(REMITTANCES, tmp_path / "bad_iso3.csv", 7, "counterpart_iso3", "RUX")
    error = _error(broken)
    assert (error.row, error.field) == (7, "counterpart_iso3")
    assert "'RUX'" in str(error)


def test_unknown_code_inside_a_sum_of_partners_is_caught(tmp_path):
    source = RAW / "investment" / "investment_page_figures.csv"
    broken = set_cell(source, tmp_path / "bad_sum.csv", 3, "counterpart_iso3", "USA+XXX")
    assert (_error(broken).row, _error(broken).field) == (3, "counterpart_iso3")


def test_text_in_value_names_row_and_field(tmp_path):
    broken = set_cell(REMITTANCES, tmp_path / "text_value.csv", 10, "value", "about 6.5bn")
    error = _error(broken)
    assert (error.row, error.field) == (10, "value")


def test_blank_value_without_a_note_is_refused(tmp_path):
    stage = set_cell(REMITTANCES, tmp_path / "stage.csv", 4, "value", "")
    broken = set_cell(stage, tmp_path / "blank_value.csv", 4, "note", "")
    assert (_error(broken).row, _error(broken).field) == (4, "value")
