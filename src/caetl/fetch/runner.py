"""`caetl fetch`: fetch every API source (a few at a time), keep each as a new vintage,
point the manifest at it. One source failing never stops the others, and never moves its
manifest entry: the previous vintage stays in force until a fetch succeeds.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from caetl import exitcodes
from caetl.errors import CaetlError
from caetl.fetch import comtrade, imf, worldbank
from caetl.fetch.context import FetchContext
from caetl.fetch.http import HttpClient
from caetl.fetch.sources import ApiSource, load_api_sources, point_manifest
from caetl.fetch.store import VintageWriter, good_vintages, read_vintage

CONNECTORS: dict[str, Callable[[FetchContext], None]] = {
    "worldbank": worldbank.fetch,
    "comtrade": comtrade.fetch,
    "imf_sdmx": imf.fetch,
}

# Exit codes of `caetl fetch` (and of the fetch step of `caetl refresh --fetch`), next to
# those of caetl.exitcodes: 0 ok, 2 usage, 6 (FETCH) a source failed.
EXIT_OK = exitcodes.OK
EXIT_USAGE = exitcodes.USAGE  # unknown source id, no API sources in the manifest
# A source failed; its previous vintage stays in force; the others were fetched.
EXIT_FETCH_FAILED = exitcodes.FETCH


@dataclass
class FetchResult:
    source_id: str
    ok: bool
    vintage: str | None = None
    folder: Path | None = None
    rows: int = 0
    responses: int = 0
    error: str | None = None
    previous_vintage: str | None = None


def select(apis: list[ApiSource], ids: Iterable[str] | None) -> list[ApiSource]:
    wanted = list(ids or [])
    known = {a.id: a for a in apis}
    unknown = [i for i in wanted if i not in known]
    if unknown:
        raise CaetlError(
            f"unknown API source(s) {', '.join(unknown)}; known: {', '.join(known) or 'none'}"
        )
    return [known[i] for i in wanted] if wanted else apis


def fetch_one(
    api: ApiSource,
    raw_dir: Path,
    manifest: Path,
    client: HttpClient,
    manifest_lock: threading.Lock,
    log: Callable[[str], None],
    min_interval: float | None = None,
) -> FetchResult:
    previous = good_vintages(raw_dir, api.id)
    previous_rows: dict[str, int] = {}
    if previous:
        for response in read_vintage(raw_dir, api.id, previous[-1])["responses"]:
            previous_rows[response["label"]] = response["rows"] or 0
    writer = VintageWriter(raw_dir, api.id, datetime.now(UTC))
    pace = float(api.params.get("min_interval", 0)) if min_interval is None else min_interval
    ctx = FetchContext(api, client, writer, previous_rows, pace, log=log)
    result = FetchResult(api.id, ok=False, previous_vintage=previous[-1] if previous else None)
    try:
        connector = CONNECTORS[api.connector]
    except KeyError:
        result.error = f"unknown connector {api.connector!r}; known: {', '.join(CONNECTORS)}"
        writer.abandon(result.error)
        return result
    try:
        connector(ctx)
    except Exception as exc:  # any failure of one source is reported, never propagated
        result.error = str(exc) if isinstance(exc, CaetlError) else f"{type(exc).__name__}: {exc}"
        result.folder = writer.abandon(result.error)
        result.responses = len(writer.responses)
        return result
    result.folder = writer.commit()
    result.vintage = writer.vintage
    result.responses = len(writer.responses)
    result.rows = sum(r["rows"] or 0 for r in writer.responses)
    vintages = [
        (v, read_vintage(raw_dir, api.id, v)["retrieved"][:10])
        for v in good_vintages(raw_dir, api.id)[-2:]
    ]
    with manifest_lock:  # sources finish in parallel; the manifest is one file
        point_manifest(manifest, api, vintages)
    result.ok = True
    return result


def fetch_sources(
    raw_dir: Path,
    ids: Iterable[str] | None = None,
    *,
    client: HttpClient | None = None,
    max_workers: int = 3,
    min_interval: float | None = None,
    log: Callable[[str], None] = lambda message: None,
) -> list[FetchResult]:
    """Fetch the named API sources (all when none named); results in manifest order.
    `min_interval` overrides the manifest's pause between two calls of one source."""
    manifest = raw_dir / "manifest.toml"
    apis = select(load_api_sources(manifest), ids)
    own_client = client is None
    client = client or HttpClient(log=log)
    lock = threading.Lock()
    # Bounded concurrency: at most one request per publisher at a time (each source runs
    # its calls in sequence), and at most `max_workers` publishers at once.
    try:
        with ThreadPoolExecutor(max_workers=max(1, max_workers)) as pool:
            futures = [
                pool.submit(fetch_one, a, raw_dir, manifest, client, lock, log, min_interval)
                for a in apis
            ]
            return [f.result() for f in futures]
    finally:
        if own_client:
            client.close()


def exit_code(results: list[FetchResult]) -> int:
    return EXIT_OK if all(r.ok for r in results) else EXIT_FETCH_FAILED
