"""`caetl refresh --fetch`: a failed fetch keeps the previous vintage in force, the refresh
still runs on what is there, and the exit code tells the scheduler the fetch failed."""

from __future__ import annotations

import pytest

from caetl import exitcodes
from support.refresh import published_copy, published_digest, run_caetl

pytestmark = pytest.mark.slow

# The discard port on loopback: nothing listens, so every API call is refused at once.
NOWHERE = "http://127.0.0.1:9"


def test_failed_fetch_keeps_previous_vintage_and_exits_with_fetch_code(small_home, tmp_path):
    paths = published_copy(small_home, tmp_path / "home")
    manifest_before = paths.manifest.read_bytes()
    published_before = published_digest(paths)

    result = run_caetl(
        paths,
        "refresh",
        "--fetch",
        CAETL_WORLDBANK_URL=NOWHERE,
        CAETL_COMTRADE_URL=NOWHERE,
        CAETL_IMF_URL=NOWHERE,
    )

    output = result.stdout + result.stderr
    assert result.returncode == exitcodes.FETCH, output
    assert "nothing changed" in output  # the refresh ran, on the vintages already in force
    assert paths.manifest.read_bytes() == manifest_before
    assert published_digest(paths) == published_before
    new_vintages = [
        d for d in (paths.raw / "api").glob("*/*") if d.is_dir() and not d.name.endswith(".failed")
    ]
    assert new_vintages == []
