"""UN Comtrade API v1: annual bilateral totals, the five states as reporters and as partners
of the mirror reporters (CHN 156, RUS 643, USA 842: Comtrade's own codes, not ISO 840).

Keyless by default: GET {preview}/C/A/HS (at most 500 records a call, so one call per
reporter and year). With COMTRADE_API_KEY set: GET {keyed}/C/A/HS with the key in the
`Ocp-Apim-Subscription-Key` header (the header named by the 401 the API returns without it).
An empty answer (`count: 0, data: []`) is HTTP 200 and not an error.
"""

from __future__ import annotations

import os

from caetl.fetch.context import ApiError, FetchContext, decode_json, require_status
from caetl.fetch.http import Response

KEY_ENV = "COMTRADE_API_KEY"
KEY_HEADER = "Ocp-Apim-Subscription-Key"
PREVIEW_CAP = 500


def _checker(cap: int):
    def check(response: Response) -> tuple[dict, int]:
        if response.status == 401:
            raise ApiError(
                response.url,
                f"HTTP 401: the keyed endpoint needs a subscription key; set {KEY_ENV} "
                "or use the keyless preview",
                status=401,
            )
        require_status(response, 200)
        body = decode_json(response)
        if not isinstance(body, dict) or not isinstance(body.get("data"), list):
            raise ApiError(response.url, "expected an object with a `data` array")
        if body.get("error"):
            raise ApiError(response.url, f"API error: {body['error']}")
        rows = len(body["data"])
        if body.get("count") not in (None, rows):
            raise ApiError(response.url, f"count says {body['count']}, data has {rows} rows")
        if rows >= cap:
            # Comtrade does not page: a full answer may be a cut one. Split the request.
            raise ApiError(response.url, f"{rows} records reach the cap of {cap}; split it")
        return body, rows

    return check


def requests(params: dict) -> list[tuple[str, dict]]:
    """(label, query) pairs: reporters with every partner, then the mirror reporters."""
    common = {
        "cmdCode": ",".join(params.get("cmd_codes", ["TOTAL"])),
        "flowCode": "M,X",
        "customsCode": "C00",
        "motCode": "0",
        "partner2Code": "0",
        "includeDesc": "true",
    }
    years = [str(y) for y in params["years"]]
    reporters = [str(c) for c in params["reporters"]]
    calls = [
        (f"reporter {r} {y}", {**common, "reporterCode": r, "period": y})
        for r in reporters
        for y in years
    ]
    for m in params.get("mirror_reporters", []):
        calls.append(
            (
                f"mirror {m}",
                {
                    **common,
                    "reporterCode": str(m),
                    "partnerCode": ",".join(reporters),
                    "period": ",".join(years),
                },
            )
        )
    return calls


def fetch(ctx: FetchContext) -> None:
    params = ctx.api.params
    key = os.environ.get(KEY_ENV, "").strip()
    if key:
        base = os.environ.get(params.get("keyed_url_env", ""), "") or params["keyed_url"]
        headers, cap = {KEY_HEADER: key}, int(params.get("keyed_cap", 250_000))
    else:
        base, headers, cap = ctx.api.resolved_base_url(), {}, PREVIEW_CAP
    url = f"{base.rstrip('/')}/{params.get('path', 'C/A/HS')}"
    check = _checker(cap)
    for label, query in requests(params):
        ctx.call(label, url, query, check, headers)
