"""Helpers the tests share: project copies and the `caetl` command, the loopback replay
server, the browser, independent readers of raw/, and the repository's folders."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "raw"
FIXTURES = REPO / "tests" / "fixtures"
