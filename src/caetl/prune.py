"""`caetl prune --keep N`: remove API vintages (raw/api/<source>/<UTC time>/) that nothing
needs: not among a source's N newest, not read by the published warehouse (its
meta.file_hashes) and not named by raw/manifest.toml. Runs under the refresh lock, so no
refresh is reading a vintage while it goes."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from caetl import lock
from caetl.fetch.store import _VINTAGE, API_DIR, _sort_key
from caetl.manifest import load_manifest, resolve_files
from caetl.paths import Paths


@dataclass
class Pruned:
    removed: list[str] = field(default_factory=list)
    """Vintage folders removed, relative to raw/."""
    kept: list[str] = field(default_factory=list)
    bytes_freed: int = 0


def _vintage_of(relative: str) -> str | None:
    """ "api/<source>/<vintage>" of a file under raw/api/, else None."""
    parts = relative.split("/")
    if len(parts) >= 4 and parts[0] == API_DIR:
        return "/".join(parts[:3])
    return None


def referenced(paths: Paths) -> set[str]:
    """Vintages the published warehouse was loaded from or the manifest points at."""
    used: set[str] = set()
    if paths.warehouse.exists():
        import duckdb

        try:
            with duckdb.connect(str(paths.warehouse), read_only=True) as con:
                files = con.execute("select distinct source_file from meta.file_hashes").fetchall()
        except duckdb.Error:
            files = []
        used |= {v for (f,) in files if (v := _vintage_of(f))}
    for source in load_manifest(paths.manifest):
        for path in resolve_files(source, paths.raw):
            vintage = _vintage_of(path.relative_to(paths.raw).as_posix())
            if vintage:
                used.add(vintage)
    return used


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def prune(paths: Paths, keep: int, *, wait: float = 0.0, dry_run: bool = False) -> Pruned:
    """Remove unneeded vintages; raises lock.LockBusy while a refresh runs."""
    if keep < 1:
        raise ValueError("--keep must be at least 1")
    from caetl.refresh import lock_path

    outcome = Pruned()
    root = paths.raw / API_DIR
    with lock.exclusive(lock_path(paths), wait, "prune"):
        if not root.is_dir():
            return outcome
        used = referenced(paths)
        for source in sorted(p for p in root.iterdir() if p.is_dir()):
            # Complete and failed vintages; a ".partial" one may be a fetch under way.
            vintages = [
                p for p in source.iterdir()
                if p.is_dir() and _VINTAGE.match(p.name.removesuffix(".failed"))
            ]  # fmt: skip
            vintages.sort(key=lambda p: _sort_key(p.name.removesuffix(".failed")), reverse=True)
            for rank, folder in enumerate(vintages):
                name = folder.relative_to(paths.raw).as_posix()
                if rank < keep or name in used:
                    outcome.kept.append(name)
                    continue
                outcome.bytes_freed += _size(folder)
                outcome.removed.append(name)
                if not dry_run:
                    shutil.rmtree(folder)
    return outcome
