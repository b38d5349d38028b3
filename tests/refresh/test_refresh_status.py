"""`caetl status` reads the run log, source ages against their cadence and dbt source
freshness from the published warehouse without writing to it or locking a reader out."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from caetl import status
from support.refresh import published_copy, published_digest, run_caetl

pytestmark = pytest.mark.slow(seconds=32)


@pytest.fixture(scope="module")
def project(small_home, module_tmp):
    return published_copy(small_home, module_tmp.mktemp("status"))


def test_source_age_is_measured_against_its_cadence(project):
    retrieved = {a.source_id: a for a in status.source_ages(project, today=date(2026, 11, 29))}
    monthly = retrieved["kaz_bns_monthly"]
    assert (monthly.cadence_days, monthly.age_days, monthly.overdue) == (31, 28, False)
    later = {a.source_id: a for a in status.source_ages(project, today=date(2027, 1, 15))}
    assert later["kaz_bns_monthly"].overdue and not later["imf_dots"].overdue
    assert monthly.rows and monthly.last_loaded


def test_status_runs_beside_a_reader_and_changes_nothing(project):
    before = published_digest(project)
    with duckdb.connect(str(project.warehouse), read_only=True) as reader:
        result = run_caetl(project, "status")
        assert reader.execute("select count(*) from meta.state").fetchall() == [(2,)]
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "kaz_bns_monthly" in text and "comtrade.comtrade" in text
    assert published_digest(project) == before
