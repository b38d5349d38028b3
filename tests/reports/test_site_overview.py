"""The first screen's rules without a warehouse: the headline sentence, money, the trend line."""

from __future__ import annotations

from caetl.reports.overview import StateSummary, headline, money, sparkline, times


def _state(**figures) -> StateSummary:
    return StateSummary(iso3="KAZ", name="Kazakhstan", **figures)


def test_headline_anchored_under_every_set_and_with_the_eu():
    s = _state(
        anchor_year=2025, anchor_ratio=3.89, west_ratio=1.6, sets_holding=7, sets_total=7,
        chn_usa_growth_pct=968.8,
    )  # fmt: skip
    assert headline(s) == (
        "Kazakhstan stays anchored to China and Russia: 3.9× the US in 2025, under all 7 "
        "weight sets, and still 1.6× with the EU counted as the west; US trade would have to "
        "grow 969% to match China's."
    )


def test_headline_says_when_the_eu_turns_the_answer_and_sets_disagree():
    s = _state(anchor_year=2020, anchor_ratio=1.4, west_ratio=0.8, sets_holding=5, sets_total=7)
    assert headline(s) == (
        "Kazakhstan stays anchored to China and Russia: 1.4× the US in 2020, under 5 of 7 "
        "weight sets, but 0.8× once the EU counts as the west."
    )


def test_headline_leaning_west_counts_the_sets_that_agree_with_it():
    s = _state(anchor_year=2024, anchor_ratio=0.5, sets_holding=1, sets_total=7)
    assert headline(s) == (
        "Kazakhstan leans west: China and Russia at 0.5× the US in 2024, under 6 of 7 weight sets."
    )


def test_headline_without_an_anchor_ratio_says_so():
    assert headline(_state()) == "Kazakhstan: no anchor ratio can be computed from the warehouse."


def test_money_and_times_read_as_a_reader_writes_them():
    assert money(17e9) == "$17bn"
    assert money(3.2e9) == "$3.2bn"
    assert money(950e6) == "$950m"
    assert times(49.3) == "49×" and times(3.89) == "3.9×"


def test_sparkline_draws_the_parity_line_at_one_and_the_trend():
    svg = str(sparkline([(2000, 2.0), (2010, 4.0), (2020, 0.5)], [(2020, 0.25)]))
    assert svg.startswith("<svg") and 'class="spark-parity"' in svg
    # log scale from 0.25 to 4: parity (1) sits halfway between the extremes.
    parity_y = float(svg.split('class="spark-parity"')[0].rsplit('y1="', 1)[1].split('"')[0])
    assert abs(parity_y - 32.0) < 0.2
    assert str(sparkline([(2020, 2.0)], [])) == ""


def test_partner_colours_are_the_same_in_charts_and_on_the_page():
    import re
    from pathlib import Path

    from caetl.reports import charts

    css = (Path(charts.__file__).parent / "static" / "site.css").read_text(encoding="utf-8")
    on_page = dict(re.findall(r"--p-([A-Z]{3}): (#[0-9A-Fa-f]{6})", css))
    in_charts = dict(zip(charts.PARTNER_COLOURS.domain, charts.PARTNER_COLOURS.range, strict=True))
    assert {code: in_charts[label] for code, label in charts.PARTNER_LABELS.items()} == on_page


def _contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_colours_meet_aa_and_partner_colours_3_to_1_in_light_and_dark():
    import re
    from pathlib import Path

    from caetl.reports import charts

    css = (Path(charts.__file__).parent / "static" / "site.css").read_text(encoding="utf-8")
    light, dark = (dict(re.findall(r"--([a-z]+): (#[0-9a-fA-F]{6})", block)) for block in
                   re.findall(r":root \{(.*?)\}", css, re.S)[:2])  # fmt: skip
    for theme in (light, {**light, **dark}):
        for text in ("fg", "muted", "link", "supported", "partly", "not", "untestable"):
            for ground in ("bg", "panel"):
                assert _contrast(theme[text], theme[ground]) >= 4.5, (text, ground)
    for colour in charts.PARTNER_COLOURS.range:
        assert _contrast(colour, light["bg"]) >= 3, colour
