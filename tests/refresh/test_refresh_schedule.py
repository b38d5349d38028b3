"""The scheduling examples in deploy/ work as documented: the systemd units verify and
treat 'busy' as success; the cron wrapper stays silent on success and on 'busy' (exit 0)
and speaks up with the real exit code on a refused input."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from caetl import exitcodes, lock
from caetl.refresh import lock_path
from support import REPO
from support.refresh import CAETL, caetl_env, published_copy
from support.skips import skip_or_fail

DEPLOY = REPO / "deploy"
WRAPPER = DEPLOY / "caetl-refresh.sh"


def _unit(name: str) -> str:
    return (DEPLOY / "systemd" / name).read_text(encoding="utf-8")


def test_systemd_units_verify_cleanly(tmp_path):
    if not shutil.which("systemd-analyze"):
        skip_or_fail("needs systemd-analyze (apt-get install systemd)")
    # The real binary and a real folder in place of the install paths; no caetl user here.
    service = re.sub(r"^(User|Group)=.*\n", "", _unit("caetl-refresh.service"), flags=re.M)
    service = service.replace("/opt/caetl/.venv/bin/caetl", CAETL).replace(
        "/srv/caetl", str(tmp_path)
    )
    (tmp_path / "caetl-refresh.service").write_text(service)
    (tmp_path / "caetl-refresh.timer").write_text(_unit("caetl-refresh.timer"))
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", "caetl-refresh.service", "caetl-refresh.timer"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


def test_systemd_service_runs_refresh_and_counts_busy_as_success():
    service = _unit("caetl-refresh.service")
    assert re.search(r"^ExecStart=\S+/caetl refresh --home \S+$", service, re.M)
    success = re.search(r"^SuccessExitStatus=(.*)$", service, re.M).group(1).split()
    assert success == [str(exitcodes.BUSY)]
    assert re.search(r"^Type=oneshot$", service, re.M)


def test_crontab_runs_the_wrapper():
    lines = [
        line
        for line in (DEPLOY / "cron" / "caetl.crontab").read_text().splitlines()
        if line.strip() and not line.startswith("#") and "=" not in line.split()[0]
    ]
    nightly, weekly_fetch = (line.split() for line in lines)
    assert len(nightly) == 6 and nightly[5].endswith("deploy/caetl-refresh.sh")
    assert weekly_fetch[5].endswith("deploy/caetl-refresh.sh")
    assert weekly_fetch[6:] == ["--fetch"]


@pytest.fixture(scope="module")
def project(small_home, module_tmp):
    return published_copy(small_home, module_tmp.mktemp("schedule"))


def _wrapper(project, log: Path) -> subprocess.CompletedProcess:
    env = caetl_env(CAETL_BIN=CAETL, CAETL_HOME=str(project.home), CAETL_LOG=str(log))
    return subprocess.run(["sh", str(WRAPPER)], capture_output=True, text=True, env=env)


def test_wrapper_is_silent_when_nothing_changed(project, tmp_path):
    result = _wrapper(project, tmp_path / "refresh.log")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert "nothing changed" in (tmp_path / "refresh.log").read_text()


def test_wrapper_is_silent_when_another_refresh_holds_the_lock(project, tmp_path):
    with lock.exclusive(lock_path(project)):
        result = _wrapper(project, tmp_path / "refresh.log")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert "another refresh is running" in (tmp_path / "refresh.log").read_text()


def test_wrapper_reports_a_refused_input_with_its_exit_code(project, tmp_path):
    manifest = project.manifest.read_text(encoding="utf-8")
    broken = manifest.replace(
        'files = ["trade/kaz_bns_monthly/exports.csv"', 'files = ["../exports.csv"', 1
    )
    assert broken != manifest
    project.manifest.write_text(broken, encoding="utf-8")
    try:
        result = _wrapper(project, tmp_path / "refresh.log")
    finally:
        project.manifest.write_text(manifest, encoding="utf-8")
    assert result.returncode == exitcodes.INPUT
    assert "exit 3" in result.stderr and "leaves raw/" in result.stderr
