"""Russia's trade with its main partners by month, Federal Customs Service figures as
republished by Rosstat (`96stran.xlsx`, "Внешняя торговля Российской Федерации с основными
странами (по данным ФТС России)").

Layout (sheets `Экспорт` and `Импорт`): row 2 the title, row 4 the unit (`(млн доллалов
США)`, the publisher's spelling), row 5 one partner a column from B (Russian names, some
broken over two lines), then from row 6 a year row (`2006` in column A, no figures) followed
by its twelve month rows (`  январь` … `  декабрь`). `…` marks a month with no published
figure (Kazakhstan, July to December 2010: the customs-union break); it is kept with a
null value.

Some partner headers mix Latin look-alike letters into Cyrillic words (`Китaй` with a Latin
`a`): the published header is kept in `partner_label`, and `partner_name` has those letters
folded to Cyrillic so the name matches the alias table however a later release types it.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from caetl.errors import SourceError
from caetl.quality.suites import NEGATIVE, TRADE_FLOWS, YEARS, Suite
from caetl.sources._excel import cell, clean_name, column_letter, number, read_grid
from caetl.sources.base import SourceFormat

SHEETS = {"Экспорт": "exports", "Импорт": "imports"}
TITLE_ROW, UNIT_ROW, HEADER_ROW = 2, 4, 5
UNIT_PATTERN = re.compile(r"^\(млн \w+ США\)$")
MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "январь",
            "февраль",
            "март",
            "апрель",
            "май",
            "июнь",
            "июль",
            "август",
            "сентябрь",
            "октябрь",
            "ноябрь",
            "декабрь",
        ),
        start=1,
    )
}
NOT_PUBLISHED = "…"
_YEAR = re.compile(r"^(19|20)[0-9]{2}(\.0)?$")
_LOOKALIKES = str.maketrans("aeopcxyAEOPCXHKMBT", "аеорсхуАЕОРСХНКМВТ")
_CYRILLIC = re.compile(r"[а-яА-ЯёЁ]")

SCHEMA = {
    "partner_name": pl.String,
    "partner_label": pl.String,
    "flow": pl.String,
    "trade_year": pl.Int16,
    "trade_month": pl.Int8,
    "value_musd": pl.Float64,
    "value_text": pl.String,
    "sheet": pl.String,
    "cell": pl.String,
    "source_row": pl.Int32,
}


def partner_name(label: str) -> str:
    """One line, single spaces, Latin look-alikes inside Cyrillic words made Cyrillic."""
    words = (clean_name(label) or "").split(" ")
    return " ".join(w.translate(_LOOKALIKES) if _CYRILLIC.search(w) else w for w in words)


def _header(grid, path: Path, sheet: str) -> list[tuple[int, str, str]]:
    title = cell(grid, TITLE_ROW, 0) or ""
    if not title.startswith(f"{sheet} Российской Федерации"):
        raise SourceError(
            path, f"sheet {sheet!r}: row 2 should hold the title, found {title!r}", row=TITLE_ROW
        )
    unit = " ".join((cell(grid, UNIT_ROW, 0) or "").split())
    if not UNIT_PATTERN.match(unit):
        raise SourceError(
            path,
            f"sheet {sheet!r}: unit {unit!r}, expected million US dollars",
            row=UNIT_ROW,
            field="unit",
        )
    if cell(grid, HEADER_ROW, 0) is not None or cell(grid, HEADER_ROW, 1) is None:
        raise SourceError(
            path,
            f"sheet {sheet!r}: row 5 should hold partner names from column B "
            f"(found A5={cell(grid, HEADER_ROW, 0)!r}, B5={cell(grid, HEADER_ROW, 1)!r})",
            row=HEADER_ROW,
            field="partner",
        )
    partners = []
    width = max(len(r) for r in grid)
    for col in range(1, width):
        label = cell(grid, HEADER_ROW, col)
        if label is not None:
            partners.append((col, clean_name(label), partner_name(label)))
    return partners


def _value(text: str, path: Path, row: int, field: str) -> float | None:
    return None if text == NOT_PUBLISHED else number(text, path, row, field)


def _parse_sheet(path: Path, sheet: str) -> dict[str, list]:
    grid = read_grid(path, sheet)
    partners = _header(grid, path, sheet)
    named = {col for col, _, _ in partners}
    rows: dict[str, list] = {k: [] for k in SCHEMA}
    year: int | None = None
    month = 0
    seen_years: set[int] = set()
    for row in range(HEADER_ROW + 1, len(grid) + 1):
        label = cell(grid, row, 0)
        filled = [c for c in range(1, len(grid[row - 1])) if cell(grid, row, c)]
        if label is None:
            if filled:
                raise SourceError(
                    path,
                    f"sheet {sheet!r}: figures without a year or month in column A",
                    row=row,
                    field="period",
                )
            continue
        if _YEAR.match(label):
            year = int(float(label))
            if year in seen_years:
                raise SourceError(
                    path, f"sheet {sheet!r}: year {year} appears twice", row=row, field="period"
                )
            seen_years.add(year)
            month = 0
            continue
        if label not in MONTHS:
            raise SourceError(
                path,
                f"sheet {sheet!r}: period label {label!r} is neither a year nor a month",
                row=row,
                field="period",
            )
        if year is None:
            raise SourceError(
                path,
                f"sheet {sheet!r}: month {label!r} before any year row",
                row=row,
                field="period",
            )
        if MONTHS[label] != month + 1:
            raise SourceError(
                path,
                f"sheet {sheet!r}: month {label!r} out of order in {year}",
                row=row,
                field="period",
            )
        month = MONTHS[label]
        stray = [c for c in filled if c not in named]
        if stray:
            raise SourceError(
                path,
                f"sheet {sheet!r}: a figure in column {column_letter(stray[0])} has no partner",
                row=row,
                field=column_letter(stray[0]),
            )
        for col, label_text, name in partners:
            text = cell(grid, row, col)
            if text is None:
                continue
            rows["partner_name"].append(name)
            rows["partner_label"].append(label_text)
            rows["flow"].append(SHEETS[sheet])
            rows["trade_year"].append(year)
            rows["trade_month"].append(month)
            rows["value_musd"].append(_value(text, path, row, f"{sheet}!{label_text}"))
            rows["value_text"].append(text)
            rows["sheet"].append(sheet)
            rows["cell"].append(f"{column_letter(col)}{row}")
            rows["source_row"].append(row)
    if not rows["source_row"]:
        raise SourceError(path, f"sheet {sheet!r}: no monthly figures", field="period")
    return rows


def parse(path: Path) -> pl.DataFrame:
    """Both sheets, one row per partner, flow and month (million USD as published)."""
    frames = [pl.DataFrame(_parse_sheet(path, sheet), schema=SCHEMA) for sheet in SHEETS]
    return pl.concat(frames)


FORMAT = SourceFormat(
    name="russia_fcs",
    description="Russia's customs (FCS) trade with main partners by month (xlsx, USD millions)",
    schema=SCHEMA,
    parse=parse,
    country_columns=("partner_name",),
    key=("partner_name", "flow", "trade_year", "trade_month"),
    # Published "not available" cells (`…`, `:`) land with a null value, so values are
    # not required; a figure that is there must not be negative.
    suite=Suite(
        ranges={"value_musd": (0, None), "trade_year": YEARS, "trade_month": (1, 12)},
        allowed={"flow": TRADE_FLOWS},
        required=("value_text",),
        measure="value_musd",
        reasons={"value_musd": NEGATIVE},
    ),
    alias_publisher="rus_fcs",
)
