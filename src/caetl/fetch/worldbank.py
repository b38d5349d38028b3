"""World Bank Indicators API v2: one call per indicator for all countries, every page.

GET {base}/country/KAZ;KGZ;.../indicator/{code}?format=json&per_page=N&page=P
The answer is [page meta, rows]; an error is a one-element array [{"message": [...]}],
often with HTTP 200 (datahelpdesk article 898581; recorded in wbdata-go's cassettes).
"""

from __future__ import annotations

from caetl.fetch.context import ApiError, FetchContext, decode_json, require_status
from caetl.fetch.http import Response

MAX_PAGES = 1000  # a runaway `pages` would otherwise loop for hours


def check_page(response: Response) -> tuple[tuple[dict, list], int]:
    require_status(response, 200)
    body = decode_json(response)
    if isinstance(body, list) and body and isinstance(body[0], dict) and "message" in body[0]:
        messages = "; ".join(
            f"{m.get('id')} {m.get('key')}: {m.get('value')}" for m in body[0]["message"]
        )
        raise ApiError(response.url, f"API error in HTTP {response.status}: {messages}")
    if not (isinstance(body, list) and len(body) == 2 and isinstance(body[0], dict)):
        raise ApiError(response.url, "expected [page metadata, rows]")
    meta, rows = body[0], body[1] or []  # no data at all comes as [meta, null]
    try:
        # per_page is a string in some endpoints, an integer in others: coerce all.
        meta = {k: int(meta[k]) for k in ("page", "pages", "per_page", "total")}
    except (KeyError, TypeError, ValueError) as exc:
        raise ApiError(response.url, f"page metadata unusable: {body[0]!r}") from exc
    if not isinstance(rows, list):
        raise ApiError(response.url, "rows are not a list")
    return (meta, rows), len(rows)


def fetch(ctx: FetchContext) -> None:
    params = ctx.api.params
    base = ctx.api.resolved_base_url()
    countries = ";".join(params["countries"])
    for indicator in params["indicators"]:
        url = f"{base}/country/{countries}/indicator/{indicator}"
        page, pages, seen, total = 1, 1, 0, None
        while page <= pages:
            query = {
                "format": "json",
                "per_page": str(params.get("per_page", 1000)),
                "page": str(page),
            }
            if params.get("date"):
                query["date"] = str(params["date"])
            meta, rows = ctx.call(f"{indicator} page {page}", url, query, check_page)
            if meta["page"] != page:
                raise ApiError(url, f"asked for page {page}, got page {meta['page']}")
            total = meta["total"] if total is None else total
            pages = min(meta["pages"], MAX_PAGES)
            seen += len(rows)
            page += 1
        if seen != total:
            raise ApiError(url, f"{seen} rows over {pages} page(s), but total says {total}")
