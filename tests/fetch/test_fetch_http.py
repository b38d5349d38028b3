"""The HTTP client against a loopback server: retries, Retry-After, timeouts, cut bodies,
User-Agent and proxies from the environment. No request leaves 127.0.0.1."""

from __future__ import annotations

import email.utils
import socket
import urllib.request
from datetime import UTC, datetime, timedelta

import pytest

from caetl.fetch.http import FetchError, RetryPolicy
from support.fetch import Recorded, fast_client, go_vcr

WB = "wbdata-go_IndicatorValues_ListByCountryIDs.yaml"
JSON = {"Content-Type": "application/json;charset=utf-8"}


def test_network_guard_refuses_the_internet():
    with pytest.raises(OSError, match="network guard"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    with pytest.raises(OSError, match="network guard"):
        urllib.request.urlopen("http://api.worldbank.org/v2/country", timeout=1)


def test_429_waits_retry_after_then_succeeds(replay):
    page = go_vcr(WB, "indicators/NY.GDP.MKTP.CD?format=json")
    replay.route("/x", [Recorded(429, {"Retry-After": "3", **JSON}, b"{}"), page])
    sleeps: list[float] = []
    response = fast_client(sleeps).get(f"{replay.url}/x")
    assert response.status == 200 and response.body == page.body
    assert response.attempts == 2
    assert sleeps and sleeps[0] >= 3.0  # the server's Retry-After is a floor


def test_503_then_success_backs_off(replay):
    page = go_vcr(WB, "indicators/NY.GDP.MKTP.CD?format=json")
    replay.route("/x", [Recorded(503, JSON, b"{}"), Recorded(502, JSON, b"{}"), page])
    sleeps: list[float] = []
    response = fast_client(sleeps).get(f"{replay.url}/x")
    assert response.status == 200 and response.attempts == 3
    assert len(sleeps) == 2 and all(0 <= s <= 0.05 * 2**i for i, s in enumerate(sleeps))


def test_persistent_503_is_returned_after_the_last_attempt(replay):
    replay.route("/x", Recorded(503, JSON, b"{}"))
    response = fast_client([]).get(f"{replay.url}/x")
    assert response.status == 503 and response.attempts == 3
    assert len(replay.requests_to("/x")) == 3


def test_retry_after_beyond_the_limit_fails_at_once(replay):
    replay.route("/x", Recorded(429, {"Retry-After": "3600", **JSON}, b"{}"))
    client = fast_client([], retry=RetryPolicy(attempts=3, backoff=0.01, max_sleep=60))
    with pytest.raises(FetchError, match="Retry-After 3600s exceeds"):
        client.get(f"{replay.url}/x")
    assert len(replay.requests_to("/x")) == 1


def test_a_response_slower_than_the_read_timeout_fails(replay):
    replay.route("/slow", Recorded(200, JSON, b"[]", delay=1.0))
    client = fast_client([], read_timeout=0.3, retry=RetryPolicy(attempts=2, backoff=0.01))
    with pytest.raises(FetchError, match="0.3s"):
        client.get(f"{replay.url}/slow")
    assert len(replay.requests_to("/slow")) == 2  # a timeout is retried like a 5xx


def test_a_body_cut_short_is_an_error_not_data(replay):
    page = go_vcr(WB, "indicators/NY.GDP.MKTP.CD?format=json")
    cut = Recorded(200, JSON, page.body, cut_after=len(page.body) // 2)
    replay.route("/cut", cut)
    with pytest.raises(FetchError, match="not received in full"):
        fast_client([]).get(f"{replay.url}/cut")


def test_identifies_itself_and_encodes_parameters(replay):
    replay.route("/x", Recorded(200, JSON, b"[]"))
    fast_client([]).get(f"{replay.url}/x", {"date": "2000:2024", "partnerCode": "398,417"})
    seen = replay.requests_to("/x")[0]
    assert seen.headers["User-Agent"].startswith("caetl/")
    assert seen.query == {"date": ["2000:2024"], "partnerCode": ["398,417"]}


def test_proxy_from_the_environment_is_used(replay, monkeypatch):
    # The proxy is the loopback server: a request for a far host must go to it (the guard
    # would refuse any direct connection or name lookup).
    monkeypatch.setenv("http_proxy", replay.url)
    replay.route("/v2/country", Recorded(200, JSON, b"[]"))
    response = fast_client([]).get("http://api.worldbank.org/v2/country/KAZ")
    assert response.status == 200
    assert replay.requests_to("/v2/country/KAZ")


def test_retry_after_as_an_http_date(replay):
    when = email.utils.format_datetime(datetime.now(UTC) + timedelta(seconds=5), usegmt=True)
    replay.route(
        "/x", [Recorded(503, {"Retry-After": when, **JSON}, b"{}"), Recorded(200, JSON, b"[]")]
    )
    sleeps: list[float] = []
    assert fast_client(sleeps).get(f"{replay.url}/x").status == 200
    assert 3.0 <= sleeps[0] <= 5.0
