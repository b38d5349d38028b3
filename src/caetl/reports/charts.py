"""One chart per question: report name -> chart builder (Vega-Lite through altair).

A builder takes the report's rows (pandas) and the country labels and returns a chart.
It raises ChartUnavailable, naming what is missing, when the report lacks the columns it
needs; the page then says so instead of drawing something wrong. A report with no entry
here simply has no chart.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd

ANCHOR_PARTNERS = ("CHN", "RUS", "USA")
PARTNER_COLOURS = alt.Scale(
    domain=["China", "Russia", "United States"], range=["#d62728", "#1f77b4", "#2ca02c"]
)
WIDTH = 260
# The reporter's own books solid, the partners' (mirror) books dashed, on every chart.
BASIS_DASHES = alt.Scale(domain=["reporter", "mirror"], range=[[1, 0], [5, 3]])


class ChartUnavailable(Exception):
    """The report does not have what the chart needs (says what)."""


def _pick(df: pd.DataFrame, *candidates: str) -> str:
    for name in candidates:
        if name in df.columns:
            return name
    raise ChartUnavailable(f"none of the columns {', '.join(candidates)}")


def _year_axis(year: str) -> alt.X:
    # Years as numbers (not categories) so thirty of them do not crowd the axis.
    return alt.X(
        f"{year}:Q",
        title="Year",
        scale=alt.Scale(zero=False),
        axis=alt.Axis(format="d", tickMinStep=1),
    )


def _with_names(df: pd.DataFrame, column: str, names: dict[str, str], to: str) -> pd.DataFrame:
    out = df.copy()
    out[to] = out[column].map(lambda code: names.get(code, code))
    return out


def partner_shares(df: pd.DataFrame, names: dict[str, str]) -> alt.TopLevelMixin:
    """China's, Russia's and the US's share of each state's trade; the band spans the bases."""
    country = _pick(df, "country_iso3", "reporter_iso3")
    partner = _pick(df, "partner_iso3")
    share, year, basis = _pick(df, "share_pct"), _pick(df, "year"), _pick(df, "basis")
    # Where a series changes source (DOTS to a statistics office's table, to the panel...),
    # the first year of the new source gets a marker naming it.
    extra = [c for c in ("source_used", "is_source_switch") if c in df.columns]
    data = df[df[partner].isin(ANCHOR_PARTNERS)][[country, partner, year, basis, share, *extra]]
    if data.empty:
        raise ChartUnavailable("rows for China, Russia or the US")
    data = _with_names(data, country, names, "state")
    data = _with_names(data, partner, names, "partner")
    base = alt.Chart(data)
    band = (
        base.transform_aggregate(
            low=f"min({share})", high=f"max({share})", groupby=["state", "partner", year]
        )
        .mark_area(opacity=0.25)
        .encode(
            x=_year_axis(year),
            y=alt.Y("low:Q", title="Share of trade (%)"),
            y2="high:Q",
            color=alt.Color("partner:N", scale=PARTNER_COLOURS, title="Partner"),
        )
    )
    lines = base.mark_line(point=alt.OverlayMarkDef(size=12)).encode(
        x=alt.X(f"{year}:Q"),
        y=alt.Y(f"{share}:Q"),
        color=alt.Color("partner:N", scale=PARTNER_COLOURS),
        strokeDash=alt.StrokeDash(f"{basis}:N", title="Basis", scale=BASIS_DASHES, legend=None),
        detail=f"{basis}:N",
        tooltip=[
            "state:N",
            "partner:N",
            f"{year}:Q",
            f"{basis}:N",
            alt.Tooltip(f"{share}:Q", format=".1f"),
        ],
    )
    layers = [band, lines]
    title = (
        "Share of each state's trade: its own books (solid), its partners' books "
        "(dashed), the band between"
    )
    if len(extra) == 2:
        switches = base.transform_filter(alt.datum.is_source_switch).mark_point(
            shape="diamond", size=70, filled=True, color="black"
        )
        layers.append(
            switches.encode(
                x=alt.X(f"{year}:Q"),
                y=alt.Y(f"{share}:Q"),
                tooltip=[
                    "state:N",
                    "partner:N",
                    f"{year}:Q",
                    f"{basis}:N",
                    alt.Tooltip("source_used:N", title="source from this year"),
                ],
            )
        )
        title += "; ◆ = the series switches source"
    return (
        alt.layer(*layers)
        .properties(width=WIDTH, height=170)
        .facet(facet=alt.Facet("state:N", title=None), columns=3)
        .properties(title=title)
    )


def mirror_gaps(df: pd.DataFrame, names: dict[str, str]) -> alt.TopLevelMixin:
    """The gap between what a state reports and what its partners report, over time."""
    country = _pick(df, "country_iso3", "reporter_iso3")
    partner = _pick(df, "partner_iso3")
    year = _pick(df, "year")
    gap = _pick(df, "symmetric_discrepancy", "gap_pct", "gap_ratio", "gap_usd")
    data = df[df[partner].isin(ANCHOR_PARTNERS)]
    if data.empty:
        raise ChartUnavailable("rows for China, Russia or the US")
    data = _with_names(data, country, names, "state")
    data = _with_names(data, partner, names, "partner")
    encode = {
        "x": _year_axis(year),
        "y": alt.Y(f"{gap}:Q", title=gap.replace("_", " ")),
        "color": alt.Color("partner:N", scale=PARTNER_COLOURS, title="Partner"),
        "tooltip": ["state:N", "partner:N", f"{year}:Q", alt.Tooltip(f"{gap}:Q", format=",.3f")],
    }
    if "flow" in data.columns:
        encode["strokeDash"] = alt.StrokeDash("flow:N", title="Flow")
        encode["detail"] = "flow:N"
        encode["tooltip"].insert(2, "flow:N")
    rule = alt.Chart().mark_rule(color="gray").encode(y=alt.datum(0))
    lines = alt.Chart().mark_line(point=alt.OverlayMarkDef(size=12)).encode(**encode)
    return (
        alt.layer(rule, lines, data=data)
        .properties(width=WIDTH, height=170)
        .facet(facet=alt.Facet("state:N", title=None), columns=3)
        .properties(title="Mirror gap with China, Russia and the US (0 = both books agree)")
    )


WEIGHT_COLUMNS = {"chn_weight": "China", "rus_weight": "Russia", "usa_weight": "United States"}


def anchor_index(df: pd.DataFrame, names: dict[str, str]) -> alt.TopLevelMixin:
    """How strongly China, Russia and the US tie each state, domain by domain (latest year)."""
    country, domain, year = _pick(df, "country_iso3"), _pick(df, "domain"), _pick(df, "year")
    missing = [c for c in WEIGHT_COLUMNS if c not in df.columns]
    if missing:
        raise ChartUnavailable(", ".join(missing))
    latest = df[df[year] == df.groupby(country)[year].transform("max")]
    data = latest[[country, year, domain, *WEIGHT_COLUMNS]].melt(
        id_vars=[country, year, domain], var_name="power", value_name="weight"
    )
    data["partner"] = data["power"].map(WEIGHT_COLUMNS)
    data = _with_names(data, country, names, "state")
    data["state"] = data["state"] + " (" + data[year].astype(str) + ")"
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(f"{domain}:N", title=None),
            x=alt.X("weight:Q", title="Weight in the domain"),
            yOffset="partner:N",
            color=alt.Color("partner:N", scale=PARTNER_COLOURS, title="Partner"),
            tooltip=["state:N", f"{domain}:N", "partner:N", alt.Tooltip("weight:Q", format=".3f")],
        )
        .properties(width=WIDTH, height=alt.Step(7))
        .facet(facet=alt.Facet("state:N", title=None), columns=3)
        .properties(title="Anchor index by domain: China, Russia and the US, latest year")
    )


TRADE_COLUMNS = {
    "chn_trade_usd": "China",
    "rus_trade_usd": "Russia",
    "usa_trade_usd": "United States",
}


def anchor_sensitivity(df: pd.DataFrame, names: dict[str, str]) -> alt.TopLevelMixin:
    """Whether China and Russia outweigh the US under every set of domain weights."""
    country, year = _pick(df, "country_iso3"), _pick(df, "year")
    ratio, weights = _pick(df, "composite_anchor_ratio"), _pick(df, "weight_set")
    data = _with_names(df[df[ratio] > 0], country, names, "state")
    if data.empty:
        raise ChartUnavailable(f"positive {ratio} values")
    rule = alt.Chart().mark_rule(color="gray").encode(y=alt.datum(1))
    lines = (
        alt.Chart()
        .mark_line(point=alt.OverlayMarkDef(size=10))
        .encode(
            x=_year_axis(year),
            y=alt.Y(f"{ratio}:Q", scale=alt.Scale(type="log"), title="China+Russia over US"),
            color=alt.Color(f"{weights}:N", title="Weight set"),
            tooltip=[
                "state:N",
                f"{year}:Q",
                f"{weights}:N",
                alt.Tooltip(f"{ratio}:Q", format=".2f"),
            ],
        )
    )
    return (
        alt.layer(rule, lines, data=data)
        .properties(width=WIDTH, height=170)
        .facet(facet=alt.Facet("state:N", title=None), columns=3)
        .properties(
            title="Anchor ratio under each weight set (above 1: China and Russia outweigh the US)"
        )
    )


def _unique_labels(data: pd.DataFrame, parts: list[str]) -> pd.Series:
    """ "headline · headline_package_total", numbered only where two rows share a label."""
    label = data[parts].astype(str).agg(" · ".join, axis=1)
    repeated = label.groupby([data["state"], label]).transform("size") > 1
    number = label.groupby([data["state"], label]).cumcount() + 1
    return label.where(~repeated, label + " #" + number.astype(str))


def deals_vs_flows(df: pd.DataFrame, names: dict[str, str]) -> alt.TopLevelMixin:
    """Each announced deal figure (bars) against a year of trade with each power (lines)."""
    country = _pick(df, "country_iso3")
    deal = _pick(df, "deal_value_usd", "deals_usd")
    trade_columns = [c for c in TRADE_COLUMNS if c in df.columns]
    if not trade_columns:
        raise ChartUnavailable(", ".join(TRADE_COLUMNS))
    data = _with_names(df, country, names, "state")
    parts = [c for c in ("deal_measure", "value_type") if c in data.columns] or [country]
    data["row"] = _unique_labels(data, parts)
    # Deal rows are drawn one by one, never added up: headlines and items are different things.
    deals = data[["state", "row", deal]].rename(columns={deal: "usd"}).assign(kind="deal")
    trade = (
        data.groupby("state")[trade_columns]
        .first()
        .reset_index()
        .melt(id_vars="state", var_name="column", value_name="usd")
    )
    trade["partner"] = trade["column"].map(TRADE_COLUMNS)
    long = pd.concat([deals, trade[["state", "partner", "usd"]].assign(kind="trade")])
    long["usd_bn"] = long["usd"] / 1e9
    bars = (
        alt.Chart()
        .transform_filter("datum.kind == 'deal'")
        .mark_bar(color="#8c6bb1")
        .encode(
            y=alt.Y("row:N", title=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X("usd_bn:Q", title="US$ bn"),
            tooltip=["state:N", "row:N", alt.Tooltip("usd_bn:Q", format=",.2f", title="US$ bn")],
        )
    )
    rules = (
        alt.Chart()
        .transform_filter("datum.kind == 'trade'")
        .mark_rule(strokeWidth=2, strokeDash=[5, 3])
        .encode(
            x="usd_bn:Q",
            color=alt.Color("partner:N", scale=PARTNER_COLOURS, title="A year of trade with"),
            tooltip=[
                "state:N",
                "partner:N",
                alt.Tooltip("usd_bn:Q", format=",.2f", title="US$ bn"),
            ],
        )
    )
    return (
        alt.layer(bars, rules, data=long)
        .properties(width=420)
        .facet(
            row=alt.Row("state:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left"))
        )
        .resolve_scale(y="independent")
        .properties(title="Deals announced (bars) against a year of trade (dashed lines), US$ bn")
    )


def concentration(df: pd.DataFrame, names: dict[str, str]) -> alt.TopLevelMixin:
    """How concentrated each state's trade is on few partners, over time."""
    country = _pick(df, "country_iso3", "reporter_iso3")
    year = _pick(df, "year")
    measure = _pick(df, "hhi", "top_partner_share_pct", "top3_share_pct", "value")
    keys = [c for c in (country, year, "basis") if c in df.columns]
    # A ratio per state and year repeats on each partner row: one point each.
    data = _with_names(df.drop_duplicates(keys), country, names, "state")
    encode = {
        "x": _year_axis(year),
        "y": alt.Y(f"{measure}:Q", title=measure.replace("_", " ")),
        "color": alt.Color("state:N", title="State"),
        "tooltip": ["state:N", f"{year}:Q", alt.Tooltip(f"{measure}:Q", format=",.3f")],
    }
    if "basis" in data.columns:
        encode["strokeDash"] = alt.StrokeDash("basis:N", title="Basis")
        encode["detail"] = "basis:N"
    return (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(**encode)
        .properties(width=520, height=240, title="Trade concentration by state")
    )


def claim_checks(df: pd.DataFrame, names: dict[str, str]) -> alt.TopLevelMixin:
    """How many of the article's claims the data supports."""
    verdict = _pick(df, "verdict")
    order = ["supported", "partly_supported", "not_supported", "not_testable"]
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y(f"{verdict}:N", sort=order, title=None),
            x=alt.X("count():Q", title="Claims"),
            color=alt.Color(
                f"{verdict}:N",
                scale=alt.Scale(domain=order, range=["#2ca02c", "#ff7f0e", "#d62728", "#7f7f7f"]),
                legend=None,
            ),
            tooltip=[f"{verdict}:N", "count():Q"],
        )
        .properties(width=420, title="Verdicts on the article's claims")
    )


def source_conflicts(df: pd.DataFrame, names: dict[str, str]) -> alt.TopLevelMixin:
    """Where two sources disagree on one fact, and by how much."""
    measure, apart = _pick(df, "measure"), _pick(df, "pct_apart")
    country = _pick(df, "country_iso3")
    data = _with_names(df, country, names, "state")
    extra = [c for c in ("period", "source_id_a", "source_id_b") if c in data.columns]
    return (
        alt.Chart(data)
        .mark_circle(size=70, opacity=0.8)
        .encode(
            x=alt.X(f"{apart}:Q", title="Percent apart (of the larger value)"),
            y=alt.Y(f"{measure}:N", title=None),
            color=alt.Color("state:N", title="State"),
            tooltip=[
                "state:N",
                f"{measure}:N",
                *(f"{c}:N" for c in extra),
                alt.Tooltip(f"{apart}:Q", format=".1f"),
            ],
        )
        .properties(width=420, title="Two sources, one fact: how far apart")
    )


ChartBuilder = Callable[[pd.DataFrame, dict[str, str]], alt.TopLevelMixin]

CHARTS: dict[str, ChartBuilder] = {
    "rpt_partner_shares": partner_shares,
    "rpt_mirror_gaps": mirror_gaps,
    "rpt_anchor_index": anchor_index,
    "rpt_anchor_sensitivity": anchor_sensitivity,
    "rpt_deals_vs_flows": deals_vs_flows,
    "rpt_concentration": concentration,
    "rpt_dependency_ratios": concentration,
    "rpt_claim_checks": claim_checks,
    "rpt_source_conflicts": source_conflicts,
}
