"""The published site as a reader meets it: real Chromium (Playwright) from file://.

The site is the one `caetl refresh` publishes for the shared `built_home` project. The first
screen is checked at 1400×900 and 390×844 against the warehouse's own figures, and its
screenshots are kept under $CAETL_TEST_ARTIFACTS/site-reader (default
test-artifacts/site-reader in the repository); the path is printed.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from support import REPO

pytestmark = pytest.mark.slow

ARTIFACTS = Path(os.environ.get("CAETL_TEST_ARTIFACTS", REPO / "test-artifacts")) / "site-reader"
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
PAGE_BUDGET = 1_000_000
SITE_BUDGET = 6_000_000
# A chart is settled once it is drawn and fitted to its holder (or said why it could not be).
CHARTS_SETTLED = (
    "() => Array.from(document.querySelectorAll('[data-spec]'))"
    ".every(h => h.dataset.fitted === 'true')"
)


@pytest.fixture(scope="module")
def home(built_home):
    return built_home


@pytest.fixture(scope="module")
def html(home) -> Path:
    return home.reports / "html"


@pytest.fixture(scope="module")
def con(home):
    connection = duckdb.connect(str(home.warehouse), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def browser(chromium):
    """The session's one Chromium (tests/support/browser.py): Playwright's sync API runs
    once per session, so every module shares it."""
    return chromium


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.console_errors = errors
    yield tab
    context.close()


def _open(tab, path: Path) -> None:
    tab.goto(path.resolve().as_uri())
    if tab.query_selector("[data-spec]"):
        tab.wait_for_function(CHARTS_SETTLED, timeout=60_000)


def _in_first_screen(tab, selector: str, viewport: dict) -> bool:
    box = tab.locator(selector).first.bounding_box()
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]


def _latest_shares(con, iso3: str) -> dict[tuple[str, str], tuple[float, int]]:
    rows = con.execute(
        "SELECT partner_iso3, basis, arg_max(share_pct, year), max(year) "
        "FROM reporting.rpt_partner_shares WHERE country_iso3 = ? AND share_pct IS NOT NULL "
        "GROUP BY ALL",
        [iso3],
    ).fetchall()
    return {(p, b): (s, y) for p, b, s, y in rows}


@pytest.mark.parametrize("iso3", ["KAZ", "UZB"])
def test_first_screen_answers_for_the_state(page, html, con, iso3):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    _open(page, html / "index.html")
    year, ratio = con.execute(
        "SELECT year, max(composite_anchor_ratio) FROM reporting.rpt_anchor_index "
        "WHERE country_iso3 = ? GROUP BY year ORDER BY year DESC LIMIT 1",
        [iso3],
    ).fetchone()
    panel = f"#state-{iso3}"
    shown = page.inner_text(f"[data-anchor-ratio={iso3}]")
    assert shown == f"{ratio:.1f}×", (iso3, shown, ratio)
    assert str(year) in page.inner_text(f"{panel} .ratio")
    assert _in_first_screen(page, f"[data-anchor-ratio={iso3}]", DESKTOP)
    shares = _latest_shares(con, iso3)
    for partner in ("CHN", "RUS", "EUU", "USA"):
        row = f"{panel} table.shares tr[data-partner={partner}]"
        cells = page.locator(f"{row} td").all_inner_texts()
        share, share_year = shares[(partner, "reporter")]
        assert cells[0] == f"{share:.1f}% ({share_year})", (iso3, partner, cells)
        if (partner, "mirror") in shares:
            share, share_year = shares[(partner, "mirror")]
            assert cells[1] == f"{share:.1f}% ({share_year})", (iso3, partner, cells)
        assert _in_first_screen(page, row, DESKTOP), (iso3, partner)
    deals = page.locator(f"{panel} .deals").first
    assert re.search(r"\$\d+bn package \(.+\) equals [\d.]+ months of trade with China \(\d{4}\)",
                     deals.inner_text())  # fmt: skip
    assert _in_first_screen(page, f"{panel} .deals", DESKTOP)
    assert page.inner_text(f"{panel} .headline").startswith(
        con.execute("SELECT name FROM marts.dim_countries WHERE iso3 = ?", [iso3]).fetchone()[0]
    )
    shot = page.screenshot(path=str(ARTIFACTS / "first-screen-1400x900.png"))
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(ARTIFACTS / "first-screen-390x844.png"))
    print(f"screenshots: {ARTIFACTS / 'first-screen-1400x900.png'}, "
          f"{ARTIFACTS / 'first-screen-390x844.png'}")  # fmt: skip
    assert shot[:8] == b"\x89PNG\r\n\x1a\n"
    assert not page.console_errors


def _site_pages(html: Path) -> list[Path]:
    return [p for p in sorted(html.glob("*.html")) if p.name != "dbt-docs.html"]


def test_no_page_scrolls_sideways_on_a_phone_and_every_chart_fits(browser, html):
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    tab = context.new_page()
    wide, unfit, unsaid = {}, {}, []
    for path in _site_pages(html):
        _open(tab, path)
        width = tab.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[path.name] = width
        charts = tab.evaluate(
            "Array.from(document.querySelectorAll('[data-spec] svg')).map(s => "
            "{ const r = s.getBoundingClientRect(); return [r.left, r.right]; })"
        )
        if any(left < 0 or right > PHONE["width"] for left, right in charts):
            unfit[path.name] = charts
        captions = tab.evaluate(
            "Array.from(document.querySelectorAll('[data-spec]')).map(h => "
            "(h.closest('figure')?.querySelector('figcaption')?.textContent || '').trim())"
        )
        if any(not re.search(r"\d", c) for c in captions):
            unsaid.append(path.name)
    context.close()
    assert not wide, f"pages scroll sideways at 390 px: {wide}"
    assert not unfit, f"charts wider than the phone: {unfit}"
    assert not unsaid, f"charts without a text summary of their numbers: {unsaid}"


def test_page_weight_budget(html):
    """Each page's own HTML with its data ≤ 1 MB; pages and shared assets ≤ 6 MB in all.

    The dbt docs page is aside; the CSV downloads in csv/ are files to fetch, not page weight,
    and are reported beside the budget.
    """
    pages = {p.name: p.stat().st_size for p in _site_pages(html)}
    assets = {p.name: p.stat().st_size for p in (html / "assets").iterdir() if p.is_file()}
    downloads = sum(p.stat().st_size for p in (html / "csv").iterdir())
    for name, size in sorted(pages.items()):
        print(f"{name:34s} {size / 1e6:7.3f} MB")
    print(f"assets {sum(assets.values()) / 1e6:.3f} MB; CSV downloads {downloads / 1e6:.3f} MB")
    heavy = {n: s for n, s in pages.items() if s > PAGE_BUDGET}
    assert not heavy, heavy
    total = sum(pages.values()) + sum(assets.values())
    assert total <= SITE_BUDGET, total
    bundle = assets["vega-bundle.js"]
    for path in _site_pages(html):
        text = path.read_text(encoding="utf-8")
        # The chart library is a shared file, never inlined in a page.
        assert text.count("vega-bundle.js") <= 1 and len(text) < bundle, path.name


def _status_total(tab) -> int:
    return int(re.search(r"of ([\d,]+)", tab.inner_text(".table-status")).group(1).replace(",", ""))


def _column_index(tab, name: str) -> int:
    return tab.evaluate(
        f"Array.from(document.querySelectorAll('.table thead tr:first-child th'))"
        f".findIndex(th => th.dataset.column === {name!r})"
    )


def _cells(tab, index: int) -> list[str]:
    return tab.evaluate(
        "Array.from(document.querySelectorAll('.table tbody tr'))"
        f".map(r => r.cells[{index}].textContent)"
    )


def test_sorting_keeps_empty_cells_last_both_ways(page, html, con):
    _open(page, html / "rpt_dependency_ratios.html")
    for column, value in (("country_iso3", "KAZ"), ("partner_iso3", "CHN"), ("basis", "reporter")):
        page.fill(f"input[data-filter-column='{_column_index(page, column)}']", value)
    hhi = _column_index(page, "hhi")
    expected = [
        r[0]
        for r in con.execute(
            "SELECT hhi FROM reporting.rpt_dependency_ratios WHERE country_iso3 = 'KAZ' "
            "AND partner_iso3 = 'CHN' AND basis = 'reporter'"
        ).fetchall()
    ]
    assert None in expected and any(v is not None for v in expected)
    assert _status_total(page) == len(expected)
    header = f".table thead tr:first-child th:nth-child({hhi + 1}) button"
    for direction in ("ascending", "descending"):
        page.click(header)
        assert page.get_attribute(header.removesuffix(" button"), "aria-sort") == direction
        cells = _cells(page, hhi)
        filled = [float(c) for c in cells if c]
        assert cells[: len(filled)] == [c for c in cells if c], direction  # empties at the end
        assert filled == sorted(filled, reverse=direction == "descending"), direction
        assert len(filled) == sum(v is not None for v in expected)


def test_per_column_filter_matches_codes_and_names(page, html, con):
    _open(page, html / "rpt_partner_shares.html")
    partner = _column_index(page, "partner_iso3")
    page.fill(f"input[data-filter-column='{partner}']", "CHN")
    china = con.execute(
        "SELECT count(*) FROM reporting.rpt_partner_shares WHERE partner_iso3 = 'CHN'"
    ).fetchone()[0]
    assert _status_total(page) == china
    assert set(_cells(page, partner)) == {"CHN"}
    country = _column_index(page, "country_iso3")
    page.fill(f"input[data-filter-column='{country}']", "Uzbekistan")
    uzbek_china = con.execute(
        "SELECT count(*) FROM reporting.rpt_partner_shares "
        "WHERE partner_iso3 = 'CHN' AND country_iso3 = 'UZB'"
    ).fetchone()[0]
    assert uzbek_china and _status_total(page) == uzbek_china
    assert set(_cells(page, country)) == {"UZB"}


@pytest.mark.parametrize("copied", [False, True], ids=["in-place", "copied-site"])
def test_csv_link_works_in_place_and_from_a_copied_site(page, html, con, tmp_path, copied):
    site = html
    if copied:
        site = tmp_path / "elsewhere" / "site"
        shutil.copytree(html, site)
    _open(page, site / "rpt_partner_shares.html")
    link = page.locator("a.button[download]")
    with page.expect_download() as info:
        link.click()
    saved = tmp_path / "download.csv"
    info.value.save_as(saved)
    with saved.open(encoding="utf-8") as f:
        header = next(csv.reader(f))
        rows = sum(1 for _ in f)
    columns = [
        r[0]
        for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'reporting' "
            "AND table_name = 'rpt_partner_shares' ORDER BY column_index"
        ).fetchall()
    ]
    assert header == columns
    assert rows == con.execute("SELECT count(*) FROM reporting.rpt_partner_shares").fetchone()[0]
    target = Path(page.evaluate("document.querySelector('a.button[download]').href")[7:])
    assert site.resolve() in target.resolve().parents


def test_keyboard_reaches_sort_buttons_with_a_visible_focus_ring(page, html):
    _open(page, html / "rpt_partner_shares.html")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('thead tr:first-child th') !== null"):
            break
    else:
        pytest.fail("Tab never reached a sort button")
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement); "
        "return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
    )
    assert style[0] != "none" and style[1] >= 2, style
    page.keyboard.press("Enter")
    sort = page.evaluate("document.activeElement.closest('th').getAttribute('aria-sort')")
    assert sort == "ascending"


def test_claims_table_shows_the_verdict_and_arabic_right_to_left(page, html):
    _open(page, html / "rpt_claim_checks.html")
    verdict = page.locator(".table thead th[data-column=verdict]").bounding_box()
    assert verdict and verdict["x"] + verdict["width"] <= DESKTOP["width"]
    arabic = page.evaluate(
        "Array.from(document.querySelectorAll('.table tbody td'))"
        ".filter(td => /[\\u0600-\\u06FF]/.test(td.textContent)).map(td => td.dir)"
    )
    assert arabic and set(arabic) == {"rtl"}


def test_revisions_page_says_why_it_is_empty_and_dbt_docs_link_back(page, html, con):
    rows = con.execute("SELECT count(*) FROM reporting.rpt_revisions").fetchone()[0]
    _open(page, html / "rpt_revisions.html")
    if rows == 0:
        assert "No revisions yet" in page.inner_text("#empty-note")
    docs = html / "dbt-docs.html"
    if docs.is_file():
        _open(page, docs)
        back = page.locator("a#caetl-back")
        assert back.count() == 1
        assert back.get_attribute("href") == "index.html"


def _recompute(con) -> dict[tuple[str, str], dict]:
    horizons = {
        r["deal_id"]: r
        for r in csv.DictReader(
            (REPO / "dbt_project" / "seeds" / "deal_package_horizons.csv").open(encoding="utf-8")
        )
    }
    deals = con.execute(
        "SELECT deal_id, country_iso3, value_usd FROM marts.fct_deals "
        "WHERE is_aggregate AND value_usd IS NOT NULL"
    ).fetchall()
    trade = con.execute(
        "SELECT country_iso3, basis, year, partner_iso3, trade_usd, total_trade_usd "
        "FROM reporting.rpt_partner_shares"
    ).fetchall()
    by_year: dict[tuple[str, str, int], dict] = {}
    for country, basis, year, partner, usd, total in trade:
        entry = by_year.setdefault((country, basis, year), {"total": total})
        entry[partner] = usd
    out = {}
    for deal_id, country, value in deals:
        if deal_id not in horizons:
            continue
        extra = value / float(horizons[deal_id]["horizon_years"])
        for basis in ("reporter", "mirror"):
            years = [
                y
                for (c, b, y), e in by_year.items()
                if c == country and b == basis and e.get("CHN") is not None
                and e.get("RUS") is not None and (e.get("USA") or 0) > 0 and e["total"]
            ]  # fmt: skip
            if not years:
                continue
            year = max(years)
            e = by_year[(country, basis, year)]
            out[(deal_id, basis)] = {
                "trade_year": year,
                "annual_extra_usd": extra,
                "usa_share_pct": 100 * e["USA"] / e["total"],
                "usa_share_pct_scenario": 100 * (e["USA"] + extra) / (e["total"] + extra),
                "chn_rus_usa_ratio": (e["CHN"] + e["RUS"]) / e["USA"],
                "chn_rus_usa_ratio_scenario": (e["CHN"] + e["RUS"]) / (e["USA"] + extra),
                "usa_growth_to_reach_chn_pct": 100 * (e["CHN"] / e["USA"] - 1),
            }
    return out


def test_pivot_scenarios_recomputed_from_deals_and_trade_rows(con):
    expected = _recompute(con)
    cursor = con.execute("SELECT * FROM reporting.rpt_pivot_scenarios ORDER BY ALL")
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    assert {(r["deal_id"], r["basis"]) for r in rows} == set(expected)
    assert {"KAZ-12", "UZB-13", "UZB-14"} <= {r["deal_id"] for r in rows}
    for row in rows:
        want = expected[(row["deal_id"], row["basis"])]
        assert row["trade_year"] == want["trade_year"]
        assert row["annual_extra_usd"] == pytest.approx(want["annual_extra_usd"])
        for column in (
            "usa_share_pct",
            "usa_share_pct_scenario",
            "chn_rus_usa_ratio",
            "chn_rus_usa_ratio_scenario",
            "usa_growth_to_reach_chn_pct",
        ):
            assert row[column] == pytest.approx(want[column], abs=0.051), (row["deal_id"], column)
        if row["country_iso3"] in ("KAZ", "UZB"):
            print(
                f"{row['deal_id']} {row['basis']} {row['trade_year']}: US share "
                f"{row['usa_share_pct']}% -> {row['usa_share_pct_scenario']}%, (CHN+RUS)/US "
                f"{row['chn_rus_usa_ratio']} -> {row['chn_rus_usa_ratio_scenario']}, US growth "
                f"to reach China {row['usa_growth_to_reach_chn_pct']}%"
            )
