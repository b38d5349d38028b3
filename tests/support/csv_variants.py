"""Broken variants of real published CSV files, written next to a test: the same file with
one column dropped, or one cell changed, so a parser's error can be checked against the
exact record and field that was broken."""

from __future__ import annotations

import csv
from pathlib import Path


def read_records(path: Path, preamble: int = 0) -> tuple[list[str], list[list[str]]]:
    """The preamble lines (kept verbatim) and the CSV records after them."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    return lines[:preamble], list(csv.reader(lines[preamble:]))


def write_records(path: Path, head: list[str], records: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.writelines(head)
        csv.writer(handle, lineterminator="\n").writerows(records)
    return path


def drop_column(src: Path, dst: Path, column: str, preamble: int = 0) -> Path:
    head, records = read_records(src, preamble)
    index = records[0].index(column)
    return write_records(dst, head, [r[:index] + r[index + 1 :] for r in records])


def set_cell(src: Path, dst: Path, record: int, column: str, value: str, preamble: int = 0) -> Path:
    """Write `value` into `column` of CSV record number `record` (header = 1)."""
    head, records = read_records(src, preamble)
    records[record - 1][records[0].index(column)] = value
    return write_records(dst, head, records)
