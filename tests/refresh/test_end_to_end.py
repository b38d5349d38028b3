"""A refresh of the shipped data, end to end, then the questions an analyst asks first."""

from __future__ import annotations

import csv
import io
import subprocess

import duckdb
import pytest
from typer.testing import CliRunner

from caetl.cli import app

pytestmark = pytest.mark.slow(seconds=75)

EXPECTED_SCHEMAS = {"raw", "staging", "intermediate", "marts", "argument", "reporting", "meta"}


def test_refresh_publishes_warehouse_with_the_contract_schemas(built_home):
    with duckdb.connect(str(built_home.warehouse), read_only=True) as con:
        schemas = {r[0] for r in con.execute("select schema_name from duckdb_schemas()").fetchall()}
        assert EXPECTED_SCHEMAS <= schemas
        lineage = con.execute(
            "select column_name from duckdb_columns() "
            "where schema_name = 'raw' and table_name = 'imf_dots'"
        ).fetchall()
        assert {
            "_load_id",
            "_source_id",
            "_source_file",
            "_file_sha256",
            "_row_number",
            "_loaded_at",
        } <= {r[0] for r in lineage}
        statuses = con.execute("select distinct status from meta.loads").fetchall()
        assert statuses == [("loaded",)]
    assert (built_home.reports / "csv" / "rpt_partner_shares.csv").exists()


def test_fct_trade_flows_holds_every_dots_reporter(built_home):
    with duckdb.connect(str(built_home.warehouse), read_only=True) as con:
        raw_reporters = con.execute(
            "select count(distinct reporter_name) from raw.imf_dots"
        ).fetchone()[0]
        fact_reporters = con.execute(
            "select count(distinct reporter_iso3) from marts.fct_trade_flows "
            "where source_id = 'imf_dots'"
        ).fetchone()[0]
        files = con.execute("select count(distinct _source_file) from raw.imf_dots").fetchone()[0]
    assert files == 235
    # 235 workbooks, two of them the same Nicaragua export.
    assert raw_reporters == 234
    assert fact_reporters == raw_reporters


def test_china_share_of_kazakhstan_trade_on_both_bases(built_home):
    runner = CliRunner()
    query = (
        "select year, basis, share_pct from reporting.rpt_partner_shares "
        "where country_iso3 = 'KAZ' and partner_iso3 = 'CHN' order by year, basis"
    )
    result = runner.invoke(app, ["sql", query, "--csv", "--home", str(built_home.home)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    by_key = {(int(r["year"]), r["basis"]): float(r["share_pct"]) for r in rows}
    # 2018-2023 come from the BNS tables by country (trade_source_precedence); IMF DOTS
    # gave 18.0% for 2020 (trade/PROVENANCE.md), the BNS's own table 18.3%.
    assert by_key[(2020, "reporter")] == pytest.approx(18.3, abs=0.1)
    assert by_key[(2023, "reporter")] == pytest.approx(21.5, abs=0.1)  # national/PROVENANCE.md
    assert by_key[(2000, "reporter")] == pytest.approx(5.5, abs=0.1)
    assert by_key[(2024, "reporter")] == pytest.approx(21.2, abs=0.1)  # panel / BNS
    assert (2020, "mirror") in by_key
    assert by_key[(2020, "mirror")] > by_key[(2020, "reporter")]


def test_sql_command_is_read_only(built_home):
    before = built_home.warehouse.read_bytes()
    result = CliRunner().invoke(
        app, ["sql", "create table marts.intruder as select 1", "--home", str(built_home.home)]
    )
    assert result.exit_code != 0
    assert "read-only" in result.output.lower()
    assert built_home.warehouse.read_bytes() == before


def test_export_command_writes_marts_as_parquet(built_home, tmp_path):
    out = tmp_path / "parquet"
    result = CliRunner().invoke(
        app, ["export", "--parquet", str(out), "--home", str(built_home.home)]
    )
    assert result.exit_code == 0, result.output
    with duckdb.connect() as con:
        exported = con.execute(
            "select count(*) from read_parquet(?, hive_partitioning = true)",
            [str(out / "fct_trade_flows" / "**" / "*.parquet")],
        ).fetchone()[0]
    with duckdb.connect(str(built_home.warehouse), read_only=True) as con:
        published = con.execute("select count(*) from marts.fct_trade_flows").fetchone()[0]
    assert exported == published > 0


def test_report_command_keeps_dbt_docs_and_the_refresh_time(built_home, tmp_path):
    from support.refresh import published_copy, run_caetl

    paths = published_copy(built_home, tmp_path / "home")
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        run_id = con.execute(
            "select run_id from meta.runs where status = 'published' order by started_at desc"
        ).fetchone()[0]
    result = CliRunner().invoke(app, ["report", "--home", str(paths.home)])
    assert result.exit_code == 0, result.output
    assert (paths.reports / "html" / "dbt-docs.html").stat().st_size > 0
    index = (paths.reports / "html" / "index.html").read_text(encoding="utf-8")
    assert run_id in index
    assert "warehouse file time" not in index
    # The reports are those of the published warehouse: a refresh finds nothing to redo.
    after = run_caetl(paths, "refresh")
    assert after.returncode == 0 and "nothing changed" in after.stderr + after.stdout, after


@pytest.fixture(scope="module")
def loaded(module_tmp):
    """The small project after `caetl load`: its scratch warehouse holds gated raw tables."""
    from support.shared_project import copy_project

    paths = copy_project(module_tmp.mktemp("loaded"), small=True)
    result = CliRunner().invoke(app, ["load", "--home", str(paths.home)])
    assert result.exit_code == 0, result.output
    return paths


def test_load_command_gates_rows_into_a_scratch_warehouse(loaded):
    paths = loaded
    assert not paths.warehouse.exists()  # nothing published
    scratch = paths.warehouse_dir / ".work" / paths.warehouse.name
    with duckdb.connect(str(scratch), read_only=True) as con:
        negative_in_raw = con.execute(
            "select count(*) from raw.imf_dots where value_musd < 0"
        ).fetchone()[0]
        rejected = con.execute(
            "select count(*) from meta.rejects where source_id = 'imf_dots' "
            "and reason like 'negative trade value%'"
        ).fetchone()[0]
    assert negative_in_raw == 0
    assert rejected > 0


def test_build_command_builds_the_scratch_warehouse_and_publishes_nothing(loaded, small_home):
    from support.refresh import CAETL, caetl_env

    paths = loaded
    scratch = paths.warehouse_dir / ".work" / paths.warehouse.name
    result = subprocess.run(
        [CAETL, "build", "--home", str(paths.home)],
        capture_output=True,
        text=True,
        env=caetl_env(),
        timeout=3600,  # a whole dbt build: about a minute, far longer on a loaded machine
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"built {scratch}" in result.stderr.replace("\n", "")
    assert not paths.warehouse.exists() and not paths.reports.exists()
    with duckdb.connect(str(scratch), read_only=True) as con:
        claims = con.execute("select count(*) from reporting.rpt_claim_checks").fetchone()[0]
        raw_claims = con.execute("select count(*) from raw.article_claims").fetchone()[0]
        flows = con.execute("select count(*) from marts.fct_trade_flows").fetchone()[0]
    with duckdb.connect(str(small_home.warehouse), read_only=True) as con:
        refreshed = con.execute("select count(*) from marts.fct_trade_flows").fetchone()[0]
    assert claims == raw_claims == 27
    assert flows == refreshed > 0  # load + build lands what a refresh of the same data does


def test_build_command_without_a_load_says_what_to_run(tmp_path):
    from support.refresh import run_caetl
    from support.shared_project import copy_project

    paths = copy_project(tmp_path / "home")
    result = run_caetl(paths, "build")
    assert result.returncode == 1
    assert "run `caetl load` first" in result.stderr


def test_dbt_docs_page_holds_the_compiled_sql_of_every_model(built_home):
    """The page reuses the build's compiled manifest (`docs generate --no-compile`)."""
    from caetl.reports import lineage

    manifest = lineage.load_manifest(built_home.reports / "html" / "dbt-docs.html")
    models = {k: v for k, v in manifest["nodes"].items() if v["resource_type"] == "model"}
    assert len(models) > 80
    assert [k for k, v in models.items() if not (v.get("compiled_code") or "").strip()] == []
