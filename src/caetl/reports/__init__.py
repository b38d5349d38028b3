"""Published reports: CSV exports and a static, offline HTML site from the reporting schema.

Entry point: `write_reports(warehouse, out_dir, dbt_docs=..., run_info=...)`. It opens the
warehouse read-only and writes

    out_dir/csv/<rpt_name>.csv   every rpt_ table of the reporting schema
    out_dir/csv/_meta.json       columns with descriptions, sources, refresh time, load id
    out_dir/html/                index.html (the answer per state, claim cards), <rpt_name>.html
                                 per report, dbt-docs.html (if given), assets/ (Vega bundle,
                                 css, js), csv/ (a copy of out_dir/csv for links from the site)
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from caetl.reports import catalog, lineage, overview, site
from caetl.reports.assets import bundle_versions, write_assets
from caetl.reports.csv_export import meta_document, write_csv, write_meta

__all__ = ["write_reports"]

_COUNTRY_LABELS = (
    ("iso3", "name"),
    ("country_iso3", "name"),
    ("country_iso3", "country_name"),
    ("iso3", "country_name"),
    ("country_iso3", "short_name"),
)


def _run_info(warehouse: Path, run_info: dict | None) -> dict:
    info = dict(run_info or {})
    refreshed = info.get("refreshed_at") or info.get("refresh_time") or info.get("as_of")
    if not refreshed:
        # No refresh record handed in: the warehouse file's own time, said as such.
        stamp = dt.datetime.fromtimestamp(warehouse.stat().st_mtime, tz=dt.UTC)
        refreshed = stamp.strftime("%Y-%m-%dT%H:%M:%SZ") + " (warehouse file time)"
    info["refreshed_at"] = str(refreshed)
    info["load_id"] = str(info["load_id"]) if info.get("load_id") is not None else None
    return info


def _country_names(con) -> dict[str, str]:
    for key, label in _COUNTRY_LABELS:
        names = catalog.labels(con, "dim_countries", key, label)
        if names:
            return names
    return {}


def _evidence_page(report_names: set[str]) -> str | None:
    # The figures behind each verdict, else the verdicts themselves.
    for name in (site.EVIDENCE_REPORT, site.CLAIMS_REPORT):
        if name in report_names:
            return f"{name}.html"
    return None


def _clear_stale(folder: Path, suffix: str, keep: set[str]) -> None:
    # A report dropped from the warehouse must not linger in a reused output folder.
    for path in folder.glob(f"rpt_*{suffix}"):
        if path.stem not in keep:
            path.unlink()


# A way back to the site from the dbt docs, fixed in a corner above the docs' own layout.
_DOCS_BACK_LINK = (
    '<a id="caetl-back" href="index.html" style="position:fixed;right:.75rem;bottom:.75rem;'
    "z-index:10000;padding:.4rem .8rem;background:#0b5cad;color:#fff;border-radius:4px;"
    'font:14px system-ui,sans-serif;text-decoration:none">← caetl report site</a>'
)


def _copy_dbt_docs(source: Path, target: Path) -> Path:
    text = source.read_text(encoding="utf-8")
    match = re.search(r"<body[^>]*>", text)
    # A refresh may hand in the published copy, which has the link already.
    if match and 'id="caetl-back"' not in text:
        text = text[: match.end()] + _DOCS_BACK_LINK + text[match.end() :]
    target.write_text(text, encoding="utf-8")
    return target


def write_reports(
    warehouse: Path,
    out_dir: Path,
    *,
    dbt_docs: Path | None = None,
    run_info: dict | None = None,
    published: Path | None = None,
) -> list[Path]:
    """Write the CSV exports and the static site of every rpt_ table; return the files.

    `published`: the reports folder now published, whose unchanged assets are reused."""
    warehouse, out_dir = Path(warehouse), Path(out_dir)
    csv_dir, html_dir = out_dir / "csv", out_dir / "html"
    csv_dir.mkdir(parents=True, exist_ok=True)
    html_dir.mkdir(parents=True, exist_ok=True)
    run = _run_info(warehouse, run_info)
    manifest = lineage.load_manifest(Path(dbt_docs) if dbt_docs else None)
    upstream = lineage.upstream_facts(manifest)
    titles = lineage.exposure_titles(manifest)
    has_dbt_docs = dbt_docs is not None and Path(dbt_docs).is_file()
    written: list[Path] = []

    con = catalog.connect(warehouse)
    try:
        reports = catalog.list_reports(con)
        names = {r.name for r in reports}
        _clear_stale(csv_dir, ".csv", names)
        _clear_stale(html_dir, ".html", names)
        sources = catalog.all_sources(con)
        countries = _country_names(con)
        pages, sources_by_report = [], {}
        for report in reports:
            ids, basis = catalog.report_source_ids(con, report, upstream.get(report.name, []))
            cited = ([sources[i] for i in sorted(ids) if i in sources], basis)
            sources_by_report[report.name] = cited
            written.append(write_csv(con, report, csv_dir))
            rows = catalog.read_rows(con, report)
            pages.append(
                site.build_page(report, rows, countries, cited, title=titles.get(report.name))
            )
        claims_report = next((r for r in reports if r.name == site.CLAIMS_REPORT), None)
        claims = site.claims_for_index(con, claims_report, sources)
        states = overview.summaries(con, countries)
    finally:
        con.close()

    written.append(write_meta(csv_dir, meta_document(reports, sources_by_report, run)))
    # A copy inside the site, so the pages' CSV links work from a copied html/ folder too.
    site_csv = html_dir / "csv"
    if site_csv.exists():
        shutil.rmtree(site_csv)
    shutil.copytree(csv_dir, site_csv)
    previous_assets = Path(published) / "html" / "assets" if published else None
    written.extend(write_assets(html_dir / "assets", previous_assets))
    if has_dbt_docs:
        written.append(_copy_dbt_docs(Path(dbt_docs), html_dir / "dbt-docs.html"))

    env = site.environment()
    common = {"run": run, "has_dbt_docs": has_dbt_docs}
    for page in pages:
        written.append(
            site.write_page(
                env,
                "report.html",
                html_dir / page.href,
                page=page,
                root="",
                charts=page.chart_id is not None,
                **common,
            )
        )
    written.append(
        site.write_page(
            env,
            "index.html",
            html_dir / "index.html",
            root="",
            charts=False,
            pages=pages,
            claims=claims,
            verdict_counts=site.verdict_counts(claims),
            claims_page=f"{site.CLAIMS_REPORT}.html" if claims_report else None,
            evidence_page=_evidence_page(names),
            states=states,
            partners=overview.PARTNERS,
            bases=overview.BASES,
            money=overview.money,
            **common,
        )
    )
    written.append(
        site.write_page(
            env,
            "licences.html",
            html_dir / "assets" / "licences.html",
            root="../",
            charts=False,
            bundle=bundle_versions(),
            **common,
        )
    )
    return written
