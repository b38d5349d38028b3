"""Fixtures for the fetch tests: a loopback HTTP server (pytest-httpserver) that replays
recorded API responses, a guard that refuses every non-loopback connection, and a scratch
project home.

The recorded responses in tests/fixtures/api/ are byte-for-byte copies of the files in
../shared/data/api_responses/ (see its PROVENANCE.md). Their stored bodies are already
decoded, so the replay drops the recorded Content-Encoding, Transfer-Encoding and
Content-Length headers and sends the length of what it replays.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import re
import socket
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import yaml
from pytest_httpserver import HTTPServer
from werkzeug import Request
from werkzeug import Response as WerkzeugResponse

from caetl.fetch.http import HttpClient, RetryPolicy
from support import FIXTURES
from support.shared_project import copy_project

FIXTURES = FIXTURES / "api"
PROXY_AND_KEY_VARIABLES = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "COMTRADE_API_KEY",
)
DROPPED_HEADERS = {"content-encoding", "transfer-encoding", "content-length", "connection"}


@dataclass
class Recorded:
    status: int
    headers: dict[str, str]
    body: bytes
    delay: float = 0.0
    """Seconds to wait before answering (a slow server)."""
    cut_after: int | None = None
    """Send the full Content-Length but only this many body bytes, then close."""

    def replace_body(self, body: bytes) -> Recorded:
        return Recorded(self.status, dict(self.headers), body, self.delay, self.cut_after)


def _clean(headers: dict) -> dict[str, str]:
    flat = {k: (", ".join(v) if isinstance(v, list) else str(v)) for k, v in headers.items()}
    return {k: v for k, v in flat.items() if k.lower() not in DROPPED_HEADERS | {"set-cookie"}}


def go_vcr(name: str, url_part: str) -> Recorded:
    """An interaction of a go-vcr v1 cassette (World Bank), found by a part of its URL."""
    doc = yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))
    for it in doc["interactions"]:
        if url_part in it["request"]["url"]:
            r = it["response"]
            return Recorded(r["code"], _clean(r["headers"]), r["body"].encode("utf-8"))
    raise KeyError(f"{name}: no interaction with {url_part!r}")


def comtradr(name: str) -> Recorded:
    """A recorded Comtrade response ({method, url, status_code, headers, body})."""
    doc = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return Recorded(doc["status_code"], _clean(doc["headers"]), doc["body"].encode("utf-8"))


def imfp(name: str) -> Recorded:
    """A recorded IMF response in imfp's envelope ({url, status_code, headers, text})."""
    doc = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return Recorded(doc["status_code"], _clean(doc["headers"]), doc["text"].encode("utf-8"))


def r_vcr(name: str) -> Recorded:
    """The first interaction of an R vcr cassette (IMF, imf.data)."""
    doc = yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))
    r = doc["http_interactions"][0]["response"]
    return Recorded(r["status"], _clean(r["headers"]), r["body"]["string"].encode("utf-8"))


def worldbank_paged(recorded: Recorded, page: int, per_page: int) -> Recorded:
    """Serve the rows of one recorded World Bank page in pages of `per_page`, as the API
    pages (1-based `page`, `pages`, `total`): the rows stay the recorded ones, only the
    paging is redone, because pages 2 and 3 of the recording were never stored."""
    meta, rows = json.loads(recorded.body)
    pages = max(1, -(-len(rows) // per_page))
    meta = {**meta, "page": page, "pages": pages, "per_page": per_page, "total": len(rows)}
    chunk = rows[(page - 1) * per_page : page * per_page]
    return recorded.replace_body(json.dumps([meta, chunk], separators=(",", ":")).encode())


@dataclass
class Seen:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]


Route = Callable[[Seen], Recorded]


@dataclass
class ReplayServer:
    """Routes: (path prefix, responder). A responder is a Recorded, a list of Recorded
    answered in turn (the last one repeats), or a function of the request."""

    routes: list[tuple[str, object]] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)
    url: str = ""

    def route(self, prefix: str, responder: object) -> None:
        self.routes.insert(
            0, (prefix, list(responder) if isinstance(responder, list) else responder)
        )

    def answer(self, request: Seen) -> Recorded:
        for prefix, responder in self.routes:
            if request.path.startswith(prefix):
                if isinstance(responder, list):
                    return responder.pop(0) if len(responder) > 1 else responder[0]
                if isinstance(responder, Recorded):
                    return responder
                return responder(request)
        return Recorded(404, {"Content-Type": "text/plain"}, b"no route in the replay server")

    def requests_to(self, prefix: str) -> list[Seen]:
        return [s for s in self.seen if s.path.startswith(prefix)]


def _responder(server: ReplayServer) -> Callable[[Request], WerkzeugResponse]:
    """The one pytest-httpserver handler: every request is recorded and answered from the
    ReplayServer's routes."""

    def respond(request: Request) -> WerkzeugResponse:
        query = parse_qs(request.query_string.decode("latin-1"))
        seen = Seen(request.path, query, dict(request.headers.items()))
        server.seen.append(seen)
        answer = server.answer(seen)
        if answer.delay:
            time.sleep(answer.delay)
        body = answer.body if answer.cut_after is None else answer.body[: answer.cut_after]
        response = WerkzeugResponse(body, status=answer.status, headers=answer.headers)
        # The full length is announced even when the body is cut, and the connection closed.
        response.headers["Content-Length"] = str(len(answer.body))
        if answer.cut_after is not None:
            response.headers["Connection"] = "close"
        return response

    return respond


@pytest.fixture(scope="session", autouse=True)
def block_network():
    """No test may reach the internet: for the whole session, refuse name lookups and
    connections that are not loopback, before any packet leaves. (Registered for every
    test module through `pytest_plugins` in tests/conftest.py.)"""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo
    own_names = {"localhost", "localhost.localdomain", socket.gethostname()}

    def loopback(host: object) -> bool:
        if host in own_names:
            return True
        try:
            return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
        except ValueError:
            return False

    def check(sock: socket.socket, address: object) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not loopback(address[0]):
            raise ConnectionRefusedError(f"test network guard: {address[0]} is not loopback")

    def connect(sock: socket.socket, address: object) -> None:
        check(sock, address)
        return real_connect(sock, address)

    def connect_ex(sock: socket.socket, address: object) -> int:
        check(sock, address)
        return real_connect_ex(sock, address)

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> list:
        if host is not None and not loopback(host):
            raise socket.gaierror(f"test network guard: no lookup of {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", connect)
        patch.setattr(socket.socket, "connect_ex", connect_ex)
        patch.setattr(socket, "getaddrinfo", getaddrinfo)
        yield


@contextlib.contextmanager
def serve(state: ReplayServer):
    """Run a ReplayServer on pytest-httpserver at 127.0.0.1 (an ephemeral port) for the
    duration of the block."""
    httpd = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    httpd.expect_request(re.compile("^/")).respond_with_handler(_responder(state))
    httpd.start()
    state.url = httpd.url_for("").rstrip("/")
    try:
        yield state
    finally:
        httpd.clear()
        httpd.stop()


@pytest.fixture
def replay(monkeypatch: pytest.MonkeyPatch):
    """A replay server on 127.0.0.1 with the three APIs' base URLs pointed at it, and no
    proxy or Comtrade key inherited from the environment."""
    for name in PROXY_AND_KEY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    with serve(ReplayServer()) as state:
        monkeypatch.setenv("CAETL_WORLDBANK_URL", f"{state.url}/wb/v2")
        monkeypatch.setenv("CAETL_COMTRADE_URL", f"{state.url}/comtrade/public/v1/preview")
        monkeypatch.setenv("CAETL_COMTRADE_KEYED_URL", f"{state.url}/comtrade/data/v1/get")
        monkeypatch.setenv("CAETL_IMF_URL", f"{state.url}/imf/external/sdmx/3.0")
        yield state


def fast_client(sleeps: list[float] | None = None, **kwargs: object) -> HttpClient:
    """A client with short timeouts whose waits are recorded and shortened, so a test
    checks the delay asked for (Retry-After, backoff) without spending it."""

    def sleep(seconds: float) -> None:
        if sleeps is not None:
            sleeps.append(seconds)
        time.sleep(min(seconds, 0.02))

    options = {
        "connect_timeout": 2.0,
        "read_timeout": 2.0,
        "retry": RetryPolicy(attempts=3, backoff=0.05, max_sleep=30.0),
        "sleep": sleep,
    }
    options.update(kwargs)
    return HttpClient(**options)


def api_tables(manifest: Path) -> dict[str, dict]:
    """The project's [[api]] tables by id, to derive test manifests from the real ones."""
    doc = tomllib.loads(manifest.read_text(encoding="utf-8"))
    return {entry["id"]: entry for entry in doc.get("api", [])}


def _toml_table(header: str, entry: dict) -> list[str]:
    lines = [header]
    for key, value in entry.items():
        if not isinstance(value, dict):
            lines.append(f"{key} = {json.dumps(value)}")
    for key, value in entry.items():
        if isinstance(value, dict):
            lines.append("")
            lines.extend(_toml_table(f"[api.{key}]", value))
    return lines


def write_api_manifest(raw_dir: Path, apis: list[dict], *, base: str = "") -> Path:
    """raw/manifest.toml = `base` (the [[source]] part) followed by these [[api]] tables."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    lines = [base.rstrip("\n"), ""] if base else []
    for entry in apis:
        lines += _toml_table("[[api]]", entry) + [""]
    path = raw_dir / "manifest.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def copy_project_without_apis(tmp: Path) -> Path:
    """A scratch small project home (tests/support/shared_project.py) whose manifest has
    no [[api]] tables: the test writes the ones it fetches."""
    home = copy_project(tmp / "home", small=True).home
    manifest = home / "raw" / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.split("\n[[api]]", 1)[0], encoding="utf-8")
    return home
