"""Kazakhstan's Bureau of National Statistics: "Основные показатели внешней торговли (по
странам)", foreign trade by partner country, thousand US dollars (.xls).

Each workbook holds one sheet per year, named `12_2019` (January-December 2019) or `2022`,
and repeats the year before its own: a year is published twice, and the later publication
(the workbook's latest year) is the revised figure. Other sheets (cover, legend, contents,
methodology) hold no table and are skipped; a sheet that holds the table under a name of
neither form is an error. In a table sheet: title rows (the second names the year), the unit
`тыс. долларов США`, a header `Наименование ...` | `Товарооборот` | share | `Экспорт` | share
| `Импорт` | share, a second header row, then one row per partner or group (`Всего`,
`Страны СНГ`, continents ...) in Russian. Turnover is exports plus imports and is not
loaded; the published share of each flow is kept beside its value. A blank cell is no trade
and gives no row.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from caetl.errors import SourceError
from caetl.quality.suites import NEGATIVE, TRADE_FLOWS, YEARS, Suite
from caetl.sources._excel import clean_name, column_letter, number, read_grid, sheet_names
from caetl.sources.base import SourceFormat

SHEET_PERIOD = re.compile(r"^(?:12_)?(\d{4})$")
TITLE_YEAR = re.compile(r"\b(\d{4})\b")
HEADER = "Наименование"
UNIT = "тыс. долларов США"
# header label (lower case) -> column index, and the flows read with their share column
COLUMNS = {"товарооборот": 1, "экспорт": 3, "импорт": 5}
FLOWS = {"exports": (3, 4), "imports": (5, 6)}
HEADER_SEARCH_ROWS = 12

SCHEMA = {
    "partner_name": pl.String,
    "flow": pl.String,
    "year": pl.Int16,
    "month": pl.Int8,
    "value_kusd": pl.Float64,
    "share_pct": pl.Float64,
    "sheet": pl.String,
    "publication": pl.String,
    "source_row": pl.Int32,
}


def _cell(row: tuple, col: int) -> str | None:
    return row[col] if col < len(row) else None


def _header_row(grid: list[tuple], path: Path, sheet: str) -> int | None:
    """0-based index of the `Наименование` header row, or None for a sheet with no table."""
    for i, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        name = clean_name(_cell(row, 0))
        if name and name.startswith(HEADER):
            return i
    return None


def _check_header(grid: list[tuple], header: int, year: int, path: Path, sheet: str) -> None:
    row = grid[header]
    for label, col in COLUMNS.items():
        found = clean_name(_cell(row, col))
        if (found or "").lower() != label:
            raise SourceError(
                path,
                f"sheet {sheet!r}: column {column_letter(col)} of the header should read "
                f"{label!r}, found {found!r} (a shifted header?)",
                row=header + 1,
                field=f"{sheet}!{column_letter(col)}",
            )
    above = [clean_name(c) or "" for r in grid[:header] for c in r]
    if not any(UNIT in c for c in above):
        raise SourceError(
            path, f"sheet {sheet!r}: no unit {UNIT!r} above the header", field=f"{sheet}!unit"
        )
    titled = [int(y) for c in above for y in TITLE_YEAR.findall(c)]
    if year not in titled:
        raise SourceError(
            path,
            f"sheet {sheet!r}: the title names {titled or 'no year'}, not the sheet's {year}",
            row=2,
            field=f"{sheet}!title",
        )


def _tables(path: Path) -> list[tuple[str, int, list[tuple], int]]:
    """(sheet, year, grid, header index) of every sheet holding the table."""
    tables = []
    for sheet in sheet_names(path):
        grid = read_grid(path, sheet)
        header = _header_row(grid, path, sheet)
        period = SHEET_PERIOD.match(sheet.strip())
        if header is None:
            if period:
                raise SourceError(
                    path,
                    f"sheet {sheet!r} is named for a year but has no {HEADER!r} header in "
                    f"its first {HEADER_SEARCH_ROWS} rows",
                    field=sheet,
                )
            continue
        if not period:
            raise SourceError(
                path,
                f"sheet {sheet!r} holds a trade table but its name is neither 'YYYY' nor '12_YYYY'",
                field=sheet,
            )
        year = int(period.group(1))
        _check_header(grid, header, year, path, sheet)
        tables.append((sheet, year, grid, header))
    if not tables:
        raise SourceError(path, f"no sheet holds a {HEADER!r} table")
    years = [t[1] for t in tables]
    if len(set(years)) != len(years):
        raise SourceError(path, f"a year appears in two sheets: {sorted(years)}")
    return tables


def _parse_table(
    path: Path, sheet: str, year: int, grid: list[tuple], header: int, publication: str
) -> dict[str, list]:
    rows: dict[str, list] = {k: [] for k in SCHEMA}
    seen: dict[str, int] = {}
    for i in range(header + 2, len(grid)):
        record, row_number = grid[i], i + 1
        name = clean_name(_cell(record, 0))
        cells = {flow: (_cell(record, v), _cell(record, s)) for flow, (v, s) in FLOWS.items()}
        has_value = any(c is not None and c.strip() for pair in cells.values() for c in pair)
        if name is None:
            if has_value:
                raise SourceError(
                    path, "a value with no partner name", row=row_number, field=f"{sheet}!A"
                )
            continue
        if name in seen:
            raise SourceError(
                path,
                f"partner {name!r} appears twice in sheet {sheet!r} (first in row {seen[name]})",
                row=row_number,
                field=f"{sheet}!A",
            )
        seen[name] = row_number
        for flow, (value_text, share_text) in cells.items():
            if value_text is None or not value_text.strip():
                continue
            label = "Экспорт" if flow == "exports" else "Импорт"
            value = number(value_text, path, row_number, f"{sheet}!{label}")
            share = None
            if share_text is not None and share_text.strip():
                share = number(share_text, path, row_number, f"{sheet}!{label} %")
            rows["partner_name"].append(name)
            rows["flow"].append(flow)
            rows["year"].append(year)
            rows["month"].append(None)
            rows["value_kusd"].append(value)
            rows["share_pct"].append(share)
            rows["sheet"].append(sheet)
            rows["publication"].append(publication)
            rows["source_row"].append(row_number)
    return rows


def parse(path: Path) -> pl.DataFrame:
    """Every table sheet of one workbook, one row per partner (or group), year and flow.

    `publication` is the workbook's latest year: the release the figures come from.
    """
    tables = _tables(path)
    publication = str(max(year for _, year, _, _ in tables))
    frames = [
        pl.DataFrame(_parse_table(path, *table, publication), schema=SCHEMA) for table in tables
    ]
    return pl.concat(frames)


FORMAT = SourceFormat(
    name="kaz_bns_partners",
    description="Kazakhstan BNS trade by partner country (xls, one sheet per year, thousand USD)",
    schema=SCHEMA,
    parse=parse,
    country_columns=("partner_name",),
    key=("partner_name", "flow", "year", "publication"),
    suite=Suite(
        ranges={"value_kusd": (0, None), "share_pct": (0, 100), "year": YEARS},
        allowed={"flow": TRADE_FLOWS},
        required=("value_kusd", "sheet", "publication"),
        measure="value_kusd",
        reasons={"value_kusd": NEGATIVE},
    ),
    alias_publisher="kaz_bns",
)
