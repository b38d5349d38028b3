"""The analyst's ways in: `caetl sql` (query sources, formats, errors), `caetl.connect()`,
`caetl shell` in a real terminal (tmux), and `caetl status --json` / `caetl check --json`."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest
from typer.testing import CliRunner

import caetl
from caetl import analyst, exitcodes
from caetl.cli import app
from caetl.lock import exclusive
from caetl.paths import Paths
from caetl.refresh import lock_path
from support import REPO
from support.refresh import caetl_env, published_copy, published_digest
from support.sample_warehouse import build_sample_warehouse

SHARES = "select country_iso3, partner_iso3, year, share_pct from reporting.rpt_partner_shares"


@pytest.fixture(scope="module")
def home(module_tmp) -> Paths:
    """A project whose published warehouse is the sample warehouse (the real table shapes)."""
    paths = Paths(module_tmp.mktemp("analyst"))
    paths.warehouse_dir.mkdir()
    build_sample_warehouse(paths.warehouse)
    return paths


def _expected(paths: Paths, query: str) -> list[tuple]:
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        return con.execute(query).fetchall()


def _sql(paths: Paths, *args: str, stdin: str | None = None):
    return CliRunner().invoke(
        app, ["sql", *args, "--home", str(paths.home)], input=stdin, env={"COLUMNS": "200"}
    )


def test_query_from_a_file_as_csv(home, tmp_path):
    query = tmp_path / "shares.sql"
    query.write_text(SHARES + " order by all\n", encoding="utf-8")
    result = _sql(home, "-f", str(query), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["country_iso3", "partner_iso3", "year", "share_pct"]
    expected = _expected(home, SHARES + " order by all")
    assert len(rows) - 1 == len(expected) > 0
    assert [(r[0], r[1], int(r[2]), float(r[3])) for r in rows[1:]] == [
        (a, b, y, float(s)) for a, b, y, s in expected
    ]


def test_query_from_stdin_as_json_lines(home):
    result = _sql(home, "--format", "jsonl", stdin=SHARES + " order by all")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    expected = _expected(home, SHARES + " order by all")
    assert [tuple(r.values()) for r in records] == [(a, b, y, float(s)) for a, b, y, s in expected]
    # `-f -` reads stdin too.
    again = _sql(home, "-f", "-", "--format", "jsonl", stdin=SHARES + " order by all")
    assert again.stdout == result.stdout


def test_markdown_escapes_pipes(home):
    query = "select 'a|b' as text, 1 as n union all select null, 2 order by n"
    result = _sql(home, query, "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["| text | n |", "|---|---|", "| a\\|b | 1 |", "|  | 2 |"]


def test_parquet_to_an_output_file(home, tmp_path):
    out = tmp_path / "shares.parquet"
    result = _sql(home, SHARES, "--format", "parquet", "--output", str(out))
    assert result.exit_code == 0, result.output
    frame = pl.read_parquet(out).sort(pl.all())
    expected = _expected(home, SHARES + " order by all")
    assert frame.height == len(expected) and frame.columns[0] == "country_iso3"
    assert frame.row(0)[:3] == expected[0][:3]
    missing = _sql(home, SHARES, "--format", "parquet")
    assert missing.exit_code != 0 and "--output" in missing.output


def test_table_and_csv_written_to_a_file(home, tmp_path):
    out = tmp_path / "shares.csv"
    assert _sql(home, SHARES, "--csv", "-o", str(out)).exit_code == 0  # --csv: older scripts
    assert out.read_text(encoding="utf-8").startswith("country_iso3,partner_iso3,year,share_pct\n")
    table = tmp_path / "shares.txt"
    assert _sql(home, SHARES, "-o", str(table)).exit_code == 0
    text = table.read_text(encoding="utf-8")
    assert "country_iso3" in text and "\x1b[" not in text  # no colour codes in a file


def test_a_write_statement_is_refused_and_changes_nothing(home):
    before = home.warehouse.read_bytes()
    for statement in ("create table marts.mine as select 1", "delete from marts.dim_sources"):
        result = _sql(home, statement)
        assert result.exit_code == 1
        message = " ".join(result.output.split())
        assert "opened read-only" in message and "cannot run" in message, message
    assert home.warehouse.read_bytes() == before


def test_an_unknown_table_lists_the_closest_names(home):
    result = _sql(home, "select * from marts.dim_sorces")
    message = " ".join(result.output.split())
    assert result.exit_code == 1
    assert "no table or view named" in message
    assert "Closest: marts.dim_sources" in message
    bare = " ".join(_sql(home, "select * from partner_shares").output.split())
    assert "reporting.rpt_partner_shares" in bare


def test_no_query_and_a_missing_file_are_clear_errors(home, tmp_path):
    result = _sql(home, "-f", str(tmp_path / "nope.sql"))
    assert result.exit_code == 1 and "cannot read the query file" in result.output
    assert _sql(home, "--format", "xml", "select 1").exit_code == 1


def test_connect_is_read_only_and_gives_polars_and_pandas(home):
    with caetl.connect(home.home) as con:
        frame = con.sql(SHARES).pl()
        assert frame.height == len(_expected(home, SHARES)) > 0
        assert con.sql("select count(*) from marts.dim_sources").df().iloc[0, 0] > 0
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("create table marts.mine as select 1")


def test_connect_defaults_to_caetl_home(home, monkeypatch):
    monkeypatch.setenv("CAETL_HOME", str(home.home))
    with caetl.connect() as con:
        assert con.execute("select current_database()").fetchall() == [("caetl",)]
    monkeypatch.setenv("CAETL_HOME", str(home.home / "nowhere"))
    with pytest.raises(caetl.errors.CaetlError, match="caetl refresh"):
        caetl.connect()


# --- caetl shell ------------------------------------------------------------------------


def _executable(folder: Path, name: str, script: str) -> Path:
    path = folder / name
    path.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_shell_skips_a_duckdb_cli_that_cannot_read_the_file(home, tmp_path, monkeypatch):
    # What a DuckDB 1.x CLI answers for a file written by 2.0: it exits non-zero.
    _executable(tmp_path, "duckdb", 'echo "Error: unable to open database" >&2; exit 1')
    monkeypatch.setenv("PATH", str(tmp_path))
    assert analyst.choose_shell(home.warehouse) == ("python", None)
    with pytest.raises(caetl.errors.CaetlError, match="cannot read files"):
        analyst.choose_shell(home.warehouse, "duckdb")


def test_shell_prefers_a_duckdb_cli_that_reads_the_file_then_harlequin(home, tmp_path, monkeypatch):
    probe = tmp_path / "probe.txt"
    cli = _executable(tmp_path, "duckdb", f'echo "$@" > {probe}; exit 0')
    harlequin = _executable(tmp_path, "harlequin", "exit 0")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert analyst.choose_shell(home.warehouse) == (
        "duckdb",
        [str(cli), "-readonly", str(home.warehouse)],
    )
    assert probe.read_text().split() == ["-readonly", str(home.warehouse), "-c", "select", "1"]
    cli.unlink()
    assert analyst.choose_shell(home.warehouse) == (
        "harlequin",
        [str(harlequin), "--read-only", str(home.warehouse)],
    )


class Tmux:
    """A real terminal: a private tmux server running one command in a 120x40 window."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.socket = f"caetl-test-{os.getpid()}-{time.monotonic_ns()}"
        self.env = env
        shell_line = " ".join(_quote(part) for part in command)
        self._tmux("new-session", "-d", "-x", "120", "-y", "40", "-s", "t", shell_line)

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=30,
            check=False,
        )
        return done.stdout

    def send(self, text: str) -> None:
        self._tmux("send-keys", "-t", "t", "-l", text)
        self._tmux("send-keys", "-t", "t", "Enter")

    def screen(self) -> str:
        # -J: a line the terminal wrapped comes back whole (a long home path splits a word).
        return self._tmux("capture-pane", "-p", "-J", "-t", "t", "-S", "-200")

    def wait_for(self, text: str, timeout: float = 60, times: int = 1) -> str:
        """The screen once `text` is on it `times` times (a typed command echoes its own
        words before the answer arrives)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if screen.count(text) >= times:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} not on the screen after {timeout}s:\n{self.screen()}")

    def alive(self) -> bool:
        return (
            subprocess.run(
                ["tmux", "-L", self.socket, "has-session", "-t", "t"],
                capture_output=True,
                env=self.env,
                check=False,
            ).returncode
            == 0
        )

    def close(self) -> None:
        self._tmux("kill-server")


def _quote(part: str) -> str:
    import shlex

    return shlex.quote(part)


@pytest.fixture
def tmux_available() -> None:
    """tmux from Debian (scripts/install_terminal.sh, also run by `make test`)."""
    if not shutil.which("tmux"):
        subprocess.run(["bash", str(REPO / "scripts" / "install_terminal.sh")], check=True)


def test_shell_in_a_real_terminal_queries_and_cannot_write(home, tmux_available):
    env = caetl_env(
        PYTHONPATH=os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])
    )
    env["PATH"] = "/usr/bin:/bin"  # no DuckDB CLI or Harlequin: the Python prompt
    env.pop("TMUX", None)
    command = [sys.executable, "-c", "from caetl.cli import app; app()", "shell"]
    terminal = Tmux([*command, "--home", str(home.home)], env)
    try:
        terminal.wait_for(">>>")
        assert "read-only" in terminal.screen()
        count = _expected(home, "select count(*) from marts.dim_sources")[0][0]
        terminal.send('con.sql("select count(*) as n_sources from marts.dim_sources").show()')
        screen = terminal.wait_for("n_sources", times=2)  # the echoed command, the header
        below = screen.split("n_sources")[2]
        assert str(count) in below.replace("│", " ").split(), screen
        terminal.send('con.execute("drop table marts.dim_sources")')
        screen = terminal.wait_for("InvalidInputException")
        assert "read-only" in screen
        terminal.send("exit()")
        deadline = time.monotonic() + 20
        while terminal.alive() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not terminal.alive(), terminal.screen()
    finally:
        terminal.close()
    assert _expected(home, "select count(*) from marts.dim_sources")[0][0] == count


# --- status and check for schedulers -----------------------------------------------------


@pytest.fixture(scope="module")
def published(small_home, module_tmp) -> Paths:
    """A private copy of the session's refreshed small project, with its run log."""
    return published_copy(small_home, module_tmp.mktemp("json"), run_log=True)


@pytest.mark.slow
def test_status_json(published):
    result = CliRunner().invoke(
        app, ["status", "--json", "--no-freshness", "--home", str(published.home)]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["published"] is True
    assert document["runs"] and document["runs"][-1]["status"] == "published"
    with duckdb.connect(str(published.warehouse), read_only=True) as con:
        sources = {
            r[0] for r in con.execute("select source_id from raw.manifest_sources").fetchall()
        }
    assert {s["source_id"] for s in document["sources"]} == sources
    assert document["overdue"] == [s["source_id"] for s in document["sources"] if s["overdue"]]
    assert "freshness" not in document


def test_status_json_without_a_warehouse(tmp_path):
    result = CliRunner().invoke(app, ["status", "--json", "--home", str(tmp_path)])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["published"] is False and "caetl refresh" in document["error"]


@pytest.mark.slow
def test_check_json_reports_a_refused_input_and_a_busy_lock(published):
    before = published_digest(published)
    with exclusive(lock_path(published), purpose="test"):
        busy = CliRunner().invoke(app, ["check", "--json", "--home", str(published.home)])
    assert busy.exit_code == exitcodes.BUSY
    document = json.loads(busy.stdout)
    assert document["ok"] is False and document["exit_code"] == exitcodes.BUSY
    # A file the manifest names is missing: refused at the plan step, before any load.
    claims = published.raw / "claims" / "article_claims.csv"
    aside = claims.rename(claims.with_suffix(".aside"))
    try:
        refused = CliRunner().invoke(app, ["check", "--json", "--home", str(published.home)])
    finally:
        aside.rename(claims)
    assert refused.exit_code == exitcodes.INPUT, refused.output
    document = json.loads(refused.stdout)
    assert document["ok"] is False and document["exit_code"] == exitcodes.INPUT
    assert "article_claims" in document["error"] and document["step"] == "plan"
    assert published_digest(published) == before


@pytest.mark.slow(seconds=100)
def test_check_json_on_a_good_project(published):
    result = CliRunner().invoke(app, ["check", "--json", "--home", str(published.home)])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["ok"] is True and document["exit_code"] == 0
    assert document["rows"] == sum(s["rows"] for s in document["sources"]) > 0
    assert {"load", "build"} <= set(document["seconds"])


@pytest.mark.slow
def test_the_guide_python_example_runs(published, monkeypatch):
    """The `caetl.connect()` example of docs/analysts.md, run as written on a refreshed
    project: China's share of Kazakhstan's trade as polars, the sources as pandas."""
    guide = (REPO / "docs" / "analysts.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0] for b in guide.split("```python\n")[1:]]
    [example] = [b for b in blocks if "caetl.connect()" in b]
    monkeypatch.setenv("CAETL_HOME", str(published.home))
    scope: dict = {}
    exec(compile(example, "docs/analysts.md", "exec"), scope)  # noqa: S102
    shares, sources = scope["shares"], scope["sources"]
    assert isinstance(shares, pl.DataFrame) and shares.height > 20
    assert set(shares["basis"]) >= {"reporter", "mirror"}
    assert len(sources) == len(_expected(published, "select * from marts.dim_sources"))
