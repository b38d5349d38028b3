"""A load checks codes against the dbt seeds of the project being loaded (its Paths), not
the repository's: `caetl refresh --home X` validates X's raw files with X's aliases."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest

from caetl import countries
from caetl.errors import SourceError
from caetl.load import load_sources
from caetl.manifest import Source
from caetl.paths import Paths
from caetl.quality.gates import Gates, Previous

REPO = Paths.default()
ALIAS = "QKZ"
"""A spelling of KAZ that only the tiny project's alias seed knows."""
SOURCE = Source(
    "memberships", "memberships", "p", "t", "u", "l", "2026-01-01", ("reference/memberships.csv",)
)


@pytest.fixture
def project(tmp_path: Path) -> Paths:
    """A project of one source (memberships) whose first row names KAZ by ALIAS, and whose
    alias seed maps ALIAS under publisher iso3 (the codes CSV formats accept)."""
    paths = Paths(tmp_path / "project")
    paths.seeds.mkdir(parents=True)
    shutil.copy(REPO.seeds / countries.COUNTRIES_FILE, paths.seeds)
    aliases = (REPO.seeds / countries.ALIASES_FILE).read_text(encoding="utf-8")
    assert f"iso3,{ALIAS}," not in aliases
    (paths.seeds / countries.ALIASES_FILE).write_text(
        aliases + f"iso3,{ALIAS},KAZ\n", encoding="utf-8"
    )
    with (REPO.raw / SOURCE.files[0]).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][0] == "KAZ"
    rows[1][0] = ALIAS
    target = paths.raw / SOURCE.files[0]
    target.parent.mkdir(parents=True)
    with target.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return paths


def _load(paths: Paths, seeds: Path):
    with duckdb.connect() as con:
        result = load_sources(con, [SOURCE], paths.raw, "L1", gates=Gates(seeds, Previous()))
        landed = con.execute("select entity_iso3 from raw.memberships where _row_number = 2")
        return result, landed.fetchone()[0]


def test_load_reads_the_seeds_of_the_project_loaded(project):
    result, code = _load(project, project.seeds)
    assert result.sources[0].rejected == 0
    assert result.rows == 23
    assert code == ALIAS  # landed as published; dbt maps it through the same seed
    # The project's seeds applied to that load only.
    assert countries.current_seeds_dir() == REPO.seeds


def test_the_repository_seeds_would_refuse_the_alias(project):
    with pytest.raises(SourceError) as caught:
        _load(project, REPO.seeds)
    assert ALIAS in caught.value.reason
    assert caught.value.row == 2 and caught.value.field == "entity_iso3"
