"""Every fetch is a new vintage folder under raw/api/<source id>/; nothing is overwritten.

    raw/api/<source id>/<UTC timestamp>/response-0001.json           body as received
    raw/api/<source id>/<UTC timestamp>/response-0001.sidecar.json   URL, params, status,
                                                                     headers, time, sha256
    raw/api/<source id>/<UTC timestamp>/vintage.json                 written last: complete

A fetch writes into `<timestamp>.partial/` and renames it to `<timestamp>/` only when every
request succeeded, or to `<timestamp>.failed/` (kept for diagnosis) when one did not, so a
half-fetched vintage can never be taken for a good one.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from caetl.fetch.http import Response

API_DIR = "api"
RESPONSE_GLOB = "response-????.json"
_VINTAGE = re.compile(r"^\d{8}T\d{6}Z(-\d+)?$")


def vintage_name(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def source_dir(raw_dir: Path, source_id: str) -> Path:
    return raw_dir / API_DIR / source_id


def good_vintages(raw_dir: Path, source_id: str) -> list[str]:
    """Complete vintages of a source, oldest first."""
    root = source_dir(raw_dir, source_id)
    if not root.is_dir():
        return []
    found = []
    for path in root.iterdir():
        if path.is_dir() and _VINTAGE.match(path.name) and (path / "vintage.json").is_file():
            found.append(path.name)
    return sorted(found, key=_sort_key)


def _sort_key(name: str) -> tuple[str, int]:
    stamp, _, suffix = name.partition("-")
    return stamp, int(suffix or 0)


def read_vintage(raw_dir: Path, source_id: str, vintage: str) -> dict:
    return json.loads((source_dir(raw_dir, source_id) / vintage / "vintage.json").read_text())


@dataclass
class VintageWriter:
    """Collects the responses of one fetch of one source, then commits or abandons them."""

    raw_dir: Path
    source_id: str
    started: datetime

    def __post_init__(self) -> None:
        root = source_dir(self.raw_dir, self.source_id)
        root.mkdir(parents=True, exist_ok=True)
        base = vintage_name(self.started)
        name, n = base, 0
        # Two fetches in one second (tests, a manual re-run) must not share a folder.
        while any((root / f"{name}{s}").exists() for s in ("", ".partial", ".failed")):
            n += 1
            name = f"{base}-{n}"
        self.vintage = name
        self.partial = root / f"{name}.partial"
        self.partial.mkdir()
        self.responses: list[dict] = []

    def add(self, response: Response, params: dict, *, label: str, rows: int | None) -> Path:
        """Store one response body byte for byte, with its sidecar."""
        index = len(self.responses) + 1
        body_path = self.partial / f"response-{index:04d}.json"
        body_path.write_bytes(response.body)
        sidecar = {
            "source_id": self.source_id,
            "label": label,
            "url": _without_secrets(response.url),
            "params": params,
            "status": response.status,
            "headers": {k: v for k, v in response.headers.items() if k != "set-cookie"},
            "retrieved_at": response.retrieved_at.isoformat(),
            "attempts": response.attempts,
            "bytes": len(response.body),
            "sha256": hashlib.sha256(response.body).hexdigest(),
            "rows": rows,
        }
        sidecar_path = self.partial / f"response-{index:04d}.sidecar.json"
        sidecar_path.write_text(json.dumps(sidecar, indent=2) + "\n", encoding="utf-8")
        self.responses.append({"file": body_path.name, **sidecar})
        return body_path

    def _summary(self, status: str, error: str | None) -> dict:
        finished = datetime.now(UTC)
        return {
            "source_id": self.source_id,
            "vintage": self.vintage,
            "status": status,
            "error": error,
            "started_at": self.started.isoformat(),
            "finished_at": finished.isoformat(),
            "retrieved": (
                self.responses[-1]["retrieved_at"] if self.responses else finished.isoformat()
            ),
            "responses": [
                {k: r[k] for k in ("file", "label", "status", "sha256", "rows")}
                for r in self.responses
            ],
            "rows": sum(r["rows"] or 0 for r in self.responses),
        }

    def commit(self) -> Path:
        summary = self._summary("ok", None)
        (self.partial / "vintage.json").write_text(json.dumps(summary, indent=2) + "\n")
        final = self.partial.with_name(self.vintage)
        self.partial.rename(final)  # atomic on one filesystem: the vintage appears whole
        return final

    def abandon(self, error: str) -> Path:
        summary = self._summary("failed", error)
        (self.partial / "failure.json").write_text(json.dumps(summary, indent=2) + "\n")
        failed = self.partial.with_name(f"{self.vintage}.failed")
        if failed.exists():
            shutil.rmtree(failed)
        self.partial.rename(failed)
        return failed


def _without_secrets(url: str) -> str:
    # The keyed Comtrade endpoint also accepts the key as a query parameter; never store it.
    return re.sub(r"(subscription-key=)[^&]+", r"\1***", url)
