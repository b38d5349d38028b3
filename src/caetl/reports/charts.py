"""One chart per question: report name -> chart builder (Vega-Lite through altair).

A builder takes the report's rows (pandas) and the country labels and returns a list of
`Figure`s: a chart and the sentence under it that states the numbers it shows (the chart's
text alternative). It raises ChartUnavailable, naming what is missing, when the report
lacks the columns it needs; the page then says so instead of drawing something wrong. A
report with no entry here simply has no chart.

Partner colours are fixed across the site (Okabe-Ito hues, darkened to 3:1 contrast where
needed; safe for red-green colour blindness) and match --p-* in site.css; every chart
carries its years in its title.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import altair as alt
import pandas as pd

PARTNER_LABELS = {
    "CHN": "China",
    "RUS": "Russia",
    "EUU": "EU",
    "TUR": "Turkey",
    "USA": "United States",
}
ANCHOR_PARTNERS = tuple(PARTNER_LABELS)
PARTNER_COLOURS = alt.Scale(
    domain=list(PARTNER_LABELS.values()),
    range=["#D55E00", "#0072B2", "#B05A8F", "#6E6E6E", "#009E73"],
)
WIDTH = 260
# The reporter's own books solid, the partners' (mirror) books dashed, on every chart.
BASIS_LABELS = {
    "reporter": "own books",
    "mirror": "partners' books",
    "preferred": "preferred books",
}
BASIS_DASHES = alt.Scale(domain=["own books", "partners' books"], range=[[1, 0], [5, 3]])
CA5 = ("KAZ", "UZB", "KGZ", "TJK", "TKM")
# A chart whose data is the page's own table rows names this dataset; site.js fills it in.
TABLE_DATA = "table_rows"
# Fonts of at least 12 px, legends under the chart that wrap into columns.
CONFIG = {
    "font": "system-ui, sans-serif",
    "axis": {"labelFontSize": 12, "titleFontSize": 12},
    "legend": {
        "labelFontSize": 12,
        "titleFontSize": 12,
        "orient": "bottom",
        "direction": "horizontal",
        "columns": 3,
        "labelLimit": 220,
    },
    "header": {"labelFontSize": 12, "titleFontSize": 12},
    "title": {"fontSize": 14, "anchor": "start", "subtitleFontSize": 12},
    "text": {"fontSize": 12},
}


@dataclass
class Figure:
    chart: alt.TopLevelMixin
    summary: str


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
        scale=alt.Scale(zero=False, nice=False),
        axis=alt.Axis(format="d", tickMinStep=1, labelOverlap=True),
    )


def _span(years: pd.Series) -> str:
    years = pd.to_numeric(years, errors="coerce").dropna()
    if years.empty:
        return "no year"
    low, high = int(years.min()), int(years.max())
    return str(low) if low == high else f"{low}–{high}"


def _with_names(df: pd.DataFrame, column: str, names: dict[str, str], to: str) -> pd.DataFrame:
    out = df.copy()
    out[to] = out[column].map(lambda code: names.get(code, code))
    return out


def _partners(df: pd.DataFrame, column: str) -> pd.DataFrame:
    out = df.copy()
    out["partner"] = out[column].map(PARTNER_LABELS)
    return out


def _bn(value: float | None) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{value / 1e9:,.1f} bn USD"


def _latest_sentence(data: pd.DataFrame, year: str, value: str, label: str, fmt: str) -> str:
    """ "Kazakhstan 2025: China 23.6%, ..." for the latest year of each state."""
    parts = []
    for state, rows in data.groupby("state", sort=False):
        latest = rows[rows[year] == rows[year].max()]
        cells = ", ".join(
            f"{r[label]} {format(r[value], fmt)}"
            for _, r in latest.iterrows()
            if pd.notna(r[value])
        )
        if cells:
            parts.append(f"{state} {int(latest[year].iloc[0])}: {cells}")
    return "; ".join(parts)


def _lookup(mapping: dict[str, str], field: str) -> str:
    """A Vega expression mapping a code to its label (the code itself where none)."""
    key = f"datum[{json.dumps(field)}]"
    return f"({json.dumps(mapping, ensure_ascii=False)})[{key}] || {key}"


def partner_shares(df: pd.DataFrame, names: dict[str, str]) -> list[Figure]:
    """China's, Russia's, the EU's, Turkey's and the US's share of each state's trade.

    Drawn from the page's table rows (TABLE_DATA), so the page carries its data once.
    """
    country = _pick(df, "country_iso3", "reporter_iso3")
    partner = _pick(df, "partner_iso3")
    share, year, basis = _pick(df, "share_pct"), _pick(df, "year"), _pick(df, "basis")
    # Where a series changes source (DOTS to a statistics office's table, to the panel...),
    # the first year of the new source gets a marker naming it.
    extra = [c for c in ("source_used", "is_source_switch") if c in df.columns]
    data = df[df[partner].isin(ANCHOR_PARTNERS)][[country, partner, year, basis, share, *extra]]
    if data.empty:
        raise ChartUnavailable("rows for China, Russia, the EU, Turkey or the US")
    data = _partners(_with_names(data, country, names, "state"), partner)
    data["books"] = data[basis].map(BASIS_LABELS).fillna(data[basis])
    data = data[data[year] >= 1995]
    states = {c: names.get(c, c) for c in df[country].dropna().unique()}
    base = (
        alt.Chart(alt.Data(name=TABLE_DATA))
        .transform_filter(alt.FieldOneOfPredicate(field=partner, oneOf=list(ANCHOR_PARTNERS)))
        .transform_filter(f"datum[{json.dumps(year)}] >= 1995")
        .transform_calculate(
            partner=_lookup(PARTNER_LABELS, partner),
            state=_lookup(states, country),
            books=_lookup(BASIS_LABELS, basis),
        )
    )
    tooltip = [
        alt.Tooltip("state:N", title="State"),
        alt.Tooltip("partner:N", title="Partner"),
        alt.Tooltip(f"{year}:Q", title="Year", format="d"),
        alt.Tooltip("books:N", title="Books"),
        alt.Tooltip(f"{share}:Q", title="Share (%)", format=".1f"),
    ]
    layers = [
        base.mark_line(point=alt.OverlayMarkDef(size=14)).encode(
            x=_year_axis(year),
            y=alt.Y(f"{share}:Q", title="Share of trade (%)"),
            color=alt.Color("partner:N", scale=PARTNER_COLOURS, title="Partner"),
            strokeDash=alt.StrokeDash("books:N", title="Books", scale=BASIS_DASHES, legend=None),
            detail="books:N",
            tooltip=tooltip,
        )
    ]
    subtitle = "Own books solid, partners' books dashed"
    if len(extra) == 2:
        layers.append(
            base.transform_filter("datum.is_source_switch")
            .mark_point(shape="diamond", size=70, filled=True, color="black")
            .encode(
                x=_year_axis(year),
                y=alt.Y(f"{share}:Q"),
                tooltip=[*tooltip, alt.Tooltip("source_used:N", title="Source from this year")],
            )
        )
        subtitle += "; ◆ marks the year a series switches source"
    chart = (
        alt.layer(*layers)
        .properties(width=WIDTH, height=170)
        .facet(facet=alt.Facet("state:N", title=None), columns=3)
        .properties(
            title={
                "text": f"Share of each state's trade, % ({_span(data[year])})",
                "subtitle": subtitle,
            }
        )
    )
    own = data[data["books"] == "own books"]
    summary = "Latest shares on the state's own books: " + _latest_sentence(
        own, year, share, "partner", ".1f"
    )
    return [Figure(chart, summary + " (%).")]


def mirror_gaps(df: pd.DataFrame, names: dict[str, str]) -> list[Figure]:
    """The gap between what a state reports and what its partners report, over time."""
    country = _pick(df, "country_iso3", "reporter_iso3")
    partner = _pick(df, "partner_iso3")
    year = _pick(df, "year")
    gap = _pick(df, "symmetric_discrepancy", "gap_pct", "gap_ratio", "gap_usd")
    data = df[df[partner].isin(ANCHOR_PARTNERS)]
    if data.empty:
        raise ChartUnavailable("rows for China, Russia, the EU, Turkey or the US")
    keep = [c for c in (country, partner, year, gap, "flow") if c in data.columns]
    data = _partners(_with_names(data[keep], country, names, "state"), partner)
    # One point per state, partner, year and flow: the median over source pairs.
    by = ["state", "partner", year] + (["flow"] if "flow" in data.columns else [])
    data = data.groupby(by, as_index=False)[gap].median()
    encode = {
        "x": _year_axis(year),
        "y": alt.Y(f"{gap}:Q", title="Gap (symmetric, 0 = books agree)"),
        "color": alt.Color("partner:N", scale=PARTNER_COLOURS, title="Partner"),
        "tooltip": [
            alt.Tooltip("state:N", title="State"),
            alt.Tooltip("partner:N", title="Partner"),
            alt.Tooltip(f"{year}:Q", title="Year", format="d"),
            alt.Tooltip(f"{gap}:Q", title="Gap", format=",.3f"),
        ],
    }
    if "flow" in data.columns:
        # One legend only (it wraps on a phone): the flows are named in the subtitle.
        encode["strokeDash"] = alt.StrokeDash(
            "flow:N", scale=alt.Scale(domain=["exports", "imports"]), legend=None
        )
        encode["detail"] = "flow:N"
    rule = alt.Chart().mark_rule(color="gray").encode(y=alt.datum(0))
    lines = alt.Chart().mark_line(point=alt.OverlayMarkDef(size=12)).encode(**encode)
    chart = (
        alt.layer(rule, lines, data=data)
        .properties(width=WIDTH, height=170)
        .facet(facet=alt.Facet("state:N", title=None), columns=3)
        .properties(
            title={
                "text": f"Mirror gap with each partner ({_span(data[year])})",
                "subtitle": "Exports solid, imports dashed; median over source pairs",
            }
        )
    )
    large = data.loc[data[gap].abs().idxmax()] if not data.empty else None
    summary = (
        f"Gaps run from {data[gap].min():.2f} to {data[gap].max():.2f}; the largest is "
        f"{large['state']} with {large['partner']} in {int(large[year])} ({large[gap]:.2f})."
        if large is not None
        else ""
    )
    return [Figure(chart, summary)]


WEIGHT_COLUMNS = {
    "chn_weight": "China",
    "rus_weight": "Russia",
    "eu_weight": "EU",
    "usa_weight": "United States",
}


def _parity_lines(
    data: pd.DataFrame, year: str, value: str, colour: str, dash: str | None, title: str
) -> alt.TopLevelMixin:
    rule = alt.Chart().mark_rule(color="gray", strokeDash=[2, 3]).encode(y=alt.datum(1))
    encode = {
        "x": _year_axis(year),
        "y": alt.Y(
            f"{value}:Q", scale=alt.Scale(type="log"), title="China+Russia over the west (×)"
        ),
        "color": alt.Color(f"{colour}:N", title=colour.replace("_", " ").capitalize()),
        "tooltip": [
            alt.Tooltip(f"{colour}:N"),
            alt.Tooltip(f"{year}:Q", title="Year", format="d"),
            alt.Tooltip(f"{value}:Q", title="Ratio (×)", format=".2f"),
        ],
    }
    if dash:
        encode["strokeDash"] = alt.StrokeDash(f"{dash}:N", title="The west is", legend=None)
        encode["detail"] = f"{dash}:N"
        encode["tooltip"].append(alt.Tooltip(f"{dash}:N", title="The west is"))
    lines = alt.Chart().mark_line(point=alt.OverlayMarkDef(size=10)).encode(**encode)
    return alt.layer(rule, lines, data=data)


def _largest_weights(data: pd.DataFrame, domain: str) -> str:
    """ "Kazakhstan (2025): Russia in security, 94%" for each state's largest domain weight."""
    parts = []
    for state, rows in data.dropna(subset=["weight"]).groupby("state"):
        top = rows.loc[rows["weight"].idxmax()]
        parts.append(f"{state}: {top['partner']} in {top[domain]}, {top['weight']:.0%}")
    return "; ".join(parts)


def _anchor_trend(
    df: pd.DataFrame, names: dict[str, str], country: str, year: str, ratio: str
) -> list[Figure]:
    """The composite anchor ratio per state over time, with the EU-as-west variant dashed."""
    variants = {ratio: "the US"}
    if "composite_west_ratio" in df.columns:
        variants["composite_west_ratio"] = "the US and the EU"
    per_year = df.drop_duplicates([country, year])
    composite = per_year.melt(
        id_vars=[country, year], value_vars=list(variants), var_name="variant", value_name="ratio"
    )
    composite["west"] = composite["variant"].map(variants)
    composite = _with_names(composite[composite["ratio"] > 0], country, names, "state")
    trend = (
        _parity_lines(composite, year, "ratio", "state", "west", "")
        .properties(width=520, height=240)
        .properties(
            title={
                "text": f"Anchor ratio by state ({_span(composite[year])})",
                "subtitle": "Solid: the west is the US; dashed: the US and the EU. "
                "Above the dotted 1× line, China and Russia outweigh the west",
            }
        )
    )
    us_only = composite[composite["west"] == "the US"]
    west = composite[composite["west"] != "the US"]
    text = "Latest anchor ratio: " + _latest_sentence(
        us_only.assign(label="China+Russia/US"), year, "ratio", "label", ".2f"
    )
    if not west.empty:
        text += "; with the EU counted as the west: " + _latest_sentence(
            west.assign(label="ratio"), year, "ratio", "label", ".2f"
        )
    return [Figure(trend, text + " (×).")]


def anchor_index(df: pd.DataFrame, names: dict[str, str]) -> list[Figure]:
    """The composite anchor ratio over time, and the domain weights of the latest year."""
    country, domain, year = _pick(df, "country_iso3"), _pick(df, "domain"), _pick(df, "year")
    ratio = "composite_anchor_ratio"
    missing = [c for c in ("chn_weight", "rus_weight", "usa_weight") if c not in df.columns]
    if missing:
        raise ChartUnavailable(", ".join(missing))
    figures = _anchor_trend(df, names, country, year, ratio) if ratio in df.columns else []
    latest = df[df[year] == df.groupby(country)[year].transform("max")]
    weights = [c for c in WEIGHT_COLUMNS if c in df.columns]
    data = latest[[country, year, domain, *weights]].melt(
        id_vars=[country, year, domain], var_name="power", value_name="weight"
    )
    data["partner"] = data["power"].map(WEIGHT_COLUMNS)
    data = _with_names(data, country, names, "state")
    data["state"] = data["state"] + " (" + data[year].astype(int).astype(str) + ")"
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(f"{domain}:N", title=None),
            x=alt.X("weight:Q", title="Weight in the domain (share)", axis=alt.Axis(format="%")),
            yOffset="partner:N",
            color=alt.Color("partner:N", scale=PARTNER_COLOURS, title="Partner"),
            tooltip=[
                alt.Tooltip("state:N", title="State"),
                alt.Tooltip(f"{domain}:N", title="Domain"),
                alt.Tooltip("partner:N", title="Partner"),
                alt.Tooltip("weight:Q", title="Weight", format=".1%"),
            ],
        )
        .properties(width=WIDTH, height=alt.Step(7))
        .facet(facet=alt.Facet("state:N", title=None), columns=3)
        .properties(title=f"Weight by domain, latest year ({_span(latest[year])})")
    )
    bars_text = "Largest weight by state, latest year: " + _largest_weights(data, domain) + "."
    return [*figures, Figure(bars, bars_text)]


def anchor_sensitivity(df: pd.DataFrame, names: dict[str, str]) -> list[Figure]:
    """Whether China and Russia outweigh the US under every set of domain weights."""
    country, year = _pick(df, "country_iso3"), _pick(df, "year")
    ratio, weights = _pick(df, "composite_anchor_ratio"), _pick(df, "weight_set")
    data = _with_names(df[df[ratio] > 0], country, names, "state")
    if data.empty:
        raise ChartUnavailable(f"positive {ratio} values")
    data = data[[weights, "state", year, ratio]].rename(columns={weights: "weight_set"})
    data["weight_set"] = data["weight_set"].str.replace("_", " ")
    rule = alt.Chart().mark_rule(color="gray", strokeDash=[2, 3]).encode(y=alt.datum(1))
    lines = (
        alt.Chart()
        .mark_line(point=alt.OverlayMarkDef(size=10))
        .encode(
            x=_year_axis(year),
            y=alt.Y(f"{ratio}:Q", scale=alt.Scale(type="log"), title="China+Russia over US (×)"),
            color=alt.Color("weight_set:N", title="Weight set"),
            tooltip=[
                alt.Tooltip("state:N", title="State"),
                alt.Tooltip(f"{year}:Q", title="Year", format="d"),
                alt.Tooltip("weight_set:N", title="Weight set"),
                alt.Tooltip(f"{ratio}:Q", title="Ratio (×)", format=".2f"),
            ],
        )
    )
    chart = (
        alt.layer(rule, lines, data=data)
        .properties(width=WIDTH, height=170)
        .facet(facet=alt.Facet("state:N", title=None), columns=3)
        .properties(
            title={
                "text": f"Anchor ratio under each weight set ({_span(data[year])})",
                "subtitle": "Above 1×: China and Russia outweigh the US",
            }
        )
    )
    latest = data[data[year] == data.groupby("state")[year].transform("max")]
    parts = [
        f"{state} {int(rows[year].iloc[0])}: {int((rows[ratio] > 1).sum())} of {len(rows)} sets "
        f"above 1× ({rows[ratio].min():.2f}–{rows[ratio].max():.2f})"
        for state, rows in latest.groupby("state")
    ]
    return [Figure(chart, "; ".join(parts) + ".")]


TRADE_COLUMNS = {
    "chn_trade_usd": "China",
    "rus_trade_usd": "Russia",
    "eu_trade_usd": "EU",
    "tur_trade_usd": "Turkey",
    "usa_trade_usd": "United States",
}
VALUE_TYPE_LABELS = {
    "headline_package_total": "headline package",
    "all item value types": "all items",
}


def deals_vs_flows(df: pd.DataFrame, names: dict[str, str]) -> list[Figure]:
    """Each announced deal figure (bars) against a year of trade with each power (rules)."""
    country = _pick(df, "country_iso3")
    deal = _pick(df, "deal_value_usd", "deals_usd")
    trade_columns = [c for c in TRADE_COLUMNS if c in df.columns]
    if not trade_columns:
        raise ChartUnavailable(", ".join(TRADE_COLUMNS))
    data = _with_names(df, country, names, "state")
    if "deal_measure" in data.columns:
        data = data[data["deal_measure"].isin(["headline", "itemised_total"])]
    ids = data["deal_ids"].astype(str) if "deal_ids" in data.columns else data[country]
    kind = data.get("deal_measure", pd.Series("deal", index=data.index)).map(
        {"headline": "headline", "itemised_total": "sum of items"}
    )
    data = data.assign(
        row=(kind.fillna("deal") + " " + ids.where(kind == "headline", "")).str.strip()
    )
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
        .mark_bar(color="#6a51a3")
        .encode(
            y=alt.Y("row:N", title=None, axis=alt.Axis(labelLimit=110)),
            x=alt.X("usd_bn:Q", title="bn USD"),
            tooltip=[
                alt.Tooltip("state:N", title="State"),
                alt.Tooltip("row:N", title="Deal"),
                alt.Tooltip("usd_bn:Q", format=",.2f", title="bn USD"),
            ],
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
                alt.Tooltip("state:N", title="State"),
                alt.Tooltip("partner:N", title="Partner"),
                alt.Tooltip("usd_bn:Q", format=",.2f", title="bn USD"),
            ],
        )
    )
    years = df[[c for c in ("chn_trade_year", "usa_trade_year") if c in df.columns]].stack()
    chart = (
        alt.layer(bars, rules, data=long)
        .properties(width=300)
        .facet(
            row=alt.Row(
                "state:N",
                title=None,
                header=alt.Header(
                    labelAngle=0, labelOrient="top", labelAnchor="start", labelLimit=230
                ),
            )
        )
        .resolve_scale(y="independent")
        .properties(
            title={
                "text": "2025 deals (bars) against a year of trade (dashed), bn USD",
                "subtitle": f"Trade of the latest year with a figure ({_span(years)})",
            }
        )
    )
    parts = []
    if "months_of_chn_trade" in df.columns:
        for _, r in df[df.get("deal_measure") == "headline"].iterrows():
            if pd.notna(r.get("months_of_chn_trade")):
                parts.append(
                    f"{names.get(r[country], r[country])} {r.get('deal_ids', '')}: "
                    f"{_bn(r[deal])} = {r['months_of_chn_trade']:.1f} months of trade with "
                    f"China ({int(r['chn_trade_year'])})"
                )
    return [Figure(chart, "; ".join(parts) + "." if parts else "")]


def dependency_ratios(df: pd.DataFrame, names: dict[str, str]) -> list[Figure]:
    """China's share of each state's trade and the China/US multiple, over time."""
    country, year = _pick(df, "country_iso3"), _pick(df, "year")
    partner, share = _pick(df, "partner_iso3"), _pick(df, "share_pct")
    multiple = "chn_usa_multiple"
    rows, chosen = df, "preferred"
    if "basis" in df.columns:
        # The preferred books where the report has them, else the state's own.
        chosen = "preferred" if (df["basis"] == "preferred").any() else "reporter"
        rows = df[df["basis"] == chosen]
    china = _with_names(rows[rows[partner] == "CHN"], country, names, "state")
    if china.empty:
        raise ChartUnavailable("rows for China")
    state_colour = alt.Color("state:N", title="State", sort=[names.get(c, c) for c in CA5])
    shares = (
        alt.Chart(china[["state", year, share]])
        .mark_line(point=alt.OverlayMarkDef(size=12))
        .encode(
            x=_year_axis(year),
            y=alt.Y(f"{share}:Q", title="China's share of trade (%)"),
            color=state_colour,
            tooltip=[
                alt.Tooltip("state:N", title="State"),
                alt.Tooltip(f"{year}:Q", title="Year", format="d"),
                alt.Tooltip(f"{share}:Q", title="Share (%)", format=".1f"),
            ],
        )
        .properties(
            width=520,
            height=220,
            title=f"China's share of trade, {BASIS_LABELS[chosen]} ({_span(china[year])})",
        )
    )
    figures = [
        Figure(
            shares,
            "China's share, latest year: "
            + _latest_sentence(china.assign(label="China"), year, share, "label", ".1f")
            + " (%).",
        )
    ]
    if multiple not in china.columns:
        return figures
    ratio = china[china[multiple] > 0][["state", year, multiple]]
    multiples = alt.layer(
        alt.Chart().mark_rule(color="gray", strokeDash=[2, 3]).encode(y=alt.datum(1)),
        alt.Chart()
        .mark_line(point=alt.OverlayMarkDef(size=12))
        .encode(
            x=_year_axis(year),
            y=alt.Y(f"{multiple}:Q", scale=alt.Scale(type="log"), title="China over US trade (×)"),
            color=state_colour,
            tooltip=[
                alt.Tooltip("state:N", title="State"),
                alt.Tooltip(f"{year}:Q", title="Year", format="d"),
                alt.Tooltip(f"{multiple}:Q", title="China/US (×)", format=".1f"),
            ],
        ),
        data=ratio,
    ).properties(
        width=520,
        height=220,
        title=f"Trade with China as a multiple of trade with the US ({_span(ratio[year])})",
    )
    figures.append(
        Figure(
            multiples,
            "China/US multiple, latest year: "
            + _latest_sentence(ratio.assign(label="×"), year, multiple, "label", ".1f")
            + ".",
        )
    )
    return figures


def dependency_peers(df: pd.DataFrame, names: dict[str, str]) -> list[Figure]:
    """China's share of trade: each Central Asian state against the median of all reporters."""
    country, year = _pick(df, "country_iso3"), _pick(df, "year")
    partner, share = _pick(df, "partner_iso3"), _pick(df, "share_pct")
    rows = df[(df[partner] == "CHN") & df[share].notna()]
    if "basis" in rows.columns:
        rows = rows[rows["basis"] == rows["basis"].mode().iloc[0]] if not rows.empty else rows
    if rows.empty:
        raise ChartUnavailable("China's share for any reporter")
    ca = rows[rows[country].isin(CA5)]
    ca = _with_names(ca, country, names, "series")[["series", year, share]]
    median = (
        rows.groupby(year, as_index=False)[share].median().assign(series="Median of all reporters")
    )
    data = pd.concat([ca, median])
    data = data[data[year] >= 1995]
    chart = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=10))
        .encode(
            x=_year_axis(year),
            y=alt.Y(f"{share}:Q", title="China's share of trade (%)"),
            color=alt.Color("series:N", title=None),
            tooltip=[
                alt.Tooltip("series:N", title="State"),
                alt.Tooltip(f"{year}:Q", title="Year", format="d"),
                alt.Tooltip(f"{share}:Q", title="Share (%)", format=".1f"),
            ],
        )
        .properties(
            width=520,
            height=240,
            title=f"China's share: Central Asia against all reporters ({_span(data[year])})",
        )
    )
    last = data[data[year] == data[year].max()]
    text = (
        f"In {int(data[year].max())}: "
        + ", ".join(f"{r['series']} {r[share]:.1f}%" for _, r in last.iterrows())
        + "."
    )
    return [Figure(chart, text)]


def pivot_scenarios(df: pd.DataFrame, names: dict[str, str]) -> list[Figure]:
    """US share of trade now and if each 2025 package arrived as extra US trade."""
    country, deal = _pick(df, "country_iso3"), _pick(df, "deal_id")
    now, then = _pick(df, "usa_share_pct"), _pick(df, "usa_share_pct_scenario")
    rows = df[df["basis"] == "reporter"] if "basis" in df.columns else df
    if rows.empty:
        rows = df
    data = _with_names(rows, country, names, "state")
    data["package"] = data["state"] + " " + data[deal]
    long = pd.concat(
        [
            data.assign(
                case=f"{'now'} (" + data["trade_year"].astype(int).astype(str) + ")", pct=data[now]
            ),
            data.assign(case="with the package", pct=data[then]),
        ]
    )[["package", "case", "pct"]]
    long["when"] = long["case"].str.startswith("now").map({True: "now", False: "with the package"})
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("package:N", title=None),
            yOffset="when:N",
            x=alt.X("pct:Q", title="US share of trade (%)"),
            color=alt.Color(
                "when:N",
                title=None,
                scale=alt.Scale(domain=["now", "with the package"], range=["#009E73", "#00573F"]),
            ),
            tooltip=[
                alt.Tooltip("package:N", title="Package"),
                alt.Tooltip("case:N", title="Case"),
                alt.Tooltip("pct:Q", title="US share (%)", format=".1f"),
            ],
        )
        .properties(
            width=420,
            title=f"US share of trade if the packages arrived ({_span(data['trade_year'])} trade)",
        )
    )
    text = "; ".join(
        f"{r['package']}: US share {r[now]:.1f}% → {r[then]:.1f}%, China+Russia/US "
        f"{r['chn_rus_usa_ratio']:.1f}× → {r['chn_rus_usa_ratio_scenario']:.1f}×"
        for _, r in data.iterrows()
    )
    return [Figure(chart, text + "." if text else "")]


def claim_checks(df: pd.DataFrame, names: dict[str, str]) -> list[Figure]:
    """How many of the article's claims the data supports."""
    verdict = _pick(df, "verdict")
    order = ["supported", "partly_supported", "not_supported", "not_testable"]
    data = df.assign(label=df[verdict].str.replace("_", " "))
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=[o.replace("_", " ") for o in order], title=None),
            x=alt.X("count():Q", title="Claims", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                "label:N",
                scale=alt.Scale(
                    domain=[o.replace("_", " ") for o in order],
                    range=["#009E73", "#A86A00", "#D55E00", "#6E6E6E"],
                ),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Verdict"),
                alt.Tooltip("count():Q", title="Claims"),
            ],
        )
        .properties(width=420, title="Verdicts on the article's claims (2025 article)")
    )
    counts = data["label"].value_counts()
    text = ", ".join(f"{n} {v}" for v, n in counts.items())
    return [Figure(chart, f"{len(data)} claims: {text}.")]


def source_conflicts(df: pd.DataFrame, names: dict[str, str]) -> list[Figure]:
    """Where two sources disagree on one fact, and by how much."""
    measure, apart = _pick(df, "measure"), _pick(df, "pct_apart")
    country = _pick(df, "country_iso3")
    data = _with_names(df, country, names, "state")
    extra = [c for c in ("period", "source_id_a", "source_id_b") if c in data.columns]
    data = data[["state", measure, apart, *extra]]  # only what the chart draws: page weight
    chart = (
        alt.Chart(data)
        .mark_circle(size=70, opacity=0.8)
        .encode(
            x=alt.X(f"{apart}:Q", title="Percent apart (of the larger value)"),
            y=alt.Y(f"{measure}:N", title=None, axis=alt.Axis(labelLimit=120)),
            color=alt.Color("state:N", title="State"),
            tooltip=[
                alt.Tooltip("state:N", title="State"),
                f"{measure}:N",
                *(f"{c}:N" for c in extra),
                alt.Tooltip(f"{apart}:Q", format=".1f", title="% apart"),
            ],
        )
        .properties(width=420, title="Two sources, one fact: how far apart (%)")
    )
    top = data.loc[data[apart].idxmax()] if not data.empty else None
    text = (
        f"{len(data)} pairs of sources disagree; the widest is {top['state']} {top[measure]} "
        f"({top[apart]:.0f}% apart)."
        if top is not None
        else ""
    )
    return [Figure(chart, text)]


ChartBuilder = Callable[[pd.DataFrame, dict[str, str]], "list[Figure] | alt.TopLevelMixin"]

CHARTS: dict[str, ChartBuilder] = {
    "rpt_partner_shares": partner_shares,
    "rpt_mirror_gaps": mirror_gaps,
    "rpt_anchor_index": anchor_index,
    "rpt_anchor_sensitivity": anchor_sensitivity,
    "rpt_deals_vs_flows": deals_vs_flows,
    "rpt_dependency_ratios": dependency_ratios,
    "rpt_dependency_peers": dependency_peers,
    "rpt_pivot_scenarios": pivot_scenarios,
    "rpt_claim_checks": claim_checks,
    "rpt_source_conflicts": source_conflicts,
}
