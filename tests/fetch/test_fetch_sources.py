"""The three connectors, the vintage store and the manifest pointer, against a loopback
server replaying the recorded World Bank, Comtrade and IMF responses (and made-up failure
modes around them)."""

from __future__ import annotations

import hashlib
import json
import time
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from caetl.cli import app
from caetl.fetch import EXIT_FETCH_FAILED, EXIT_OK, EXIT_USAGE, exit_code, fetch_sources
from caetl.fetch.store import good_vintages
from caetl.manifest import load_manifest, resolve_files
from caetl.sources import get_format
from support import REPO
from support.fetch import (
    Recorded,
    api_tables,
    comtradr,
    fast_client,
    go_vcr,
    imfp,
    r_vcr,
    worldbank_paged,
    write_api_manifest,
)

WB_FILE = "wbdata-go_IndicatorValues_ListByCountryIDs.yaml"
WB_PAGE = go_vcr(WB_FILE, "JPN;USA/indicators/NY.GDP.MKTP.CD?format=json")
WB_ERROR_200 = go_vcr(WB_FILE, "ABCDEFG;HIJKLM")
WB_HTML_400 = go_vcr(
    "wbdata-go_IndicatorValues_ListByCountryIDsAndSourceID.yaml", "source=invalid_source_id"
)
CT_DATA = comtradr("comtradr_data_v1_get_C_A_HS-5e2730.response.json")
CT_EMPTY = comtradr("comtradr_data_v1_get_S_A_EB-b31ccb_count0.response.json")
CT_401 = comtradr("comtradr_data_v1_get_C_A_HS-7db768_401_missing_key.response.json")
IMF_DATA = imfp("imfp_v3_data_WHDREO_GX1213.BCA_GDP_BP6.A.json")
IMF_204 = imfp("imfp_v3_structure_dataflow_not_a_real_database_204.json")
IMF_EMPTY = r_vcr("imf.data_get_data_empty.yml")
PER_PAGE = 20


@pytest.fixture
def apis() -> dict[str, dict]:
    """The project's own [[api]] tables, narrowed so a test makes a handful of calls."""
    tables = api_tables(REPO / "raw" / "manifest.toml")
    tables["wdi_api"]["params"].update(indicators=["NY.GDP.MKTP.CD"], per_page=PER_PAGE)
    tables["comtrade_api"]["params"].update(
        reporters=[398], years=[2022], mirror_reporters=[156, 842]
    )
    tables["imf_imts_api"]["params"].update(countries=["KAZ"], mirror_reporters=["CHN"])
    return tables


@pytest.fixture
def raw(tmp_path: Path, apis: dict[str, dict]) -> Path:
    raw_dir = tmp_path / "raw"
    write_api_manifest(raw_dir, list(apis.values()))
    return raw_dir


def worldbank_pages(request) -> Recorded:
    if not request.path.endswith("/indicator/NY.GDP.MKTP.CD"):
        return WB_ERROR_200
    return worldbank_paged(
        WB_PAGE, int(request.query["page"][0]), int(request.query["per_page"][0])
    )


def comtrade_answers(request) -> Recorded:
    return CT_DATA if request.query["reporterCode"] == ["156"] else CT_EMPTY


def fetch(raw: Path, *ids: str, sleeps: list[float] | None = None):
    return fetch_sources(raw, ids, client=fast_client(sleeps), min_interval=0)


def parse_vintage(raw: Path, source_id: str):
    entry = next(s for s in load_manifest(raw / "manifest.toml") if s.id == source_id)
    fmt = get_format(entry.parser)
    files = resolve_files(entry, raw)
    return entry, files, [fmt.parse(f) for f in files]


def test_worldbank_loops_until_the_last_page(replay, raw):
    replay.route("/wb/v2/country/", worldbank_pages)
    [result] = fetch(raw, "wdi_api")
    assert result.ok, result.error
    recorded_rows = json.loads(WB_PAGE.body)[1]
    pages = -(-len(recorded_rows) // PER_PAGE)
    assert pages > 1
    assert [s.query["page"] for s in replay.seen] == [[str(p)] for p in range(1, pages + 1)]
    assert replay.seen[0].path.endswith(
        "/country/KAZ;KGZ;TJK;TKM;UZB;CHN;RUS;USA/indicator/NY.GDP.MKTP.CD"
    )
    entry, files, frames = parse_vintage(raw, "wdi_api")
    assert entry.vintage == result.vintage and len(files) == pages
    assert sum(f.height for f in frames) == len(recorded_rows) == result.rows
    values = {(r["countryiso3code"], int(r["date"])): r["value"] for r in recorded_rows}
    parsed = {
        (iso, year): v
        for f in frames
        for iso, year, v in f.select("country_iso3", "period_year", "value").iter_rows()
    }
    assert parsed == values
    assert {v for f in frames for v in f["vintage"]} == {result.vintage}


def test_each_response_is_kept_as_received_with_its_sidecar(replay, raw):
    replay.route("/wb/v2/country/", worldbank_pages)
    [result] = fetch(raw, "wdi_api")
    body = result.folder / "response-0001.json"
    sidecar = json.loads((result.folder / "response-0001.sidecar.json").read_text())
    assert sidecar["sha256"] == hashlib.sha256(body.read_bytes()).hexdigest()
    assert sidecar["status"] == 200 and sidecar["params"]["page"] == "1"
    assert sidecar["url"].startswith(f"{replay.url}/wb/v2/country/")
    assert sidecar["retrieved_at"][:10] == load_manifest(raw / "manifest.toml")[0].retrieved
    assert json.loads((result.folder / "vintage.json").read_text())["status"] == "ok"


def test_a_new_fetch_is_a_new_vintage_and_the_old_one_stays(replay, raw):
    replay.route("/wb/v2/country/", worldbank_pages)
    [first] = fetch(raw, "wdi_api")
    before = {p.name: p.read_bytes() for p in first.folder.iterdir()}
    [second] = fetch(raw, "wdi_api")
    assert second.ok and second.vintage != first.vintage
    assert {p.name: p.read_bytes() for p in first.folder.iterdir()} == before
    newest, previous = load_manifest(raw / "manifest.toml")
    assert (newest.id, newest.vintage) == ("wdi_api", second.vintage)
    assert (previous.id, previous.vintage) == ("wdi_api_previous", first.vintage)
    assert [Path(f).parts[2] for f in newest.files + previous.files] == [
        second.vintage,
        first.vintage,
    ]
    [third] = fetch(raw, "wdi_api")  # the pair moves on; the oldest stays on disk
    assert [s.vintage for s in load_manifest(raw / "manifest.toml")] == [
        third.vintage,
        second.vintage,
    ]
    assert good_vintages(raw, "wdi_api") == [first.vintage, second.vintage, third.vintage]


def test_worldbank_error_in_http_200_fails_and_keeps_the_previous_vintage(replay, raw):
    replay.route("/wb/v2/country/", worldbank_pages)
    [good] = fetch(raw, "wdi_api")
    manifest_before = (raw / "manifest.toml").read_text()
    replay.route("/wb/v2/country/", WB_ERROR_200)
    [bad] = fetch(raw, "wdi_api")
    assert not bad.ok and "120 Invalid value" in bad.error
    assert exit_code([bad]) == EXIT_FETCH_FAILED
    assert (raw / "manifest.toml").read_text() == manifest_before
    assert good_vintages(raw, "wdi_api") == [good.vintage]
    assert bad.folder.name.endswith(".failed")
    assert not list((raw / "api" / "wdi_api").glob("*.partial"))
    assert (bad.folder / "response-0001.json").read_bytes() == WB_ERROR_200.body


def test_worldbank_html_error_page_is_reported_as_such(replay, raw):
    replay.route("/wb/v2/country/", WB_HTML_400)
    [result] = fetch(raw, "wdi_api")
    assert not result.ok
    assert "HTTP 400" in result.error and "HTML page" in result.error
    assert "[[source]]" not in (raw / "manifest.toml").read_text()  # nothing to point at


def test_truncated_json_is_not_taken_for_data(replay, raw):
    cut = WB_PAGE.replace_body(WB_PAGE.body[: len(WB_PAGE.body) // 3])
    replay.route("/wb/v2/country/", cut)
    [result] = fetch(raw, "wdi_api")
    assert not result.ok and "truncated JSON" in result.error


def test_429_with_retry_after_then_pages(replay, raw):
    throttled = Recorded(
        429,
        {"Retry-After": "2", "Content-Type": "text/plain"},
        b"Rate limit is exceeded. Try again in 2 seconds.",
    )
    pages = iter([throttled])

    def answer(request):
        return next(pages, None) or worldbank_pages(request)

    replay.route("/wb/v2/country/", answer)
    sleeps: list[float] = []
    [result] = fetch(raw, "wdi_api", sleeps=sleeps)
    assert result.ok and sleeps[0] >= 2.0


def test_comtrade_keyless_preview_reporters_and_mirror(replay, raw):
    replay.route("/comtrade/public/v1/preview/C/A/HS", comtrade_answers)
    [result] = fetch(raw, "comtrade_api")
    assert result.ok, result.error
    calls = [(s.query["reporterCode"][0], s.query.get("partnerCode", [""])[0]) for s in replay.seen]
    assert calls == [("398", ""), ("156", "398"), ("842", "398")]  # USA is 842 in Comtrade
    assert all("Ocp-Apim-Subscription-Key" not in s.headers for s in replay.seen)
    entry, files, frames = parse_vintage(raw, "comtrade_api")
    recorded = json.loads(CT_DATA.body)["data"]
    assert sum(f.height for f in frames) == len(recorded) == result.rows
    # The API answer reads into the schema of the bulk files (same parser family).
    assert all(f.schema == get_format("comtrade").schema for f in frames)
    assert sorted(frames[1]["primary_value"].to_list()) == sorted(
        r["primaryValue"] for r in recorded
    )


def test_comtrade_answer_at_the_record_cap_is_refused(replay, raw):
    # Comtrade does not page: 500 records from the preview may be a cut answer.
    body = json.loads(CT_DATA.body)
    body["data"] = (body["data"] * 125)[:500]
    body["count"] = 500
    replay.route("/comtrade/", CT_DATA.replace_body(json.dumps(body).encode()))
    [result] = fetch(raw, "comtrade_api")
    assert not result.ok and "cap of 500" in result.error


def test_comtrade_key_goes_in_the_subscription_header(replay, raw, monkeypatch):
    def keyed(request):
        return (
            comtrade_answers(request)
            if request.headers.get("Ocp-Apim-Subscription-Key") == "test-key"
            else CT_401
        )

    replay.route("/comtrade/data/v1/get/C/A/HS", keyed)
    monkeypatch.setenv("COMTRADE_API_KEY", "test-key")
    [result] = fetch(raw, "comtrade_api")
    assert result.ok, result.error
    assert replay.seen and all(s.path == "/comtrade/data/v1/get/C/A/HS" for s in replay.seen)


def test_comtrade_401_without_key_fails_with_advice(replay, raw, monkeypatch):
    replay.route("/comtrade/data/v1/get/", CT_401)
    monkeypatch.setenv("CAETL_COMTRADE_URL", f"{replay.url}/comtrade/data/v1/get")
    [result] = fetch(raw, "comtrade_api")
    assert not result.ok and "HTTP 401" in result.error and "COMTRADE_API_KEY" in result.error
    assert len(replay.seen) == 1  # a 401 is not retried


def test_imf_sdmx_data_message_and_keys(replay, raw):
    replay.route("/imf/", lambda r: IMF_DATA if "/KAZ." in r.path else IMF_EMPTY)
    [result] = fetch(raw, "imf_imts_api")
    assert result.ok, result.error
    paths = [s.path.removeprefix("/imf/external/sdmx/3.0/data/dataflow/") for s in replay.seen]
    assert paths == [
        "IMF.STA/IMTS/+/KAZ.XG_FOB_USD+MG_CIF_USD.*.A",
        "IMF.STA/IMTS/+/CHN.XG_FOB_USD+MG_CIF_USD.KAZ.A",
    ]
    assert replay.seen[0].query["dimensionAtObservation"] == ["TIME_PERIOD"]
    _, _, frames = parse_vintage(raw, "imf_imts_api")
    series = json.loads(IMF_DATA.body)["data"]["dataSets"][0]["series"]
    expected = [float(o[0]) for s in series.values() for o in s["observations"].values()]
    assert frames[0]["value"].to_list() == expected and frames[1].height == 0


def test_imf_204_fails(replay, raw):
    replay.route("/imf/", IMF_204)
    [result] = fetch(raw, "imf_imts_api")
    assert not result.ok and "HTTP 204" in result.error


def test_imf_empty_where_there_was_data_keeps_the_previous_vintage(replay, raw):
    replay.route("/imf/", lambda r: IMF_DATA if "/KAZ." in r.path else IMF_EMPTY)
    [first] = fetch(raw, "imf_imts_api")
    replay.route("/imf/", IMF_EMPTY)
    [second] = fetch(raw, "imf_imts_api")
    assert first.ok and not second.ok and "previous vintage had" in second.error
    entry = next(s for s in load_manifest(raw / "manifest.toml") if s.id == "imf_imts_api")
    assert entry.vintage == first.vintage


def test_one_source_failing_does_not_stop_the_others(replay, raw):
    replay.route("/wb/", Recorded(503, {"Content-Type": "text/html"}, b"<html>down</html>"))
    replay.route("/comtrade/public/v1/preview/C/A/HS", comtrade_answers)
    replay.route("/imf/", lambda r: IMF_DATA if "/KAZ." in r.path else IMF_EMPTY)
    results = fetch(raw)
    assert [(r.source_id, r.ok) for r in results] == [
        ("wdi_api", False),
        ("comtrade_api", True),
        ("imf_imts_api", True),
    ]
    assert "HTTP 503" in results[0].error
    assert exit_code(results) == EXIT_FETCH_FAILED
    doc = tomllib.loads((raw / "manifest.toml").read_text())
    assert sorted(s["id"] for s in doc["source"]) == ["comtrade_api", "imf_imts_api"]


def test_cli_exit_codes(replay, raw):
    runner = CliRunner()
    home = ["--home", str(raw.parent)]
    assert runner.invoke(app, ["fetch", "--source", "nope", *home]).exit_code == EXIT_USAGE
    replay.route("/imf/", IMF_204)
    failed = runner.invoke(app, ["fetch", "--source", "imf_imts_api", *home])
    assert failed.exit_code == EXIT_FETCH_FAILED
    replay.route("/imf/", lambda r: IMF_DATA if "/KAZ." in r.path else IMF_EMPTY)
    assert runner.invoke(app, ["fetch", "-s", "imf_imts_api", *home]).exit_code == EXIT_OK


def test_calls_of_one_source_are_paced_one_after_another(replay, raw):
    replay.route("/wb/v2/country/", worldbank_pages)
    started = time.monotonic()
    [result] = fetch_sources(raw, ["wdi_api"], client=fast_client(), min_interval=0.3)
    elapsed = time.monotonic() - started
    assert result.ok and len(replay.seen) == 3
    assert elapsed >= 0.6  # two pauses between three calls


def test_shipped_api_tables_ask_for_what_the_warehouse_uses():
    from caetl.fetch import comtrade, imf
    from caetl.fetch.sources import load_api_sources

    apis = {a.id: a for a in load_api_sources(REPO / "raw" / "manifest.toml")}
    assert set(apis) == {"wdi_api", "comtrade_api", "imf_imts_api"}
    wdi = apis["wdi_api"].params
    assert {
        "BX.TRF.PWKR.CD.DT",
        "BX.TRF.PWKR.DT.GD.ZS",
        "NY.GDP.MKTP.CD",
        "BX.KLT.DINV.CD.WD",
        "TX.VAL.MRCH.CD.WT",
        "TM.VAL.MRCH.CD.WT",
        "PA.NUS.FCRF",
    } <= set(wdi["indicators"])
    assert {"KAZ", "KGZ", "TJK", "TKM", "UZB"} <= set(wdi["countries"])
    calls = comtrade.requests(apis["comtrade_api"].params)
    mirrors = [q for label, q in calls if label.startswith("mirror")]
    assert sorted(q["reporterCode"] for q in mirrors) == ["156", "643", "842"]
    assert all(q["partnerCode"] == "398,417,762,795,860" for q in mirrors)
    keys = [key for _, key in imf.requests(apis["imf_imts_api"].params)]
    assert keys[0] == "KAZ.XG_FOB_USD+MG_CIF_USD.*.A"
    assert keys[-1] == "CHN+RUS+USA.XG_FOB_USD+MG_CIF_USD.KAZ+KGZ+TJK+TKM+UZB.A"
    assert {a.id: (a.base_url.split("/")[2], a.base_url_env) for a in apis.values()} == {
        "wdi_api": ("api.worldbank.org", "CAETL_WORLDBANK_URL"),
        "comtrade_api": ("comtradeapi.un.org", "CAETL_COMTRADE_URL"),
        "imf_imts_api": ("api.imf.org", "CAETL_IMF_URL"),
    }
