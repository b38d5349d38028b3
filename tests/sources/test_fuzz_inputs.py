"""Property tests: every file format caetl reads, mutated the ways files really break.

Each real file below (a DOTS workbook, one file of every CSV layout, each API answer) is
mutated by Hypothesis: cut short, bytes flipped, NUL bytes inserted, re-encoded, a column
or a row dropped or doubled, a number swapped for text, a header's case changed (and the
JSON equivalents: a key dropped, renamed or doubled, a value turned to text, NaN). Parsing
the result must give the format's exact typed schema or raise SourceError naming the file;
any other exception is a defect. Examples are derandomized, so CI sees the same cases;
the ones that found defects are kept as plain tests at the bottom of this file.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caetl.errors import SourceError
from caetl.paths import Paths
from caetl.sources import get_format
from caetl.sources.base import check_schema
from support.fetch import comtradr, go_vcr, imfp

REPO = Paths.default()
RAW = REPO.raw
EXAMPLES = 20
"""Per base file: 19 files -> ~400 parses, one to two minutes on two busy cores."""
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CASES_RUN: list[str] = []
"""One entry per mutated file parsed (printed at the end of the module)."""


def _api_answer(text: str) -> bytes:
    return text.encode("utf-8")


def _wb_body() -> bytes:
    return go_vcr(
        "wbdata-go_IndicatorValues_ListByCountryIDs.yaml", "indicators/NY.GDP.MKTP.CD?format=json"
    ).body


def _legacy_comtrade() -> bytes:
    """The legacy Comtrade CSV layout: the header and first 60 records of a real file."""
    lines = (RAW / "trade/comtrade/legacy_chn_sitc4/comtrade_0.csv").read_bytes().splitlines(True)
    return b"".join(lines[:61])


COMTRADE_JSON = "comtradeapi_get_C_A_HS_CHN_ARG-DEU_TOTAL_2010.json"
NATIONAL = RAW / "trade" / "national"
BNS_2023 = next((NATIONAL / "kazakhstan_bns_by_country").glob("*_2023.xls"))
NSC_IMPORTS = next((NATIONAL / "kyrgyzstan_nsc").glob("4.03.00.20 *.xlsx"))
EUROSTAT = RAW / "trade" / "eurostat"
COMEXT_EN = EUROSTAT / "eu27_exports_annual" / "Relational_View_2024-11-17T08_31_12.748Z.csv"
COMEXT_FR = EUROSTAT / "eu27_exports_annual" / "Relational_View_2024-11-25T10_45_38.711Z.csv"
COMEXT_XLSX = EUROSTAT / "eu_member_trade_monthly" / "eu_total_trade_4630244_spreadsheet.xlsx"
CDIS_2022 = (
    RAW / "investment" / "imf_cdis_table6o" / "CDIS_Table_6_Direct_Investment_Position_2022.xlsx"
)
KNOMAD_2021 = RAW / "remittances" / "knomad_bilateral" / "bilateral_remittance_matrix_2021_0.xlsx"
# (case id, parser, file name to write, kind, text encoding, the real bytes)
BASES: list[tuple[str, str, str, str, str, Callable[[], bytes]]] = [
    ("dots_xlsx", "imf_dots", "DOTS_174.xlsx", "xlsx", "",
     lambda: (RAW / "trade/imf_dots_xlsx/DOTS_174.xlsx").read_bytes()),
    ("kaz_panel", "kaz_panel", "kaz_gravity_panel_extract.csv", "csv", "utf-8",
     lambda: (RAW / "trade/kaz_gravity_panel_extract.csv").read_bytes()),
    ("kaz_monthly", "kaz_monthly", "exports.csv", "csv", "utf-8",
     lambda: (RAW / "trade/kaz_bns_monthly/exports.csv").read_bytes()),
    ("trade_page_figures", "trade_page_figures", "figures_from_pages.csv", "csv", "utf-8",
     lambda: (RAW / "trade/figures_from_pages.csv").read_bytes()),
    ("page_figures", "page_figures", "page_figures.csv", "csv", "utf-8",
     lambda: (RAW / "remittances/wb_brief_russia_share_page_figures.csv").read_bytes()),
    ("wdi_csv", "wdi_csv", "wdi.csv", "csv", "utf-8",
     lambda: (RAW / "remittances/wdi_bx_trf_pwkr_cd_dt_remittances_received_usd.csv").read_bytes()),
    ("wdi_panel", "wdi_panel", "panel.csv", "csv", "utf-8",
     lambda: (RAW / "remittances/wdi_remittances_pct_gdp_uzb_kgz_tjk_2009_2024.csv").read_bytes()),
    ("fx_h10", "fx_h10", "fx.csv", "csv", "utf-8",
     lambda: (RAW / "macro/fx_annual_frb_h10_cny_per_usd.csv").read_bytes()),
    ("aiddata", "aiddata_gcdf_country", "aiddata.csv", "csv", "utf-8",
     lambda: (RAW / "investment/aiddata_gcdf3_country_commitments_2000_2021.csv").read_bytes()),
    ("deals", "deals", "deals.csv", "csv", "utf-8",
     lambda: (RAW / "deals/deals_2025.csv").read_bytes()),
    ("memberships", "memberships", "memberships.csv", "csv", "utf-8",
     lambda: (RAW / "reference/memberships.csv").read_bytes()),
    ("sipri", "sipri_register", "sipri.csv", "csv", "utf-8",
     lambda: (RAW / "reference/sipri_trade_register_central_asia_2000_2023.csv").read_bytes()),
    ("claims", "claims", "claims.csv", "csv", "utf-8",
     lambda: (RAW / "claims/article_claims.csv").read_bytes()),
    ("comtrade_plus_csv", "comtrade", "TradeData_THA.csv", "csv", "latin-1",
     lambda: (RAW / "trade/comtrade/TradeData_THA_imports_HS8542_2014-2024.csv").read_bytes()),
    ("comtrade_legacy_csv", "comtrade", "comtrade_0.csv", "csv", "utf-8", _legacy_comtrade),
    ("comtrade_json_file", "comtrade", "comtradeapi_get.json", "json", "utf-8",
     lambda: (RAW / "trade/comtrade" / COMTRADE_JSON).read_bytes()),
    ("comtrade_api_answer", "comtrade", "response-0001.json", "json", "utf-8",
     lambda: comtradr("comtradr_data_v1_get_C_A_HS-5e2730.response.json").body),
    ("worldbank_api_answer", "worldbank_api", "response-0001.json", "json", "utf-8", _wb_body),
    ("imf_sdmx_api_answer", "imf_sdmx", "response-0001.json", "json", "utf-8",
     lambda: imfp("imfp_v3_data_WHDREO_GX1213.BCA_GDP_BP6.A.json").body),
    ("kaz_bns_xls", "kaz_bns_partners", BNS_2023.name, "binary", "",
     lambda: BNS_2023.read_bytes()),
    ("kgz_nsc_xlsx", "kgz_nsc_partners", NSC_IMPORTS.name, "xlsx", "",
     lambda: NSC_IMPORTS.read_bytes()),
    ("uzb_stat_csv", "uzb_stat_partners", "sdmx_data_1176.csv", "csv", "utf-8",
     lambda: (RAW / "trade/national/uzbekistan_stat/sdmx_data_1176.csv").read_bytes()),
    ("russia_fcs_xlsx", "russia_fcs", "96stran.xlsx", "xlsx", "",
     lambda: (RAW / "trade/national/russia_fcs/96stran.xlsx").read_bytes()),
    ("comext_csv", "comext_relational", COMEXT_EN.name, "csv", "utf-8",
     lambda: COMEXT_EN.read_bytes()),
    ("comext_fr_csv", "comext_relational_fr", COMEXT_FR.name, "csv", "utf-8",
     lambda: COMEXT_FR.read_bytes()),
    ("comext_xlsx", "comext_spreadsheet", COMEXT_XLSX.name, "binary", "",
     lambda: COMEXT_XLSX.read_bytes()),
    ("cdis_xlsx", "imf_cdis_table6o", CDIS_2022.name, "binary", "",
     lambda: CDIS_2022.read_bytes()),
    ("knomad_xlsx", "knomad_brm", KNOMAD_2021.name, "binary", "",
     lambda: KNOMAD_2021.read_bytes()),
]  # fmt: skip


# ---- mutations: each takes the bytes (and Hypothesis' data) and returns new bytes --------


def _truncate(raw: bytes, data) -> bytes:
    return raw[: data.draw(st.integers(0, max(0, len(raw) - 1)), label="cut at")]


def _flip(raw: bytes, data) -> bytes:
    out = bytearray(raw)
    for _ in range(data.draw(st.integers(1, 8), label="flips")):
        i = data.draw(st.integers(0, len(out) - 1), label="at")
        out[i] ^= data.draw(st.integers(1, 255), label="xor")
    return bytes(out)


def _nul(raw: bytes, data) -> bytes:
    i = data.draw(st.integers(0, len(raw)), label="at")
    return raw[:i] + b"\0" * data.draw(st.integers(1, 4), label="NULs") + raw[i:]


def _reencode(raw: bytes, data, encoding: str) -> bytes:
    target = data.draw(st.sampled_from(["utf-16", "utf-8-sig", "cp1251", "latin-1", "utf-32"]))
    text = raw.decode(encoding)
    return text.encode(target, errors="replace")


BYTE_OPS = ["truncate", "flip", "nul"]
CSV_OPS = ["drop_column", "dup_column", "drop_row", "dup_row", "number_to_text", "header_case"]
JSON_OPS = ["drop_key", "dup_item", "number_to_text", "key_case", "nan"]
XLSX_OPS = ["drop_column", "dup_row", "drop_row", "number_to_text", "header_case"]


def _csv_edit(raw: bytes, data, encoding: str, op: str) -> bytes:
    text = raw.decode(encoding)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    width = max(len(r) for r in rows)
    if op in ("drop_column", "dup_column"):
        j = data.draw(st.integers(0, width - 1), label="column")
        for r in rows:
            if j < len(r):
                r[j : j + 1] = [] if op == "drop_column" else [r[j], r[j]]
    elif op in ("drop_row", "dup_row"):
        i = data.draw(st.integers(0, len(rows) - 1), label="row")
        rows[i : i + 1] = [] if op == "drop_row" else [rows[i], list(rows[i])]
    elif op == "number_to_text":
        cells = [(i, j) for i, r in enumerate(rows) for j, c in enumerate(r) if _numeric(c)]
        if cells:
            i, j = data.draw(st.sampled_from(cells), label="cell")
            rows[i][j] = data.draw(st.sampled_from(["n/a", "12,3.4", "1e", "--", "∞", "NaN"]))
    elif op == "header_case":
        j = data.draw(st.integers(0, len(rows[0]) - 1), label="column")
        rows[0][j] = data.draw(st.sampled_from([str.upper, str.lower, str.title]))(rows[0][j])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


def _numeric(cell: str) -> bool:
    try:
        float(cell.replace(",", ""))
    except ValueError:
        return False
    return True


def _json_nodes(node, path=()):
    yield path, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _json_nodes(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _json_nodes(v, (*path, i))


def _json_edit(raw: bytes, data, op: str) -> bytes:
    doc = json.loads(raw)
    nodes = list(_json_nodes(doc))
    if op in ("drop_key", "key_case"):
        dicts = [n for _, n in nodes if isinstance(n, dict) and n]
        if dicts:
            target = data.draw(st.sampled_from(dicts), label="object")
            key = data.draw(st.sampled_from(sorted(target)), label="key")
            value = target.pop(key)
            if op == "key_case":
                target[key.upper() if key != key.upper() else key.lower()] = value
    elif op == "dup_item":
        lists = [n for _, n in nodes if isinstance(n, list) and n]
        if lists:
            target = data.draw(st.sampled_from(lists), label="list")
            i = data.draw(st.integers(0, len(target) - 1), label="item")
            target.insert(i, json.loads(json.dumps(target[i])))
    else:
        places = [
            (parent, key)
            for _, parent in nodes
            if isinstance(parent, dict | list)
            for key in (parent if isinstance(parent, dict) else range(len(parent)))
            if isinstance(parent[key], int | float) and not isinstance(parent[key], bool)
        ]
        if places:
            parent, key = data.draw(st.sampled_from(places), label="number")
            parent[key] = (
                float("nan")
                if op == "nan"
                else data.draw(st.sampled_from(["n/a", "1,234", "", "Infinity"]), label="text")
            )
    return json.dumps(doc).encode("utf-8")


def _xlsx_edit(raw: bytes, data, op: str) -> bytes:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(raw))
    sheet = book.worksheets[data.draw(st.integers(0, len(book.worksheets) - 1), label="sheet")]
    rows, cols = sheet.max_row, sheet.max_column
    if op == "drop_column":
        sheet.delete_cols(data.draw(st.integers(1, cols), label="column"))
    elif op == "drop_row":
        sheet.delete_rows(data.draw(st.integers(1, rows), label="row"))
    elif op == "dup_row":
        i = data.draw(st.integers(1, rows), label="row")
        values = [c.value for c in sheet[i]]
        sheet.insert_rows(i + 1)
        for j, v in enumerate(values, start=1):
            sheet.cell(i + 1, j, v)
    elif op == "number_to_text":
        cells = [c for r in sheet.iter_rows() for c in r if isinstance(c.value, int | float)]
        if cells:
            cell = data.draw(st.sampled_from(cells), label="cell")
            cell.value = data.draw(st.sampled_from(["n/a", "1,2,3", "--", "NaN"]), label="text")
    elif op == "header_case":
        cells = [c for r in sheet.iter_rows(max_row=8) for c in r if isinstance(c.value, str)]
        if cells:
            cell = data.draw(st.sampled_from(cells), label="cell")
            cell.value = (
                cell.value.upper() if cell.value != cell.value.upper() else cell.value.lower()
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def mutate(raw: bytes, kind: str, encoding: str, data) -> tuple[str, bytes]:
    ops = BYTE_OPS + (["reencode"] if encoding else [])
    # Large or legacy (.xls) workbooks get the byte-level mutations only.
    ops += {"csv": CSV_OPS, "json": JSON_OPS, "xlsx": XLSX_OPS, "binary": []}[kind]
    op = data.draw(st.sampled_from(ops), label="mutation")
    if op == "truncate":
        return op, _truncate(raw, data)
    if op == "flip":
        return op, _flip(raw, data)
    if op == "nul":
        return op, _nul(raw, data)
    if op == "reencode":
        return op, _reencode(raw, data, encoding)
    if kind == "csv":
        return op, _csv_edit(raw, data, encoding, op)
    if kind == "json":
        return op, _json_edit(raw, data, op)
    return op, _xlsx_edit(raw, data, op)


def parse_or_refuse(parser: str, path: Path) -> str:
    """'parsed' with the exact schema, or 'refused' with a SourceError naming `path`."""
    fmt = get_format(parser)
    CASES_RUN.append(parser)
    try:
        frame = check_schema(fmt, fmt.parse(path), path)
    except SourceError as exc:
        assert Path(exc.file).name == path.name, (exc.file, str(exc))
        assert path.name in str(exc)
        return "refused"
    assert dict(frame.schema) == dict(fmt.schema)
    return "parsed"


def _write(folder: Path, name: str, kind: str, content: bytes) -> Path:
    # API answers live in a vintage folder, as `caetl fetch` stores them.
    target = folder / "api" / "src" / "20260101T000000Z" / name if kind == "json" else folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return target


@pytest.fixture(scope="module", autouse=True)
def _count_cases():
    yield
    counts = {p: CASES_RUN.count(p) for p in sorted(set(CASES_RUN))}
    print(f"\nfuzz: {len(CASES_RUN)} mutated files parsed: {counts}")


@pytest.mark.parametrize(
    ("parser", "name", "kind", "encoding", "read"),
    [b[1:] for b in BASES],
    ids=[b[0] for b in BASES],
)
def test_real_file_parses_unmutated(parser, name, kind, encoding, read):
    with tempfile.TemporaryDirectory() as tmp:
        assert parse_or_refuse(parser, _write(Path(tmp), name, kind, read())) == "parsed"


@pytest.mark.parametrize(
    ("parser", "name", "kind", "encoding", "read"),
    [b[1:] for b in BASES],
    ids=[b[0] for b in BASES],
)
@FUZZ
@given(data=st.data())
def test_mutated_file_parses_or_is_refused_naming_it(parser, name, kind, encoding, read, data):
    raw = _cached(read)
    op, content = mutate(raw, kind, encoding, data)
    with tempfile.TemporaryDirectory() as tmp:
        parse_or_refuse(parser, _write(Path(tmp), name, kind, content))


_BYTES: dict[Callable, bytes] = {}


def _cached(read: Callable[[], bytes]) -> bytes:
    if read not in _BYTES:
        _BYTES[read] = read()
    return _BYTES[read]


def test_fuzz_covers_every_format_the_manifest_uses():
    from caetl.manifest import load_manifest

    used = {s.parser for s in load_manifest(REPO.manifest)} | {"worldbank_api", "imf_sdmx"}
    assert used <= {b[1] for b in BASES}


def test_fuzz_writes_nothing_under_raw():
    assert not (RAW / "api" / "src").exists()


# ---- the defects the fuzzing found, kept as plain tests -----------------------------------


def _wb_edited(tmp: Path, edit) -> Path:
    doc = json.loads(_wb_body())
    edit(doc)
    return _write(tmp, "response-0001.json", "json", json.dumps(doc).encode())


def test_worldbank_page_number_as_text_is_refused(tmp_path):
    """Was: ValueError from int('n/a') out of the page metadata."""
    path = _wb_edited(tmp_path, lambda doc: doc[0].update(page="n/a"))
    with pytest.raises(SourceError, match="'n/a' is not a whole number") as caught:
        get_format("worldbank_api").parse(path)
    assert caught.value.file == str(path) and caught.value.field == "page"


def test_worldbank_decimal_as_text_is_refused_with_row(tmp_path):
    """Was: a polars TypeError building the frame from a text `decimal`."""
    path = _wb_edited(tmp_path, lambda doc: doc[1][0].update(decimal="n/a"))
    with pytest.raises(SourceError) as caught:
        get_format("worldbank_api").parse(path)
    assert (caught.value.row, caught.value.field) == (1, "decimal")


def test_worldbank_text_field_holding_a_number_is_refused(tmp_path):
    path = _wb_edited(tmp_path, lambda doc: doc[1][2].update(unit=7))
    with pytest.raises(SourceError) as caught:
        get_format("worldbank_api").parse(path)
    assert (caught.value.row, caught.value.field) == (3, "unit")


@pytest.mark.parametrize("base", ["comtrade_plus_csv", "comtrade_legacy_csv"])
def test_comtrade_csv_in_utf16_is_refused(tmp_path, base):
    """Was: csv.Error ('new-line character seen in unquoted field') from the layout sniffer."""
    _, parser, name, kind, encoding, read = next(b for b in BASES if b[0] == base)
    path = _write(tmp_path, name, kind, read().decode(encoding).encode("utf-16"))
    with pytest.raises(SourceError) as caught:
        get_format(parser).parse(path)
    assert caught.value.file == str(path) and caught.value.row == 1


@pytest.mark.slow
@pytest.mark.parametrize("mutation", ["utf-16", "nul"])
def test_mutated_file_changes_nothing_published(small_home, tmp_path, mutation):
    """End to end: a mutated file in a published project is refused by `caetl refresh`
    (exit 3, naming it) and the published warehouse and reports keep their bytes."""
    from caetl import exitcodes
    from support.refresh import published_copy, published_digest, run_caetl

    paths = published_copy(small_home, tmp_path)
    target = paths.raw / "trade/kaz_bns_monthly/exports.csv"
    raw = target.read_bytes()
    target.write_bytes(
        raw.decode().encode("utf-16") if mutation == "utf-16" else raw[:40] + b"\0\0" + raw[40:]
    )
    before = published_digest(paths)
    result = run_caetl(paths, "refresh")
    assert result.returncode == exitcodes.INPUT, result.stderr
    assert "exports.csv" in result.stderr and "Traceback" not in result.stderr
    assert published_digest(paths) == before


def test_imf_observation_key_that_is_not_a_period_is_refused(tmp_path):
    """Was: ValueError from int('q0') on an observation key (a flipped byte)."""
    doc = json.loads(imfp("imfp_v3_data_WHDREO_GX1213.BCA_GDP_BP6.A.json").body)
    series = doc["data"]["dataSets"][0]["series"]
    observations = series[next(iter(series))]["observations"]
    observations["q0"] = observations.pop(next(iter(observations)))
    path = _write(tmp_path, "response-0001.json", "json", json.dumps(doc).encode())
    with pytest.raises(SourceError, match="'q0' is not a time period") as caught:
        get_format("imf_sdmx").parse(path)
    assert caught.value.file == str(path) and caught.value.field == next(iter(series))
