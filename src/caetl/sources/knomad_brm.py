"""World Bank / KNOMAD Bilateral Remittance Matrix: one workbook per edition.

Layout (the publisher's one sheet, e.g. `FINAL BRM 2021 ` with its trailing space or
`Bilateral_Remittances_2017`): row 1 title "Bilateral Remittance Estimates for <year> ...
(millions of US$) (<month year> Version)", row 2 the header whose first cell names the axes
("receiving (across) ... sending (down)") followed by the receiving countries and `WORLD`,
then one sending country a row down to the `WORLD` row, then notes. Cells are US$ millions;
`WORLD` is a total (sent by the row's country, or received by the column's country).

These are modelled estimates (Ratha-Shaw: each country's inflow allocated across senders by
migrant stocks and incomes), not recorded transfers. Other sheets (a third party added
`remshare` to the 2017 copy) are not the publisher's and are not read. Blank cells (2021)
are no row; published zeros (2017) are kept. A `-` (2017: India-Pakistan and Israel-Lebanon
both ways, corridors the notes say are set aside for political reasons) is a row with a
null amount and status `not_estimated`.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from caetl.errors import SourceError
from caetl.quality.suites import YEARS, Suite
from caetl.sources._excel import read_errors
from caetl.sources._matrix import column_letter, grid_cell, header_names, read_grid
from caetl.sources.base import SourceFormat

# The publisher's sheet names; anything else in the workbook was added by someone else.
_PUBLISHER_SHEET = re.compile(r"^(FINAL BRM \d{4}|Bilateral_Remittances_\d{4})\s*$")
_TITLE = re.compile(r"^Bilateral Remittance Estimates for (\d{4}) .*\(millions of US\$\)")
_VERSION = re.compile(r"\(([A-Za-z]+ \d{4}) Version\)")
_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?([eE]-?[0-9]+)?$")
NOT_ESTIMATED = "-"
UNIT = "US$ millions"
TOTAL = "WORLD"
# fastexcel returns the used range, which starts at A1 in the published files.
FIRST_ROW = 1
TITLE_ROW, HEADER_ROW = 1, 2

SCHEMA = {
    "sender_name": pl.String,
    "receiver_name": pl.String,
    "year": pl.Int16,
    "edition": pl.String,
    "value_musd": pl.Float64,
    "is_total": pl.Boolean,
    "value_status": pl.String,
    "value_text": pl.String,
    "unit": pl.String,
    "sheet": pl.String,
    "source_row": pl.Int32,
    "source_column": pl.String,
    "header_row": pl.Int32,
}


def publisher_sheet(path: Path) -> str:
    """The one sheet of the workbook laid out by the publisher (name kept verbatim)."""
    import fastexcel

    try:
        names = fastexcel.read_excel(path).sheet_names
    except read_errors() as exc:
        raise SourceError(path, f"cannot open workbook: {exc}") from exc
    matches = [n for n in names if _PUBLISHER_SHEET.match(n)]
    if len(matches) != 1:
        raise SourceError(
            path,
            f"expected one publisher sheet ('FINAL BRM <year>' or "
            f"'Bilateral_Remittances_<year>'), found {matches or 'none'} among {names}",
            field="sheet",
        )
    return matches[0]


def _cell(grid: pl.DataFrame, row: int, col: int = 0) -> str | None:
    return grid_cell(grid, FIRST_ROW, row, col)


def _header(grid: pl.DataFrame, path: Path, sheet: str) -> tuple[int, str, list[tuple[int, str]]]:
    title = _cell(grid, TITLE_ROW) or ""
    match = _TITLE.match(title)
    if not match:
        raise SourceError(
            path,
            f"sheet {sheet!r}: row {TITLE_ROW} should hold the title 'Bilateral Remittance "
            f"Estimates for <year> ... (millions of US$)', found {title[:80]!r}",
            row=TITLE_ROW,
            field="A",
        )
    version = _VERSION.search(title)
    corner = (_cell(grid, HEADER_ROW) or "").lower()
    if "receiving" not in corner or "sending" not in corner:
        raise SourceError(
            path,
            f"sheet {sheet!r}: missing header row: row {HEADER_ROW} should start with "
            f"'receiving (across) / sending (down)', found {_cell(grid, HEADER_ROW)!r}",
            row=HEADER_ROW,
            field="A",
        )
    receivers = header_names(
        grid, path, FIRST_ROW, HEADER_ROW, "receiving country", where=f"sheet {sheet!r}: "
    )
    if TOTAL not in {name for _, name in receivers}:
        raise SourceError(
            path, f"sheet {sheet!r}: no {TOTAL!r} column", row=HEADER_ROW, field="header"
        )
    return int(match.group(1)), version.group(1) if version else "", receivers


def parse(path: Path) -> pl.DataFrame:
    """Every published cell of the sender x receiver matrix, totals flagged."""
    sheet = publisher_sheet(path)
    grid = read_grid(path, sheet)
    year, edition, receivers = _header(grid, path, sheet)
    rows: dict[str, list] = {k: [] for k in SCHEMA}
    seen_total_row = False
    for i in range(HEADER_ROW + 1 - FIRST_ROW, grid.height):
        source_row = i + FIRST_ROW
        sender = _cell(grid, source_row)
        if not sender:  # senders end at the first empty row; notes follow
            break
        for col, receiver in receivers:
            text = grid[i, col]
            if text is None or not text.strip():
                continue
            raw = text.strip()
            if raw == NOT_ESTIMATED:
                value, status = None, "not_estimated"
            elif _NUMBER.match(raw):
                value, status = float(raw), "estimated"
            else:
                raise SourceError(
                    path,
                    f"sheet {sheet!r}: amount {text!r} sent from {sender!r} to {receiver!r} "
                    "is neither a number nor the not-estimated marker '-'",
                    row=source_row,
                    field=f"{column_letter(col)} ({receiver})",
                )
            rows["sender_name"].append(sender)
            rows["receiver_name"].append(receiver)
            rows["year"].append(year)
            rows["edition"].append(edition)
            rows["value_musd"].append(value)
            rows["is_total"].append(TOTAL in (sender, receiver))
            rows["value_status"].append(status)
            rows["value_text"].append(text)
            rows["unit"].append(UNIT)
            rows["sheet"].append(sheet)
            rows["source_row"].append(source_row)
            rows["source_column"].append(column_letter(col))
            rows["header_row"].append(HEADER_ROW)
        seen_total_row = seen_total_row or sender == TOTAL
    if not seen_total_row:
        raise SourceError(path, f"sheet {sheet!r}: no {TOTAL!r} row closing the senders", field="A")
    return pl.DataFrame(rows, schema=SCHEMA)


FORMAT = SourceFormat(
    name="knomad_brm",
    description="World Bank/KNOMAD Bilateral Remittance Matrix, sender x receiver (xlsx)",
    schema=SCHEMA,
    parse=parse,
    country_columns=("sender_name", "receiver_name"),
    key=("sender_name", "receiver_name", "year"),
    country_row_columns={"receiver_name": "header_row"},
    suite=Suite(
        ranges={"value_musd": (0, None), "year": YEARS},
        allowed={"value_status": ("estimated", "not_estimated")},
        required=("value_status",),
        measure="value_musd",
        reasons={"value_musd": "negative modelled remittance amount"},
    ),
    alias_publisher="wb",
)
