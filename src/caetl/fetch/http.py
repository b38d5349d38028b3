"""A small, polite HTTP GET client on the standard library.

Why not a bare `urlopen`: publishers throttle (429, Comtrade's 403 with Retry-After) and
fail transiently (5xx), so every call gets connect/read timeouts, a bounded number of
retries with exponential backoff and full jitter, honours `Retry-After`, names itself in
`User-Agent`, and takes proxies from the environment (urllib's ProxyHandler reads
HTTP(S)_PROXY / NO_PROXY).
"""

from __future__ import annotations

import email.utils
import http.client
import random
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from caetl import __version__
from caetl.errors import CaetlError

USER_AGENT = f"caetl/{__version__} (Central Asia trade warehouse; scheduled refresh)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class FetchError(CaetlError):
    """A request that did not give a usable answer after the allowed retries."""

    def __init__(self, url: str, message: str, *, status: int | None = None) -> None:
        self.url = url
        self.status = status
        super().__init__(f"{url}: {message}")


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    retrieved_at: datetime
    attempts: int

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


@dataclass
class RetryPolicy:
    attempts: int = 4
    """Total tries per request, the first included."""
    backoff: float = 1.0
    """Base of the exponential backoff in seconds: sleeps are up to backoff * 2**try."""
    max_sleep: float = 60.0
    """A longer Retry-After is not waited for: the source fails and is retried next run."""
    retry_403_with_retry_after: bool = True
    """Comtrade's gateway throttles with 403 + Retry-After (as comtradr handles it)."""


@dataclass
class HttpClient:
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    user_agent: str = USER_AGENT
    sleep: Callable[[float], None] = time.sleep
    log: Callable[[str], None] = lambda message: None

    def get(
        self,
        url: str,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        """GET with retries; returns the final response whatever its status (callers
        decide which statuses are errors), or raises FetchError when none arrived."""
        if params:
            url = f"{url}{'&' if '?' in url else '?'}{urllib.parse.urlencode(params)}"
        request_headers = {"User-Agent": self.user_agent, "Accept": "application/json"}
        request_headers.update(headers or {})
        for attempt in range(1, self.retry.attempts + 1):
            last = attempt == self.retry.attempts
            try:
                response = self._once(url, request_headers, attempt)
            except FetchError as exc:
                if last:
                    raise
                self._wait(attempt, None, f"{exc}")
                continue
            wait = self._retry_after(response)
            retryable = response.status in RETRY_STATUSES or (
                response.status == 403 and wait and self.retry.retry_403_with_retry_after
            )
            if not retryable or last:
                return response
            if wait is not None and wait > self.retry.max_sleep:
                raise FetchError(
                    url,
                    f"HTTP {response.status}, Retry-After {wait:.0f}s exceeds the "
                    f"{self.retry.max_sleep:.0f}s limit",
                    status=response.status,
                )
            self._wait(attempt, wait, f"HTTP {response.status}")
        raise AssertionError("unreachable")

    def _once(self, url: str, headers: dict[str, str], attempt: int) -> Response:
        request = urllib.request.Request(url, headers=headers, method="GET")
        # build_opener keeps its ProxyHandler, which reads the *_proxy environment variables.
        opener = urllib.request.build_opener(
            _TimedHTTPHandler(self.read_timeout), _TimedHTTPSHandler(self.read_timeout)
        )
        try:
            handle = opener.open(request, timeout=self.connect_timeout)
        except urllib.error.HTTPError as err:
            return self._response(url, err.code, err.headers, err, attempt)
        except TimeoutError as exc:
            raise FetchError(url, f"no answer within {self.read_timeout}s") from exc
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            raise FetchError(url, f"cannot connect: {getattr(exc, 'reason', exc)}") from exc
        with handle:
            return self._response(url, handle.status, handle.headers, handle, attempt)

    def _response(self, url: str, status: int, headers, stream, attempt: int) -> Response:
        try:
            body = stream.read()
        except TimeoutError as exc:
            raise FetchError(url, f"read timed out after {self.read_timeout}s") from exc
        except (OSError, http.client.HTTPException) as exc:  # reset, short or broken body
            raise FetchError(url, f"body not received in full: {exc!r}") from exc
        return Response(
            url=url,
            status=status,
            headers={k.lower(): v for k, v in (headers or {}).items()},
            body=body,
            retrieved_at=datetime.now(UTC),
            attempts=attempt,
        )

    def _retry_after(self, response: Response) -> float | None:
        value = response.headers.get("retry-after")
        if not value:
            return None
        if value.strip().isdigit():
            return float(value.strip())
        try:
            when = email.utils.parsedate_to_datetime(value)  # the HTTP-date form
        except (TypeError, ValueError):
            return None  # unreadable: fall back to our own backoff
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - datetime.now(UTC)).total_seconds())

    def _wait(self, attempt: int, retry_after: float | None, why: str) -> None:
        # Full jitter (a random share of the exponential step) spreads scheduled clients out;
        # a server's Retry-After is a floor, not a suggestion.
        backoff = random.uniform(0, self.retry.backoff * 2 ** (attempt - 1))
        delay = min(max(backoff, retry_after or 0.0), self.retry.max_sleep)
        self.log(f"{why}; retry {attempt + 1}/{self.retry.attempts} in {delay:.1f}s")
        self.sleep(delay)


class _TimedHTTPConnection(http.client.HTTPConnection):
    """Connects within `timeout`, then waits up to `read_timeout` for each read."""

    def __init__(self, *args, read_timeout: float, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.read_timeout = read_timeout

    def connect(self) -> None:
        super().connect()
        self.sock.settimeout(self.read_timeout)


class _TimedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, read_timeout: float, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.read_timeout = read_timeout

    def connect(self) -> None:
        super().connect()
        self.sock.settimeout(self.read_timeout)


class _TimedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, read_timeout: float) -> None:
        super().__init__()
        self.read_timeout = read_timeout

    def http_open(self, req):
        return self.do_open(_TimedHTTPConnection, req, read_timeout=self.read_timeout)


class _TimedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, read_timeout: float) -> None:
        super().__init__(context=ssl.create_default_context())
        self.read_timeout = read_timeout

    def https_open(self, req):
        return self.do_open(
            _TimedHTTPSConnection, req, context=self._context, read_timeout=self.read_timeout
        )
