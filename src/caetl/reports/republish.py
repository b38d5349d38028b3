"""`caetl report`: the CSV reports and the site written again from the published
warehouse, and swapped into place whole. The caller holds the refresh lock, so no refresh
publishes meanwhile."""

from __future__ import annotations

import shutil
from pathlib import Path

from caetl.paths import Paths
from caetl.publish import PUBLISHED_DOCS, exchange_dirs, write_reports_marker
from caetl.state import read_published


def last_published_run(warehouse: Path) -> dict | None:
    """Refresh time and run id of the run that built the published warehouse."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        try:
            row = con.execute(
                "select started_at, run_id from meta.runs where status = 'published' "
                "order by started_at desc limit 1"
            ).fetchone()
        except duckdb.CatalogException:
            return None
    return {"refreshed_at": row[0].isoformat(), "load_id": row[1]} if row else None


def republish_reports(paths: Paths) -> list[Path]:
    """Write the reports of the published warehouse into a work folder and swap it in
    place of reports/; returns the files written."""
    from caetl.reports import write_reports

    work = paths.warehouse_dir / ".build" / "report-only"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    # The published dbt docs page describes the published warehouse: keep it on the site
    # (the folder swap below replaces the folder it lives in, so copy it out first).
    docs = paths.reports / PUBLISHED_DOCS
    kept_docs = Path(shutil.copyfile(docs, work / docs.name)) if docs.is_file() else None
    written = write_reports(
        paths.warehouse,
        work / "reports",
        dbt_docs=kept_docs,
        run_info=last_published_run(paths.warehouse),
        published=paths.reports,
    )
    # The reports now match the published warehouse: the next refresh need not redo them.
    _, load_id = read_published(paths.warehouse)
    if load_id:
        write_reports_marker(work / "reports", load_id)
    exchange_dirs(work / "reports", paths.reports)
    return written
