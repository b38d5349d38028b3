"""The statistics offices' own trade tables (Kazakhstan BNS, Kyrgyzstan NSC, Uzbekistan
Statistics Agency): every real file parsed and checked against the figures in
raw/trade/national/PROVENANCE.md, broken variants refused with file, row and field, names
mapped through the one alias table, and the staging models built on the real files."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import openpyxl
import polars as pl
import pytest

from caetl import countries
from caetl.errors import ManifestError, SourceError
from caetl.manifest import load_manifest, resolve_files
from caetl.sources import get_format, kaz_bns_partners, kgz_nsc_partners, uzb_stat_partners
from caetl.sources._excel import read_grid, sheet_names
from support import REPO

RAW = REPO / "raw"
NATIONAL = RAW / "trade" / "national"
BNS_DIR = NATIONAL / "kazakhstan_bns_by_country"
BNS_2023 = BNS_DIR / "Основные показатели внешней торговли по странам_2023.xls"
NSC_DIR = NATIONAL / "kyrgyzstan_nsc"
NSC_EXPORTS = NSC_DIR / "4.03.00.18  Географическое распределение экспорта товаров     ..xlsx"
NSC_IMPORTS = NSC_DIR / "4.03.00.20 Географическое распределение импорта товаров..xlsx"
UZB_DIR = NATIONAL / "uzbekistan_stat"
UZB_EXPORTS = UZB_DIR / "sdmx_data_1105.csv"
UZB_IMPORTS = UZB_DIR / "sdmx_data_1176.csv"
SOURCES = ("kaz_bns_trade_by_country", "kgz_nsc_trade_by_partner", "uzb_stat_trade_by_partner")


def _sources():
    return {s.id: s for s in load_manifest(RAW / "manifest.toml") if s.id in SOURCES}


@pytest.fixture(scope="module")
def bns() -> pl.DataFrame:
    return pl.concat(
        kaz_bns_partners.parse(p).with_columns(file=pl.lit(p.name))
        for p in sorted(BNS_DIR.glob("*.xls"))
    )


@pytest.fixture(scope="module")
def nsc() -> pl.DataFrame:
    return pl.concat(kgz_nsc_partners.parse(p) for p in (NSC_EXPORTS, NSC_IMPORTS))


@pytest.fixture(scope="module")
def uzb() -> pl.DataFrame:
    return pl.concat(uzb_stat_partners.parse(p) for p in (UZB_EXPORTS, UZB_IMPORTS))


def _one(frame: pl.DataFrame, **where) -> float:
    rows = frame.filter(*(pl.col(k) == v for k, v in where.items()))
    assert rows.height == 1, rows
    return rows["value_kusd"][0]


# --- manifest paths ---------------------------------------------------------------------


def test_manifest_keeps_published_names_with_a_double_dot():
    source = _sources()["kgz_nsc_trade_by_partner"]
    files = resolve_files(source, RAW)
    assert [f.name for f in files] == [NSC_EXPORTS.name, NSC_IMPORTS.name]
    assert all(f.name.endswith("..xlsx") for f in files)
    assert NSC_EXPORTS.name.count(" ") > NSC_EXPORTS.name.count("  ")  # spaces kept


def _manifest_with(tmp_path: Path, pattern: str) -> Path:
    manifest = tmp_path / "manifest.toml"
    manifest.write_text(
        "[[source]]\n"
        'id = "x"\nparser = "uzb_stat_partners"\npublisher = "p"\ntitle = "t"\nurl = "u"\n'
        f'licence = "l"\nretrieved = "2026-11-30"\nfiles = ["{pattern}"]\n',
        encoding="utf-8",
    )
    return manifest


@pytest.mark.parametrize("pattern", ["trade/..", "trade/../x.csv", "../x.csv", "a/../../x.csv"])
def test_manifest_refuses_a_parent_directory_component(tmp_path, pattern):
    with pytest.raises(ManifestError, match="leaves raw/"):
        load_manifest(_manifest_with(tmp_path, pattern))


@pytest.mark.parametrize("name", ["x..csv", "товаров..xlsx", "..x.csv", "a...b.csv", "x.."])
def test_manifest_accepts_dots_inside_a_file_name(tmp_path, name):
    raw = tmp_path / "raw"
    (raw / "d").mkdir(parents=True)
    (raw / "d" / name).write_text("x", encoding="utf-8")
    (source,) = load_manifest(_manifest_with(tmp_path, f"d/{name}"))
    assert resolve_files(source, raw) == [raw / "d" / name]


# --- Kazakhstan BNS ---------------------------------------------------------------------


def test_bns_2023_matches_the_published_totals(bns):
    latest = bns.filter((pl.col("year") == 2023) & (pl.col("publication") == "2023"))
    exports = _one(latest, partner_name="Всего", flow="exports")
    imports = _one(latest, partner_name="Всего", flow="imports")
    assert exports == pytest.approx(79_138_754.7, abs=0.05)
    assert imports == pytest.approx(60_412_283.3, abs=0.05)
    assert exports + imports == pytest.approx(139_551_038.0, abs=0.05)
    china = sum(_one(latest, partner_name="Китай", flow=f) for f in ("exports", "imports"))
    russia = sum(_one(latest, partner_name="Россия", flow=f) for f in ("exports", "imports"))
    assert china == pytest.approx(30_055_389.6, abs=0.05)
    assert russia == pytest.approx(27_054_449.6, abs=0.05)
    share = _one(latest, partner_name="Китай", flow="exports")
    assert share / exports * 100 == pytest.approx(
        latest.filter((pl.col("partner_name") == "Китай") & (pl.col("flow") == "exports"))[
            "share_pct"
        ][0],
        abs=1e-4,
    )


def test_bns_every_year_but_the_ends_is_published_twice(bns):
    publications = bns.group_by("year").agg(pl.col("publication").unique().sort()).sort("year")
    assert publications.rows() == [
        (2018, ["2019"]),
        (2019, ["2019", "2020"]),
        (2020, ["2020", "2021"]),
        (2021, ["2021", "2022"]),
        (2022, ["2022", "2023"]),
        (2023, ["2023"]),
    ]
    # the later publication revises: 2019's total moved between the two workbooks
    total_2019 = bns.filter(
        (pl.col("year") == 2019) & (pl.col("partner_name") == "Всего"), pl.col("flow") == "exports"
    )
    assert total_2019.height == 2
    assert bns["month"].null_count() == bns.height
    assert set(bns["sheet"]) >= {"12_2018", "2023"}  # both sheet-name forms


def test_bns_cover_and_methodology_sheets_are_skipped(bns):
    assert "Обложка" in sheet_names(BNS_2023)
    assert set(bns.filter(pl.col("file") == BNS_2023.name)["sheet"]) == {"2022", "2023"}


# --- Kyrgyzstan NSC ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("partner", "year", "value"),
    [
        ("Total", 2021, 5_580_207.282),
        ("Total", 2022, 9_803_159.382),
        ("Total", 2023, 12_351_968.058),
        ("China", 2021, 1_463_823.096),
        ("China", 2022, 4_069_468.372),
        ("China", 2023, 5_353_257.336),
    ],
)
def test_nsc_imports_match_provenance(nsc, partner, year, value):
    got = _one(nsc, partner_name_en=partner, year=year, flow="imports")
    assert got == pytest.approx(value, abs=1e-6)


def test_nsc_footnoted_year_is_preliminary_and_dash_is_null(nsc):
    imports_2023 = nsc.filter((pl.col("flow") == "imports") & (pl.col("year") == 2023))
    assert set(imports_2023["year_label"]) == {"2023 1"}
    assert imports_2023["is_preliminary"].all()
    assert not nsc.filter(pl.col("flow") == "exports")["is_preliminary"].any()
    assert not nsc.filter(pl.col("year") == 2022)["is_preliminary"].any()
    albania = nsc.filter(
        (pl.col("partner_name_en") == "Albania")
        & (pl.col("flow") == "exports")
        & (pl.col("year") == 2022)
    ).row(0, named=True)
    assert albania["value_text"] == "-" and albania["value_kusd"] is None
    assert set(nsc["flow"]) == {"exports", "imports"}
    assert nsc["year"].min() == 1994 and nsc["year"].max() == 2023


# --- Uzbekistan Statistics Agency -------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "values"),
    [
        ("156", (4_923_420.64, 6_427_708.09, 11_339_099.0)),
        ("643", (5_462_244.69, 6_230_693.36, 6_660_632.1)),
    ],
)
def test_uzb_imports_from_china_and_russia(uzb, code, values):
    for year, value in zip((2021, 2022, 2023), values, strict=True):
        got = _one(uzb, partner_code=code, year=year, flow="imports")
        assert got == pytest.approx(value, abs=0.005)


def test_uzb_other_countries_code_zero_is_kept_as_published(uzb):
    other = _one(uzb, partner_code="0", year=2023, flow="exports")
    assert other == pytest.approx(10_352_796.9)  # about $10.4bn, PROVENANCE.md
    assert set(uzb["dataset"]) == {"1105", "1176"}
    assert uzb["year"].min() == 2010 and uzb["year"].max() == 2023


# --- names and codes through the alias table --------------------------------------------

PARSERS = {
    "kaz_bns_trade_by_country": "kaz_bns_partners",
    "kgz_nsc_trade_by_partner": "kgz_nsc_partners",
    "uzb_stat_trade_by_partner": "uzb_stat_partners",
}


@pytest.mark.parametrize("source_id", SOURCES)
def test_every_name_in_every_real_file_maps(source_id):
    source = _sources()[source_id]
    fmt = get_format(source.parser)
    publisher = fmt.alias_publisher
    aliases = countries.load_aliases()
    for path in resolve_files(source, RAW):
        frame = fmt.parse(path)
        for column in fmt.country_columns:
            mapped = countries.map_to_iso3(frame, column, publisher, path, aliases)
            assert mapped.null_count() == frame[column].null_count()


def _aggregate_names(frame: pl.DataFrame, column: str, publisher: str) -> set[str]:
    flags = dict(countries.load_countries().select("iso3", "is_aggregate").iter_rows())
    iso3 = countries.map_to_iso3(frame, column, publisher, "test")
    return {n for n, c in zip(frame[column], iso3, strict=True) if flags[c]}


def test_aggregate_rows_map_to_aggregate_codes(bns, nsc, uzb):
    assert _aggregate_names(bns, "partner_name", "kaz_bns") == {
        "Всего", "Всего в том числе", "Страны СНГ", "Страны ЕАЭС", "Страны вне ЕАЭС",
        "Остальные страны мира", "Европа", "Страны ЕС", "Страны вне ЕС", "Азия", "Африка",
        "Америка", "Австралия и Океания",
    }  # fmt: skip
    assert _aggregate_names(nsc, "partner_name_en", "kgz_nsc") == {
        "Total", "The EU", "CIS", "SCO", "EAEU", "Europe", "Asia", "America", "Africa",
        "Australia and Oceania", "Undefined country", "UN", "European Union (EU)",
        "Channel Islands",
    }  # fmt: skip
    assert _aggregate_names(uzb, "partner_code", "uzb_stat") == {"0"}
    aliases = countries.load_aliases()
    assert aliases[("kaz_bns", "Американское Самоа")] == "ASM"  # a country, not America
    assert aliases[("kaz_bns", "Всего")] == aliases[("kgz_nsc", "Total")] == "WLD"
    assert aliases[("kaz_bns", "Европа")] != aliases[("kgz_nsc", "Европа")]  # CIS in or out
    assert aliases[("uzb_stat", "0")] == "XNY"


# --- broken variants --------------------------------------------------------------------


def _bns_as_xlsx(tmp_path: Path, edit) -> Path:
    """The real 2023 workbook's two year sheets rewritten as xlsx, after `edit(book)`."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in ("2022", "2023"):
        target = book.create_sheet(sheet)
        for row in read_grid(BNS_2023, sheet):
            target.append([_typed(c) for c in row])
    edit(book)
    path = tmp_path / "bns_broken.xlsx"
    book.save(path)
    return path


def _typed(cell: str | None):
    try:
        return float(cell) if cell is not None else None
    except ValueError:
        return cell


def _row_of(sheet, name: str) -> int:
    return next(c.row for c in sheet["A"] if c.value == name)


def test_bns_copy_parses_like_the_original(tmp_path):
    copy = kaz_bns_partners.parse(_bns_as_xlsx(tmp_path, lambda book: None))
    original = kaz_bns_partners.parse(BNS_2023)
    assert copy.drop("sheet").equals(original.drop("sheet"))


def test_bns_shifted_header_names_row_and_column(tmp_path):
    path = _bns_as_xlsx(tmp_path, lambda book: book["2023"].insert_cols(2))
    with pytest.raises(SourceError) as err:
        kaz_bns_partners.parse(path)
    assert err.value.file == str(path) and err.value.row == 4 and err.value.field == "2023!B"


def test_bns_sheet_named_for_no_period(tmp_path):
    def rename(book):
        book["2023"].title = "2023 г."

    path = _bns_as_xlsx(tmp_path, rename)
    with pytest.raises(SourceError, match="neither 'YYYY' nor '12_YYYY'") as err:
        kaz_bns_partners.parse(path)
    assert err.value.field == "2023 г."


def test_bns_missing_flow_column(tmp_path):
    path = _bns_as_xlsx(tmp_path, lambda book: book["2023"].delete_cols(4, 2))
    with pytest.raises(SourceError) as err:
        kaz_bns_partners.parse(path)
    assert err.value.row == 4 and err.value.field == "2023!D"


def test_bns_dash_is_not_a_number_there(tmp_path):
    def dash(book):
        sheet = book["2023"]
        sheet.cell(_row_of(sheet, "Китай"), 4).value = "-"

    path = _bns_as_xlsx(tmp_path, dash)
    with pytest.raises(SourceError) as err:
        kaz_bns_partners.parse(path)
    assert err.value.row == 76 and err.value.field == "2023!Экспорт"


def test_bns_unknown_name_stops_the_load(tmp_path):
    def rename(book):
        sheet = book["2023"]
        sheet.cell(_row_of(sheet, "Китай"), 1).value = "Китайская Республика Марс"

    frame = kaz_bns_partners.parse(_bns_as_xlsx(tmp_path, rename))
    with pytest.raises(SourceError, match="Китайская Республика Марс") as err:
        countries.map_to_iso3(frame, "partner_name", "kaz_bns", "bns_broken.xlsx")
    assert err.value.row == 76 and err.value.field == "partner_name"


def _nsc_copy(tmp_path: Path, edit, source: Path = NSC_IMPORTS) -> Path:
    book = openpyxl.load_workbook(source)
    edit(book.worksheets[0])
    path = tmp_path / "4.03.00.20 broken..xlsx"
    book.save(path)
    return path


def test_nsc_shifted_header_names_row_and_column(tmp_path):
    def shift(sheet):
        sheet.insert_rows(3)  # the years move down a row: now row 4, names start at 5
        sheet.move_range("D4:AG4", cols=1)  # and one column right

    path = _nsc_copy(tmp_path, shift)
    with pytest.raises(SourceError, match="under no year") as err:
        kgz_nsc_partners.parse(path)
    assert err.value.file == str(path) and err.value.row == 5 and err.value.field == "D"


def test_nsc_missing_year_column(tmp_path):
    path = _nsc_copy(tmp_path, lambda sheet: sheet.delete_cols(20))  # 2010
    with pytest.raises(SourceError, match="2010 is missing") as err:
        kgz_nsc_partners.parse(path)
    assert err.value.row == 3 and err.value.field == "2010"


def test_nsc_period_label_of_neither_format(tmp_path):
    def relabel(sheet):
        sheet["AG3"] = "2023*"

    path = _nsc_copy(tmp_path, relabel)
    with pytest.raises(SourceError, match="neither 'YYYY' nor 'YYYY n'") as err:
        kgz_nsc_partners.parse(path)
    assert err.value.row == 3 and err.value.field == "AG"


def test_nsc_dash_is_a_null_value_not_an_error(tmp_path):
    def dash(sheet):
        sheet["AG82"] = "-"  # China 2023

    frame = kgz_nsc_partners.parse(_nsc_copy(tmp_path, dash))
    china = frame.filter((pl.col("partner_name_en") == "China") & (pl.col("year") == 2023))
    assert china["value_kusd"].to_list() == [None] and china["value_text"].to_list() == ["-"]


def test_nsc_text_value_names_row_and_year(tmp_path):
    def text(sheet):
        sheet["AG82"] = "n/a"

    with pytest.raises(SourceError) as err:
        kgz_nsc_partners.parse(_nsc_copy(tmp_path, text))
    assert err.value.row == 82 and err.value.field == "2023 1"


def test_nsc_unknown_name_stops_the_load(tmp_path):
    def rename(sheet):
        sheet["B82"] = "Кытайстан"

    frame = kgz_nsc_partners.parse(_nsc_copy(tmp_path, rename))
    with pytest.raises(SourceError, match="Кытайстан") as err:
        countries.map_to_iso3(frame, "partner_name_ru", "kgz_nsc", "broken")
    assert err.value.row == 82 and err.value.field == "partner_name_ru"


def _uzb_copy(tmp_path: Path, edit, name: str = "sdmx_data_1176.csv") -> Path:
    lines = UZB_IMPORTS.read_text(encoding="utf-8-sig").splitlines()
    path = tmp_path / name
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
    return path


def test_uzb_shifted_header(tmp_path):
    path = _uzb_copy(tmp_path, lambda lines: ["," + lines[0], *lines[1:]])  # one column right
    with pytest.raises(SourceError, match="should be 'Code', found ''") as err:
        uzb_stat_partners.parse(path)
    assert err.value.file == str(path) and err.value.row == 1 and err.value.field == "column 1"


def test_uzb_missing_year_column(tmp_path):
    def drop_2015(lines):
        return [",".join(c for i, c in enumerate(line.split(",")) if i != 9) for line in lines]

    assert UZB_IMPORTS.read_text(encoding="utf-8-sig").split(",")[9] == "2015"
    with pytest.raises(SourceError, match="2015 is missing") as err:
        uzb_stat_partners.parse(_uzb_copy(tmp_path, drop_2015))
    assert err.value.row == 1 and err.value.field == "2015"


def test_uzb_period_label_of_neither_format(tmp_path):
    def relabel(lines):
        return [lines[0].replace(",2023", ",2023M12"), *lines[1:]]

    with pytest.raises(SourceError, match="not a year") as err:
        uzb_stat_partners.parse(_uzb_copy(tmp_path, relabel))
    assert err.value.row == 1 and err.value.field == "2023M12"


def test_uzb_dash_is_not_its_marker(tmp_path):
    def dash(lines):
        return [lines[0], *(line.rsplit(",", 1)[0] + ",-" for line in lines[1:3]), *lines[3:]]

    with pytest.raises(SourceError) as err:
        uzb_stat_partners.parse(_uzb_copy(tmp_path, dash))
    assert err.value.row == 2 and err.value.field == "2023"


def test_uzb_unknown_code_and_unknown_dataset(tmp_path):
    def recode(lines):
        return [
            lines[0],
            *(("999" + line[3:]) if line.startswith("156,") else line for line in lines[1:]),
        ]  # noqa: E501

    frame = uzb_stat_partners.parse(_uzb_copy(tmp_path, recode))
    with pytest.raises(SourceError, match="'999'") as err:
        countries.map_to_iso3(frame, "partner_code", "uzb_stat", "broken")
    assert err.value.row == 48 and err.value.field == "partner_code"
    with pytest.raises(SourceError, match="no known dataset") as err:
        uzb_stat_partners.parse(_uzb_copy(tmp_path, lambda lines: lines, "sdmx_data_9999.csv"))
    assert err.value.field == "file"


# --- staging on the real files ----------------------------------------------------------

MODELS = [
    "stg_national_trade__kaz_bns_flows",
    "stg_national_trade__kgz_nsc_flows",
    "stg_national_trade__uzb_stat_flows",
]


@pytest.fixture(scope="module")
def staged(module_tmp) -> Path:
    """raw/ and dbt_project/ copied, the three sources loaded through the quality gates,
    then the staging models (with their seeds and tests) built by dbt."""
    from caetl.build import run_dbt
    from caetl.load import load_sources
    from caetl.quality.gates import Gates, Previous

    home = module_tmp.mktemp("national")
    shutil.copytree(RAW, home / "raw")
    shutil.copytree(
        REPO / "dbt_project",
        home / "dbt_project",
        ignore=shutil.ignore_patterns("target", "logs", ".user.yml"),
    )
    warehouse = home / "w.duckdb"
    sources = [s for s in load_manifest(home / "raw" / "manifest.toml") if s.id in SOURCES]
    with duckdb.connect(str(warehouse)) as con:
        gates = Gates(home / "dbt_project" / "seeds", Previous())
        result = load_sources(con, sources, home / "raw", "L1", gates=gates)
    assert [s.rejected for s in result.sources] == [0, 0, 0]
    select = [f"+{m}" for m in MODELS] + ["assert_national_trade_names_agree", "countries"]
    outcome = run_dbt(
        ["build", "--select", *select, "--indirect-selection", "buildable"],
        home / "dbt_project",
        warehouse,
        home / "work",
    )
    assert outcome.failures == []
    return warehouse


def _query(warehouse: Path, sql: str, params: tuple = ()) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params).fetchall()


# The trade staging contract (macros/trade_flow_columns.sql): the union over every trade
# staging model selects these, in this order.
CONTRACT = [
    "reporter_iso3", "partner_iso3", "period", "trade_year", "trade_month", "flow",
    "value_usd", "value_original", "currency_original", "unit_original",
    "fx_rate_usd_per_unit", "fx_source_id", "is_estimate", "source_kind", "source_id",
    "source_file", "source_row", "publication", "is_latest_publication",
]  # fmt: skip


def test_staging_has_the_contract_columns_in_order(staged):
    macro = (REPO / "dbt_project" / "macros" / "trade_flow_columns.sql").read_text()
    assert all(column in macro for column in CONTRACT)
    for model in MODELS:
        columns = _query(
            staged,
            "select column_name from information_schema.columns "
            "where table_name = ? order by ordinal_position",
            (model,),
        )
        assert [c for (c,) in columns][: len(CONTRACT)] == CONTRACT


def test_staging_values_and_publications(staged):
    kaz = _query(
        staged,
        "select publication, is_latest_publication, sum(value_usd) "
        "from staging.stg_national_trade__kaz_bns_flows "
        "where partner_iso3 = 'CHN' and trade_year = 2022 group by all order by 1",
    )
    assert [(p, latest) for p, latest, _ in kaz] == [("2022", False), ("2023", True)]
    china_2023 = _query(
        staged,
        "select sum(value_usd) from staging.stg_national_trade__kaz_bns_flows "
        "where partner_iso3 = 'CHN' and trade_year = 2023 and is_latest_publication",
    )[0][0]
    assert china_2023 == pytest.approx(30_055_389.6e3, abs=100)
    kgz = _query(
        staged,
        "select value_usd, is_estimate, source_kind from staging.stg_national_trade__kgz_nsc_flows "
        "where partner_iso3 = 'WLD' and flow = 'imports' and trade_year = 2023",
    )
    assert kgz == [(pytest.approx(12_351_968.058e3), True, "national_statistics")]
    uzb = dict(
        _query(
            staged,
            "select partner_iso3, value_original "
            "from staging.stg_national_trade__uzb_stat_flows where flow = 'imports' "
            "and trade_year = 2023 and partner_iso3 in ('CHN', 'XNY', 'WLD')",
        )
    )
    assert uzb["CHN"] == pytest.approx(11_339_099.0)
    assert uzb["WLD"] > uzb["CHN"] + uzb["XNY"]
    aggregates = _query(
        staged,
        "select distinct s.partner_iso3 from staging.stg_national_trade__kaz_bns_flows as s "
        "join staging.countries as c on s.partner_iso3 = c.iso3 where c.is_aggregate order by 1",
    )
    assert [a for (a,) in aggregates] == [
        "EUU", "WLD", "XNC", "XNE", "XNI", "XNJ", "XNM", "XNN", "XNO", "XNQ", "XNR", "XNX",
    ]  # fmt: skip


def test_unknown_name_stops_the_load_naming_file_row_and_field(tmp_path):
    """Through the loader and its quality gates, as a refresh runs them: nothing lands."""
    from caetl.load import load_sources
    from caetl.manifest import Source
    from caetl.quality.gates import Gates, Previous

    raw = tmp_path / "raw"
    raw.mkdir()
    book = openpyxl.load_workbook(NSC_IMPORTS)
    book.worksheets[0]["C82"] = "Cathay"  # China's English name
    book.save(raw / NSC_IMPORTS.name)
    source = Source(
        "kgz_nsc_trade_by_partner", "kgz_nsc_partners", "NSC", "t", "u", "l", "2026-11-30",
        (NSC_IMPORTS.name,),
    )  # fmt: skip
    with duckdb.connect() as con:
        gates = Gates(REPO / "dbt_project" / "seeds", Previous())
        with pytest.raises(SourceError, match="'Cathay'") as err:
            load_sources(con, [source], raw, "L1", gates=gates)
        landed = con.execute(
            "select count(*) from information_schema.tables "
            "where table_name = 'kgz_nsc_trade_by_partner'"
        ).fetchone()
    assert err.value.file.endswith(NSC_IMPORTS.name)
    assert err.value.row == 82 and err.value.field == "partner_name_en"
    assert landed == (0,)
