"""A small, polite HTTP GET client: httpx for the transport, tenacity for the retry policy.

Publishers throttle (429, Comtrade's 403 with Retry-After) and fail transiently (5xx), so
every call gets connect/read timeouts, a bounded number of retries with exponential backoff
and full jitter, honours `Retry-After`, names itself in `User-Agent`, reuses connections,
and takes proxies from the environment (httpx reads HTTP(S)_PROXY / ALL_PROXY / NO_PROXY).
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx
import tenacity

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


class _WaitTooLong(FetchError):
    """A Retry-After beyond the policy's limit: fail now, the next run tries again."""


class _RetryableStatus(Exception):
    """A throttled or failing answer; kept so the last one can be returned as it is."""

    def __init__(self, response: Response, retry_after: float | None) -> None:
        super().__init__(f"HTTP {response.status}")
        self.response = response
        self.retry_after = retry_after


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
    _client: httpx.Client | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @property
    def session(self) -> httpx.Client:
        """One connection pool for all calls (sources fetch in threads; httpx.Client is
        thread-safe). Proxies are read from the environment when it is first used."""
        with self._lock:
            if self._client is None:
                self._client = httpx.Client(
                    timeout=httpx.Timeout(self.read_timeout, connect=self.connect_timeout),
                    headers={"User-Agent": self.user_agent, "Accept": "application/json"},
                    follow_redirects=True,
                    trust_env=True,
                )
            return self._client

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self,
        url: str,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        """GET with retries; returns the final response whatever its status (callers
        decide which statuses are errors), or raises FetchError when none arrived."""
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.retry.attempts),
            wait=self._delay,
            retry=tenacity.retry_if_exception_type((FetchError, _RetryableStatus))
            & tenacity.retry_if_not_exception_type(_WaitTooLong),
            sleep=self.sleep,
            before_sleep=self._before_sleep,
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    number = attempt.retry_state.attempt_number
                    return self._checked(self._once(url, params, headers, number))
        except _RetryableStatus as last:
            return last.response
        raise AssertionError("unreachable")

    def _once(self, url, params, headers, attempt: int) -> Response:
        try:
            answer = self.session.get(url, params=params, headers=headers)
        except httpx.TimeoutException as exc:
            raise FetchError(url, f"no answer within {self.read_timeout}s") from exc
        except httpx.RemoteProtocolError as exc:  # reset, short or broken body
            raise FetchError(url, f"body not received in full: {exc!r}") from exc
        except httpx.TransportError as exc:
            raise FetchError(url, f"cannot connect: {exc}") from exc
        return Response(
            url=str(answer.url),
            status=answer.status_code,
            headers={k.lower(): v for k, v in answer.headers.items()},
            body=answer.content,
            retrieved_at=datetime.now(UTC),
            attempts=attempt,
        )

    def _checked(self, response: Response) -> Response:
        wait = _retry_after(response)
        retryable = response.status in RETRY_STATUSES or (
            response.status == 403 and wait and self.retry.retry_403_with_retry_after
        )
        if not retryable:
            return response
        if wait is not None and wait > self.retry.max_sleep:
            raise _WaitTooLong(
                response.url,
                f"HTTP {response.status}, Retry-After {wait:.0f}s exceeds the "
                f"{self.retry.max_sleep:.0f}s limit",
                status=response.status,
            )
        raise _RetryableStatus(response, wait)

    def _delay(self, state: tenacity.RetryCallState) -> float:
        # Full jitter (a random share of the exponential step) spreads scheduled clients out;
        # a server's Retry-After is a floor, not a suggestion.
        jitter = tenacity.wait_random_exponential(multiplier=self.retry.backoff, max=float("inf"))
        failure = state.outcome.exception() if state.outcome else None
        retry_after = getattr(failure, "retry_after", None) or 0.0
        return min(max(jitter(state), retry_after), self.retry.max_sleep)

    def _before_sleep(self, state: tenacity.RetryCallState) -> None:
        failure = state.outcome.exception() if state.outcome else None
        delay = state.next_action.sleep if state.next_action else 0.0
        self.log(
            f"{failure}; retry {state.attempt_number + 1}/{self.retry.attempts} in {delay:.1f}s"
        )


def _retry_after(response: Response) -> float | None:
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
