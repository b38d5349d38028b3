"""Fetch -> refresh -> revision, end to end on a scratch project: the World Bank API answer
replayed on 127.0.0.1 lands as a vintage, the refresh carries its values into the marts
with the vintage's source and retrieval date, and a second fetch that revises one value
shows up in reporting.rpt_revisions and on the report site."""

from __future__ import annotations

import json

import duckdb
import pytest

from caetl.fetch import fetch_sources
from caetl.paths import Paths
from caetl.refresh import refresh
from fetch_fixtures import (
    REPO,
    api_tables,
    copy_project,
    fast_client,
    go_vcr,
    worldbank_paged,
    write_api_manifest,
)

pytestmark = pytest.mark.slow

WB_PAGE = go_vcr(
    "wbdata-go_IndicatorValues_ListByCountryIDs.yaml",
    "JPN;USA/indicators/NY.GDP.MKTP.CD?format=json",
)
INDICATOR = "NY.GDP.MKTP.CD"


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


def _unioned_values(paths: Paths) -> dict[tuple[str, int], float]:
    return _values(paths, "staging.int_world_bank_values_unioned", "indicator_code")


def test_fetch_refresh_and_revisions(replay, tmp_path, monkeypatch):
    monkeypatch.setenv("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    home = copy_project(tmp_path)
    wdi = api_tables(REPO / "raw" / "manifest.toml")["wdi_api"]
    wdi["params"].update(indicators=[INDICATOR], per_page=20)
    base = (home / "raw" / "manifest.toml").read_text(encoding="utf-8")
    write_api_manifest(home / "raw", [wdi], base=base)
    # The quality gate refuses a country code its alias table does not know. The recorded
    # World Bank answer is about Japan, which no shipped file uses: add it, as an operator
    # would when a fetch brings a new country.
    aliases = home / "dbt_project" / "seeds" / "country_aliases.csv"
    aliases.write_text(aliases.read_text(encoding="utf-8") + "iso3,JPN,JPN\n", encoding="utf-8")
    paths = Paths(home)
    served = {"page": WB_PAGE}
    replay.route(
        "/wb/v2/country/",
        lambda r: worldbank_paged(
            served["page"], int(r.query["page"][0]), int(r.query["per_page"][0])
        ),
    )

    # First vintage: the recorded answer as published.
    [first] = fetch_sources(home / "raw", ["wdi_api"], client=fast_client(), min_interval=0)
    assert first.ok, first.error
    assert refresh(paths).published
    rows = json.loads(WB_PAGE.body)[1]
    published = {(r["countryiso3code"], int(r["date"])): r["value"] for r in rows}
    expected_first = {k: v for k, v in published.items() if v is not None}
    assert _unioned_values(paths) == expected_first
    mart_first = _mart_values(paths)
    sidecar = json.loads((first.folder / "response-0001.sidecar.json").read_text())
    assert _query(
        paths, "select vintage, retrieved from marts.dim_sources where source_id = 'wdi_api'"
    ) == [(first.vintage, sidecar["retrieved_at"][:10])]
    assert _query(paths, "select count(*) from reporting.rpt_revisions") == [(0,)]

    # Second vintage: the World Bank revises one value.
    revised = next(r for r in rows if r["value"] is not None and r["date"] == "2019")
    old_value, new_value = revised["value"], round(revised["value"] * 1.015, 2)
    revised["value"] = new_value
    meta = json.loads(WB_PAGE.body)[0]
    served["page"] = WB_PAGE.replace_body(json.dumps([meta, rows]).encode())
    [second] = fetch_sources(home / "raw", ["wdi_api"], client=fast_client(), min_interval=0)
    assert second.ok, second.error
    assert refresh(paths).published

    key = (revised["countryiso3code"], 2019)
    assert _unioned_values(paths) == {**expected_first, key: new_value}
    revisions = _query(
        paths,
        "select source_id, series_key, old_vintage, new_vintage, old_value, new_value, "
        "change_pct, revision_kind from reporting.rpt_revisions",
    )
    assert revisions == [
        (
            "wdi_api",
            f"{key[0]}|{INDICATOR}|2019",
            first.vintage,
            second.vintage,
            old_value,
            new_value,
            round(100 * (new_value - old_value) / old_value, 4),
            "revised",
        )
    ]
    assert _query(
        paths, "select vintage from marts.dim_sources where source_id like 'wdi_api%' order by 1"
    ) == [(first.vintage,), (second.vintage,)]
    pages = [p for p in paths.reports.rglob("*.html") if "rpt_revisions" in p.name]
    assert pages, "the report site has no page for rpt_revisions"
    assert key[0] in pages[0].read_text(encoding="utf-8")
    # The marts take the newest vintage (fct_macro reads int_world_bank_values_unioned).
    assert mart_first == expected_first
    assert _mart_values(paths) == {**expected_first, key: new_value}
