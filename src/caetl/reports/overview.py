"""The index's first screen: per Central Asian state, the answer in figures, from reporting.

Everything here is read from the reporting models (rpt_anchor_index, rpt_anchor_sensitivity,
rpt_partner_shares, rpt_deals_vs_flows, rpt_pivot_scenarios, rpt_claim_checks); a model
missing from the warehouse leaves its part of the panel empty, said as such. The headline
of each state is written by `headline()`, a rule over those figures, never by hand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import duckdb
from markupsafe import Markup

from caetl.reports import catalog

# Kazakhstan and Uzbekistan first: the article's question is about them.
STATES = ("KAZ", "UZB", "KGZ", "TJK", "TKM")
PARTNERS = (("CHN", "China"), ("RUS", "Russia"), ("EUU", "EU"), ("TUR", "Turkey"), ("USA", "US"))
BASES = (("reporter", "own books"), ("mirror", "partners' books"))
DOMAIN_LABELS = {
    "trade": "Trade",
    "investment": "Investment",
    "remittances": "Remittances",
    "security": "Arms imports",
    "institutions": "Institutions",
}
# Claims not fully supported come first.
VERDICT_ORDER = {"not_supported": 0, "partly_supported": 1, "not_testable": 2, "supported": 3}


@dataclass
class Share:
    partner: str
    label: str
    basis: str
    share_pct: float | None
    year: int | None


@dataclass
class DomainFigure:
    domain: str
    label: str
    ratio: float | None
    year: int | None
    chn: float | None
    rus: float | None
    usa: float | None


@dataclass
class StateSummary:
    iso3: str
    name: str
    anchor_year: int | None = None
    anchor_ratio: float | None = None
    west_ratio: float | None = None
    trend: list[tuple[int, float]] = field(default_factory=list)
    west_trend: list[tuple[int, float]] = field(default_factory=list)
    sets_holding: int | None = None
    sets_total: int | None = None
    west_sets_holding: int | None = None
    domains: list[DomainFigure] = field(default_factory=list)
    shares: dict[str, list[Share]] = field(default_factory=dict)
    deals: list[str] = field(default_factory=list)
    scenarios: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    headline: str = ""
    chn_usa_growth_pct: float | None = None
    trend_svg: Markup = field(default_factory=Markup)
    trend_text: str = ""


def _rows(con: duckdb.DuckDBPyConnection, table: str, sql: str, params=()) -> list[dict]:
    if not catalog.table_exists(con, catalog.REPORT_SCHEMA, table):
        return []
    try:
        cursor = con.execute(sql, list(params))
    except duckdb.BinderException:
        # An older shape of the model (a column it lacks): that part of the panel stays empty.
        return []
    names = [d[0] for d in cursor.description]
    return [
        dict(zip(names, (catalog.plain(v) for v in row), strict=True)) for row in cursor.fetchall()
    ]


def _has(con: duckdb.DuckDBPyConnection, table: str, *columns: str) -> bool:
    have = {c.name for c in catalog._columns(con, catalog.REPORT_SCHEMA, table)}
    return all(c in have for c in columns)


def money(usd: float | None) -> str:
    """$17bn, $950m: a deal or trade figure in words a reader scans."""
    if usd is None:
        return "n/a"
    if abs(usd) >= 1e9:
        value = usd / 1e9
        return f"${value:,.0f}bn" if value >= 10 else f"${value:,.1f}bn"
    return f"${usd / 1e6:,.0f}m"


def times(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.0f}×" if value >= 10 else f"{value:,.1f}×"


def headline(s: StateSummary) -> str:
    """One sentence per state from its figures, by rule.

    Anchored (ratio > 1) or leaning west; how many weight sets agree; whether counting the
    EU with the US changes the answer; and, where known, how far US trade is from China's.
    """
    if s.anchor_ratio is None or s.anchor_year is None:
        return f"{s.name}: no anchor ratio can be computed from the warehouse."
    if s.anchor_ratio > 1:
        lead = (
            f"{s.name} stays anchored to China and Russia: {times(s.anchor_ratio)} "
            f"the US in {s.anchor_year}"
        )
    elif s.anchor_ratio < 1:
        lead = (
            f"{s.name} leans west: China and Russia at {times(s.anchor_ratio)} "
            f"the US in {s.anchor_year}"
        )
    else:
        lead = f"{s.name} is balanced: China and Russia equal the US in {s.anchor_year}"
    parts = [lead]
    if s.sets_total:
        same = s.sets_holding if s.anchor_ratio > 1 else s.sets_total - (s.sets_holding or 0)
        if same == s.sets_total:
            parts.append(f"under all {s.sets_total} weight sets")
        else:
            parts.append(f"under {same} of {s.sets_total} weight sets")
    if s.west_ratio is not None:
        if (s.west_ratio > 1) == (s.anchor_ratio > 1):
            parts.append(f"and still {times(s.west_ratio)} with the EU counted as the west")
        else:
            parts.append(f"but {times(s.west_ratio)} once the EU counts as the west")
    sentence = ", ".join(parts)
    if s.chn_usa_growth_pct is not None and s.chn_usa_growth_pct > 0:
        sentence += f"; US trade would have to grow {s.chn_usa_growth_pct:,.0f}% to match China's"
    return sentence + "."


def sparkline(points: list[tuple[int, float]], west: list[tuple[int, float]]) -> Markup:
    """A small SVG of the anchor ratio over time on a log scale, with the parity line at 1."""
    series = [p for p in points if p[1] and p[1] > 0]
    west = [p for p in west if p[1] and p[1] > 0]
    if len(series) < 2:
        return Markup()
    width, height, pad = 220, 64, 6
    years = [y for y, _ in series + west]
    logs = [math.log10(v) for _, v in series + west] + [0.0]
    y0, y1 = min(years), max(years)
    lo, hi = min(logs), max(logs)
    hi = hi if hi > lo else lo + 1

    def xy(year: int, value: float) -> tuple[float, float]:
        x = pad + (width - 2 * pad) * (year - y0) / max(1, y1 - y0)
        y = pad + (height - 2 * pad) * (hi - math.log10(value)) / (hi - lo)
        return round(x, 1), round(y, 1)

    def path(data: list[tuple[int, float]]) -> str:
        return " ".join(
            f"{'M' if i == 0 else 'L'}{x},{y}" for i, (x, y) in enumerate(xy(*p) for p in data)
        )

    parity = xy(y0, 1.0)[1]
    west_path = (
        f'<path d="{path(west)}" class="spark-west" fill="none" stroke-dasharray="4 3"/>'
        if len(west) >= 2
        else ""
    )
    last = xy(*series[-1])
    # Built from numbers only: nothing from a source reaches this markup.
    return Markup(  # noqa: S704
        f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'aria-hidden="true" focusable="false">'
        f'<line x1="{pad}" x2="{width - pad}" y1="{parity}" y2="{parity}" class="spark-parity"/>'
        f"{west_path}"
        f'<path d="{path(series)}" class="spark-line" fill="none"/>'
        f'<circle cx="{last[0]}" cy="{last[1]}" r="3" class="spark-dot"/>'
        f'<text x="{width - pad}" y="{max(10, parity - 3)}" class="spark-label" '
        'text-anchor="end">parity 1×</text></svg>'
    )


def _trend_text(s: StateSummary) -> str:
    if len(s.trend) < 2:
        return ""
    (y0, v0), (y1, v1) = s.trend[0], s.trend[-1]
    low = min(s.trend, key=lambda p: p[1])
    text = (
        f"Anchor ratio {times(v0)} in {y0}, {times(v1)} in {y1}; lowest {times(low[1])} in "
        f"{low[0]}; the dotted line is parity (1×)"
    )
    if s.west_trend:
        year, value = s.west_trend[-1]
        text += f"; dashed, with the EU counted as the west ({times(value)} in {year})"
    return text + "."


def _fill_anchor(con, s: StateSummary) -> None:
    west = _has(con, "rpt_anchor_index", "composite_west_ratio")
    rows = _rows(
        con,
        "rpt_anchor_index",
        "SELECT year, max(composite_anchor_ratio) AS ratio, "  # noqa: S608 - fixed column names
        + ("max(composite_west_ratio)" if west else "NULL")
        + " AS west FROM reporting.rpt_anchor_index WHERE country_iso3 = ? "
        "GROUP BY year ORDER BY year",
        [s.iso3],
    )
    s.trend = [(int(r["year"]), r["ratio"]) for r in rows if r["ratio"] is not None]
    s.west_trend = [(int(r["year"]), r["west"]) for r in rows if r["west"] is not None]
    if s.trend:
        s.anchor_year, s.anchor_ratio = s.trend[-1]
        s.west_ratio = next((v for y, v in s.west_trend if y == s.anchor_year), None)
        domains = _rows(
            con,
            "rpt_anchor_index",
            "SELECT domain, observed_year, domain_anchor_ratio, chn_weight, rus_weight, usa_weight "
            "FROM reporting.rpt_anchor_index WHERE country_iso3 = ? AND year = ? ORDER BY domain",
            [s.iso3, s.anchor_year],
        )
        order = list(DOMAIN_LABELS)
        s.domains = sorted(
            (
                DomainFigure(
                    domain=d["domain"],
                    label=DOMAIN_LABELS.get(d["domain"], d["domain"]),
                    ratio=d["domain_anchor_ratio"],
                    year=d["observed_year"],
                    chn=d["chn_weight"],
                    rus=d["rus_weight"],
                    usa=d["usa_weight"],
                )
                for d in domains
            ),
            key=lambda d: order.index(d.domain) if d.domain in order else len(order),
        )
    sets = _rows(
        con,
        "rpt_anchor_sensitivity",
        "SELECT count(*) FILTER (WHERE domains_used > 0) AS total, "  # noqa: S608
        "count(*) FILTER (WHERE china_russia_outweigh_us) AS holding"
        + (
            ", count(*) FILTER (WHERE china_russia_outweigh_west) AS west_holding"
            if _has(con, "rpt_anchor_sensitivity", "china_russia_outweigh_west")
            else ", NULL AS west_holding"
        )
        + " FROM reporting.rpt_anchor_sensitivity WHERE country_iso3 = ? AND year = ?",
        [s.iso3, s.anchor_year],
    )
    if sets and sets[0]["total"]:
        s.sets_total = sets[0]["total"]
        s.sets_holding = sets[0]["holding"]
        s.west_sets_holding = sets[0]["west_holding"]


def _fill_shares(con, s: StateSummary) -> None:
    rows = _rows(
        con,
        "rpt_partner_shares",
        "SELECT partner_iso3, basis, arg_max(share_pct, year) AS share_pct, max(year) AS year "
        "FROM reporting.rpt_partner_shares WHERE country_iso3 = ? AND share_pct IS NOT NULL "
        "GROUP BY partner_iso3, basis",
        [s.iso3],
    )
    found = {(r["partner_iso3"], r["basis"]): r for r in rows}
    for basis, _ in BASES:
        s.shares[basis] = [
            Share(
                partner=code,
                label=label,
                basis=basis,
                share_pct=found.get((code, basis), {}).get("share_pct"),
                year=found.get((code, basis), {}).get("year"),
            )
            for code, label in PARTNERS
        ]


def _fill_deals(con, s: StateSummary) -> None:
    rows = _rows(
        con,
        "rpt_deals_vs_flows",
        "SELECT deal_ids, deal_value_usd, chn_trade_year, months_of_chn_trade, "
        "rus_trade_year, months_of_rus_trade, usa_trade_year, years_of_usa_trade "
        "FROM reporting.rpt_deals_vs_flows WHERE country_iso3 = ? AND deal_measure = 'headline' "
        "ORDER BY deal_value_usd",
        [s.iso3],
    )
    for r in rows:
        line = f"The {money(r['deal_value_usd'])} package ({r['deal_ids']}) equals "
        parts = []
        if r["months_of_chn_trade"] is not None:
            months, year = r["months_of_chn_trade"], r["chn_trade_year"]
            parts.append(f"{months:,.1f} months of trade with China ({year})")
        if r["years_of_usa_trade"] is not None:
            parts.append(
                f"{r['years_of_usa_trade']:,.1f} years of trade with the US ({r['usa_trade_year']})"
            )
        if parts:
            s.deals.append(line + " and ".join(parts) + ".")


def _fill_scenarios(con, s: StateSummary) -> None:
    s.scenarios = _rows(
        con,
        "rpt_pivot_scenarios",
        "SELECT * FROM reporting.rpt_pivot_scenarios WHERE country_iso3 = ? "
        "ORDER BY deal_id, basis DESC",
        [s.iso3],
    )
    reporter = [r for r in s.scenarios if r["basis"] == "reporter"] or s.scenarios
    if reporter:
        s.chn_usa_growth_pct = reporter[0]["usa_growth_to_reach_chn_pct"]
        return
    # States without a package: the same gap from the latest shares on the state's own books.
    own = {x.partner: x for x in s.shares.get("reporter", [])}
    chn, usa = own.get("CHN"), own.get("USA")
    if chn and usa and chn.share_pct and usa.share_pct and chn.year == usa.year:
        s.chn_usa_growth_pct = round(100.0 * (chn.share_pct / usa.share_pct - 1), 1)


def _fill_claims(con, s: StateSummary) -> None:
    if not _has(con, "rpt_claim_checks", "subject_iso3", "verdict"):
        return
    rows = _rows(
        con,
        "rpt_claim_checks",
        "SELECT claim_id, verdict, claim_en, reason FROM reporting.rpt_claim_checks "
        "WHERE subject_iso3 = ? OR contains(subject_iso3, ?)",
        [s.iso3, s.iso3],
    )
    s.claims = sorted(rows, key=lambda r: (VERDICT_ORDER.get(r["verdict"], 9), r["claim_id"]))


def summaries(con: duckdb.DuckDBPyConnection, names: dict[str, str]) -> list[StateSummary]:
    """The five states' panels, Kazakhstan and Uzbekistan first."""
    out = []
    for iso3 in STATES:
        s = StateSummary(iso3=iso3, name=names.get(iso3, iso3))
        _fill_anchor(con, s)
        _fill_shares(con, s)
        _fill_deals(con, s)
        _fill_scenarios(con, s)
        _fill_claims(con, s)
        s.headline = headline(s)
        s.trend_svg = sparkline(s.trend, s.west_trend)
        s.trend_text = _trend_text(s)
        out.append(s)
    return out
