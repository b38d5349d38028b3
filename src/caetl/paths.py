"""Where the project's folders are: one object, passed down, so tests can point it anywhere."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _default_home() -> Path:
    env = os.environ.get("CAETL_HOME")
    if env:
        return Path(env).resolve()
    # An editable install runs from the checkout: src/caetl -> repository root.
    repo = PACKAGE_DIR.parent.parent
    if (repo / "dbt_project").is_dir():
        return repo
    return Path.cwd().resolve()


@dataclass(frozen=True)
class Paths:
    """The folders of one caetl project (raw inputs, dbt project, outputs)."""

    home: Path

    @classmethod
    def default(cls) -> Paths:
        return cls(_default_home())

    @property
    def raw(self) -> Path:
        return self.home / "raw"

    @property
    def manifest(self) -> Path:
        return self.raw / "manifest.toml"

    @property
    def dbt_project(self) -> Path:
        return self.home / "dbt_project"

    @property
    def seeds(self) -> Path:
        """dbt seeds, read by Python too: the country mapping and the codes formats accept."""
        return self.dbt_project / "seeds"

    @property
    def warehouse_dir(self) -> Path:
        return self.home / "warehouse"

    @property
    def warehouse(self) -> Path:
        """The published warehouse analysts open."""
        return self.warehouse_dir / "caetl.duckdb"

    @property
    def reports(self) -> Path:
        return self.home / "reports"
