"""Render the static site: an index of claim cards and one page per report.

Templates autoescape everything, so titles, quotes and names from sources are text, never
markup. Data for tables and charts travels in <script type="application/json"> islands
with <, > and & escaped, so no value can close the script element.
"""

from __future__ import annotations

import json
import math
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import duckdb
import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from caetl.reports import catalog, overview
from caetl.reports.catalog import Report, Source
from caetl.reports.charts import CHARTS, CONFIG, ChartUnavailable, Figure
from caetl.reports.method_notes import METHOD_NOTES

CLAIMS_REPORT = "rpt_claim_checks"
EVIDENCE_REPORT = "rpt_claim_evidence"
VERDICTS = ("supported", "partly_supported", "not_supported", "not_testable")
UNCHECKED = "unchecked"  # shown before reporting.rpt_claim_checks exists
# Columns shown as plain text in tables, not as grouped numbers (2,024 is not a year).
RAW_NUMBER = re.compile(r"(year|_id$|^id$|month|quarter|rank)")
# Claim columns shown as the card's figures: what the data gave, on each basis.
FIGURE_COLUMN = re.compile(r"^(value|observed|figure|computed)|_(value|values|usd|pct|ratio)$")
CARD_TEXT_COLUMNS = {
    "claim_id",
    "verdict",
    "reason",
    "topic",
    "claim_en",
    "quote_ar",
    "verdict_label",
    "untested_parts",
    "evidence_period",
    "period_relation",
    "years_off",
}
CLAIMED_PARTS = ("comparator", "threshold", "unit")
FIGURE_LABELS = {"computed_values": "found"}


# Pages over 1 MB show a subset; the CSV beside the page holds every row.
PAGE_SUBSETS = {
    "rpt_dependency_peers": (
        lambda r: r.get("is_ca5") or (r.get("year") or 0) >= 2019,
        "the five Central Asian states in every year and every other reporter from 2019",
    ),
    "rpt_mirror_gaps": (
        lambda r: (
            r.get("partner_iso3") in ("CHN", "RUS", "USA", "EUU", "TUR")
            and (r.get("year") or 0) >= 2000
        ),
        "China, Russia, the EU, Turkey and the US as partners, from 2000",
    ),
    "rpt_source_conflicts": (
        lambda r: (
            r.get("fact_table") != "fct_trade_flows"
            or r.get("counterpart_iso3") in ("CHN", "RUS", "USA", "EUU", "TUR", "WLD")
        ),
        "every conflict outside bilateral trade, and trade with China, Russia, the EU, Turkey, "
        "the US and the world",
    ),
}
# Said on a page whose report has no rows, so an empty table is not a puzzle.
EMPTY_NOTES = {
    "rpt_revisions": "No revisions yet: every source in this warehouse has one vintage. A row "
    "appears when a later fetch of an API source changes a figure already published.",
}
# Tables that open filtered on a Central Asian state (the filter box shows it; clear to see all).
OPEN_FILTERS = {"rpt_dependency_peers": ("country_iso3", "KAZ")}
# Columns shown first in a report's table, so the answer is visible without scrolling.
LEAD_COLUMNS = {"rpt_claim_checks": ("claim_id", "verdict", "subject_iso3", "claim_en", "reason")}


@dataclass
class Page:
    report: Report
    title: str
    href: str
    row_count: int
    rows_json: Markup
    notes: tuple[str, ...]
    sources: list[Source]
    sources_basis: str
    chart_id: str | None = None
    chart_json: Markup | None = None
    chart_problem: str | None = None
    charts: list[ChartView] = field(default_factory=list)
    total_rows: int = 0
    subset_note: str = ""
    empty_note: str = ""
    columns: list = field(default_factory=list)
    open_filter: tuple[int, str] | None = None


@dataclass
class ChartView:
    chart_id: str
    chart_json: Markup
    summary: str


@dataclass
class Claim:
    claim_id: str
    verdict: str
    topic: str = ""
    claim_en: str = ""
    quote_ar: str = ""
    reason: str = ""
    figures: list[tuple[str, str]] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    # The verdict with the period of its evidence where that is not the claim's period.
    verdict_label: str = ""
    # "evidence 2020 for a claim about 2024: older by 4 years"; empty when exact.
    period_note: str = ""
    # The parts of the claim's wording no figure tests, each with why.
    untested_parts: str = ""


def http_url(url: object) -> str:
    """The URL if it is http(s), else empty: a source's "javascript:" URL must not be a link."""
    text = str(url or "").strip()
    return text if re.match(r"https?://", text, re.IGNORECASE) else ""


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("caetl.reports", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["http_url"] = http_url
    env.globals["label"] = column_label
    return env


def script_json(value: object) -> Markup:
    """JSON safe inside a <script> element: no '<', '>' or '&' survive unescaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # noqa: S704 - escaped above for the script-data context


def _finite(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def title_of(report_name: str) -> str:
    return report_name.removeprefix("rpt_").replace("_", " ").capitalize()


def column_order(report: Report) -> list[int]:
    lead = [n for n in LEAD_COLUMNS.get(report.name, ()) if report.column(n)]
    names = [c.name for c in report.columns]
    return [names.index(n) for n in lead] + [i for i, n in enumerate(names) if n not in lead]


LABEL_WORDS = {
    "chn": "China",
    "rus": "Russia",
    "usa": "US",
    "eu": "EU",
    "tur": "Turkey",
    "hhi": "HHI",
    "tii": "TII",
    "bri": "BRI",
    "ar": "(Arabic)",
    "en": "(English)",
}


def column_label(name: str) -> str:
    """share_pct -> "Share (%)", chn_trade_usd -> "Chn trade (USD)": a header a reader scans."""
    units = (("_pct", " (%)"), ("_usd", " (bn USD)"), ("_multiple", " (×)"), ("_ratio", " (×)"))
    label = name
    suffix = ""
    for end, unit in units:
        if name.endswith(end):
            label, suffix = name[: -len(end)], unit
            break
    words = [LABEL_WORDS.get(w, w) for w in label.replace("iso3", "").split("_") if w]
    label = " ".join(words)
    return (label[:1].upper() + label[1:] if label else name) + suffix


def table_payload(
    report: Report, rows: list[list[object]], names: dict[str, str] | None = None
) -> dict:
    order = column_order(report)
    columns = [report.columns[i] for i in order]
    labels = {}
    if names:
        # Country codes also match their names in the filter ("Uzbekistan" finds UZB).
        codes = {
            v
            for i in order
            if report.columns[i].name.endswith("iso3")
            for v in (r[i] for r in rows)
        }
        labels = {c: names[c] for c in sorted(codes, key=str) if c in names}
    return {
        "columns": [
            {
                "name": c.name,
                "numeric": c.is_numeric,
                "raw": bool(RAW_NUMBER.search(c.name)),
                # US$ amounts are shown in billions (the header says so); the CSV keeps dollars.
                "bn": c.is_numeric and c.name.endswith("_usd"),
            }
            for c in columns
        ],
        "rows": [[_finite(row[i]) for i in order] for row in rows],
        "labels": labels,
    }


def chart_figures(
    report: Report, rows: list[list[object]], names: dict[str, str]
) -> list[tuple[dict, str]]:
    """(Vega-Lite spec, text summary) of each chart of a report; raises ChartUnavailable if none."""
    builder = CHARTS[report.name]
    frame = pd.DataFrame(rows, columns=[c.name for c in report.columns])
    built = builder(frame, names)
    figures = built if isinstance(built, list) else [Figure(built, "")]
    out = []
    # Data is inlined in the page (no URL to fetch); altair's 5000-row guard is for notebooks.
    with alt.data_transformers.enable("default", max_rows=None):
        for figure in figures:
            spec = figure.chart.to_dict()
            spec["config"] = {**CONFIG, **spec.get("config", {})}
            out.append((spec, figure.summary))
    return out


def chart_spec(report: Report, rows: list[list[object]], names: dict[str, str]) -> dict:
    """The Vega-Lite spec of a report's first chart."""
    return chart_figures(report, rows, names)[0][0]


def build_page(
    report: Report,
    rows: list[list[object]],
    names: dict[str, str],
    sources: tuple[list[Source], str],
    title: str | None = None,
) -> Page:
    """One report's page; `title` is its exposure's label (else made from the name)."""
    shown, subset_note = rows, ""
    if report.name in PAGE_SUBSETS and len(rows) > 1000:
        keep, what = PAGE_SUBSETS[report.name]
        column_names = [c.name for c in report.columns]
        shown = [r for r in rows if keep(dict(zip(column_names, r, strict=True)))]
        subset_note = (
            f"This page shows {len(shown):,} of the {len(rows):,} rows ({what}) to stay light; "
            "the CSV holds every row."
        )
    page = Page(
        report=report,
        title=title or title_of(report.name),
        href=f"{report.name}.html",
        row_count=len(shown),
        rows_json=script_json(table_payload(report, shown, names)),
        notes=METHOD_NOTES.get(report.name, ()),
        sources=sources[0],
        sources_basis=sources[1],
        total_rows=len(rows),
        subset_note=subset_note,
        empty_note=EMPTY_NOTES.get(report.name, "This report has no rows in this warehouse.")
        if not rows
        else "",
        columns=[report.columns[i] for i in column_order(report)],
    )
    if report.name in OPEN_FILTERS:
        column, value = OPEN_FILTERS[report.name]
        names_in_order = [c.name for c in page.columns]
        if column in names_in_order:
            page.open_filter = (names_in_order.index(column), value)
    if report.name in CHARTS:
        try:
            figures = chart_figures(report, rows, names)
        except ChartUnavailable as missing:
            page.chart_problem = f"the report lacks {missing}"
        except Exception as error:  # noqa: BLE001 - a chart must not block publishing data
            # New data can break a chart; the table, CSV and warehouse still publish, the page
            # says so, and the browser tests (every registered chart draws) catch it.
            page.chart_problem = f"drawing it failed ({type(error).__name__}: {error})"
            warnings.warn(f"{report.name}: {page.chart_problem}", stacklevel=2)
        else:
            page.charts = [
                ChartView(
                    chart_id=f"spec-{report.name}" + (f"-{n}" if n else ""),
                    chart_json=script_json(spec),
                    summary=summary,
                )
                for n, (spec, summary) in enumerate(figures)
            ]
            if page.charts:
                page.chart_id = page.charts[0].chart_id
                page.chart_json = page.charts[0].chart_json
    return page


def _format_figure(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:,.3g}" if isinstance(value, float) else str(value)


COMPARATOR_WORDS = {
    "gt": "more than",
    "ge": "at least",
    "lt": "less than",
    "le": "at most",
    "eq": "exactly",
    "approx": "about",
    "between": "between",
}


def _claimed(record: dict) -> list[tuple[str, str]]:
    """The article's figure as the claim states it: "more than $30bn", "about 18 aircraft"."""
    if record.get("threshold") in (None, ""):
        return []
    comparator = str(record.get("comparator") or "")
    threshold = _number_or_text(record.get("threshold"))
    unit = str(record.get("unit") or "")
    if unit.upper() == "USD" and isinstance(threshold, int | float) and abs(threshold) >= 1e6:
        figure = overview.money(float(threshold))
        unit = ""
    else:
        figure = _format_figure(threshold)
        if unit in ("ratio", "percent") and isinstance(threshold, int | float):
            figure, unit = figure + ("×" if unit == "ratio" else "%"), ""
    parts = [COMPARATOR_WORDS.get(comparator, comparator), figure, unit]
    return [("claimed", " ".join(p for p in parts if p not in ("", "None")))]


def _period_note(record: dict) -> str:
    """Where the judged evidence is not from the claim's period, say so in words."""
    relation = record.get("period_relation")
    evidence = record.get("evidence_period")
    claimed = record.get("period")
    if relation in (None, "exact", "claim undated") or not evidence:
        return ""
    if relation == "nearest":
        return f"evidence {evidence} for a claim about {claimed}: nearest period"
    years = record.get("years_off")
    unit = "year" if years == 1 else "years"
    return f"evidence {evidence} for a claim about {claimed}: {relation} by {years} {unit}"


def _number_or_text(value: object) -> object:
    try:
        return float(value) if isinstance(value, str) else value
    except ValueError:
        return value


def claims_for_index(
    con: duckdb.DuckDBPyConnection, report: Report | None, sources: dict[str, Source]
) -> list[Claim]:
    """One card per claim: rpt_claim_checks, with wording from marts.dim_claims if it lacks it.

    Before the checks are built, the claims of dim_claims are shown as "unchecked".
    """
    wording: dict[str, dict] = {}
    dim_columns, dim_rows = catalog.dimension_rows(con, "dim_claims")
    if "claim_id" in dim_columns:
        key = dim_columns.index("claim_id")
        wording = {str(r[key]): dict(zip(dim_columns, r, strict=True)) for r in dim_rows}
    if report is None:
        records = [{"claim_id": claim_id, "verdict": UNCHECKED} for claim_id in wording]
        source_columns: set[str] = set()
    else:
        columns = [c.name for c in report.columns]
        records = [dict(zip(columns, row, strict=True)) for row in catalog.read_rows(con, report)]
        source_columns = {c.name for c in report.source_columns}
    claims = []
    for record in records:
        claim_id = str(record.get("claim_id", ""))
        text = {**wording.get(claim_id, {}), **{k: v for k, v in record.items() if v is not None}}
        figures = _claimed(record) + [
            (FIGURE_LABELS.get(name, name.replace("_", " ")), _format_figure(value))
            for name, value in record.items()
            if value is not None
            and name not in CARD_TEXT_COLUMNS
            and name not in source_columns
            and FIGURE_COLUMN.search(name)
        ]
        ids = [i for name in source_columns for i in catalog.split_ids(record.get(name))]
        claims.append(
            Claim(
                claim_id=claim_id,
                verdict=str(record.get("verdict", "")),
                topic=str(text.get("topic") or ""),
                claim_en=str(text.get("claim_en") or ""),
                quote_ar=str(text.get("quote_ar") or ""),
                reason=str(text.get("reason") or ""),
                figures=figures,
                sources=[sources[i] for i in dict.fromkeys(ids) if i in sources],
                verdict_label=str(record.get("verdict_label") or ""),
                period_note=_period_note(record),
                untested_parts=str(record.get("untested_parts") or ""),
            )
        )
    # Claims not fully supported first: they are what a reader should see before the rest.
    return sorted(claims, key=lambda c: (overview.VERDICT_ORDER.get(c.verdict, 9), c.claim_id))


def verdict_counts(claims: list[Claim]) -> list[tuple[str, int]]:
    counts = {v: 0 for v in VERDICTS}
    for claim in claims:
        counts[claim.verdict] = counts.get(claim.verdict, 0) + 1
    return [(v, n) for v, n in counts.items() if n]


def write_page(env: Environment, template: str, path: Path, **context: object) -> Path:
    path.write_text(env.get_template(template).render(**context), encoding="utf-8")
    return path
