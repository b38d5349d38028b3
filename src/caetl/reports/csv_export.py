"""reports/csv/<report>.csv for every rpt_ table, and _meta.json describing them."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from caetl.reports.catalog import Report, Source


def _select_for_csv(report: Report) -> str:
    # Lists become "a; b" so a spreadsheet shows them as text, not DuckDB's [a, b].
    parts = []
    for column in report.columns:
        quoted = f'"{column.name}"'
        if column.is_list:
            parts.append(f"array_to_string({quoted}, '; ') AS {quoted}")
        else:
            parts.append(quoted)
    return f"SELECT {', '.join(parts)} FROM {report.qualified} ORDER BY ALL"  # noqa: S608


def write_csv(con: duckdb.DuckDBPyConnection, report: Report, csv_dir: Path) -> Path:
    """UTF-8, header row, the table's column order, rows in a stable order, ISO dates."""
    path = csv_dir / f"{report.name}.csv"
    target = str(path).replace("'", "''")
    con.execute(
        f"COPY ({_select_for_csv(report)}) TO '{target}' "
        "(FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', "
        "DATEFORMAT '%Y-%m-%d', TIMESTAMPFORMAT '%Y-%m-%dT%H:%M:%S')"
    )
    return path


def meta_document(
    reports: list[Report],
    sources_by_report: dict[str, tuple[list[Source], str]],
    run_info: dict,
) -> dict:
    return {
        "refreshed_at": run_info.get("refreshed_at"),
        "load_id": run_info.get("load_id"),
        "reports": {
            report.name: {
                "csv": f"{report.name}.csv",
                "description": report.description,
                "columns": [
                    {"name": c.name, "type": c.data_type, "description": c.description}
                    for c in report.columns
                ],
                "sources": [
                    {
                        "source_id": s.source_id,
                        "publisher": s.publisher,
                        "title": s.title,
                        "url": s.url,
                        "licence": s.licence,
                        "retrieved": s.retrieved,
                    }
                    for s in sources_by_report[report.name][0]
                ],
                "sources_basis": sources_by_report[report.name][1],
            }
            for report in reports
        },
    }


def write_meta(csv_dir: Path, document: dict) -> Path:
    path = csv_dir / "_meta.json"
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
