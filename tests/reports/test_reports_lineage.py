"""Sources of a report with no source column come from the dbt lineage of its fact marts."""

from __future__ import annotations

import json
from html import escape

import duckdb
import pytest
import yaml

from caetl.reports import catalog, lineage
from support import REPO
from support.refresh import published_project

EXPOSURES = REPO / "dbt_project" / "models" / "reporting" / "_reporting__exposures.yml"


def _manifest() -> dict:
    def model(name: str, *parents: str) -> dict:
        return {
            "name": name,
            "resource_type": "model",
            "depends_on": {"nodes": [f"model.caetl.{p}" for p in parents]},
        }

    nodes = {
        "model.caetl.stg_flows": model("stg_flows"),
        "model.caetl.fct_trade_flows": model("fct_trade_flows", "stg_flows"),
        "model.caetl.dim_sources": model("dim_sources"),
        "model.caetl.int_shares": model("int_shares", "fct_trade_flows", "dim_sources"),
        "model.caetl.rpt_shares": model("rpt_shares", "int_shares"),
    }
    return {"metadata": {"dbt_version": "1.11"}, "nodes": nodes, "parent_map": {}}


def test_upstream_facts_follow_the_lineage_through_intermediate_models():
    assert lineage.upstream_facts(_manifest()) == {"rpt_shares": ["fct_trade_flows"]}


def test_manifest_is_found_inlined_in_the_static_docs_page(tmp_path):
    page = tmp_path / "static_index.html"
    # The shape dbt writes: the placeholder string replaced by the manifest object.
    page.write_text(
        '<script>var x={"metadata":1};n=[{label:"manifest",data:'
        + json.dumps(_manifest())
        + '},{label:"catalog",data:{"metadata":{},"nodes":{}}}]</script>',
        encoding="utf-8",
    )
    assert lineage.upstream_facts(lineage.load_manifest(page)) == {
        "rpt_shares": ["fct_trade_flows"]
    }


def test_report_without_source_column_cites_its_facts_sources(tmp_path):
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    con.execute("""
        CREATE SCHEMA marts; CREATE SCHEMA reporting;
        CREATE TABLE marts.fct_trade_flows AS
            SELECT * FROM (VALUES ('a', 1), ('b', 2), ('a', 3)) t(source_id, v);
        CREATE TABLE reporting.rpt_shares AS SELECT 1 AS share_pct;
    """)
    con.close()
    con = catalog.connect(path)
    (report,) = catalog.list_reports(con)
    ids, basis = catalog.report_source_ids(con, report, ["fct_trade_flows"])
    none, why = catalog.report_source_ids(con, report, [])
    con.close()
    assert ids == {"a", "b"} and "fct_trade_flows" in basis
    assert none == set() and "no dbt lineage" in why


def test_exposure_titles_name_the_published_report():
    manifest = _manifest()
    manifest["exposures"] = {
        "exposure.caetl.rpt_shares": {
            "label": "Partner shares",
            "depends_on": {"nodes": ["model.caetl.rpt_shares"]},
        },
        "exposure.caetl.unlabelled": {"label": None, "depends_on": {"nodes": []}},
    }
    assert lineage.exposure_titles(manifest) == {"rpt_shares": "Partner shares"}
    assert lineage.exposure_titles(None) == {}


@pytest.mark.slow
def test_each_published_page_is_titled_by_its_exposure(request):
    exposures = yaml.safe_load(EXPOSURES.read_text(encoding="utf-8"))["exposures"]
    html = published_project(request).reports / "html"
    for exposure in exposures:
        page = (html / f"{exposure['name']}.html").read_text(encoding="utf-8")
        assert f"<h1>{escape(exposure['label'])}</h1>" in page
