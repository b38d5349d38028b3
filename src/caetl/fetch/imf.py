"""IMF International Trade in Goods (IMTS, formerly DOTS) through the SDMX 3.0 API.

GET {base}/data/dataflow/IMF.STA/IMTS/+/{key}?dimensionAtObservation=TIME_PERIOD&...
with the key COUNTRY.INDICATOR.COUNTERPART_COUNTRY.FREQUENCY (ISO3 codes, `+` joins values,
`*` is any): XG_FOB_USD exports FOB, MG_CIF_USD imports CIF. The answer is an SDMX-JSON 2.0
data message. An unknown dataflow is HTTP 204 with no body; an unknown key value is a 200
whose dataset has no `series` (no data, not an error - unless the last vintage had data).
"""

from __future__ import annotations

from caetl.fetch.context import ApiError, FetchContext, decode_json, require_status
from caetl.fetch.http import Response


def check_message(response: Response) -> tuple[dict, int]:
    if response.status == 204:
        raise ApiError(
            response.url, "HTTP 204 No Content: the dataflow or structure is unknown", status=204
        )
    require_status(response, 200)
    body = decode_json(response)
    try:
        datasets = body["data"]["dataSets"]
        body["data"]["structures"][0]["dimensions"]["series"]
    except (KeyError, IndexError, TypeError) as exc:
        raise ApiError(response.url, "not an SDMX-JSON data message") from exc
    observations = sum(
        len(series.get("observations", {}))
        for dataset in datasets
        for series in (dataset.get("series") or {}).values()
    )
    return body, observations


def requests(params: dict) -> list[tuple[str, str]]:
    """(label, key) pairs: each state against every counterpart, then the mirror reporters."""
    indicators = "+".join(params["indicators"])
    freq = params.get("frequency", "A")
    calls = [(f"reporter {c}", f"{c}.{indicators}.*.{freq}") for c in params["countries"]]
    mirrors = params.get("mirror_reporters", [])
    if mirrors:
        calls.append(
            ("mirror", f"{'+'.join(mirrors)}.{indicators}.{'+'.join(params['countries'])}.{freq}")
        )
    return calls


def fetch(ctx: FetchContext) -> None:
    params = ctx.api.params
    flow = params.get("dataflow", "IMF.STA/IMTS/+")
    url = f"{ctx.api.resolved_base_url()}/data/dataflow/{flow}"
    query = {"dimensionAtObservation": "TIME_PERIOD", "attributes": "dsd", "measures": "all"}
    if params.get("start_year"):
        query["c[TIME_PERIOD]"] = f"ge:{params['start_year']}-A1"
    for label, key in requests(params):
        ctx.call(label, f"{url}/{key}", query, check_message)
