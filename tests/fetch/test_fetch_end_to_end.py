"""Fetch -> refresh -> revision, end to end on a scratch project: the recorded World Bank and
Comtrade answers replayed on 127.0.0.1 land as vintages, the refresh carries them into the
warehouse with the vintage's source and retrieval date, and a second fetch that revises one
World Bank value shows up in reporting.rpt_revisions and on the report site.

One scenario (two fetches, two refreshes) is run once for the module; each test checks one
promise of it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import duckdb
import pytest

from caetl.fetch import FetchResult, fetch_sources
from caetl.paths import Paths
from caetl.refresh import refresh
from support import REPO
from support.fetch import (
    PROXY_AND_KEY_VARIABLES,
    ReplayServer,
    api_tables,
    comtradr,
    copy_project_without_apis,
    fast_client,
    go_vcr,
    serve,
    worldbank_paged,
    write_api_manifest,
)

pytestmark = pytest.mark.slow(seconds=250)

API_REVISIONS = "select {columns} from reporting.rpt_revisions where source_id like '%_api'"

WB_PAGE = go_vcr(
    "wbdata-go_IndicatorValues_ListByCountryIDs.yaml",
    "JPN;USA/indicators/NY.GDP.MKTP.CD?format=json",
)
CT_DATA = comtradr("comtradr_data_v1_get_C_A_HS-5e2730.response.json")
CT_EMPTY = comtradr("comtradr_data_v1_get_S_A_EB-b31ccb_count0.response.json")
INDICATOR = "NY.GDP.MKTP.CD"


@dataclass
class Scenario:
    paths: Paths
    first: list[FetchResult]
    second: list[FetchResult]
    published: dict[tuple[str, int], float]
    """Non-null values of the recorded answer, by (country, year)."""
    revised_key: tuple[str, int]
    old_value: float
    new_value: float
    after_first: dict[str, object] = field(default_factory=dict)


def _query(paths: Paths, sql: str, *params: object) -> list[tuple]:
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def _values(paths: Paths, relation: str, code_column: str) -> dict[tuple[str, int], float]:
    rows = _query(
        paths,
        f"select country_iso3, period_year, value from {relation} "  # noqa: S608
        f"where source_id = 'wdi_api' and {code_column} = ? and value is not null",
        INDICATOR,
    )
    return {(iso, int(year)): value for iso, year, value in rows}


def _mart_values(paths: Paths) -> dict[tuple[str, int], float]:
    return _values(paths, "marts.fct_macro", "indicator_published")


def _dim_source(paths: Paths, source_id: str) -> list[tuple]:
    return _query(
        paths, "select vintage, retrieved from marts.dim_sources where source_id = ?", source_id
    )


@pytest.fixture(scope="module")
def scenario(module_tmp) -> Scenario:
    home = copy_project_without_apis(module_tmp.mktemp("fetch_e2e"))
    apis = api_tables(REPO / "raw" / "manifest.toml")
    apis["wdi_api"]["params"].update(indicators=[INDICATOR], per_page=20)
    apis["comtrade_api"]["params"].update(reporters=[398], years=[2022], mirror_reporters=[156])
    base = (home / "raw" / "manifest.toml").read_text(encoding="utf-8")
    write_api_manifest(home / "raw", [apis["wdi_api"], apis["comtrade_api"]], base=base)
    # The quality gate refuses a country code its alias table does not know. The recorded
    # World Bank answer is about Japan, which no shipped file uses: add it, as an operator
    # would when a fetch brings a new country.
    aliases = home / "dbt_project" / "seeds" / "country_aliases.csv"
    aliases.write_text(aliases.read_text(encoding="utf-8") + "iso3,JPN,JPN\n", encoding="utf-8")
    paths = Paths(home)
    served = {"page": WB_PAGE}
    server = ReplayServer()
    server.route(
        "/wb/v2/country/",
        lambda r: worldbank_paged(
            served["page"], int(r.query["page"][0]), int(r.query["per_page"][0])
        ),
    )
    server.route(
        "/comtrade/public/v1/preview/C/A/HS",
        lambda r: CT_DATA if r.query["reporterCode"] == ["156"] else CT_EMPTY,
    )
    with serve(server), pytest.MonkeyPatch.context() as env:
        env.setenv("CAETL_WORLDBANK_URL", f"{server.url}/wb/v2")
        env.setenv("CAETL_COMTRADE_URL", f"{server.url}/comtrade/public/v1/preview")
        env.setenv("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
        for name in PROXY_AND_KEY_VARIABLES:
            env.delenv(name, raising=False)

        def fetch() -> list[FetchResult]:
            results = fetch_sources(home / "raw", client=fast_client(), min_interval=0)
            assert all(r.ok for r in results), [r.error for r in results]
            return results

        # First vintage: the recorded answers as published.
        first = fetch()
        assert refresh(paths).published
        after_first = {
            "mart": _mart_values(paths),
            "dim_source": _dim_source(paths, "wdi_api"),
            # API vintages only: rpt_revisions also lists a statistics office's later
            # publications (Kazakhstan's BNS), which no fetch changes.
            "revisions": _query(paths, API_REVISIONS.format(columns="count(*)")),
        }
        # Second vintage: the World Bank revises one value.
        meta, rows = json.loads(WB_PAGE.body)
        revised = next(r for r in rows if r["value"] is not None and r["date"] == "2019")
        old_value, new_value = revised["value"], round(revised["value"] * 1.015, 2)
        revised["value"] = new_value
        served["page"] = WB_PAGE.replace_body(json.dumps([meta, rows]).encode())
        second = fetch()
        assert refresh(paths).published
    published = {
        (r["countryiso3code"], int(r["date"])): r["value"]
        for r in json.loads(WB_PAGE.body)[1]
        if r["value"] is not None
    }
    return Scenario(
        paths,
        first,
        second,
        published,
        (revised["countryiso3code"], 2019),
        old_value,
        new_value,
        after_first,
    )


def test_new_vintage_values_reach_the_marts(scenario):
    assert scenario.after_first["mart"] == scenario.published
    assert _mart_values(scenario.paths) == {
        **scenario.published,
        scenario.revised_key: scenario.new_value,
    }


def test_marts_name_the_vintage_source_and_retrieval_date(scenario):
    wdi_first, wdi_second = scenario.first[0], scenario.second[0]
    retrieved = json.loads((wdi_first.folder / "response-0001.sidecar.json").read_text())
    assert scenario.after_first["dim_source"] == [
        (wdi_first.vintage, retrieved["retrieved_at"][:10])
    ]
    retrieved = json.loads((wdi_second.folder / "response-0001.sidecar.json").read_text())
    assert _dim_source(scenario.paths, "wdi_api") == [
        (wdi_second.vintage, retrieved["retrieved_at"][:10])
    ]
    assert _dim_source(scenario.paths, "wdi_api_previous")[0][0] == wdi_first.vintage


def test_a_revised_value_is_listed_in_rpt_revisions(scenario):
    assert scenario.after_first["revisions"] == [(0,)]
    old, new = scenario.old_value, scenario.new_value
    columns = (
        "source_id, series_key, old_vintage, new_vintage, old_value, new_value, "
        "change_pct, revision_kind"
    )
    assert _query(scenario.paths, API_REVISIONS.format(columns=columns)) == [
        (
            "wdi_api",
            f"{scenario.revised_key[0]}|{INDICATOR}|2019",
            scenario.first[0].vintage,
            scenario.second[0].vintage,
            old,
            new,
            round(100 * (new - old) / old, 4),
            "revised",
        )
    ]


def test_the_report_site_has_a_revisions_page(scenario):
    pages = [p for p in scenario.paths.reports.rglob("*.html") if "rpt_revisions" in p.name]
    assert pages, "the report site has no page for rpt_revisions"
    assert f"{scenario.revised_key[0]}|{INDICATOR}|2019" in pages[0].read_text(encoding="utf-8")


def test_comtrade_api_answer_lands_like_the_bulk_files(scenario):
    # Same parser family: raw.comtrade_api has the columns of raw.comtrade (bulk CSV).
    columns = _query(
        scenario.paths,
        "select table_name, list(column_name order by ordinal_position) "
        "from information_schema.columns where table_schema = 'raw' "
        "and table_name in ('comtrade', 'comtrade_api') group by table_name order by 1",
    )
    assert columns[0][1] == columns[1][1]
    recorded = json.loads(CT_DATA.body)["data"]
    assert _query(
        scenario.paths,
        "select count(*), sum(primary_value) from staging.stg_comtrade_api__values "
        "where is_latest_vintage",
    ) == [(len(recorded), sum(r["primaryValue"] for r in recorded))]


def test_comtrade_api_answer_ends_in_the_comtrade_staging_model(scenario):
    recorded = json.loads(CT_DATA.body)["data"]
    assert _query(
        scenario.paths,
        "select count(*) from staging.stg_comtrade__flows where source_id = 'comtrade_api'",
    ) == [(len(recorded),)]
