"""API sources as declared in raw/manifest.toml, and the manifest entry a fetch maintains.

An API source is an `[[api]]` table (provenance, connector, base URL, parameters). It has
no data until its first successful fetch, so it is not a `[[source]]` yet: the loader never
sees a source without files. Each good fetch (re)writes a generated block, between marker
comments, with a `[[source]]` `<id>` for the newest good vintage and, once there are two, a
`[[source]]` `<id>_previous` for the one before it (the pair reporting.rpt_revisions
compares; two sources, so each keeps its own key unique). Nothing outside the markers moves.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from caetl.errors import ManifestError
from caetl.fetch.store import API_DIR, RESPONSE_GLOB

REQUIRED = ("id", "connector", "parser", "publisher", "title", "url", "licence", "base_url")
PROVENANCE = ("publisher", "title", "url", "licence", "docs")


@dataclass(frozen=True)
class ApiSource:
    id: str
    connector: str
    parser: str
    base_url: str
    base_url_env: str = ""
    cadence_days: int = 30
    params: dict = field(default_factory=dict)
    entry: dict = field(default_factory=dict)

    def resolved_base_url(self) -> str:
        """The environment variable wins, so tests and mirrors can point anywhere."""
        override = os.environ.get(self.base_url_env, "") if self.base_url_env else ""
        return (override or self.base_url).rstrip("/")


def load_api_sources(manifest: Path) -> list[ApiSource]:
    try:
        doc = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ManifestError(f"{manifest}: {exc}") from exc
    found: list[ApiSource] = []
    for i, entry in enumerate(doc.get("api", []), start=1):
        missing = [k for k in REQUIRED if not entry.get(k)]
        if missing:
            raise ManifestError(f"{manifest}: [[api]] #{i} lacks {', '.join(missing)}")
        found.append(
            ApiSource(
                id=entry["id"],
                connector=entry["connector"],
                parser=entry["parser"],
                base_url=entry["base_url"],
                base_url_env=entry.get("base_url_env", ""),
                cadence_days=int(entry.get("cadence_days", 30)),
                params=dict(entry.get("params", {})),
                entry=entry,
            )
        )
    ids = [s.id for s in found]
    if len(ids) != len(set(ids)):
        raise ManifestError(f"{manifest}: an [[api]] id appears twice")
    return found


def _markers(source_id: str) -> tuple[str, str]:
    return (
        f"# >>> caetl fetch: {source_id} (generated; edit its [[api]] table instead)",
        f"# <<< caetl fetch: {source_id}",
    )


def _toml(value: object) -> str:
    # JSON strings and lists of strings are valid TOML basic strings and arrays.
    return json.dumps(value, ensure_ascii=False)


PREVIOUS_SUFFIX = "_previous"


def _entry(api: ApiSource, source_id: str, vintage: str, retrieved: str, role: str) -> list[str]:
    return [
        "[[source]]",
        f"id = {_toml(source_id)}",
        f"parser = {_toml(api.parser)}",
        *(f"{k} = {_toml(str(api.entry[k]))}" for k in PROVENANCE if api.entry.get(k)),
        f"retrieved = {_toml(retrieved)}",
        f"vintage = {_toml(vintage)}",
        f"cadence_days = {api.cadence_days}",
        f"fetched_from = {_toml(api.id)}",
        f"files = {_toml([f'{API_DIR}/{api.id}/{vintage}/{RESPONSE_GLOB}'])}",
        f"note = {_toml(f'{role} ' + str(api.entry.get('note', '')))}",
    ]


def source_block(api: ApiSource, vintages: list[tuple[str, str]]) -> str:
    """The generated entries; `vintages` are (vintage, retrieved date) pairs, oldest first."""
    newest, retrieved = vintages[-1]
    lines = _entry(api, api.id, newest, retrieved, "Newest vintage fetched by caetl fetch.")
    if len(vintages) > 1:
        previous, retrieved = vintages[-2]
        lines += [""] + _entry(
            api,
            api.id + PREVIOUS_SUFFIX,
            previous,
            retrieved,
            f"The vintage before the newest, kept to show revisions ({api.id}).",
        )
    begin, end = _markers(api.id)
    return "\n".join([begin, *lines, end]) + "\n"


def point_manifest(manifest: Path, api: ApiSource, vintages: list[tuple[str, str]]) -> None:
    """Replace (or append) the source's generated block; write atomically."""
    text = manifest.read_text(encoding="utf-8")
    begin, end = _markers(api.id)
    block = source_block(api, vintages)
    if begin in text:
        head, _, rest = text.partition(begin)
        _, found, tail = rest.partition(end + "\n")
        if not found:
            raise ManifestError(f"{manifest}: block of {api.id!r} has no end marker")
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n" + block
    tomllib.loads(text)  # never leave a manifest the loader cannot read
    tmp = manifest.with_name(f".{manifest.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(manifest)
