"""The sample warehouse (tests/support/sample_warehouse.py) has the report shapes the
report tests need, and the article's real claims."""

from __future__ import annotations

import csv

import duckdb

from support.sample_warehouse import CLAIMS_CSV, build_sample_warehouse


def test_sample_warehouse_has_a_report_per_shape(tmp_path):
    con = duckdb.connect(str(build_sample_warehouse(tmp_path / "w.duckdb")), read_only=True)
    tables = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'reporting'"
        ).fetchall()
    }
    claims = con.execute("SELECT count(*) FROM reporting.rpt_claim_checks").fetchall()[0][0]
    expected = len(list(csv.DictReader(CLAIMS_CSV.open(encoding="utf-8"))))
    con.close()
    assert {"rpt_partner_shares", "rpt_claim_checks", "rpt_mirror_gaps"} <= tables
    assert claims == expected
