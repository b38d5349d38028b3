"""The bad-input corpus (fixtures/bad/cases.toml) against a published project.

An unusable file is refused before anything is published: `caetl refresh` exits 3, the run
log names file, row and field, and the published warehouse and reports keep their bytes.
Row-level faults (a negative trade value, a repeated key) go to meta.rejects with file,
row, field and reason while the good rows are published; hostile text (HTML, SQL quotes)
is kept as data and never executed.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from caetl import exitcodes, runlog
from caetl.cli import app
from caetl.paths import Paths
from support import FIXTURES
from support.refresh import published_copy, published_digest, run_caetl

pytestmark = pytest.mark.slow(seconds=70)

BAD = FIXTURES / "bad"
CASES = tomllib.loads((BAD / "cases.toml").read_text(encoding="utf-8"))["case"]
REFUSED = [c for c in CASES if c["exit"] != 0]
ROW_LEVEL = [c for c in CASES if c["exit"] == 0]


def test_corpus_has_the_cases_the_issue_asks_for():
    assert len(CASES) >= 15
    assert len({c["name"] for c in CASES}) == len(CASES)


def _set_files(manifest: Path, source_id: str, files: list[str]) -> None:
    text = manifest.read_text(encoding="utf-8")
    block = re.search(rf'id = "{source_id}"\n(.*?)(?=\n\[\[|\Z)', text, re.S)
    files_line = re.search(r"^files = .*$", block.group(1), re.M)
    start = block.start(1) + files_line.start()
    new = "files = [" + ", ".join(f'"{f}"' for f in files) + "]"
    manifest.write_text(text[:start] + new + text[block.start(1) + files_line.end() :])


@contextmanager
def applied(paths: Paths, case: dict, outside: Path):
    """Break the project as the case says; put everything back afterwards."""
    saved = {}
    touched = []
    if "replace" in case:
        touched.append(paths.raw / case["replace"])
    if "manifest_files" in case:
        touched.append(paths.manifest)
    if "symlink" in case:
        touched.append(paths.raw / case["symlink"])
    for path in touched:
        saved[path] = path.read_bytes()
    created = []
    try:
        if "replace" in case:
            shutil.copyfile(BAD / case["fixture"], paths.raw / case["replace"])
        if "manifest_files" in case:
            _set_files(paths.manifest, case["source"], case["manifest_files"])
        if "symlink" in case:
            link = paths.raw / case["symlink"]
            target = outside / "secret.csv"
            target.write_bytes(saved[link])
            link.unlink()
            link.symlink_to(target)
        if "copy" in case:
            src, dst = (paths.raw / p for p in case["copy"])
            shutil.copyfile(src, dst)
            created.append(dst)
        yield
    finally:
        for path, data in saved.items():
            path.unlink(missing_ok=True)
            path.write_bytes(data)
        for path in created:
            path.unlink()


@pytest.fixture(scope="module")
def project(small_home, module_tmp) -> Paths:
    return published_copy(small_home, module_tmp.mktemp("bad_inputs"))


@pytest.mark.parametrize("case", REFUSED, ids=[c["name"] for c in REFUSED])
def test_unusable_input_is_refused_and_nothing_is_published(project, case, tmp_path):
    before = published_digest(project)
    with applied(project, case, tmp_path):
        result = CliRunner().invoke(app, ["refresh", "--home", str(project.home)])
    assert result.exit_code == case["exit"] == exitcodes.INPUT, result.output
    assert "nothing was published" in " ".join(result.output.split())
    last = runlog.read(project, last=1)[0]
    assert last["status"] == "failed" and last["exit_code"] == exitcodes.INPUT
    for fragment in case["expect"]:
        assert fragment in last["error"], (fragment, last["error"])
    assert published_digest(project) == before


@pytest.fixture(scope="module")
def row_level_run(small_home, module_tmp):
    """Every row-level case applied together, then one real `caetl refresh`."""
    paths = published_copy(small_home, module_tmp.mktemp("row_level"))
    for case in ROW_LEVEL:  # a throwaway copy: nothing is put back
        if "replace" in case:
            shutil.copyfile(BAD / case["fixture"], paths.raw / case["replace"])
        if "copy" in case:
            src, dst = (paths.raw / p for p in case["copy"])
            shutil.copyfile(src, dst)
    result = run_caetl(paths, "refresh")
    return paths, result


def _published(paths: Paths, sql: str, params=()):
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def test_row_level_faults_still_publish(row_level_run):
    paths, result = row_level_run
    assert result.returncode == exitcodes.OK, result.stdout + result.stderr
    assert runlog.read(paths, last=1)[0]["status"] == "published"


@pytest.mark.parametrize("case", [c for c in ROW_LEVEL if c["rejects"]], ids=lambda c: c["name"])
def test_bad_rows_go_to_rejects_with_file_row_field_reason(row_level_run, case):
    paths, _ = row_level_run
    load_id = _published(paths, "select value from meta.state where key = 'load_id'")[0][0]
    for file, row, field, reason in case["rejects"]:
        found = _published(
            paths,
            "select field, reason from meta.rejects where load_id = ? and source_file = ? "
            "and row_number = ?",
            [load_id, file, row],
        )
        assert any((field == "" or f == field) and reason in r for f, r in found), found


def test_good_rows_of_a_file_with_bad_rows_are_published(row_level_run):
    paths, _ = row_level_run
    imports = _published(
        paths,
        "select count(*), min(value_kusd) from raw.kaz_bns_monthly where flow = 'imports'",
    )[0]
    data_rows = len((BAD / "negative_and_duplicate.csv").read_text().splitlines()) - 1
    assert imports == (data_rows - 2, imports[1]) and imports[1] >= 0


def test_hostile_text_is_data_not_code(row_level_run):
    paths, _ = row_level_run
    quotes = {q for (q,) in _published(paths, "select quote from raw.trade_page_figures")}
    names = {n for (n,) in _published(paths, "select source_name from raw.trade_page_figures")}
    assert '<script>alert("caetl")</script><img src=x onerror=alert(1)>' in quotes
    assert "O'Brien'); drop table raw.trade_page_figures; --" in names
    for page in (paths.reports / "html").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert '<script>alert("caetl")' not in text, page
        assert "onerror=alert(1)>" not in text, page


def test_file_name_with_sql_quote_is_loaded_as_data(row_level_run):
    paths, _ = row_level_run
    name = "trade/comtrade/legacy_chn_sitc4/comtrade_o'brien.csv"
    assert _published(
        paths, "select count(*) from meta.file_hashes where source_file = ?", [name]
    ) == [(1,)]


def test_check_runs_the_gates_without_publishing(project, tmp_path):
    case = next(c for c in REFUSED if c["name"] == "unknown_country_name")
    before = published_digest(project)
    with applied(project, case, tmp_path):
        result = CliRunner().invoke(app, ["check", "--home", str(project.home)])
    assert result.exit_code == exitcodes.INPUT, result.output
    assert "Atlantis" in runlog.read(project, last=1)[0]["error"]
    assert published_digest(project) == before
    assert not [p for p in (project.warehouse_dir / ".build").iterdir()]
