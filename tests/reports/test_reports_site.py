"""write_reports on a small warehouse in the real shapes: CSVs, _meta.json and the site files."""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from caetl.reports import write_reports
from caetl.reports.charts import CHARTS
from support.sample_warehouse import HOSTILE_QUOTE, HOSTILE_TITLE, build_sample_warehouse

RUN = {"refreshed_at": "2026-11-29T02:00:00Z", "load_id": "load-42"}


@pytest.fixture(scope="module")
def built(module_tmp) -> tuple[Path, Path]:
    root = module_tmp.mktemp("reports")
    warehouse = build_sample_warehouse(root / "caetl.duckdb")
    docs = root / "static_index.html"
    docs.write_text("<!doctype html><title>dbt docs</title><p>lineage</p>", encoding="utf-8")
    write_reports(warehouse, root / "out", dbt_docs=docs, run_info=RUN)
    return warehouse, root / "out"


def _reporting_tables(warehouse: Path) -> dict[str, list[str]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    rows = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'reporting' "
        "ORDER BY table_name, column_index"
    ).fetchall()
    con.close()
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        tables.setdefault(table, []).append(column)
    return tables


def test_a_csv_per_report_with_the_table_columns_in_order(built):
    warehouse, out = built
    tables = _reporting_tables(warehouse)
    con = duckdb.connect(str(warehouse), read_only=True)
    for table, columns in tables.items():
        with (out / "csv" / f"{table}.csv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        count = con.execute(f"SELECT count(*) FROM reporting.{table}").fetchall()[0][0]  # noqa: S608
        assert rows[0] == columns, table
        assert len(rows) - 1 == count, table
    con.close()
    assert sorted(p.stem for p in (out / "csv").glob("rpt_*.csv")) == sorted(tables)


def test_csv_dates_are_iso_and_lists_are_text(built):
    _, out = built
    dated = list(csv.DictReader((out / "csv" / "rpt_no_chart_yet.csv").open(encoding="utf-8")))
    assert dated[0]["as_of"] == "2025-11-06"
    anchors = csv.DictReader((out / "csv" / "rpt_anchor_index.csv").open(encoding="utf-8"))
    assert all("[" not in row["source_ids"] and ";" in row["source_ids"] for row in anchors)


def test_csv_rows_are_in_a_stable_order(built, tmp_path):
    warehouse, out = built
    write_reports(warehouse, tmp_path / "again", run_info=RUN)
    for path in (out / "csv").glob("rpt_*.csv"):
        assert path.read_bytes() == (tmp_path / "again" / "csv" / path.name).read_bytes()


def test_meta_documents_columns_sources_and_run(built):
    warehouse, out = built
    meta = json.loads((out / "csv" / "_meta.json").read_text(encoding="utf-8"))
    assert meta["refreshed_at"] == RUN["refreshed_at"] and meta["load_id"] == RUN["load_id"]
    assert set(meta["reports"]) == set(_reporting_tables(warehouse))
    con = duckdb.connect(str(warehouse), read_only=True)
    comment = con.execute(
        "SELECT comment FROM duckdb_columns() WHERE schema_name = 'reporting' "
        "AND table_name = 'rpt_partner_shares' AND column_name = 'share_pct'"
    ).fetchall()[0][0]
    anchor_sources = {
        r[0]
        for r in con.execute(
            "SELECT DISTINCT unnest(source_ids) FROM reporting.rpt_anchor_index"
        ).fetchall()
    }
    con.close()
    shares = {c["name"]: c["description"] for c in meta["reports"]["rpt_partner_shares"]["columns"]}
    assert shares["share_pct"] == comment
    cited = {s["source_id"] for s in meta["reports"]["rpt_anchor_index"]["sources"]}
    assert cited == anchor_sources
    urls = [s["url"] for s in meta["reports"]["rpt_anchor_index"]["sources"]]
    assert urls and all(url.startswith("https://") for url in urls)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []  # what a browser fetches on load (scripts, styles, images)
        self.anchors: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe") and attrs.get("src"):
            self.loaded.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.loaded.append(attrs["href"])
        if tag == "a" and attrs.get("href"):
            self.anchors.append(attrs["href"])


def _pages(out: Path) -> list[Path]:
    return sorted((out / "html").glob("*.html")) + sorted((out / "html" / "assets").glob("*.html"))


def test_every_page_loads_only_files_inside_the_site(built):
    _, out = built
    for page in _pages(out):
        links = _Links()
        links.feed(page.read_text(encoding="utf-8"))
        assert links.loaded or page.name == "dbt-docs.html", page
        for url in links.loaded:
            if url.startswith("data:"):
                continue
            assert not re.match(r"[a-z]+:|//", url), (page.name, url)
            target = (page.parent / url).resolve()
            assert target.is_file() and (out / "html").resolve() in target.parents, (page, url)


def test_a_page_per_report_with_csv_link_columns_and_as_of(built):
    warehouse, out = built
    for table, columns in _reporting_tables(warehouse).items():
        text = (out / "html" / f"{table}.html").read_text(encoding="utf-8")
        assert f'href="csv/{table}.csv"' in text
        assert all(f"<td>{c}</td>" in text for c in columns), table
        assert RUN["refreshed_at"] in text
        assert 'id="sources"' in text
    index = (out / "html" / "index.html").read_text(encoding="utf-8")
    assert 'href="dbt-docs.html"' in index and (out / "html" / "dbt-docs.html").is_file()


def test_report_without_registered_chart_still_gets_a_page(built):
    _, out = built
    text = (out / "html" / "rpt_no_chart_yet.html").read_text(encoding="utf-8")
    assert "data-spec" not in text and "rows-rpt_no_chart_yet" in text
    assert "vega-bundle.js" not in text


def test_index_has_a_card_per_claim_with_arabic_right_to_left(built):
    warehouse, out = built
    con = duckdb.connect(str(warehouse), read_only=True)
    claims = con.execute("SELECT claim_id, verdict FROM reporting.rpt_claim_checks").fetchall()
    quote = con.execute("SELECT quote_ar FROM marts.dim_claims WHERE claim_id = 'C13'").fetchall()
    con.close()
    index = (out / "html" / "index.html").read_text(encoding="utf-8")
    for claim_id, verdict in claims:
        assert f'<article class="card {verdict}" id="claim-{claim_id}">' in index
    assert f'<blockquote lang="ar" dir="rtl">{quote[0][0]}</blockquote>' in index


def test_hostile_source_text_is_escaped_on_every_page(tmp_path):
    warehouse = build_sample_warehouse(tmp_path / "hostile.duckdb", hostile=True)
    write_reports(warehouse, tmp_path / "out", run_info=RUN)
    pages = _pages(tmp_path / "out")
    escaped = "&lt;script&gt;alert(&#34;hostile title&#34;)&lt;/script&gt;"
    citing = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert HOSTILE_TITLE not in text, page.name
        assert HOSTILE_QUOTE not in text, page.name
        assert 'href="javascript:' not in text, page.name
        # Claim cards name the source by its publisher, its id in the link's title.
        if 'id="src-imf_dots"' in text or '(imf_dots)">' in text:
            citing.append(page.name)
            # Shown as text wherever the source is cited, not silently dropped.
            assert escaped in text, page.name
    assert {"index.html", "rpt_mirror_gaps.html", "rpt_claim_checks.html"} <= set(citing)
    index = (tmp_path / "out" / "html" / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(2)&gt;" in index


def test_hostile_text_in_chart_and_table_data_cannot_close_the_script(tmp_path):
    warehouse = build_sample_warehouse(tmp_path / "hostile.duckdb", hostile=True)
    write_reports(warehouse, tmp_path / "out", run_info=RUN)
    text = (tmp_path / "out" / "html" / "rpt_partner_shares.html").read_text(encoding="utf-8")
    islands = re.findall(r'<script type="application/json" id="[^"]+">(.*?)</script>', text, re.S)
    assert islands and all("<" not in island for island in islands)
    assert any("\\u003cscript\\u003ealert" in island for island in islands)


def test_a_broken_chart_does_not_block_the_reports(built, tmp_path, monkeypatch):
    warehouse, _ = built

    def broken(frame, names):
        raise ValueError("no such field")

    monkeypatch.setitem(CHARTS, "rpt_no_chart_yet", broken)
    with pytest.warns(UserWarning, match="rpt_no_chart_yet"):
        write_reports(warehouse, tmp_path / "out", run_info=RUN)
    text = (tmp_path / "out" / "html" / "rpt_no_chart_yet.html").read_text(encoding="utf-8")
    assert "No chart: drawing it failed (ValueError: no such field)" in text
    assert (tmp_path / "out" / "csv" / "rpt_no_chart_yet.csv").is_file()


def test_published_bundle_is_reused_only_when_the_same_versions_made_it(tmp_path, monkeypatch):
    from caetl.reports import assets

    first, name = tmp_path / "first", assets.BUNDLE_NAME
    assets.write_assets(first)
    assets._bundle_text.cache_clear()
    built: list[dict] = []

    def bundle(**arguments) -> str:
        built.append(arguments)
        return "rebuilt"

    monkeypatch.setattr(assets.vl_convert, "javascript_bundle", bundle)
    assets.write_assets(tmp_path / "second", published=first)
    assert built == []
    assert (tmp_path / "second" / name).read_bytes() == (first / name).read_bytes()
    # A bundle that other versions made (its header says which) is built again.
    (first / name).write_text("/* Vega 5.0.0 ... */\nold", encoding="utf-8")
    assets.write_assets(tmp_path / "third", published=first)
    assert len(built) == 1 and (tmp_path / "third" / name).read_text().endswith("rebuilt")
    assets._bundle_text.cache_clear()
