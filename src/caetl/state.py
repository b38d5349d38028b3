"""Fingerprints that decide what a refresh must redo, and where they are kept.

A source's fingerprint covers its parser and every file's name and sha256. Code gets
three hashes, by what a change to it invalidates: the code that turns files into raw
tables (`load_code`: parsers, gates, loader, with the versions of polars, duckdb and GX)
means reloading everything; the dbt project (with the dbt versions) means rebuilding every
model; the report code means writing the reports again. Other modules (the CLI, the
refresh machinery) change nothing published and are not fingerprinted.

The fingerprint of the published warehouse lives inside it (meta.state), so it can never
disagree with the data it describes. Deciding that nothing changed needs only
hashing and one read-only look at that table: no dbt, no Great Expectations.

Hashing large files on every scheduled run would cost seconds, so sha256s are cached in
warehouse/.state/file-hashes.json by (size, mtime_ns, inode); a file rewritten in place
keeps its inode but changes its mtime.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from caetl import meta
from caetl.manifest import Source, resolve_files
from caetl.paths import PACKAGE_DIR, Paths

STATE_KEY = "fingerprint"
# dbt writes these into the project folder; they are outputs, not inputs.
DBT_OUTPUT_DIRS = {"target", "logs", "dbt_packages", "__pycache__"}
CODE_SUFFIXES = {".py", ".html", ".css", ".js", ".csv", ".json", ".toml", ".sql"}
LOAD_CODE = ("sources", "quality", "load.py", "manifest.py", "countries.py", "errors.py")
LOAD_VERSIONED = ("caetl", "duckdb", "polars", "pyarrow", "fastexcel", "great-expectations")
DBT_VERSIONED = ("dbt-core", "dbt-duckdb", "duckdb")


@dataclass
class Fingerprint:
    sources: dict[str, str] = field(default_factory=dict)
    """source id -> hash of parser + files + file hashes."""
    files: dict[str, list[list[str]]] = field(default_factory=dict)
    """source id -> [[file relative to raw/, sha256], ...]"""
    manifest: str = ""
    """Hash of every manifest entry: raw.manifest_sources (and dim_sources) follow it."""
    dbt_project: str = ""
    load_code: str = ""
    reports_code: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Fingerprint:
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in json.loads(text).items() if k in known})


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes, read a megabyte at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class HashCache:
    """sha256 of files keyed by (size, mtime_ns, inode), kept between runs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.entries: dict[str, list] = json.loads(path.read_text())
        except (FileNotFoundError, ValueError):
            self.entries = {}
        self.used: dict[str, list] = {}

    def sha256(self, file: Path) -> str:
        st = file.stat()
        stamp = [st.st_size, st.st_mtime_ns, st.st_ino]
        key = str(file.resolve())
        cached = self.entries.get(key)
        sha = cached[3] if cached and cached[:3] == stamp else file_sha256(file)
        self.used[key] = [*stamp, sha]
        return sha

    def save(self) -> None:
        """Keep only the files seen this run; written atomically (readers see old or new)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self.used))
        os.replace(tmp, self.path)


def _tree_hash(root: Path, include) -> str:
    digest = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in DBT_OUTPUT_DIRS)
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if include(path):
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(file_sha256(path).encode())
    return digest.hexdigest()


def _versions(dists: tuple[str, ...]) -> str:
    found = []
    for dist in dists:
        try:
            found.append(f"{dist}=={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            found.append(f"{dist}==?")
    return "\n".join(found)


def _code_hash(root: Path, parts: tuple[str, ...] | None, versions: str) -> str:
    def include(path: Path) -> bool:
        if path.suffix not in CODE_SUFFIXES:
            return False
        return parts is None or path.relative_to(root).parts[0] in parts

    return hashlib.sha256((versions + _tree_hash(root, include)).encode()).hexdigest()


def load_code_hash() -> str:
    return _code_hash(PACKAGE_DIR, LOAD_CODE, _versions(LOAD_VERSIONED))


def reports_code_hash() -> str:
    return _code_hash(PACKAGE_DIR / "reports", None, _versions(("caetl",)))


def dbt_project_hash(project: Path) -> str:
    files = _tree_hash(project, lambda p: not p.name.startswith(".") and p.suffix != ".pyc")
    return hashlib.sha256((_versions(DBT_VERSIONED) + files).encode()).hexdigest()


def compute(paths: Paths, sources: list[Source], cache: HashCache | None = None) -> Fingerprint:
    cache = cache or HashCache(state_dir(paths) / "file-hashes.json")
    fp = Fingerprint()
    entries = []
    for source in sources:
        files = [
            [path.relative_to(paths.raw).as_posix(), cache.sha256(path)]
            for path in resolve_files(source, paths.raw)
        ]
        fp.files[source.id] = files
        fp.sources[source.id] = hashlib.sha256(
            json.dumps([source.parser, files]).encode()
        ).hexdigest()
        entries.append(repr(source))
    fp.manifest = hashlib.sha256("\n".join(entries).encode()).hexdigest()
    fp.dbt_project = dbt_project_hash(paths.dbt_project)
    fp.load_code = load_code_hash()
    fp.reports_code = reports_code_hash()
    return fp


def state_dir(paths: Paths) -> Path:
    return paths.warehouse_dir / ".state"


def write(con, fp: Fingerprint, load_id: str) -> None:
    meta.ensure(con, "state")
    for key, value in ((STATE_KEY, fp.to_json()), ("load_id", load_id)):
        con.execute("delete from meta.state where key = ?", [key])
        con.execute("insert into meta.state values (?, ?)", [key, value])


def read_published(warehouse: Path) -> tuple[Fingerprint | None, str | None]:
    """The published warehouse's fingerprint and load id, or (None, None)."""
    if not warehouse.exists():
        return None, None
    import duckdb

    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            rows = dict(con.execute("select key, value from meta.state").fetchall())
    except duckdb.Error:  # an older warehouse without meta.state: rebuild it
        return None, None
    text = rows.get(STATE_KEY)
    return (Fingerprint.from_json(text) if text else None), rows.get("load_id")
