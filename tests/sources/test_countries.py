"""The one country-name -> ISO3 mapping: seeds, caetl.countries, coverage of every raw name."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl
import pytest

from caetl.countries import (
    load_aliases,
    load_countries,
    map_to_iso3,
    unmapped_names,
)
from caetl.errors import SourceError
from caetl.manifest import load_manifest, resolve_files
from caetl.paths import Paths
from caetl.sources import get_format
from caetl.sources.imf_dots import parse as parse_dots

PATHS = Paths.default()
DOTS_DIR = PATHS.raw / "trade" / "imf_dots_xlsx"
KNOWN_ISO3 = set(
    pl.read_csv(PATHS.home / "dbt_project" / "seeds" / "countries.csv", columns=["iso3"])["iso3"]
)


@pytest.fixture(scope="module")
def aliases() -> dict[tuple[str, str], str]:
    return load_aliases()


@pytest.fixture(scope="module")
def countries() -> pl.DataFrame:
    return load_countries()


@pytest.fixture(scope="module")
def dots_names() -> dict[Path, pl.DataFrame]:
    """Reporter and partner names of every DOTS workbook, with their first source row."""
    names = {}
    for path in sorted(DOTS_DIR.glob("*.xlsx")):
        frame = parse_dots(path)
        names[path] = frame.group_by("reporter_name", "partner_name").agg(
            pl.col("source_row").min()
        )
    return names


@pytest.mark.slow
def test_every_dots_name_maps(dots_names, aliases):
    assert len(dots_names) == 235
    for path, frame in dots_names.items():
        for column in ("reporter_name", "partner_name"):
            iso3 = map_to_iso3(frame, column, "imf", path, aliases)
            assert iso3.null_count() == 0, (path, column)


@pytest.mark.slow
def test_dots_reporters_named_in_provenance(dots_names, aliases):
    # From raw/trade/PROVENANCE.md; DOTS_143 and DOTS_144 are both Nicaragua.
    expected = {
        "DOTS_103.xlsx": "KAZ", "DOTS_109.xlsx": "KGZ", "DOTS_192.xlsx": "TJK",
        "DOTS_201.xlsx": "TKM", "DOTS_210.xlsx": "UZB", "DOTS_40.xlsx": "CHN",
        "DOTS_162.xlsx": "RUS", "DOTS_208.xlsx": "USA", "DOTS_77.xlsx": "DEU",
        "DOTS_200.xlsx": "TUR", "DOTS_143.xlsx": "NIC", "DOTS_144.xlsx": "NIC",
    }  # fmt: skip
    for name, iso3 in expected.items():
        frame = dots_names[DOTS_DIR / name]
        assert set(map_to_iso3(frame, "reporter_name", "imf", name, aliases)) == {iso3}


def test_country_columns_of_every_other_source_map(aliases):
    """Every value of a format's country_columns maps; multi-code cells of the ISO3-like
    columns split on ; and + (as the loader's gate does: publisher names keep them, e.g.
    Eurostat's "Kiribati (incl. Solomon Islands 'SB', Tuvalu 'TV' -> 1979; incl. ...)")."""
    checked = 0
    for source in load_manifest(PATHS.manifest):
        if source.parser == "imf_dots":  # the slow tests above cover it
            continue
        fmt = get_format(source.parser)
        publisher = fmt.alias_publisher
        for path in resolve_files(source, PATHS.raw):
            frame = fmt.parse(path)
            for column in fmt.country_columns:
                codes = frame.select(column, fmt.source_row_column)
                if publisher == "iso3":
                    codes = (
                        codes.with_columns(pl.col(column).str.split(";"))
                        .explode(column)
                        .with_columns(pl.col(column).str.split("+"))
                        .explode(column)
                    )
                mapped = map_to_iso3(codes, column, publisher, path, aliases, fmt.source_row_column)
                given = codes[column].str.strip_chars()
                named = given.is_not_null() & (given != "")
                assert mapped.len() == codes.height, (path, column)
                # Every named cell maps to a known code, blank cells stay blank.
                assert mapped.filter(named).null_count() == 0, (path, column)
                assert mapped.filter(~named).null_count() == (~named).sum(), (path, column)
                assert set(mapped.drop_nulls()) <= KNOWN_ISO3, (path, column)
                if publisher == "iso3":  # a code that is already ISO3 maps to itself
                    own = named & given.is_in(list(KNOWN_ISO3))
                    assert own.sum() > 0, (path, column)
                    assert mapped.filter(own).to_list() == given.filter(own).to_list()
                checked += named.sum()
    assert checked > 1000


@pytest.mark.parametrize(
    ("publisher", "name", "iso3"),
    [
        ("imf", "China, P.R.: Mainland", "CHN"),
        ("imf", "China, P.R.: Hong Kong", "HKG"),
        ("imf", "China, P.R.: Macao", "MAC"),
        ("imf", "Kyrgyz Rep.", "KGZ"),
        ("imf", "Kazakhstan, Rep. of", "KAZ"),
        ("imf", "Tajikistan, Rep. of", "TJK"),
        ("imf", "Uzbekistan, Rep. of", "UZB"),
        ("imf", "Taiwan Province of China", "TWN"),
        ("imf", "Kosovo, Rep. of", "XKX"),
        ("imf", "Korea, Rep. of", "KOR"),
        ("imf", "Korea, Dem. People's Rep. of", "PRK"),
        ("imf", "Congo, Rep. of", "COG"),
        ("imf", "Congo, Dem. Rep. of the", "COD"),
        ("imf", "Yemen, Rep. of", "YEM"),
        ("imf", "World", "WLD"),
        ("imf", "Euro Area", "EMU"),
        ("imf", "European Union", "EUU"),
        ("imf", "USSR", "SUN"),
        ("imf", "Eastern Germany", "DDR"),
        ("comtrade", "W00", "WLD"),
        ("comtrade", "China, Hong Kong SAR", "HKG"),
        ("comtrade", "Türkiye", "TUR"),
        ("sipri", "Russia", "RUS"),
        ("sipri", "Turkiye", "TUR"),
        ("wb", "Kyrgyz Republic", "KGZ"),
        ("iso3", "C5", "CA5"),
        ("iso3", "CA5", "CA5"),
    ],
)
def test_known_names(publisher, name, iso3, aliases):
    assert aliases[(publisher, name)] == iso3


def test_padded_code_maps_after_trimming(aliases):
    frame = pl.DataFrame({"partner_iso": ["X1 ", " _X "], "source_row": [2, 3]})
    iso3 = map_to_iso3(frame, "partner_iso", "comtrade", "f.csv", aliases)
    assert iso3.to_list() == ["XBK", "XCX"]


def _flagged(countries: pl.DataFrame, flag: str) -> set[str]:
    return set(countries.filter(pl.col(flag))["iso3"])


def test_ca5_flags_exactly_the_five(countries):
    assert _flagged(countries, "is_ca5") == {"KAZ", "KGZ", "TJK", "TKM", "UZB"}


def test_aggregates_flagged(countries):
    aggregates = _flagged(countries, "is_aggregate")
    assert {"WLD", "EUU", "EMU", "CA5", "XAD", "XEA", "XSS", "XFU"} <= aggregates
    assert not {"KAZ", "CHN", "RUS", "USA", "TWN", "XKX", "SUN"} & aggregates
    assert aggregates.isdisjoint(_flagged(countries, "is_historic"))


def test_historic_flagged(countries):
    historic = {"SUN", "YUG", "CSK", "DDR", "SCG", "ANT", "BLX", "YMD", "XSC"}
    assert historic <= _flagged(countries, "is_historic")
    assert not {"RUS", "SRB", "CZE", "DEU", "YEM"} & _flagged(countries, "is_historic")


def test_seed_keys(countries, aliases):
    assert countries["iso3"].is_unique().all()
    assert countries["iso3"].str.contains(r"^[A-Z0-9_]{3}$").all()
    assert set(aliases.values()) <= set(countries["iso3"])


def test_unknown_name_raises_with_file_name_row_and_field(aliases):
    frame = pl.DataFrame(
        {"partner_name": ["Kyrgyz Rep.", None, "Atlantis", "Narnia"], "source_row": [8, 9, 10, 11]}
    )
    with pytest.raises(SourceError) as caught:
        map_to_iso3(frame, "partner_name", "imf", Path("DOTS_999.xlsx"), aliases)
    error = caught.value
    assert error.file == "DOTS_999.xlsx"
    assert error.row == 10
    assert error.field == "partner_name"
    assert "'Atlantis'" in str(error)


def test_unmapped_names_lists_all_and_nulls_pass(aliases):
    frame = pl.DataFrame(
        {"name": ["Narnia", "Kyrgyz Rep.", None, "Narnia", "Atlantis"], "row": [1, 2, 3, 4, 5]}
    )
    missing = unmapped_names(frame, "name", "imf", aliases, row_column="row")
    assert missing.rows() == [("Narnia", 1, 2), ("Atlantis", 5, 1)]


def test_map_keeps_every_row_in_order_and_nulls_stay_null(aliases):
    frame = pl.DataFrame({"name": ["Kyrgyz Rep.", None, " World ", ""], "source_row": [4, 5, 6, 7]})
    mapped = map_to_iso3(frame, "name", "imf", "f.xlsx", aliases)
    assert mapped.name == "name_iso3"
    assert mapped.to_list() == ["KGZ", None, "WLD", None]


IMF_CODELIST = PATHS.raw / "reference" / "imf_cl_country_codelist.json"


def _imf_sdmx_codes() -> list[str]:
    """Every code of the recorded IMF SDMX codelist CL_COUNTRY (the `text` holds SDMX-JSON)."""
    message = json.loads(json.loads(IMF_CODELIST.read_text(encoding="utf-8"))["text"])
    (codelist,) = message["data"]["codelists"]
    return [code["id"] for code in codelist["codes"]]


def test_imf_sdmx_parser_uses_its_own_publisher():
    assert get_format("imf_sdmx").alias_publisher == "imf_sdmx"


def test_every_imf_sdmx_code_maps(aliases, countries):
    codes = _imf_sdmx_codes()
    assert len(codes) == 337
    frame = pl.DataFrame({"counterpart_country": codes, "source_row": range(1, len(codes) + 1)})
    iso3 = map_to_iso3(frame, "counterpart_country", "imf_sdmx", IMF_CODELIST, aliases)
    assert iso3.null_count() == 0
    assert set(iso3) <= set(countries["iso3"])
    # Group codes (G..., U...) are aggregates, never a partner country.
    groups = {i for c, i in zip(codes, iso3, strict=True) if not re.fullmatch(r"[A-Z]{3}", c)}
    assert len(groups) >= 70
    assert groups <= _flagged(countries, "is_aggregate")


@pytest.mark.parametrize(
    ("code", "iso3"),
    [
        ("G001", "WLD"),
        ("KAZ", "KAZ"),
        ("KGZ", "KGZ"),
        ("UZB", "UZB"),
        ("CHN", "CHN"),
        ("KOS", "XKX"),
        ("WBG", "PSE"),
        ("SUN", "SUN"),
        ("G998", "EUU"),
        ("G163", "EMU"),
        ("G110", "XAD"),
        ("G603", "XSS"),
        ("U143", "CA5"),
    ],
)
def test_imf_sdmx_known_codes(code, iso3, aliases):
    assert aliases[("imf_sdmx", code)] == iso3


def test_unknown_imf_sdmx_code_raises_naming_it(aliases):
    frame = pl.DataFrame(
        {"country": ["KAZ", "G001", "G99999", "TJK"], "source_row": [1, 2, 3, 4]},
    )
    with pytest.raises(SourceError) as caught:
        map_to_iso3(frame, "country", get_format("imf_sdmx").alias_publisher, "imts.json", aliases)
    assert "'G99999'" in str(caught.value)
    assert caught.value.row == 3
    assert caught.value.field == "country"
