"""Errors that name the file, row and field at fault, so an analyst can fix the input."""

from __future__ import annotations

from pathlib import Path


class CaetlError(Exception):
    """Base of every error caetl raises on purpose."""


class SourceError(CaetlError):
    """A source file cannot be used as published: names file, row and field."""

    def __init__(
        self,
        file: Path | str,
        message: str,
        *,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.file = str(file)
        self.row = row
        self.field = field
        self.reason = message
        where = self.file
        if row is not None:
            where += f", row {row}"
        if field is not None:
            where += f", field {field!r}"
        super().__init__(f"{where}: {message}")


class ManifestError(CaetlError):
    """raw/manifest.toml is malformed or points outside raw/."""
