"""Kyrgyzstan's National Statistical Committee: geographic distribution of exports (table
4.03.00.18) or imports (4.03.00.20) of goods, thousand US dollars (.xlsx), 1994 onwards.

The table is the workbook's first sheet (the imports workbook has an empty second one).
Row 1 holds the title in Kyrgyz, Russian and English (the Russian title names the flow:
`экспорта` or `импорта`), row 2 the unit, then a row of years from column D, each `YYYY` or
`YYYY n` with a footnote marker `n` (the footnote, below the table, says what it means:
`1 Предварительные данные`, preliminary). Then one row per partner or group with its name in
three columns (Kyrgyz, Russian, English): `Всего`/`Total`, groups (EU, CIS, SCO, EAEU) and
continents (`Европа`, `Азия`, `Америка`, ...) each before its countries. `-` is the
publisher's mark for no figure: the row is kept with a null value and the text `-`. A blank
cell gives no row.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from caetl.errors import SourceError
from caetl.quality.suites import NEGATIVE, TRADE_FLOWS, YEARS, Suite
from caetl.sources._excel import clean_name, column_letter, number, read_grid, sheet_names
from caetl.sources.base import SourceFormat

FLOWS = {"экспорта": "exports", "импорта": "imports"}
UNIT = "тыс. долларов США"
FIRST_YEAR_COLUMN = 3  # column D; A-C hold the names
NAME_COLUMNS = ("partner_name_ky", "partner_name_ru", "partner_name_en")
YEAR_LABEL = re.compile(r"^(\d{4})(?:\s+(\d))?$")
FOOTNOTE = re.compile(r"^(\d)\s+(.+)$")
PRELIMINARY = "предварительн"
MISSING = "-"

SCHEMA = {
    "partner_name_ky": pl.String,
    "partner_name_ru": pl.String,
    "partner_name_en": pl.String,
    "flow": pl.String,
    "year": pl.Int16,
    "month": pl.Int8,
    "value_kusd": pl.Float64,
    "value_text": pl.String,
    "is_preliminary": pl.Boolean,
    "year_label": pl.String,
    "sheet": pl.String,
    "source_row": pl.Int32,
}


def _cells(row: tuple, start: int, stop: int) -> list[str | None]:
    return [row[c] if c < len(row) else None for c in range(start, stop)]


def _flow(grid: list[tuple], path: Path) -> str:
    title = clean_name(grid[0][1] if grid and len(grid[0]) > 1 else None) or ""
    found = [flow for word, flow in FLOWS.items() if word in title.lower()]
    if len(found) != 1:
        raise SourceError(
            path, f"the Russian title {title!r} names neither exports nor imports", row=1,
            field="B",
        )  # fmt: skip
    unit = " ".join(clean_name(c) or "" for c in _cells(grid[1], 0, 3)) if len(grid) > 1 else ""
    if UNIT not in unit:
        raise SourceError(path, f"row 2 should give the unit {UNIT!r}, found {unit!r}", row=2)
    return found[0]


def _years(grid: list[tuple], path: Path) -> tuple[int, dict[int, tuple[int, str, str | None]]]:
    """(0-based header row, {column: (year, label, footnote marker)})."""
    for i in range(2, min(len(grid), 8)):
        labels = _cells(grid[i], FIRST_YEAR_COLUMN, len(grid[i]))
        if not any(labels):
            continue
        names = [clean_name(c) for c in _cells(grid[i], 0, FIRST_YEAR_COLUMN)]
        if any(names):
            raise SourceError(
                path,
                f"the first row after the unit should hold the years from column D, found "
                f"{names} in columns A-C (a shifted header?)",
                row=i + 1,
                field="A",
            )
        years: dict[int, tuple[int, str, str | None]] = {}
        for offset, label in enumerate(labels):
            col = FIRST_YEAR_COLUMN + offset
            text = clean_name(label)
            if text is None:
                continue
            matched = YEAR_LABEL.match(text.removesuffix(".0"))
            if not matched:
                raise SourceError(
                    path,
                    f"period label {label!r} is neither 'YYYY' nor 'YYYY n' (a year with a "
                    "footnote marker)",
                    row=i + 1,
                    field=column_letter(col),
                )
            years[col] = (int(matched.group(1)), text, matched.group(2))
        found = [y for y, _, _ in years.values()]
        expected = list(range(found[0], found[0] + len(found)))
        if found != expected:
            gap = next(e for e, f in zip(expected, found, strict=True) if e != f)
            raise SourceError(
                path,
                f"years must run one a column without a gap: {gap} is missing "
                f"(found {found[0]}..{found[-1]})",
                row=i + 1,
                field=str(gap),
            )
        return i, years
    raise SourceError(path, "no row of years after the unit", row=3)


def _footnotes(grid: list[tuple], start: int) -> dict[str, str]:
    """Footnote marker -> its text (Russian column), from the name-only rows of the table."""
    notes = {}
    for row in grid[start:]:
        text = clean_name(row[1] if len(row) > 1 else None)
        values = _cells(row, FIRST_YEAR_COLUMN, len(row))
        if text and not any(values) and (matched := FOOTNOTE.match(text)):
            notes[matched.group(1)] = matched.group(2)
    return notes


def parse(path: Path) -> pl.DataFrame:
    """One row per partner (or group), year and flow; `-` kept as a null value."""
    sheet = sheet_names(path)[0]
    grid = read_grid(path, sheet)
    flow = _flow(grid, path)
    header, years = _years(grid, path)
    notes = _footnotes(grid, header + 1)
    preliminary: dict[int, bool] = {}
    for col, (_, label, marker) in years.items():
        if marker is not None and marker not in notes:
            raise SourceError(
                path,
                f"year label {label!r} carries footnote {marker} but no footnote {marker} "
                "follows the table",
                row=header + 1,
                field=column_letter(col),
            )
        preliminary[col] = marker is not None and PRELIMINARY in notes[marker].lower()
    rows: dict[str, list] = {k: [] for k in SCHEMA}
    seen: dict[str, int] = {}
    for i in range(header + 1, len(grid)):
        record, row_number = grid[i], i + 1
        names = [clean_name(c) for c in _cells(record, 0, FIRST_YEAR_COLUMN)]
        values = _cells(record, FIRST_YEAR_COLUMN, len(record))
        filled = {FIRST_YEAR_COLUMN + k: v for k, v in enumerate(values) if v and v.strip()}
        if not filled:
            continue  # blank separator rows and the footnotes
        stray = [c for c in filled if c not in years]
        if stray:
            raise SourceError(
                path,
                f"a value under no year header: {filled[stray[0]]!r}",
                row=row_number,
                field=column_letter(stray[0]),
            )
        missing = [NAME_COLUMNS[k] for k, n in enumerate(names) if n is None]
        if missing:
            raise SourceError(path, "partner name is missing", row=row_number, field=missing[0])
        if names[1] in seen:
            raise SourceError(
                path,
                f"partner {names[1]!r} appears twice (first in row {seen[names[1]]})",
                row=row_number,
                field="partner_name_ru",
            )
        seen[names[1]] = row_number
        for col, text in filled.items():
            year, label, _ = years[col]
            stripped = text.strip()
            value = None if stripped == MISSING else number(stripped, path, row_number, label)
            for key, name in zip(NAME_COLUMNS, names, strict=True):
                rows[key].append(name)
            rows["flow"].append(flow)
            rows["year"].append(year)
            rows["month"].append(None)
            rows["value_kusd"].append(value)
            rows["value_text"].append(stripped)
            rows["is_preliminary"].append(preliminary[col])
            rows["year_label"].append(label)
            rows["sheet"].append(sheet)
            rows["source_row"].append(row_number)
    return pl.DataFrame(rows, schema=SCHEMA)


FORMAT = SourceFormat(
    name="kgz_nsc_partners",
    description="Kyrgyzstan NSC exports or imports by partner (xlsx, trilingual, thousand USD)",
    schema=SCHEMA,
    parse=parse,
    country_columns=NAME_COLUMNS,
    key=("partner_name_ru", "flow", "year"),
    # `-` is the publisher's mark for no figure: a null value is allowed, its text is not.
    suite=Suite(
        ranges={"value_kusd": (0, None), "year": YEARS},
        allowed={"flow": TRADE_FLOWS},
        required=("value_text", "is_preliminary"),
        measure="value_kusd",
        reasons={"value_kusd": NEGATIVE},
    ),
    alias_publisher="kgz_nsc",
)
