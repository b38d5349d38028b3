"""raw/manifest.toml: every source with its provenance, its files and its parser.

`marts.dim_sources` is built from this file, so every number can be traced to a row here.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from caetl.errors import ManifestError

# Source ids become DuckDB table names (raw.<id>): keep them plain identifiers.
SOURCE_ID = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
REQUIRED = ("id", "parser", "publisher", "title", "url", "licence", "retrieved", "files")


@dataclass(frozen=True)
class Source:
    id: str
    parser: str
    publisher: str
    title: str
    url: str
    licence: str
    retrieved: str
    files: tuple[str, ...]
    vintage: str = ""
    cadence_days: int = 365
    note: str = ""
    extra: dict = field(default_factory=dict)


def _check_pattern(pattern: str, source_id: str) -> None:
    p = Path(pattern)
    if p.is_absolute() or ".." in p.parts:
        raise ManifestError(
            f"source {source_id!r}: file pattern {pattern!r} leaves raw/ (absolute or '..')"
        )


def resolve_files(source: Source, raw_dir: Path) -> list[Path]:
    """The files a source's patterns match, refusing any that resolve outside raw/."""
    root = raw_dir.resolve()
    found: list[Path] = []
    for pattern in source.files:
        _check_pattern(pattern, source.id)
        matches = (
            sorted(raw_dir.glob(pattern))
            if any(c in pattern for c in "*?[")
            else [raw_dir / pattern]
        )
        for path in matches:
            real = path.resolve()
            if not real.is_relative_to(root):
                raise ManifestError(
                    f"source {source.id!r}: {path} resolves to {real}, outside raw/ (symlink?)"
                )
            if not real.is_file():
                raise ManifestError(f"source {source.id!r}: file {path} does not exist")
            found.append(path)
    if not found:
        raise ManifestError(f"source {source.id!r}: no file matches {list(source.files)}")
    return found


def load_manifest(path: Path) -> list[Source]:
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ManifestError(f"{path}: manifest not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"{path}: {exc}") from exc
    sources: list[Source] = []
    seen: set[str] = set()
    for i, entry in enumerate(doc.get("source", []), start=1):
        missing = [k for k in REQUIRED if not entry.get(k)]
        if missing:
            raise ManifestError(f"{path}: source #{i} lacks {', '.join(missing)}")
        if not SOURCE_ID.match(str(entry["id"])):
            raise ManifestError(
                f"{path}: source id {entry['id']!r} must be lower-case letters, digits and _"
            )
        if entry["id"] in seen:
            raise ManifestError(f"{path}: source id {entry['id']!r} appears twice")
        seen.add(entry["id"])
        for pattern in entry["files"]:
            _check_pattern(pattern, entry["id"])
        known = {k: entry[k] for k in Source.__dataclass_fields__ if k in entry and k != "extra"}
        known["files"] = tuple(entry["files"])
        known["retrieved"] = str(entry["retrieved"])
        extra = {k: v for k, v in entry.items() if k not in Source.__dataclass_fields__}
        sources.append(Source(**known, extra=extra))
    return sources
