"""Every ```sql block of docs/analysts.md runs against the built warehouse and returns rows.

The guide's queries are the analysts' starting points: a renamed column, table or value in
the marts makes this fail instead of leaving a stale guide.
"""

from __future__ import annotations

import re

import duckdb
import pytest

from support import REPO

GUIDE = REPO / "docs" / "analysts.md"
SQL_BLOCK = re.compile(r"^```sql\n(.*?)^```", re.MULTILINE | re.DOTALL)


def cookbook_queries() -> list[str]:
    return [block.strip() for block in SQL_BLOCK.findall(GUIDE.read_text(encoding="utf-8"))]


def test_the_guide_has_at_least_ten_queries():
    assert len(cookbook_queries()) >= 10


@pytest.mark.slow
@pytest.mark.parametrize("number", range(len(cookbook_queries())), ids=lambda n: f"query-{n + 1}")
def test_cookbook_query_runs_and_returns_rows(number, built_warehouse):
    query = cookbook_queries()[number]
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        rows = con.execute(query).fetchall()
    assert rows, f"no rows from:\n{query}"
