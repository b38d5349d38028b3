"""Shared by the API response formats: which vintage a stored response belongs to.

`caetl fetch` stores raw/api/<source>/<vintage>/response-NNNN.json beside a sidecar
response-NNNN.sidecar.json; the vintage is the folder name and the retrieval time is in the
sidecar. A response file placed elsewhere (a test, a hand copy) has neither: both are null.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

_VINTAGE = re.compile(r"^\d{8}T\d{6}Z(-\d+)?$")


def vintage_of(path: Path) -> tuple[str | None, datetime | None]:
    vintage = path.parent.name if _VINTAGE.match(path.parent.name) else None
    sidecar = path.with_name(f"{path.stem}.sidecar.json")
    retrieved = None
    if sidecar.is_file():
        stamp = json.loads(sidecar.read_text(encoding="utf-8")).get("retrieved_at")
        retrieved = datetime.fromisoformat(stamp) if stamp else None
    return vintage, retrieved
