"""What a connector works with: one call = one request, checked, then kept in the vintage."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from caetl.errors import CaetlError
from caetl.fetch.http import HttpClient, Response
from caetl.fetch.sources import ApiSource
from caetl.fetch.store import VintageWriter


class ApiError(CaetlError):
    """The API answered, but not with the data asked for (error body, bad shape)."""

    def __init__(self, url: str, message: str, *, status: int | None = None) -> None:
        self.url = url
        self.status = status
        super().__init__(f"{url}: {message}")


# check(response) -> (decoded payload, number of data rows in it); raises ApiError.
Check = Callable[[Response], tuple[Any, int]]


@dataclass
class FetchContext:
    api: ApiSource
    client: HttpClient
    writer: VintageWriter
    previous_rows: dict[str, int] = field(default_factory=dict)
    """Rows per request label in the previous good vintage."""
    min_interval: float = 0.0
    """Seconds between two calls of this source (publishers ask for a slow pace)."""
    log: Callable[[str], None] = lambda message: None
    _last_call: float = 0.0

    def call(
        self,
        label: str,
        url: str,
        params: Mapping[str, str],
        check: Check,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        wait = self._last_call + self.min_interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last_call = time.monotonic()
        response = self.client.get(url, params, headers)
        try:
            payload, rows = check(response)
        except ApiError:
            self.writer.add(response, dict(params), label=label, rows=None)  # kept for diagnosis
            raise
        if rows == 0 and self.previous_rows.get(label, 0) > 0:
            self.writer.add(response, dict(params), label=label, rows=0)
            raise ApiError(
                response.url,
                f"no data, where the previous vintage had {self.previous_rows[label]} rows "
                "for this request; keeping the previous vintage",
                status=response.status,
            )
        self.writer.add(response, dict(params), label=label, rows=rows)
        self.log(f"{self.api.id}: {label}: HTTP {response.status}, {rows} rows")
        return payload


def decode_json(response: Response) -> Any:
    """The body as JSON, or an ApiError that says what came instead (HTML page, cut body)."""
    text = response.body.decode("utf-8-sig", errors="replace")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        kind = response.content_type or "no content type"
        if "html" in kind or text.lstrip().startswith("<"):
            raise ApiError(
                response.url,
                f"HTTP {response.status} returned an HTML page, not JSON: {_gist(text)!r}",
                status=response.status,
            ) from exc
        raise ApiError(
            response.url,
            f"HTTP {response.status}: invalid or truncated JSON ({exc.msg} at char {exc.pos} "
            f"of {len(text)})",
            status=response.status,
        ) from exc


def _gist(html: str) -> str:
    title = re.search(r"<title[^>]*>(.*?)</title>", html, re.I | re.S)
    text = title.group(1) if title else re.sub(r"<[^>]+>", " ", html)
    return " ".join(text.split())[:120]


def require_status(response: Response, *ok: int) -> None:
    if response.status not in ok:
        try:
            body = decode_json(response)
            detail = body.get("message") if isinstance(body, dict) else body
        except ApiError as exc:
            detail = str(exc).split(": ", 1)[-1]
        raise ApiError(response.url, f"HTTP {response.status}: {detail}", status=response.status)
